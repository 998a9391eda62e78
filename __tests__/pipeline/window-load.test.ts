/**
 * A report's windowed read (src/pipeline/window-load.ts) gives exactly the figures of a read of the
 * whole history: the same history measured from a data branch read whole and read by window, for
 * several windows, with long-open items, work closed long after it was opened, a branch merged long
 * after it forked, failed deployments, and a deployment source that existed only years ago.
 */
import { getOctokit } from '@actions/github'
import { memoryLogger } from '../../src/log.js'
import type { Commit, Deployment, Issue, PullRequest } from '../../src/model.js'
import { measure } from '../../src/pipeline/measure.js'
import type { HistorySource } from '../../src/pipeline/types.js'
import { parseSettings } from '../../src/settings.js'
import type { Settings } from '../../src/settings-types.js'
import { createGitDataStore } from '../../src/store/git/index.js'
import type { DataStore } from '../../src/store/types.js'
import { startTestGitHub, type TestGitHub } from '../emulator-git/helpers/server.js'

const DAY = 86_400_000
const START = Date.parse('2023-01-02T09:00:00Z')
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z')

/** A small deterministic random source. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

interface Built {
  pulls: PullRequest[]
  issues: Issue[]
  commits: Commit[]
  deployments: Deployment[]
}

/** Three years of history, built so that each special case of the windowed read occurs. */
function build(seed: number): Built {
  const r = random(seed)
  const commits: Commit[] = []
  let oid = 0
  const sha = () => (++oid).toString(16).padStart(40, '0')
  const commit = (at: number, parents: string[]): string => {
    const id = sha()
    commits.push({ oid: id, committedAt: iso(at), parents } as Commit)
    return id
  }
  // a branch forked in the first months, merged in the last weeks
  const forkAt = START + 40 * DAY
  let main = commit(START, [])
  const mainAt: Array<{ at: number; oid: string }> = [{ at: START, oid: main }]
  let side: string | null = null
  const deployments: Deployment[] = []
  const days = 3 * 365
  for (let d = 1; d < days; d++) {
    const at = START + d * DAY
    if (d === 40) side = commit(forkAt, [main])
    if (side && d > 40 && d < 60) side = commit(at + 3600_000, [side])
    const merge = side && d === days - 20
    main = commit(at, merge ? [main, side as string] : [main])
    mainAt.push({ at, oid: main })
    if (d % 7 === 0 || r() < 0.05) {
      const failed = r() < 0.15
      deployments.push({
        source: 'release',
        id: `r${d}`,
        environment: null,
        sha: main,
        status: failed ? 'failure' : 'success',
        createdAt: iso(at + 7200_000),
        finishedAt: iso(at + 7200_000 + 600_000)
      })
    }
    // GitHub Deployments to production only in the first year: under `auto` they are the source
    if (d < 300 && d % 10 === 0) {
      deployments.push({
        source: 'deployment',
        id: `g${d}`,
        environment: 'production',
        sha: main,
        status: 'success',
        createdAt: iso(at + 9000_000),
        finishedAt: iso(at + 9600_000)
      })
    }
  }
  const pulls: PullRequest[] = []
  const issues: Issue[] = []
  for (let n = 1; n <= 500; n++) {
    const created = START + Math.floor(r() * days) * DAY + 10 * 3600_000
    const kind = r()
    // most merge within days; some stay open for good; some close a year later
    const closeAfter = kind < 0.1 ? null : kind < 0.2 ? 300 * DAY + r() * 100 * DAY : r() * 5 * DAY
    const closed =
      closeAfter === null || created + closeAfter > START + days * DAY ? null : created + closeAfter
    const reviewAt = created + r() * 2 * DAY
    const base = {
      number: n,
      title: `Change ${n}`,
      author: r() < 0.5 ? 'alice' : 'carol',
      createdAt: iso(created),
      labels: r() < 0.1 ? ['incident'] : []
    }
    if (r() < 0.7) {
      const merged = closed !== null && r() < 0.8 ? closed : null
      pulls.push({
        ...base,
        updatedAt: iso(closed ?? Math.max(reviewAt, created)),
        closedAt: closed === null ? null : iso(closed),
        mergedAt: merged === null ? null : iso(merged),
        isDraft: false,
        draftEvents: [],
        firstCommitAt: iso(created - 3600_000),
        mergeCommitSha: null,
        baseRef: 'main',
        additions: Math.floor(r() * 400),
        deletions: Math.floor(r() * 100),
        reviewRequests: [{ type: 'requested', at: iso(created + 600_000), reviewer: 'bob' }],
        reviews:
          closed !== null && reviewAt > closed
            ? []
            : [{ author: 'bob', state: r() < 0.7 ? 'APPROVED' : 'COMMENTED', submittedAt: iso(reviewAt) }],
        comments: []
      } as PullRequest)
    } else {
      issues.push({
        ...base,
        updatedAt: iso(closed ?? created + 3600_000),
        closedAt: closed === null ? null : iso(closed),
        comments: [{ author: 'bob', at: iso(created + 3600_000) }],
        transfers: []
      } as unknown as Issue)
    }
  }
  return { pulls, issues, commits, deployments }
}

let gh: TestGitHub
beforeAll(async () => {
  gh = await startTestGitHub()
})
afterAll(async () => {
  await gh.close()
})

function settings(inputs: Record<string, string>): Settings {
  const all: Record<string, string> = { token: 'ghs_test', 'incident-label': 'incident', ...inputs }
  const result = parseSettings((name) => all[name] ?? '', { GITHUB_REPOSITORY: 'octo/data' })
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(' | '))
  return result.settings
}

/** A sync that finds nothing new: the figures come from the store alone. */
const quietSource: HistorySource = {
  description: 'nothing new',
  sync: async () => ({ update: {}, complete: true, deploymentSource: 'release', notes: [] }),
  rateLimit: () => 'n/a',
  requests: () => ({ total: 0, graphql: 0, rest: 0 })
}

/** The same branch, read whole on every load (no windows, no months on demand). */
function readWhole(store: DataStore): DataStore {
  return { ...store, load: () => store.load(), loadMonths: undefined }
}

let branches = 0
async function seededStore(seed: number): Promise<DataStore> {
  const branch = `window-${++branches}`
  const store = createGitDataStore({
    octokit: getOctokit('test-token', { baseUrl: gh.url }),
    owner: 'octo',
    repo: 'data',
    branch,
    backoffMs: 5
  })
  await store.save(build(seed), [], 'seed')
  return store
}

const figures = async (store: DataStore, s: Settings, now: Date) => {
  const m = await measure(s, { history: quietSource, store, log: memoryLogger(), now })
  return {
    computed: { ...m.computed, generatedAt: null },
    previous: m.previous,
    trend: m.trend,
    covered: m.previousCovered
  }
}

describe('a windowed read of the store', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['the default window, deployment-source auto', {}, '2025-12-20T00:00:00Z'],
    [
      'a month, deployment-source release',
      { window: 'month', 'deployment-source': 'releases' },
      '2025-11-15T00:00:00Z'
    ],
    ['a week, early in the history', { window: 'week' }, '2023-06-10T00:00:00Z'],
    ['30 days at the end', { window: '30d', 'deployment-source': 'releases' }, '2026-01-01T00:00:00Z']
  ]
  it.each(cases)('gives the figures of a whole read: %s', async (_name, inputs, at) => {
    const store = await seededStore(7)
    const now = new Date(at)
    const whole = await figures(readWhole(store), settings(inputs), now)
    const windowed = await figures(store, settings(inputs), now)
    expect(windowed).toEqual(whole)
    // and the case is not empty: the window has reviews, and deployments of the source chosen
    expect(whole.computed.metrics.timeToFirstReview?.count ?? 0).toBeGreaterThan(0)
    if (inputs['deployment-source'] === 'releases') {
      expect(whole.computed.metrics.deployments?.count ?? 0).toBeGreaterThan(0)
      expect(whole.computed.metrics.leadTimeForChanges?.count ?? 0).toBeGreaterThan(0)
    } else {
      // under auto the GitHub Deployments of the first year are the source, even read by window
      expect(whole.computed.metrics.deployments?.source).toBe('deployment')
    }
  })

  it('reads far less than the whole branch late in a long history', async () => {
    const store = await seededStore(11)
    const s = settings({ window: 'month', 'deployment-source': 'releases' })
    const whole = await readWhole(store).load()
    const logs = memoryLogger()
    await measure(s, { history: quietSource, store, log: logs, now: new Date('2025-12-20T00:00:00Z') })
    const line = logs.lines.find((l) => l.includes('older months left unread')) ?? ''
    const read = Number(/Read (\d+) records/.exec(line)?.[1])
    const total =
      whole.history.pulls.length +
      whole.history.issues.length +
      whole.history.commits.length +
      whole.history.deployments.length
    expect(read).toBeGreaterThan(0)
    expect(read).toBeLessThan(total * 0.6)
  })
})
