import { computeSnapshot } from '../../src/metrics/index.js'
import { HOUR, history, options, pull } from './builders.js'

const rev = (
  author: string,
  submittedAt: string,
  state: 'APPROVED' | 'COMMENTED' | 'CHANGES_REQUESTED' = 'APPROVED'
) => ({
  author,
  state,
  submittedAt
})

describe('pull request flow', () => {
  const pulls = [
    // Opened before the window, merged inside it.
    pull(1, {
      createdAt: '2026-10-30T09:00:00Z',
      mergedAt: '2026-11-03T09:00:00Z',
      closedAt: '2026-11-03T09:00:00Z',
      firstCommitAt: '2026-10-29T09:00:00Z',
      draftEvents: [{ type: 'ready', at: '2026-10-31T09:00:00Z' }],
      reviews: [
        rev('bob', '2026-11-01T09:00:00Z', 'CHANGES_REQUESTED'),
        rev('bob', '2026-11-02T09:00:00Z'),
        rev('carol', '2026-11-02T21:00:00Z'),
        // After the merge: not part of the cycle.
        rev('dave', '2026-11-04T09:00:00Z')
      ]
    }),
    // Opened and closed without merge inside the window.
    pull(2, { createdAt: '2026-11-04T09:00:00Z', closedAt: '2026-11-05T09:00:00Z' }),
    // Opened and merged inside, no review, no commit time.
    pull(3, {
      createdAt: '2026-11-05T09:00:00Z',
      mergedAt: '2026-11-05T10:00:00Z',
      closedAt: '2026-11-05T10:00:00Z'
    }),
    // Merged after the window.
    pull(4, {
      createdAt: '2026-11-08T09:00:00Z',
      mergedAt: '2026-11-09T10:00:00Z',
      closedAt: '2026-11-09T10:00:00Z'
    }),
    // By a bot: never counts.
    pull(5, {
      author: 'dependabot[bot]',
      createdAt: '2026-11-04T09:00:00Z',
      mergedAt: '2026-11-04T10:00:00Z'
    })
  ]
  const snapshot = computeSnapshot(history({ pulls }), options())
  const m = snapshot.metrics

  it('counts opened, merged and closed-unmerged by their own times', () => {
    expect(m.pullRequests).toMatchObject({ opened: 3, merged: 2, closedUnmerged: 1 })
    expect(m.pullRequests!.buckets.map((b) => [b.opened, b.merged, b.closedUnmerged])).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
      [1, 0, 0]
    ])
  })

  it('measures timeToMerge from createdAt to mergedAt', () => {
    expect(m.timeToMerge).toMatchObject({ count: 2, min: HOUR, max: 96 * HOUR })
  })

  it('splits the cycle into coding, pickup, review and merge', () => {
    const cycle = m.cycleTime!
    expect(cycle).toMatchObject({ count: 1, mean: 120 * HOUR })
    expect(cycle.phases.coding).toMatchObject({ count: 1, mean: 48 * HOUR })
    expect(cycle.phases.pickup).toMatchObject({ count: 1, mean: 24 * HOUR })
    expect(cycle.phases.review).toMatchObject({ count: 1, mean: 36 * HOUR })
    expect(cycle.phases.merge).toMatchObject({ count: 1, mean: 12 * HOUR })
  })

  it('lists the slowest merges', () => {
    expect(snapshot.details!.slowestMerges).toEqual([
      { number: 1, title: 'PR 1', author: 'alice', seconds: 96 * HOUR },
      { number: 3, title: 'PR 3', author: 'alice', seconds: HOUR }
    ])
  })

  it('keeps only the metrics asked for, in the schema order', () => {
    const few = computeSnapshot(history({ pulls }), options({ metrics: ['timeToMerge', 'pullRequests'] }))
    expect(Object.keys(few.metrics)).toEqual(['timeToMerge', 'pullRequests'])
    expect(few).toMatchObject({
      schemaVersion: 2,
      repository: 'acme/widgets',
      period: '2026-W45',
      complete: true,
      dataProblems: []
    })
    expect(few.window).toEqual({
      since: '2026-11-02T00:00:00Z',
      until: '2026-11-09T00:00:00Z',
      bucket: 'day',
      timezone: 'UTC'
    })
  })

  it('is all zeros for an empty window', () => {
    const empty = computeSnapshot(
      history({ pulls }),
      options({ since: '2026-12-01T00:00:00Z', until: '2026-12-01T00:00:00Z' })
    )
    expect(empty.metrics.pullRequests).toEqual({ opened: 0, merged: 0, closedUnmerged: 0, buckets: [] })
    expect(empty.metrics.timeToMerge).toEqual({ count: 0, buckets: [] })
  })
})
