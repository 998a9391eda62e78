import {
  MIN_PAGE_SIZES,
  type PagePart,
  type PageSizes,
  PageSizeController
} from '../../src/github/page-size.js'

/** Configured sizes for the controller's mechanics (the defaults and their node bounds: page-size-nodes.test.ts). */
const SIZES: PageSizes = {
  pulls: 50,
  issues: 50,
  commits: 100,
  deployments: 50,
  releases: 50,
  timeline: 100,
  labels: 100,
  followUps: 10
}

const ROUND: PagePart[] = ['pulls', 'timeline', 'labels', 'issues', 'commits']

function succeed(pages: PageSizeController, parts: PagePart[], times: number): PagePart[] {
  let grown: PagePart[] = []
  for (let i = 0; i < times; i++) grown = [...grown, ...pages.succeeded(parts)]
  return grown
}

describe('PageSizeController', () => {
  it('asks for the configured sizes until something fails', () => {
    const pages = new PageSizeController(SIZES)
    expect(pages.size('pulls')).toBe(50)
    expect(pages.size('labels')).toBe(100)
    expect(succeed(pages, ROUND, 20)).toEqual([])
    expect(pages.size('commits')).toBe(100)
  })

  it('halves the parts a failed request used, the labels page too, down to one item', () => {
    const pages = new PageSizeController(SIZES)
    expect(pages.shrink(ROUND)).toEqual(ROUND)
    expect(ROUND.map((p) => pages.size(p))).toEqual([25, 50, 50, 25, 50])
    expect(pages.size('deployments')).toBe(50)
    expect(pages.canShrink(ROUND)).toBe(true)
    for (let i = 0; i < 10; i++) pages.shrink(ROUND)
    expect(ROUND.map((p) => pages.size(p))).toEqual([1, 1, 1, 1, 1])
    expect(MIN_PAGE_SIZES.labels).toBe(1)
    expect(pages.canShrink(ROUND)).toBe(false)
    expect(pages.canShrink(['deployments'])).toBe(true)
  })

  it('grows a part back ×1.5 per successful request that used it, not of others, below the size that failed', () => {
    const pages = new PageSizeController(SIZES)
    pages.shrink(['pulls', 'commits'])
    expect(succeed(pages, ['commits'], 1)).toEqual(['commits'])
    expect(pages.size('commits')).toBe(75)
    succeed(pages, ['commits'], 3)
    expect(pages.size('commits')).toBe(99)
    expect(pages.size('pulls')).toBe(25)
    succeed(pages, ['pulls'], 1)
    expect(pages.size('pulls')).toBe(38)
    succeed(pages, ['pulls'], 5)
    expect(pages.size('pulls')).toBe(49)
  })

  it('a timeline follow-up that fails shrinks the timeline, not the pull request pages', () => {
    const pages = new PageSizeController(SIZES)
    pages.shrink(['timeline', 'followUps'])
    expect(pages.size('timeline')).toBe(50)
    expect(pages.size('followUps')).toBe(5)
    expect(pages.size('pulls')).toBe(50)
  })

  it('after a relapse only the parts that just grew back shrink, and they wait before growing again', () => {
    const pages = new PageSizeController(SIZES)
    pages.shrink(['pulls', 'timeline'])
    succeed(pages, ['timeline'], 1) // the follow-ups let the timeline grow alone
    expect(pages.size('timeline')).toBe(75)
    // The next round fails: the timeline is the one thing that changed since the round passed.
    expect(pages.shrink(['pulls', 'timeline'])).toEqual(['timeline'])
    expect(pages.size('pulls')).toBe(25)
    expect(pages.size('timeline')).toBe(37)
    expect(succeed(pages, ['timeline'], 2)).toEqual([])
    expect(succeed(pages, ['timeline'], 1)).toEqual(['timeline'])
    // Once a request has passed with the grown size, a failure is nobody's in particular: all shrink.
    pages.succeeded(['pulls', 'timeline'])
    expect(pages.shrink(['pulls', 'timeline'])).toEqual(['pulls', 'timeline'])
  })

  it('starts at sizes a checkpoint kept and reports the learned ones', () => {
    const pages = new PageSizeController(SIZES)
    pages.restore('pulls', 6)
    pages.restore('commits', 500) // never above the configured size
    pages.restore('timeline', 'x') // ignored
    expect(pages.size('pulls')).toBe(6)
    expect(pages.size('commits')).toBe(100)
    expect(pages.learned(['pulls', 'commits', 'timeline'])).toEqual({ pulls: 6 })
    pages.succeeded(['pulls'])
    expect(pages.size('pulls')).toBe(9)
  })

  it('honours configured sizes and floors of its own', () => {
    const pages = new PageSizeController({ ...SIZES, pulls: 20 }, { ...MIN_PAGE_SIZES, pulls: 15 })
    expect(pages.size('pulls')).toBe(20)
    pages.shrink(['pulls'])
    expect(pages.size('pulls')).toBe(15)
    expect(pages.canShrink(['pulls'])).toBe(false)
    expect(pages.configured('pulls')).toBe(20)
    expect(pages.describe(['pulls', 'pulls', 'labels'])).toBe('pulls 15, labels 100')
  })
})
