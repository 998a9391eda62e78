/**
 * The sync against the real local GitHub emulator (tools/github-emulator), seeded with a real
 * repository's history (../shared/datasets/ietf-tls-esni) and with generated history.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createGitHubClient } from '../../src/github/client.js'
import { syncHistory, type SyncOptions } from '../../src/github/sync.js'
import { memoryLogger } from '../../src/log.js'
import { MemoryStore } from './memory-store.js'
import { loadDataset } from '../../tools/github-emulator/dataset.js'
import { generateRepository } from '../../tools/github-emulator/generate.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'

const DATASET = join(process.cwd(), '..', 'shared', 'datasets', 'ietf-tls-esni')
const haveDataset = existsSync(join(DATASET, 'archive.json'))
if (!haveDataset) console.warn(`${DATASET} is absent: the dataset tests are skipped.`)
const withDataset = haveDataset ? describe : describe.skip

function run(
  emulator: RunningEmulator,
  seed: SeedRepository,
  store: MemoryStore,
  extra: Partial<SyncOptions> = {},
  budget: number | null = null
) {
  const log = memoryLogger()
  const client = createGitHubClient({
    token: 'emulator-token',
    apiUrl: emulator.url,
    graphqlUrl: `${emulator.url}/graphql`,
    budget,
    log
  })
  return syncHistory({ ...store.syncOptions(client, seed.owner, seed.name, log), ...extra })
}

withDataset('sync against the emulator: ietf-tls-esni', () => {
  let seed: SeedRepository
  let emulator: RunningEmulator
  let clean: MemoryStore
  beforeAll(async () => {
    seed = loadDataset(DATASET)
    emulator = await startEmulator({ seed, port: 0 })
  })
  afterAll(() => emulator.stop())

  it('a cold sync reads everything in at most 35 requests, a warm one in at most 4', async () => {
    clean = new MemoryStore()
    const cold = await run(emulator, seed, clean)
    clean.apply(cold)
    expect(cold.complete).toBe(true)
    expect(clean.records.pulls.size).toBe(392)
    expect(clean.records.issues.size).toBe(250)
    expect(clean.records.commits.size).toBe(1065)
    const deployments = [...clean.records.deployments.values()] as { source: string; environment: string }[]
    expect(cold.deploymentSource).toBe('deployment')
    // Every environment (34 to production, 5 to preview): the metrics pick production.
    expect(deployments.filter((d) => d.source === 'deployment')).toHaveLength(39)
    expect(deployments.filter((d) => d.environment === 'production')).toHaveLength(34)
    expect(deployments.filter((d) => d.source === 'release').length).toBeGreaterThan(0)
    expect(cold.requests.total).toBeLessThanOrEqual(35)
    const reviews = [...clean.records.pulls.values()].reduce(
      (n: number, p) => n + (p as { reviews: unknown[] }).reviews.length,
      0
    )
    expect(reviews).toBe(1457)
    expect(cold.update.defaultBranch).toBe(seed.defaultBranch)

    const before = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      requests: { total: number }
    }
    const warm = await run(emulator, seed, clean)
    clean.apply(warm)
    const after = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      requests: { total: number }
    }
    expect(warm.complete).toBe(true)
    expect(warm.requests.total).toBeLessThanOrEqual(4)
    expect(after.requests.total - before.requests.total).toBe(warm.requests.total)
  })

  it('runs on a 12-request budget (3 left to the sync each run) end with the data of one uninterrupted run', async () => {
    const split = new MemoryStore()
    let runs = 0
    for (;;) {
      runs++
      const result = await run(emulator, seed, split, { keepRequests: 9 }, 12)
      split.apply(result)
      if (result.complete) break
      expect(runs).toBeLessThan(40)
    }
    expect(runs).toBeGreaterThan(2)
    expect(split.dump()).toEqual(clean.dump())
  })

  it('with secondary rate limits, 502s and 504s injected, the data equals an undisturbed run', async () => {
    const faulty = await startEmulator({
      seed,
      port: 0,
      faults: ['secondary-rate-limit:12', 'server-error:50', 'timeout:13:10']
    })
    try {
      const store = new MemoryStore()
      const result = await run(faulty, seed, store)
      store.apply(result)
      expect(result.complete).toBe(true)
      expect(store.dump()).toEqual(clean.dump())
    } finally {
      await faulty.stop()
    }
  })
})

describe('sync against the emulator: generated history', () => {
  it('reads 2,000 pull requests within 25 requests per 1,000, with workflow runs and team members', async () => {
    const seed = generateRepository({ prs: 2000, seed: 3 })
    const emulator = await startEmulator({ seed, port: 0 })
    try {
      const store = new MemoryStore()
      const result = await run(emulator, seed, store, {
        deploymentSource: { kind: 'workflow', name: 'deploy' }
      })
      store.apply(result)
      expect(result.complete).toBe(true)
      expect(store.records.pulls.size).toBe(2000)
      expect(store.records.issues.size).toBe(seed.issues.length)
      expect(result.deploymentSource).toBe('workflow_run')
      const completed = seed.workflowRuns.filter(
        (r) =>
          r.status === 'completed' &&
          r.headBranch === seed.defaultBranch &&
          ['success', 'failure', 'timed_out', 'cancelled'].includes(r.conclusion ?? '')
      )
      expect(store.records.deployments.size).toBe(completed.length)
      expect(result.requests.total).toBeLessThanOrEqual(50)
      const slugs = new Set(
        seed.pulls.flatMap((p) =>
          p.events.flatMap((e) => ('reviewer' in e && e.reviewer.type === 'Team' ? [e.reviewer.slug] : []))
        )
      )
      expect(Object.keys(store.teams ?? {}).sort()).toEqual([...slugs].sort())
      // Every submitted review survived, including those of the pull requests whose timelines overflowed one page.
      const reviews = [...store.records.pulls.values()].reduce(
        (n: number, p) => n + (p as { reviews: unknown[] }).reviews.length,
        0
      )
      // (pending reviews are visible to their author only, so the timeline does not list them)
      expect(reviews).toBe(
        seed.pulls.reduce((n, p) => n + p.reviews.filter((r) => r.state !== 'PENDING').length, 0)
      )
    } finally {
      await emulator.stop()
    }
  })

  it('a workflow-run source split over runs of a 3-request budget (a hard cap) ends with the data of one run', async () => {
    const seed = generateRepository({ prs: 600, seed: 5 })
    const emulator = await startEmulator({ seed, port: 0 })
    const source = { deploymentSource: { kind: 'workflow', name: 'deploy.yml' } } as const
    try {
      const whole = new MemoryStore()
      whole.apply(await run(emulator, seed, whole, source))
      const split = new MemoryStore()
      let runs = 0
      for (;;) {
        runs++
        const result = await run(emulator, seed, split, { ...source, keepRequests: 0 }, 3)
        expect(result.requests.total).toBeLessThanOrEqual(3)
        split.apply(result)
        if (result.complete) break
        expect(runs).toBeLessThan(200)
      }
      expect(runs).toBeGreaterThan(3)
      expect(split.dump()).toEqual(whole.dump())
      expect(split.teams).toEqual(whole.teams)
    } finally {
      await emulator.stop()
    }
  })
})
