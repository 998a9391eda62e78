/**
 * "Every failure kind has one answer" (issue 13): the sync against the emulator's strict `github`
 * profile, with overrides that make each of GitHub's limits happen within a few requests. A timeout
 * of any form shrinks the pages (down to one item, then a clean stop), a rate limit of any form stops
 * cleanly with a note saying when it resets, a collection the token may not read is skipped with a
 * note naming the permission, and the request budget is a hard cap, retries included.
 */
import { createGitHubClient, type GitHubClient } from '../../src/github/client.js'
import { DEFAULT_PAGE_SIZES, syncHistory, type SyncOptions, type SyncResult } from '../../src/github/sync.js'
import { memoryLogger } from '../../src/log.js'
import { MemoryStore } from './memory-store.js'
import { generateRepository } from '../../tools/github-emulator/generate.js'
import { GITHUB_PROFILE, type Profile, type TimeoutForm } from '../../tools/github-emulator/profile.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { CredentialSpec } from '../../tools/github-emulator/credentials.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'

const seed: SeedRepository = generateRepository({ prs: 40, seed: 3 })
const TOKEN = 'ghs_actions_limits'

const open: RunningEmulator[] = []
afterAll(async () => {
  await Promise.all(open.map((e) => e.stop()))
})

async function emulator(
  overrides: Partial<Omit<Profile, 'name'>> = {},
  extra: { faults?: string[]; credentials?: Record<string, CredentialSpec> } = {}
): Promise<RunningEmulator> {
  const emu = await startEmulator({ seed, port: 0, profile: { name: 'github', ...overrides }, ...extra })
  open.push(emu)
  return emu
}

interface Run {
  result: SyncResult
  log: ReturnType<typeof memoryLogger>
  client: GitHubClient
}

async function sync(
  emu: RunningEmulator,
  store: MemoryStore,
  opts: {
    budget?: number | null
    token?: string
    ghes?: boolean
    secondaryRetries?: number
    reserve?: number
    extra?: Partial<SyncOptions>
  } = {}
): Promise<Run> {
  const log = memoryLogger()
  const client = createGitHubClient({
    token: opts.token ?? TOKEN,
    apiUrl: opts.ghes ? `${emu.url}/api/v3` : emu.url,
    graphqlUrl: opts.ghes ? `${emu.url}/api/graphql` : `${emu.url}/graphql`,
    budget: opts.budget ?? null,
    secondaryRetries: opts.secondaryRetries ?? 0,
    ...(opts.reserve === undefined ? {} : { reserve: opts.reserve }),
    log
  })
  const result = await syncHistory({
    ...store.syncOptions(client, seed.owner, seed.name, log),
    ...opts.extra
  })
  store.apply(result)
  return { result, log, client }
}

const shrinks = (run: Run) => run.log.lines.filter((l) => l.includes('retrying with smaller pages'))

let reference: MemoryStore
beforeAll(async () => {
  reference = new MemoryStore()
  const emu = await emulator({ processing: { ...GITHUB_PROFILE.processing, enabled: false } })
  const run = await sync(emu, reference)
  expect(run.result.complete).toBe(true)
  expect(reference.records.pulls.size).toBe(40)
})

/** A processing model under which full pages time out and pages a few times smaller pass. */
const slowFor = (form: TimeoutForm) => ({
  processing: { enabled: true, baseMs: 0, msPerNode: 1, limitMs: 1500, forms: [form] }
})

describe('timeouts of every form shrink the pages that caused them', () => {
  test.each(['502', '504', '500', 'something-went-wrong', 'resource-limits'] as const)(
    '%s: the pages shrink, the data is whole, and the next run starts at the learned sizes',
    async (form) => {
      const emu = await emulator(slowFor(form))
      const store = new MemoryStore()
      const cold = await sync(emu, store)
      expect(cold.result.complete).toBe(true)
      expect(shrinks(cold).length).toBeGreaterThan(0)
      // The labels page shrinks with the others (it is part of every pull request and issue page).
      expect(shrinks(cold)[0]).toContain(`labels ${Math.floor(DEFAULT_PAGE_SIZES.labels / 2)}`)
      expect(store.dump()).toEqual(reference.dump())
      // What the run learned is kept in the collections' checkpoints...
      const learned = (store.checkpoints.pulls as { pageSizes?: Record<string, number> }).pageSizes
      expect(learned).toBeDefined()
      expect(Math.min(...Object.values(learned ?? {}))).toBeLessThan(50)
      // ...so a warm run does not time out again at full size.
      const warm = await sync(emu, store)
      expect(warm.result.complete).toBe(true)
      expect(shrinks(warm).length).toBeLessThan(shrinks(cold).length)
    }
  )

  test('a query that times out even with pages of one item stops cleanly, cursors kept', async () => {
    const emu = await emulator({ processing: { ...slowFor('504').processing, limitMs: 0 } })
    const store = new MemoryStore()
    const run = await sync(emu, store)
    expect(run.result.complete).toBe(false)
    expect(run.result.notes.join('\n')).toMatch(/timing out even with pages of one item/)
    // Each part halves to 1 (100 → 50 → 25 → 12 → 6 → 3 → 1): a bounded number of tries.
    expect(run.result.requests.total).toBeLessThanOrEqual(8)
    expect(shrinks(run).at(-1)).toMatch(/pulls 1, timeline 1, labels 1/)
    expect(store.checkpoints.pulls).toBeDefined()
  })
})

describe('rate limits of every form stop cleanly with the cursor saved', () => {
  test.each([
    ['github.com', false],
    ['GHES (/api/graphql)', true]
  ])('GraphQL RATE_LIMITED / RATE_LIMIT on %s', async (_where, ghes) => {
    const emu = await emulator({
      processing: { ...GITHUB_PROFILE.processing, enabled: false },
      budgets: { ...GITHUB_PROFILE.budgets, actions: { core: 1000, graphql: 6 } }
    })
    const store = new MemoryStore()
    // Run 1: the GraphQL budget runs out (at the reserve, or answered RATE_LIMITED): a clean stop, cursor saved.
    const first = await sync(emu, store, {
      ghes,
      reserve: 0,
      extra: { pageSizes: { pulls: 10, issues: 10 } }
    })
    expect(first.result.complete).toBe(false)
    expect(first.result.notes.join('\n')).toMatch(
      /rate limit .*stopped the history sync.*the budget resets at \d{4}-/
    )
    expect(first.result.collections.pulls.read).toBeGreaterThan(0)
    const cursor = store.checkpoints.pulls as { pass: { cursor: string | null } | null }
    expect(cursor.pass?.cursor).toBeTruthy()
    // Run 2, same hour: GitHub answers 200 with errors[].type RATE_LIMITED (then RATE_LIMIT).
    const second = await sync(emu, store, { ghes })
    expect(second.result.complete).toBe(false)
    expect(second.result.notes.join('\n')).toMatch(
      /primary rate limit stopped the history sync.*resets at \d{4}-/
    )
    expect(store.checkpoints.pulls).toEqual(first.result.update.checkpoints?.pulls)
    // Each next hour a run continues where the last stopped, until the history is whole.
    let runs = 0
    for (;;) {
      emu.clock.advance(3600)
      const next = await sync(emu, store, { ghes, reserve: 0 })
      if (next.result.complete) break
      expect(next.result.notes.join('\n')).toMatch(/resets at \d{4}-/)
      expect(++runs).toBeLessThan(30)
    }
    expect(store.dump()).toEqual(reference.dump())
  })

  test('REST primary limit (403, x-ratelimit-remaining 0) on workflow runs', async () => {
    const emu = await emulator({
      processing: { ...GITHUB_PROFILE.processing, enabled: false },
      budgets: { ...GITHUB_PROFILE.budgets, actions: { core: 0, graphql: 1000 } }
    })
    const run = await sync(emu, new MemoryStore(), {
      extra: { deploymentSource: { kind: 'workflow', name: 'deploy.yml' } }
    })
    expect(run.result.complete).toBe(false)
    expect(run.result.notes.join('\n')).toMatch(/primary rate limit stopped the history sync.*resets at/)
  })

  test.each([
    ['403 with retry-after', { status: 403, retryAfter: 30 } as const, /asked to wait 30 s/],
    ['429 without retry-after', { status: 429 } as const, /gave no retry-after/]
  ])('secondary limit, %s', async (_name, answer, said) => {
    const emu = await emulator({
      processing: { ...GITHUB_PROFILE.processing, enabled: false },
      secondary: { ...GITHUB_PROFILE.secondary, graphqlPointsPerMinute: 2, answers: [answer] }
    })
    const store = new MemoryStore()
    const run = await sync(emu, store, { extra: { pageSizes: { pulls: 10, issues: 10 } } })
    expect(run.result.complete).toBe(false)
    expect(run.result.notes.join('\n')).toMatch(/secondary rate limit stopped the history sync/)
    expect(run.result.notes.join('\n')).toMatch(said)
    expect(store.checkpoints.pulls).toBeDefined()
  })
})

describe('a collection the token may not read is skipped with the permission named', () => {
  test('deployments: FORBIDDEN nulls `repository`; the other collections are read', async () => {
    const emu = await emulator(
      { processing: { ...GITHUB_PROFILE.processing, enabled: false } },
      {
        credentials: {
          ghs_no_deployments: {
            kind: 'actions',
            permissions: { contents: 'read', pull_requests: 'read', issues: 'read', metadata: 'read' }
          }
        }
      }
    )
    const store = new MemoryStore()
    const run = await sync(emu, store, { token: 'ghs_no_deployments' })
    const notes = run.result.notes.join('\n')
    expect(notes).toMatch(/may not read deployments.*`permissions: deployments: read`/)
    // The Actions token never reads organization teams: the note says what token can.
    expect(notes).toMatch(/PAT or a GitHub App token with `members: read`/)
    expect(store.records.pulls.size).toBe(40)
    expect(store.records.issues.size).toBe(reference.records.issues.size)
    expect(store.records.commits.size).toBe(reference.records.commits.size)
    expect(
      [...store.records.deployments.values()].some((d) => (d as { source: string }).source === 'deployment')
    ).toBe(false)
    expect(run.result.collections.deployments.complete).toBe(false)
  })

  test('pull requests: FORBIDDEN names `pull-requests: read`, issues still read', async () => {
    const emu = await emulator(
      { processing: { ...GITHUB_PROFILE.processing, enabled: false } },
      {
        credentials: {
          ghs_no_pulls: {
            kind: 'actions',
            permissions: { contents: 'read', issues: 'read', deployments: 'read', metadata: 'read' }
          }
        }
      }
    )
    const store = new MemoryStore()
    const run = await sync(emu, store, { token: 'ghs_no_pulls' })
    expect(run.result.notes.join('\n')).toMatch(
      /may not read pull requests.*`permissions: pull-requests: read`/
    )
    expect(store.records.pulls.size).toBe(0)
    expect(store.records.issues.size).toBe(reference.records.issues.size)
  })
})

describe('the request budget is a hard cap', () => {
  test('a budget of 12 under injected faults makes at most 12 requests, retries included', async () => {
    const emu = await emulator(
      { processing: { ...GITHUB_PROFILE.processing, enabled: false } },
      { faults: ['server-error:20', 'secondary-rate-limit:4', 'timeout:5:10'] }
    )
    emu.stats.reset?.()
    const before = emu.stats.snapshot().requests.total
    const store = new MemoryStore()
    const run = await sync(emu, store, { budget: 12, secondaryRetries: 3 })
    const sent = emu.stats.snapshot().requests.total - before
    expect(sent).toBeLessThanOrEqual(12)
    expect(run.client.requests().total).toBeLessThanOrEqual(12)
    expect(run.result.complete).toBe(false)
    expect(run.result.notes.length).toBeGreaterThan(0)
    // The faults did happen and were retried (within the cap).
    const refusals = run.log.lines.filter((l) => /Secondary rate limit|GitHub answered|timed out/.test(l))
    expect(refusals.length).toBeGreaterThan(0)
  })
})
