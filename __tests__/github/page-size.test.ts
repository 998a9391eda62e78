import {
  DEFAULT_PAGE_SIZES,
  MIN_PAGE_SIZES,
  type PagePart,
  PageSizeController
} from '../../src/github/page-size.js'

const ROUND: PagePart[] = ['pulls', 'timeline', 'labels', 'issues', 'commits']

function succeed(pages: PageSizeController, parts: PagePart[], times: number): PagePart[] {
  let grown: PagePart[] = []
  for (let i = 0; i < times; i++) grown = [...grown, ...pages.succeeded(parts)]
  return grown
}

describe('PageSizeController', () => {
  it('asks for the configured sizes until something fails', () => {
    const pages = new PageSizeController(DEFAULT_PAGE_SIZES)
    expect(pages.size('pulls')).toBe(50)
    expect(pages.size('labels')).toBe(100)
    expect(succeed(pages, ROUND, 20)).toEqual([])
    expect(pages.size('commits')).toBe(100)
  })

  it('halves the parts a failed request used, the labels page too, and never below the floors', () => {
    const pages = new PageSizeController(DEFAULT_PAGE_SIZES)
    expect(pages.shrink(ROUND)).toEqual(ROUND)
    expect(ROUND.map((p) => pages.size(p))).toEqual([25, 50, 50, 25, 50])
    expect(pages.size('deployments')).toBe(50)
    for (let i = 0; i < 10; i++) pages.shrink(ROUND)
    expect(ROUND.map((p) => pages.size(p))).toEqual(ROUND.map((p) => MIN_PAGE_SIZES[p]))
    expect(pages.size('labels')).toBe(25)
  })

  it('grows a part back after four successes of requests that used it, not of others', () => {
    const pages = new PageSizeController(DEFAULT_PAGE_SIZES)
    pages.shrink(['pulls', 'commits'])
    succeed(pages, ['commits'], 4)
    expect(pages.size('commits')).toBe(100)
    expect(pages.size('pulls')).toBe(25)
    expect(succeed(pages, ['pulls'], 3)).toEqual([])
    expect(succeed(pages, ['pulls'], 1)).toEqual(['pulls'])
    expect(pages.size('pulls')).toBe(50)
  })

  it('a timeline follow-up that fails shrinks the timeline, not the pull request pages', () => {
    const pages = new PageSizeController(DEFAULT_PAGE_SIZES)
    pages.shrink(['timeline', 'followUps'])
    expect(pages.size('timeline')).toBe(50)
    expect(pages.size('followUps')).toBe(5)
    expect(pages.size('pulls')).toBe(50)
  })

  it('after a relapse only the parts that just grew back shrink, and they wait twice as long', () => {
    const pages = new PageSizeController(DEFAULT_PAGE_SIZES)
    pages.shrink(['pulls', 'timeline'])
    succeed(pages, ['timeline'], 4) // the follow-ups let the timeline grow back alone
    expect(pages.size('timeline')).toBe(100)
    // The next round fails: the timeline is the one thing that changed since the round passed.
    expect(pages.shrink(['pulls', 'timeline'])).toEqual(['timeline'])
    expect(pages.size('pulls')).toBe(25)
    expect(pages.size('timeline')).toBe(50)
    expect(succeed(pages, ['timeline'], 7)).toEqual([])
    expect(succeed(pages, ['timeline'], 1)).toEqual(['timeline'])
    // Once a request has passed with the grown size, a failure is nobody's in particular: all shrink.
    pages.succeeded(['pulls', 'timeline'])
    expect(pages.shrink(['pulls', 'timeline'])).toEqual(['pulls', 'timeline'])
  })

  it('honours configured sizes and floors of its own', () => {
    const pages = new PageSizeController(
      { ...DEFAULT_PAGE_SIZES, pulls: 20 },
      { ...MIN_PAGE_SIZES, pulls: 15 }
    )
    expect(pages.size('pulls')).toBe(20)
    pages.shrink(['pulls'])
    expect(pages.size('pulls')).toBe(15)
    expect(pages.configured('pulls')).toBe(20)
    expect(pages.describe(['pulls', 'pulls', 'labels'])).toBe('pulls 15, labels 100')
  })
})
