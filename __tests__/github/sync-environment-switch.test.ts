/**
 * Changing `deployment-environment` (or `deployment-source`) needs no new sync: through the sync (against
 * the GitHub fake) and the metrics, a store synced under one setting gives, under another, the figures of
 * a fresh full sync under that other setting.
 */
import { syncHistory, type SyncOptions, type SyncResult } from '../../src/github/sync.js'
import { memoryLogger } from '../../src/log.js'
import { computeSnapshot, deploymentSourceOf } from '../../src/metrics/index.js'
import type { History } from '../../src/model.js'
import type { DeploymentSourceSetting } from '../../src/settings-types.js'
import { FakeGitHub, makeRepo, type FakeDeployment, type FakeRepo } from './fake-github.js'
import { MemoryStore } from './memory-store.js'

type MemoryLogger = ReturnType<typeof memoryLogger>

const t = (minutes: number) =>
  new Date(Date.UTC(2025, 0, 1) + minutes * 60000).toISOString().replace('.000Z', 'Z')

/**
 * 10 published releases (and a draft and a prerelease, which are no deployments); GitHub Deployments to
 * `prod` (one failed, one still running) and `staging`, none to `production`.
 */
function repository(): FakeRepo {
  const repo = makeRepo(40)
  const commit = (i: number) => repo.commits[repo.commits.length - i].oid
  repo.releases = Array.from({ length: 12 }, (_, k) => ({
    id: `R_${k + 1}`,
    databaseId: k + 1,
    tagName: `v${k + 1}`,
    createdAt: t((k + 1) * 2000),
    publishedAt: k === 10 ? null : t((k + 1) * 2000 + 5),
    isDraft: k === 10,
    isPrerelease: k === 11,
    tagCommit: { oid: commit((k + 1) * 10) }
  }))
  const deployment = (i: number, environment: string, final: string | null): FakeDeployment => ({
    id: `D_${i}`,
    databaseId: 100 + i,
    environment,
    createdAt: t(i * 1500),
    commitOid: commit(i * 7),
    statuses: [
      { state: 'IN_PROGRESS', createdAt: t(i * 1500 + 1) },
      ...(final ? [{ state: final, createdAt: t(i * 1500 + 9) }] : [])
    ]
  })
  repo.deployments = [
    deployment(1, 'prod', 'SUCCESS'),
    deployment(2, 'staging', 'SUCCESS'),
    deployment(3, 'prod', 'FAILURE'),
    deployment(4, 'prod', 'SUCCESS'),
    deployment(5, 'staging', 'FAILURE'),
    deployment(6, 'prod', 'SUCCESS'),
    deployment(7, 'prod', null),
    deployment(8, 'staging', 'SUCCESS'),
    deployment(9, 'prod', 'SUCCESS'),
    deployment(10, 'prod', 'SUCCESS')
  ]
  return repo
}

interface Setting {
  environment: string
  source: DeploymentSourceSetting
}

function syncOptions(fake: FakeGitHub, store: MemoryStore, setting: Setting, log: MemoryLogger): SyncOptions {
  return {
    client: fake.client(),
    owner: fake.repo.owner,
    repo: fake.repo.name,
    checkpoints: store.checkpoints,
    storedTeams: store.teams,
    deploymentSource: setting.source,
    deploymentEnvironment: setting.environment,
    since: null,
    until: null,
    log,
    now: () => new Date('2025-03-01T00:00:00Z')
  }
}

/** One sync run, stored; its result and what it logged. */
async function sync(fake: FakeGitHub, store: MemoryStore, setting: Setting) {
  const log = memoryLogger()
  const result: SyncResult = await syncHistory(syncOptions(fake, store, setting, log))
  store.apply(result)
  return { result, log }
}

/** What the data branch holds, as the metrics read it (through JSON, as it is stored). */
function history(store: MemoryStore): History {
  const stored = JSON.parse(JSON.stringify(store.dump())) as Record<string, never[]>
  return {
    repository: 'acme/widgets',
    defaultBranch: 'main',
    pulls: stored.pulls,
    issues: stored.issues,
    commits: stored.commits,
    deployments: stored.deployments,
    incidents: stored.incidents,
    teams: store.teams
  }
}

function dora(store: MemoryStore, setting: Setting) {
  return computeSnapshot(history(store), {
    since: '2024-12-01T00:00:00Z',
    until: '2025-03-01T00:00:00Z',
    period: '2025-02',
    bucket: 'week',
    timezone: 'UTC',
    metrics: ['deployments', 'leadTimeForChanges', 'changeFailureRate', 'timeToRestore'],
    ignoreUsers: [],
    includeBots: false,
    deploymentEnvironment: setting.environment,
    deploymentSource: deploymentSourceOf(setting.source),
    incidentLabel: 'incident',
    workingHours: null,
    generatedAt: '2025-03-01T00:00:00Z',
    complete: true
  }).metrics
}

/** A store filled by complete syncs under `setting`, from nothing. */
async function freshStore(setting: Setting) {
  const fake = new FakeGitHub(repository())
  const store = new MemoryStore()
  let last: SyncResult | null = null
  for (let run = 0; run < 10 && !last?.complete; run++) last = (await sync(fake, store, setting)).result
  expect(last?.complete).toBe(true)
  return { fake, store, result: last as SyncResult }
}

const releasesUnder = (environment: string): Setting => ({ environment, source: { kind: 'releases' } })
const autoUnder = (environment: string): Setting => ({ environment, source: { kind: 'auto' } })

describe('switching deployment-environment without a new sync', () => {
  it('releases synced under production count as a fresh full sync once the setting is prod', async () => {
    const { fake, store } = await freshStore(releasesUnder('production'))
    expect(dora(store, releasesUnder('production')).deployments).toMatchObject({
      count: 10,
      source: 'release'
    })

    const before = fake.counts.total
    const { result, log } = await sync(fake, store, releasesUnder('prod'))
    // Nothing is read again: one round finds nothing new.
    expect(fake.counts.total - before).toBe(1)
    expect(result.complete).toBe(true)
    expect(log.lines.some((l) => l.includes('starts over'))).toBe(false)

    const switched = dora(store, releasesUnder('prod'))
    const fresh = await freshStore(releasesUnder('prod'))
    expect(switched).toEqual(dora(fresh.store, releasesUnder('prod')))
    expect(switched.deployments).toMatchObject({ count: 10, source: 'release' })
    // The same records whatever the setting: none carries the environment of the day.
    expect(history(store).deployments).toEqual(history(fresh.store).deployments)
  })

  it('under auto, moves from releases to the prod GitHub Deployments read before, as a fresh sync does', async () => {
    const { fake, store, result: first } = await freshStore(autoUnder('production'))
    // No deployment to production: releases, in the sync and in the metrics alike.
    expect(first.deploymentSource).toBe('release')
    const underProduction = dora(store, autoUnder('production'))
    expect(underProduction.deployments).toMatchObject({ count: 10, source: 'release' })

    const before = fake.counts.total
    const { result } = await sync(fake, store, autoUnder('prod'))
    expect(fake.counts.total - before).toBe(1)
    expect(result.deploymentSource).toBe('deployment')

    const switched = dora(store, autoUnder('prod'))
    const fresh = await freshStore(autoUnder('prod'))
    expect(fresh.result.deploymentSource).toBe('deployment')
    expect(switched).toEqual(dora(fresh.store, autoUnder('prod')))
    // 7 to prod, one still running: 5 successes and 1 failure count.
    expect(switched.deployments).toMatchObject({ count: 5, failed: 1, source: 'deployment' })

    // And back: the choice follows the setting, again without reading anything again.
    const back = await sync(fake, store, autoUnder('production'))
    expect(back.result.deploymentSource).toBe('release')
    expect(dora(store, autoUnder('production'))).toEqual(underProduction)
  })

  it('counts a store written before this rule (stamped records, one-environment checkpoint) right', async () => {
    const { fake, store } = await freshStore(autoUnder('production'))
    // What an older sync under `production` left: releases stamped with it, only production deployments
    // read (there are none), and a checkpoint that names the one environment it read.
    for (const [key, record] of store.records.deployments) {
      const r = record as { source: string; environment: string | null }
      if (r.source === 'deployment') store.records.deployments.delete(key)
      else store.records.deployments.set(key, { ...r, environment: 'production' })
    }
    const { environments: _, ...walk } = store.checkpoints.deployments as Record<string, unknown>
    store.checkpoints.deployments = { ...walk, environment: 'production', hasData: false }
    expect(dora(store, autoUnder('production')).deployments).toMatchObject({ count: 10, source: 'release' })
    // Stamped `production`, the releases still count under `prod`.
    expect(dora(store, releasesUnder('prod')).deployments).toMatchObject({ count: 10, source: 'release' })

    // The first run reads every environment once; from then on the figures are a fresh sync's.
    const { result, log } = await sync(fake, store, autoUnder('prod'))
    expect(result.complete).toBe(true)
    expect(log.lines.some((l) => l.includes('Sync of deployments starts over'))).toBe(true)
    const fresh = await freshStore(autoUnder('prod'))
    expect(dora(store, autoUnder('prod'))).toEqual(dora(fresh.store, autoUnder('prod')))
    expect(dora(store, releasesUnder('prod'))).toEqual(dora(fresh.store, releasesUnder('prod')))
  })
})
