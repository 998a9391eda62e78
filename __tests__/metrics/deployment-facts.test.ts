import {
  AUTO_SOURCE_ORDER,
  chooseAutoSource,
  chooseSyncedSource,
  collectIncidents,
  deploymentOutcome,
  deploymentsFailedByIncidents,
  isProductionDeployment,
  isProductionEnvironment,
  lastAtOrBefore,
  namesEnvironment,
  selectDeployments
} from '../../src/metrics/deployment-facts.js'
import type { DeploymentSource, DeploymentStatus, Incident } from '../../src/model.js'
import { deployment, history, issue } from './builders.js'

describe('what counts as a production deployment', () => {
  it('compares environments without regard to case; a deployment naming none is production', () => {
    expect(isProductionEnvironment('Production', 'production')).toBe(true)
    expect(isProductionEnvironment('prod', 'PROD')).toBe(true)
    expect(isProductionEnvironment('production', 'prod')).toBe(false)
    expect(isProductionEnvironment('staging', 'production')).toBe(false)
    expect(isProductionEnvironment(null, 'prod')).toBe(true)
  })

  it('judges GitHub Deployments and ingested deployments by their environment', () => {
    for (const source of ['deployment', 'ingest'] as const) {
      expect(namesEnvironment(source)).toBe(true)
      expect(isProductionDeployment({ source, environment: 'prod' }, 'prod')).toBe(true)
      expect(isProductionDeployment({ source, environment: 'staging' }, 'prod')).toBe(false)
      expect(isProductionDeployment({ source, environment: 'production' }, 'prod')).toBe(false)
    }
  })

  it('counts releases, merges and runs as production whatever environment an old record carries', () => {
    for (const source of ['release', 'merge', 'workflow_run'] as const) {
      expect(namesEnvironment(source)).toBe(false)
      expect(isProductionDeployment({ source, environment: null }, 'prod')).toBe(true)
      // Stamped by an older sync with the setting of the day.
      expect(isProductionDeployment({ source, environment: 'production' }, 'prod')).toBe(true)
      expect(isProductionDeployment({ source, environment: 'staging' }, 'production')).toBe(true)
    }
  })

  it('counts finished deployments only: inactive as a success, error as a failure', () => {
    const outcomes = (
      ['success', 'inactive', 'failure', 'error', 'pending', 'in_progress', 'cancelled'] as const
    ).map((status: DeploymentStatus) => deploymentOutcome(status))
    expect(outcomes).toEqual(['succeeded', 'succeeded', 'failed', 'failed', null, null, null])
  })
})

describe('the auto choice', () => {
  it('tries ingested deployments, GitHub Deployments, workflow runs, releases, then merges', () => {
    expect(AUTO_SOURCE_ORDER).toEqual(['ingest', 'deployment', 'workflow_run', 'release', 'merge'])
    const pick = (...present: DeploymentSource[]) => chooseAutoSource((s) => present.includes(s))
    expect(pick('merge', 'release', 'ingest')).toBe('ingest')
    expect(pick('merge', 'release', 'deployment')).toBe('deployment')
    expect(pick('merge', 'release', 'workflow_run')).toBe('workflow_run')
    expect(pick('merge', 'release')).toBe('release')
    expect(pick('merge')).toBe('merge')
    expect(pick()).toBeNull()
  })

  it('makes the same choice in the sync from the environments it saw, merges when nothing else', () => {
    const facts = (environments: Array<string | null>, hasReleases = false) => ({
      deploymentEnvironments: environments,
      hasReleases
    })
    expect(chooseSyncedSource(facts(['Production', 'staging'], true), 'production')).toBe('deployment')
    expect(chooseSyncedSource(facts(['production', 'staging'], true), 'prod')).toBe('release')
    expect(chooseSyncedSource(facts(['prod'], true), 'prod')).toBe('deployment')
    expect(chooseSyncedSource(facts(['staging']), 'production')).toBe('merge')
    expect(chooseSyncedSource(facts([null]), 'production')).toBe('deployment')
    expect(chooseSyncedSource(facts([]), 'production')).toBe('merge')
  })

  it('agrees with the metrics on the same records', () => {
    const records = [
      deployment('d1', { environment: 'production' }),
      deployment('d2', { environment: 'staging' }),
      deployment('r1', { source: 'release', environment: null })
    ]
    for (const env of ['production', 'staging', 'prod']) {
      const synced = chooseSyncedSource(
        {
          deploymentEnvironments: records.filter((r) => r.source === 'deployment').map((r) => r.environment),
          hasReleases: true
        },
        env
      )
      expect([env, synced]).toEqual([env, selectDeployments(records, env, 'auto').source])
    }
  })
})

describe('selectDeployments', () => {
  it('switches with the setting, over the same stored records', () => {
    const records = [
      deployment('p1', { environment: 'production', createdAt: '2026-11-02T01:00:00Z' }),
      deployment('p2', { environment: 'prod', createdAt: '2026-11-02T02:00:00Z' }),
      deployment('p3', { environment: 'PROD', createdAt: '2026-11-02T03:00:00Z' }),
      deployment('s1', { environment: 'staging', createdAt: '2026-11-02T04:00:00Z' })
    ]
    const ids = (env: string) => selectDeployments(records, env, 'deployment').list.map((d) => d.record.id)
    expect(ids('production')).toEqual(['p1'])
    expect(ids('prod')).toEqual(['p2', 'p3'])
    expect(ids('staging')).toEqual(['s1'])
  })

  it('counts releases stamped with an old environment like fresh ones', () => {
    const releases = Array.from({ length: 10 }, (_, i) =>
      deployment(`r${i}`, {
        source: 'release',
        // Half stored by an older sync under `production`, half by this one.
        environment: i < 5 ? 'production' : null,
        createdAt: `2026-11-0${2 + (i % 5)}T0${i % 10}:00:00Z`
      })
    )
    for (const env of ['production', 'prod']) {
      const picked = selectDeployments(releases, env, 'auto')
      expect([env, picked.source, picked.list.length]).toEqual([env, 'release', 10])
    }
  })

  it('orders by when each went live and marks failures', () => {
    const { list, source } = selectDeployments(
      [
        deployment('b', { status: 'failure', createdAt: '2026-11-03T00:00:00Z' }),
        deployment('a', { createdAt: '2026-11-02T00:00:00Z', finishedAt: '2026-11-04T00:00:00Z' }),
        deployment('c', { status: 'cancelled', createdAt: '2026-11-01T00:00:00Z' })
      ],
      'production',
      'deployment'
    )
    expect(source).toBe('deployment')
    expect(list.map((d) => [d.record.id, d.failed])).toEqual([
      ['b', true],
      ['a', false]
    ])
  })

  it("names a chosen source that has nothing, and 'none' under auto", () => {
    expect(selectDeployments([], 'production', 'release')).toEqual({ source: 'release', list: [] })
    expect(selectDeployments([deployment('s', { environment: 'staging' })], 'production', 'auto')).toEqual({
      source: 'none',
      list: []
    })
  })
})

describe('incidents', () => {
  it('makes labelled issues incidents, once, beside the recorded ones', () => {
    const recorded: Incident = {
      source: 'issue',
      id: '2',
      title: 'recorded',
      status: 'open',
      createdAt: '2026-11-03T00:00:00Z',
      resolvedAt: null
    }
    const h = history({
      issues: [
        issue(1, { labels: ['Incident'], closedAt: '2026-11-04T00:00:00Z' }),
        issue(2, { labels: ['incident'] }),
        issue(3, { labels: ['bug'] })
      ],
      incidents: [recorded]
    })
    expect(collectIncidents(h, null)).toEqual([recorded])
    const incidents = collectIncidents(h, 'incident')
    expect(incidents.map((i) => [i.id, i.status])).toEqual([
      ['2', 'open'],
      ['1', 'resolved']
    ])
  })

  it('marks the deployment an incident names, else the last success before it was opened', () => {
    const { list } = selectDeployments(
      [
        deployment('d1', { createdAt: '2026-11-02T00:00:00Z' }),
        deployment('d2', { createdAt: '2026-11-03T00:00:00Z' }),
        deployment('f1', { status: 'failure', createdAt: '2026-11-03T12:00:00Z' }),
        deployment('d3', { createdAt: '2026-11-04T00:00:00Z' })
      ],
      'production',
      'auto'
    )
    const incident = (id: string, createdAt: string, deploymentId?: string): Incident => ({
      source: 'ingest',
      id,
      title: id,
      status: 'open',
      createdAt,
      resolvedAt: null,
      ...(deploymentId ? { deploymentId } : {})
    })
    const marked = (incidents: Incident[]) =>
      [...deploymentsFailedByIncidents(list, incidents)].map((d) => d.record.id).sort()
    // Opened after f1 (a failure, never the target): the last success before it is d2.
    expect(marked([incident('i1', '2026-11-03T18:00:00Z')])).toEqual(['d2'])
    expect(marked([incident('i2', '2026-11-05T00:00:00Z', 'd1')])).toEqual(['d1'])
    // An unknown deployment id falls back to the time; before every deployment: none.
    expect(marked([incident('i3', '2026-11-04T01:00:00Z', 'nope')])).toEqual(['d3'])
    expect(marked([incident('i4', '2026-11-01T00:00:00Z')])).toEqual([])
  })

  it('finds the last time at or before a time', () => {
    expect(lastAtOrBefore([1, 3, 5], 0)).toBe(-1)
    expect(lastAtOrBefore([1, 3, 5], 3)).toBe(1)
    expect(lastAtOrBefore([1, 3, 5], 4)).toBe(1)
    expect(lastAtOrBefore([1, 3, 5], 9)).toBe(2)
    expect(lastAtOrBefore([], 9)).toBe(-1)
  })
})
