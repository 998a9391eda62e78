import {
  selectRepositories,
  selectionProblems,
  type ListedRepository,
  type RepositorySelection
} from '../../src/org/select.js'

function repo(name: string, extra: Partial<ListedRepository> = {}): ListedRepository {
  return {
    owner: 'acme',
    name,
    archived: false,
    fork: false,
    topics: [],
    pushedAt: '2026-11-01T00:00:00Z',
    sizeKb: 100,
    defaultBranch: 'main',
    ...extra
  }
}
const listing = [
  repo('api'),
  repo('api-gateway', { topics: ['backend'] }),
  repo('web', { topics: ['frontend'] }),
  repo('old-api', { archived: true }),
  repo('lib-fork', { fork: true }),
  repo('docs')
]
const none: RepositorySelection = {
  patterns: [],
  includeArchived: false,
  includeForks: false,
  topics: [],
  only: null
}
const names = (r: { selected: ListedRepository[] }) => r.selected.map((x) => x.name)

describe('selectRepositories', () => {
  it('takes every repository but archived ones and forks by default, naming why each is left out', () => {
    const r = selectRepositories(listing, none)
    expect(names(r)).toEqual(['api', 'api-gateway', 'web', 'docs'])
    expect(r.skipped).toEqual([
      { repository: 'acme/old-api', reason: 'archived' },
      { repository: 'acme/lib-fork', reason: 'fork' }
    ])
    expect(r.unmatched).toEqual([])
  })

  it('takes archived repositories and forks when asked', () => {
    expect(
      names(selectRepositories(listing, { ...none, includeArchived: true, includeForks: true }))
    ).toHaveLength(6)
  })

  it('matches names, owner/name and globs, case-insensitively; ! excludes; names a pattern that matched nothing', () => {
    const r = selectRepositories(listing, { ...none, patterns: ['api*', 'acme/WEB', '!api-gateway', 'wbe'] })
    expect(names(r)).toEqual(['api', 'web'])
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { repository: 'acme/api-gateway', reason: 'excluded by !api-gateway' },
        { repository: 'acme/docs', reason: 'not in the selection' },
        // a glob does not take an archived repository; its exact name would
        { repository: 'acme/old-api', reason: 'not in the selection' }
      ])
    )
    expect(r.unmatched).toEqual(['wbe'])
    expect(names(selectRepositories(listing, { ...none, patterns: ['old-api'] }))).toEqual(['old-api'])
  })

  it('narrows to repositories with one of the topics', () => {
    const r = selectRepositories(listing, { ...none, topics: ['backend', 'frontend'] })
    expect(names(r)).toEqual(['api-gateway', 'web'])
    expect(r.skipped.find((s) => s.repository === 'acme/api')?.reason).toBe(
      'none of the topics backend, frontend'
    )
  })

  it('only: one repository whatever else is set, or nothing and the name as unmatched', () => {
    expect(names(selectRepositories(listing, { ...none, patterns: ['!docs'], only: 'docs' }))).toEqual([
      'docs'
    ])
    const missing = selectRepositories(listing, { ...none, only: 'acme/nope' })
    expect(missing.selected).toEqual([])
    expect(missing.unmatched).toEqual(['acme/nope'])
  })
})

describe('selectionProblems', () => {
  it('lists every problem at once, naming the input and the fix', () => {
    const problems = selectionProblems({
      ...none,
      patterns: ['ok-name', 'a/b/c', 'sp ace'],
      topics: ['Backend', 'fine'],
      only: 'api-*'
    })
    expect(problems).toEqual([
      expect.stringMatching(/^repositories: "a\/b\/c" is not a repository pattern; use a name/),
      expect.stringMatching(/^repositories: "sp ace" is not a repository pattern/),
      expect.stringMatching(/^only: "api-\*" must name one repository/),
      expect.stringMatching(/^topics: "Backend" is not a GitHub topic/)
    ])
    expect(
      selectionProblems({ ...none, patterns: ['acme/*', '!x?'], only: 'acme/api', topics: ['ci'] })
    ).toEqual([])
  })
})
