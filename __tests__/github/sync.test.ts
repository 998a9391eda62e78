import {
  DEFAULT_PAGE_SIZES,
  notFoundPartialData,
  syncHistory,
  type SyncOptions
} from '../../src/github/sync.js'
import { memoryLogger } from '../../src/log.js'
import { MemoryStore } from './memory-store.js'
import { FakeGitHub, makeRepo, type FakeOptions, type FakeRepo } from './fake-github.js'

function options(
  fake: FakeGitHub,
  store: MemoryStore,
  client: FakeOptions = {},
  extra: Partial<SyncOptions> = {}
): SyncOptions {
  return {
    client: fake.client(client),
    owner: fake.repo.owner,
    repo: fake.repo.name,
    checkpoints: store.checkpoints,
    storedTeams: store.teams,
    deploymentSource: { kind: 'auto' },
    deploymentEnvironment: 'production',
    since: null,
    until: null,
    log: memoryLogger(),
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...extra
  }
}

async function runUntilComplete(
  fake: FakeGitHub,
  store: MemoryStore,
  client: FakeOptions,
  between?: (run: number) => void
) {
  let runs = 0
  let requests = 0
  for (;;) {
    runs++
    const result = await syncHistory(options(fake, store, client))
    requests += result.requests.total
    store.apply(result)
    if (result.complete) return { runs, requests, result }
    between?.(runs)
    if (runs > 500) throw new Error('sync never completed')
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** Changes GitHub would see between runs: an old pull request gets a review, a new one opens, a commit lands. */
function mutate(repo: FakeRepo, step: number): void {
  const now = Date.parse('2025-06-01T00:00:00Z') + step * 3600_000
  const old = repo.pulls[(step * 7) % repo.pulls.length]
  old.timeline.push({
    __typename: 'PullRequestReview',
    createdAt: iso(now),
    submittedAt: iso(now),
    state: 'COMMENTED',
    author: { __typename: 'User', login: `reviewer${step}` }
  })
  old.updatedAt = iso(now)
  const number = 10_000 + step
  repo.pulls.push({
    ...repo.pulls[0],
    id: `PR_new_${step}`,
    number,
    title: `New ${step}`,
    createdAt: iso(now + 60_000),
    updatedAt: iso(now + 60_000),
    timeline: [],
    mergedAt: null,
    closedAt: null,
    mergeCommit: null
  })
  const issue = repo.issues[(step * 3) % repo.issues.length]
  issue.labels = issue.labels.includes('incident') ? [] : ['incident']
  issue.updatedAt = iso(now + 120_000)
  repo.commits.unshift({
    oid: `n${String(step).padStart(39, '0')}`,
    committedDate: iso(now),
    parents: [repo.commits[0].oid]
  })
}

describe('syncHistory against a fake GitHub', () => {
  it('reads every collection cold in combined rounds, completing long timelines with follow-ups', async () => {
    const fake = new FakeGitHub(makeRepo(120, { longTimelines: true }))
    const store = new MemoryStore()
    const result = await syncHistory(options(fake, store))
    store.apply(result)
    expect(result.complete).toBe(true)
    expect(store.records.pulls.size).toBe(120)
    expect(store.records.issues.size).toBe(60)
    expect(store.records.commits.size).toBe(360)
    // 120 pulls at 50 a page = 3 pages; 360 commits at 100 = 4 pages; one catch-up round after the
    // backfill; 17 pulls with 234 timeline items need 2 more pages each, 10 nodes per follow-up.
    const follow = fake.documents.filter((d) => d.startsWith('query TimelineFollowUp')).length
    expect(follow).toBeGreaterThanOrEqual(4)
    expect(follow).toBeLessThanOrEqual(8)
    expect(result.requests.total).toBe(fake.documents.length)
    expect(result.requests.total).toBeLessThanOrEqual(5 + follow)

    const long = store.records.pulls.get('7') as { comments: { author: string }[]; reviews: unknown[] }
    expect(long.comments.map((c) => c.author).sort()).toEqual(['alice', 'bob', 'dependabot[bot]'])
    const pull = store.records.pulls.get('3') as Record<string, unknown>
    expect(pull.author).toBe('dependabot[bot]')
    expect(pull.reviewRequests).toEqual([
      { type: 'requested', at: expect.any(String), reviewer: 'bob' },
      { type: 'requested', at: expect.any(String), reviewer: 'team:core' }
    ])
    expect(store.teams).toEqual({ core: ['bob', 'carol'] })
    expect(result.deploymentSource).toBe('deployment')
    const deployments = [...store.records.deployments.values()] as { source: string; environment: string }[]
    // Every environment is read and kept as GitHub names it; the metrics pick production.
    expect(
      deployments
        .filter((d) => d.source === 'deployment')
        .map((d) => d.environment)
        .sort()
    ).toEqual(fake.repo.deployments.map((d) => d.environment).sort())
    // Labelled issues stay issues: the metrics derive incidents from them, nothing derived is stored.
    expect(store.records.incidents.size).toBe(0)
  })

  it('a warm run with nothing new makes one request', async () => {
    const fake = new FakeGitHub(makeRepo(60))
    const store = new MemoryStore()
    store.apply(await syncHistory(options(fake, store)))
    const before = JSON.stringify(store.dump())
    const warm = await syncHistory(options(fake, store))
    store.apply(warm)
    expect(warm.complete).toBe(true)
    expect(warm.requests.total).toBe(1)
    expect(JSON.stringify(store.dump())).toBe(before)
    expect(warm.update.commits).toEqual([])
  })

  it('a warm run picks up updated and new items', async () => {
    const fake = new FakeGitHub(makeRepo(60))
    const store = new MemoryStore()
    store.apply(await syncHistory(options(fake, store)))
    mutate(fake.repo, 1)
    const warm = await syncHistory(options(fake, store))
    store.apply(warm)
    // One round, plus commit pages reaching back 14 days before the old head (one commit per 200 minutes).
    expect(warm.requests.total).toBe(2)
    expect(warm.update.pulls?.map((p) => p.number).sort((a, b) => a - b)).toEqual(
      expect.arrayContaining([8, 10_001])
    )
    expect(warm.update.commits?.map((c) => c.oid)).toContain(`n${String(1).padStart(39, '0')}`)
  })

  it('budget-split runs, with GitHub changing between them, end with exactly the data of one uninterrupted run', async () => {
    const fake = new FakeGitHub(makeRepo(150, { longTimelines: true }))
    const split = new MemoryStore()
    let step = 0
    const { runs } = await runUntilComplete(fake, split, { budget: 1 }, () => {
      if (step < 12) mutate(fake.repo, ++step)
    })
    expect(runs).toBeGreaterThan(5)
    // The same final repository read in one go by a fresh store.
    const whole = new MemoryStore()
    const once = await syncHistory(options(new FakeGitHub(fake.repo), whole))
    whole.apply(once)
    expect(once.complete).toBe(true)
    expect(split.dump()).toEqual(whole.dump())
    expect(split.records.pulls.size).toBe(150 + step)
    expect(split.teams).toEqual(whole.teams)
    expect(split.teams).toEqual({ core: ['bob', 'carol'] })
  })

  it('halves page sizes on 502 and still reads everything', async () => {
    const clean = new MemoryStore()
    clean.apply(await syncHistory(options(new FakeGitHub(makeRepo(80, { longTimelines: true })), clean)))
    const fake = new FakeGitHub(makeRepo(80, { longTimelines: true }))
    const store = new MemoryStore()
    const log = memoryLogger()
    const result = await syncHistory({ ...options(fake, store, { failAbove: 25 }), log })
    store.apply(result)
    expect(result.complete).toBe(true)
    expect(store.dump()).toEqual(clean.dump())
    expect(log.lines.some((l) => l.includes('502'))).toBe(true)
    // The nested pages shrink too.
    const rounds = fake.variables.filter((_, i) => fake.documents[i].startsWith('query SyncRound'))
    expect(rounds[0]).toMatchObject({
      pullsFirst: DEFAULT_PAGE_SIZES.pulls,
      labelsFirst: DEFAULT_PAGE_SIZES.labels,
      timelineFirst: DEFAULT_PAGE_SIZES.timeline
    })
    expect(
      rounds.some((v) => (v.labelsFirst as number) < DEFAULT_PAGE_SIZES.labels && v.timelineFirst === 25)
    ).toBe(true)
  })

  it.each(['timeout-200', 'resource-limits'] as const)(
    'a %s answer shrinks the pages like a 502 and the data stays whole',
    async (failWith) => {
      const clean = new MemoryStore()
      clean.apply(await syncHistory(options(new FakeGitHub(makeRepo(40)), clean)))
      const fake = new FakeGitHub(makeRepo(40))
      const store = new MemoryStore()
      const log = memoryLogger()
      const result = await syncHistory({ ...options(fake, store, { failAbove: 50, failWith }), log })
      store.apply(result)
      expect(result.complete).toBe(true)
      expect(store.dump()).toEqual(clean.dump())
      // The first failure halves every page; growing back ×1.5 may relapse, and then only the grown parts shrink.
      const shrinks = log.lines.filter((l) => l.includes('retrying with smaller pages'))
      expect(shrinks.length).toBeGreaterThanOrEqual(1)
      expect(shrinks.length).toBeLessThanOrEqual(4)
      const half = (part: 'pulls' | 'timeline' | 'labels') => Math.floor(DEFAULT_PAGE_SIZES[part] / 2)
      expect(shrinks[0]).toContain(
        `pulls ${half('pulls')}, timeline ${half('timeline')}, labels ${half('labels')}`
      )
    }
  )

  it('a timeline follow-up that times out shrinks the timeline pages only, not the rounds’ pages', async () => {
    const clean = new MemoryStore()
    clean.apply(await syncHistory(options(new FakeGitHub(makeRepo(150, { longTimelines: true })), clean)))
    const fake = new FakeGitHub(makeRepo(150, { longTimelines: true }))
    const store = new MemoryStore()
    const result = await syncHistory(
      options(fake, store, { failAbove: 50, failOnly: 'query TimelineFollowUp' })
    )
    store.apply(result)
    expect(result.complete).toBe(true)
    expect(store.dump()).toEqual(clean.dump())
    const sent = fake.documents.map((d, i) => ({
      round: d.startsWith('query SyncRound'),
      v: fake.variables[i]
    }))
    // Follow-ups are batched between rounds: some rounds come after a follow-up timed out.
    const firstFollowUp = sent.findIndex((r) => !r.round)
    expect(sent.slice(firstFollowUp).some((r) => r.round && 'pullsFirst' in r.v)).toBe(true)
    expect(sent.filter((r) => r.round && 'pullsFirst' in r.v).every((r) => r.v.pullsFirst === 50)).toBe(true)
    expect(sent.some((r) => !r.round && r.v.timelineFirst === 50)).toBe(true)
  })

  it('auto falls back to merges when there are no deployments or releases', async () => {
    const repo = makeRepo(40)
    repo.deployments = []
    repo.releases = []
    const fake = new FakeGitHub(repo)
    const store = new MemoryStore()
    const result = await syncHistory(options(fake, store))
    store.apply(result)
    expect(result.deploymentSource).toBe('merge')
    const merged = repo.pulls.filter((p) => p.mergedAt).length
    expect(store.records.deployments.size).toBe(merged)
    const d = [...store.records.deployments.values()][0] as { source: string; status: string }
    expect(d).toMatchObject({ source: 'merge', status: 'success' })
  })

  it('says once that team membership is unreadable', async () => {
    const repo = makeRepo(20)
    repo.teams = null
    const fake = new FakeGitHub(repo)
    const store = new MemoryStore()
    const first = await syncHistory(options(fake, store))
    store.apply(first)
    expect(first.notes.filter((n) => n.includes('Team membership'))).toHaveLength(1)
    expect(store.teams).toBeNull()
    mutate(repo, 1)
    const second = await syncHistory(options(fake, store))
    expect(second.notes.filter((n) => n.includes('Team membership'))).toHaveLength(0)
  })

  it('with since, a cold run reads only what changed since then', async () => {
    const repo = makeRepo(60)
    const fake = new FakeGitHub(repo)
    const store = new MemoryStore()
    const since = repo.pulls[39].updatedAt
    const result = await syncHistory(options(fake, store, {}, { since }))
    store.apply(result)
    expect(result.complete).toBe(true)
    expect([...store.records.pulls.keys()].map(Number).sort((a, b) => a - b)).toEqual(
      repo.pulls.filter((p) => p.updatedAt >= since).map((p) => p.number)
    )
    // An earlier since later starts that collection over.
    const log = memoryLogger()
    await syncHistory({ ...options(fake, store, {}, { since: null }), log })
    expect(log.lines.some((l) => l.includes('starts over'))).toBe(true)
  })

  it('reads a deployment again until it finishes, and a release once it is published', async () => {
    const repo = makeRepo(30)
    const running = repo.deployments.find(
      (d) => d.environment === 'production'
    ) as (typeof repo.deployments)[0]
    running.statuses = [{ state: 'IN_PROGRESS', createdAt: running.createdAt }]
    repo.releases.push({
      id: 'R_2',
      databaseId: 2,
      tagName: 'v2',
      createdAt: '2025-01-01T05:00:00Z',
      publishedAt: null,
      isDraft: true,
      isPrerelease: false,
      tagCommit: { oid: repo.commits[0].oid }
    })
    const fake = new FakeGitHub(repo)
    const store = new MemoryStore()
    store.apply(await syncHistory(options(fake, store)))
    const key = `deployment::${running.databaseId}`
    expect(store.records.deployments.get(key)).toMatchObject({ status: 'in_progress', finishedAt: null })
    expect(store.records.deployments.has('release::2')).toBe(false)
    running.statuses.push({ state: 'SUCCESS', createdAt: '2025-03-01T00:00:00Z' })
    Object.assign(repo.releases[1], { isDraft: false, publishedAt: '2025-03-02T00:00:00Z' })
    const warm = await syncHistory(options(fake, store))
    store.apply(warm)
    expect(store.records.deployments.get(key)).toMatchObject({
      status: 'success',
      finishedAt: '2025-03-01T00:00:00Z'
    })
    expect(store.records.deployments.get('release::2')).toMatchObject({
      status: 'success',
      createdAt: '2025-03-02T00:00:00Z'
    })
  })

  it('stops cleanly when GitHub keeps refusing for its rate limit, and the next run resumes', async () => {
    const clean = new MemoryStore()
    clean.apply(await syncHistory(options(new FakeGitHub(makeRepo(160)), clean)))
    const fake = new FakeGitHub(makeRepo(160))
    const store = new MemoryStore()
    const first = await syncHistory(options(fake, store, { refuse: (n) => n === 3 }))
    store.apply(first)
    expect(first.complete).toBe(false)
    expect(store.records.pulls.size).toBe(100)
    const second = await syncHistory(options(fake, store))
    store.apply(second)
    expect(second.complete).toBe(true)
    expect(store.dump()).toEqual(clean.dump())
  })
})

describe('notFoundPartialData', () => {
  it('keeps the answer when the only errors are NOT_FOUND (a node deleted mid-read)', () => {
    const data = { n0: null, n1: { timelineItems: { nodes: [] } } }
    expect(notFoundPartialData({ errors: [{ type: 'NOT_FOUND' }], data })).toBe(data)
  })
  it('is null for any other error, or without data', () => {
    expect(
      notFoundPartialData({ errors: [{ type: 'NOT_FOUND' }, { type: 'FORBIDDEN' }], data: {} })
    ).toBeNull()
    expect(notFoundPartialData({ errors: [{ type: 'NOT_FOUND' }] })).toBeNull()
    expect(notFoundPartialData(new Error('boom'))).toBeNull()
  })
})
