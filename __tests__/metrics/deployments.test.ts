import { computeSnapshot } from '../../src/metrics/index.js'
import { selectDeployments } from '../../src/metrics/deployments.js'
import type { Commit, Deployment } from '../../src/model.js'
import { HOUR, deployment, history, issue, options } from './builders.js'

const sha = (n: number): string => n.toString(16).padStart(40, '0')
const commit = (n: number, parents: number[], committedAt: string): Commit => ({
  oid: sha(n),
  parents: parents.map(sha),
  committedAt
})

describe('leadTimeForChanges', () => {
  // 1 ← 2 ← 3 ← 4 ← 6 (merge of 4 and 5); 5 branched from 2.
  const commits = [
    commit(1, [], '2026-10-20T00:00:00Z'),
    commit(2, [1], '2026-10-21T00:00:00Z'),
    commit(3, [2], '2026-11-01T00:00:00Z'),
    commit(4, [3], '2026-11-02T00:00:00Z'),
    commit(5, [2], '2026-11-03T00:00:00Z'),
    commit(6, [4, 5], '2026-11-04T00:00:00Z'),
    commit(7, [6], '2026-11-06T00:00:00Z')
  ]
  const deployments: Deployment[] = [
    // The earliest known deployment only sets the baseline: 1 and 2 were live before.
    deployment('d1', { sha: sha(2), createdAt: '2026-10-25T00:00:00Z' }),
    deployment('d2', { sha: sha(4), createdAt: '2026-11-02T12:00:00Z' }),
    // Partly deployed already: 6 brings only 5 and 6 live.
    deployment('d3', { sha: sha(6), createdAt: '2026-11-05T00:00:00Z' }),
    // A rollback to an old sha brings nothing new.
    deployment('d4', { sha: sha(4), createdAt: '2026-11-05T06:00:00Z' }),
    // Not production, failed, or with an unknown sha: never live here.
    deployment('p1', { sha: sha(7), environment: 'preview', createdAt: '2026-11-06T01:00:00Z' }),
    deployment('f1', { sha: sha(7), status: 'failure', createdAt: '2026-11-06T02:00:00Z' }),
    deployment('u1', { sha: 'f'.repeat(40), createdAt: '2026-11-06T03:00:00Z' }),
    // After the window: out.
    deployment('d5', { sha: sha(7), createdAt: '2026-11-10T00:00:00Z' })
  ]
  const m = computeSnapshot(history({ commits, deployments }), options()).metrics

  it('counts each commit once, at the deployment that first made it live', () => {
    // d2: 3 (36 h) and 4 (12 h); d3: 5 (48 h) and 6 (24 h).
    expect(m.leadTimeForChanges).toMatchObject({ count: 4, min: 12 * HOUR, max: 48 * HOUR, mean: 30 * HOUR })
    expect(m.leadTimeForChanges!.buckets.map((b) => b.count)).toEqual([2, 0, 0, 2, 0, 0, 0])
  })

  it('drops values ≤ 0', () => {
    const skew = computeSnapshot(
      history({
        commits: [commit(1, [], '2026-10-01T00:00:00Z'), commit(2, [1], '2026-11-04T00:00:00Z')],
        deployments: [
          deployment('a', { sha: sha(1), createdAt: '2026-10-02T00:00:00Z' }),
          deployment('b', { sha: sha(2), createdAt: '2026-11-03T00:00:00Z' })
        ]
      }),
      options()
    ).metrics
    expect(skew.leadTimeForChanges!.count).toBe(0)
  })

  it('counts deployments, failures and the change failure rate', () => {
    // d2, d3, d4 and u1 (its sha is unknown, but it did deploy) succeeded in the window; f1 failed.
    expect(m.deployments).toMatchObject({ count: 4, failed: 1, perWeek: 4, source: 'deployment' })
    expect(m.changeFailureRate).toEqual({ ratio: 0.2, failed: 1, total: 5 })
  })

  it('measures time to restore from a failed deployment to the next success', () => {
    // f1 failed at 02:00, u1 succeeded at 03:00.
    expect(m.timeToRestore).toMatchObject({ count: 1, mean: HOUR, sources: { deployments: 1, incidents: 0 } })
    const restored = computeSnapshot(
      history({
        deployments: [
          deployment('a', { status: 'failure', createdAt: '2026-11-03T00:00:00Z' }),
          deployment('b', { status: 'error', createdAt: '2026-11-03T01:00:00Z' }),
          deployment('c', { status: 'success', createdAt: '2026-11-03T03:00:00Z' })
        ]
      }),
      options()
    ).metrics
    expect(restored.timeToRestore).toMatchObject({
      count: 2,
      min: 2 * HOUR,
      max: 3 * HOUR,
      sources: { deployments: 2, incidents: 0 }
    })
  })
})

describe('deployment source and DORA class', () => {
  it('prefers ingested production deployments, then deployment, workflow_run, release, merge', () => {
    const list = [
      deployment('r1', { source: 'release' }),
      // GitHub Deployments to another environment are not production: they do not make the source.
      deployment('s1', { environment: 'staging' }),
      deployment('m1', { source: 'merge' })
    ]
    expect(selectDeployments(list, 'production', 'auto').source).toBe('release')
    expect(
      selectDeployments([...list, deployment('i1', { source: 'ingest' })], 'Production', 'auto').source
    ).toBe('ingest')
    expect(selectDeployments(list, 'production', 'merge').list.map((d) => d.record.id)).toEqual(['m1'])
    expect(selectDeployments([], 'production', 'auto').source).toBe('none')
  })

  it('ignores pending, in-progress and cancelled deployments and counts inactive ones as successes', () => {
    const { list } = selectDeployments(
      ['pending', 'in_progress', 'cancelled', 'inactive', 'success', 'error'].map((status, i) =>
        deployment(String(i), { status: status as Deployment['status'] })
      ),
      'production',
      'auto'
    )
    expect(list.map((d) => [d.record.status, d.failed])).toEqual([
      ['inactive', false],
      ['success', false],
      ['error', true]
    ])
  })

  const at = (day: string, hour = 12) => `${day}T${String(hour).padStart(2, '0')}:00:00Z`
  const window4w = { since: '2026-11-02T00:00:00Z', until: '2026-11-30T00:00:00Z', bucket: 'week' as const }
  const classOf = (days: string[]) =>
    computeSnapshot(
      history({ deployments: days.map((d, i) => deployment(String(i), { createdAt: at(d) })) }),
      options(window4w)
    ).metrics.deployments!.doraClass

  it('is daily when the median week has deployments on 3 or more days', () => {
    const days = ['02', '03', '04', '09', '10', '11', '16', '17', '18'].map((d) => `2026-11-${d}`)
    expect(classOf(days)).toBe('daily')
  })
  it('does not count the weeks before the first deployment ever as quiet weeks', () => {
    // Deployments begin in the window's third week, on 3 days a week: daily, not weekly.
    const days = ['16', '17', '18', '23', '24', '25'].map((d) => `2026-11-${d}`)
    expect(classOf(days)).toBe('daily')
    // An older deployment before the window makes every week of the window count again.
    const older = computeSnapshot(
      history({
        deployments: [...days, '2026-10-01'].map((d, i) => deployment(String(i), { createdAt: at(d) }))
      }),
      options(window4w)
    ).metrics.deployments!.doraClass
    expect(older).toBe('weekly')
  })
  it('is weekly when the median week has at least one deployment day', () => {
    // Many deployments on one day per week still make it weekly.
    expect(classOf(['2026-11-02', '2026-11-02', '2026-11-02', '2026-11-10', '2026-11-18'])).toBe('weekly')
  })
  it('is monthly when weeks without deployments are the median but the month has one', () => {
    expect(classOf(['2026-11-04'])).toBe('monthly')
  })
  it('is yearly with no deployments', () => {
    expect(classOf([])).toBe('yearly')
  })
})

describe('incidents', () => {
  it('derives incidents from labelled issues and links them to the deployment before them', () => {
    const m = computeSnapshot(
      history({
        deployments: [
          deployment('a', { createdAt: '2026-11-03T00:00:00Z' }),
          deployment('b', { createdAt: '2026-11-05T00:00:00Z' })
        ],
        issues: [
          issue(7, {
            labels: ['Incident'],
            createdAt: '2026-11-03T06:00:00Z',
            closedAt: '2026-11-03T10:00:00Z'
          }),
          issue(8, { createdAt: '2026-11-03T06:00:00Z', closedAt: '2026-11-03T07:00:00Z' })
        ],
        incidents: [
          {
            source: 'ingest',
            id: 'pd-1',
            provider: 'pagerduty',
            title: 'Outage',
            status: 'resolved',
            createdAt: '2026-11-06T00:00:00Z',
            resolvedAt: '2026-11-06T01:00:00Z'
          }
        ]
      }),
      options({ incidentLabel: 'incident' })
    ).metrics
    expect(m.timeToRestore).toMatchObject({
      count: 2,
      min: HOUR,
      max: 4 * HOUR,
      sources: { deployments: 0, incidents: 2 }
    })
    // Both deployments are followed by an incident.
    expect(m.changeFailureRate).toEqual({ ratio: 1, failed: 2, total: 2 })
  })

  it('links ingested incidents to deployments even without an incident label', () => {
    const m = computeSnapshot(
      history({
        deployments: [deployment('a', { createdAt: '2026-11-03T00:00:00Z' })],
        incidents: [
          {
            source: 'ingest',
            id: 'x',
            title: 'x',
            status: 'open',
            createdAt: '2026-11-03T06:00:00Z',
            resolvedAt: null
          }
        ]
      }),
      options()
    ).metrics
    // The incident (still open) marks the last deployment before it as failed; nothing is restored yet.
    expect(m.changeFailureRate).toEqual({ ratio: 1, failed: 1, total: 1 })
    expect(m.timeToRestore!.count).toBe(0)
  })

  it('has no ratio without deployments', () => {
    expect(computeSnapshot(history(), options()).metrics.changeFailureRate).toEqual({
      ratio: null,
      failed: 0,
      total: 0
    })
  })
})
