/** Review load per reviewer, pull-request size bands, trend points and the v1 → v2 snapshot upgrade. */
import { computeSnapshot } from '../../src/metrics/index.js'
import { trendPoints } from '../../src/metrics/trends.js'
import { parseStoredSnapshot, upgradeSnapshot } from '../../src/metrics/upgrade.js'
import { history, options, pull } from './builders.js'

describe('review load', () => {
  it('counts requests waiting at until per reviewer and reviews given in the window', () => {
    const h = history({
      pulls: [
        pull(1, {
          createdAt: '2026-11-01T00:00:00Z',
          reviewRequests: [
            { type: 'requested', at: '2026-11-03T00:00:00Z', reviewer: 'bob' },
            { type: 'requested', at: '2026-11-03T00:00:00Z', reviewer: 'carol' }
          ],
          reviews: [
            { author: 'carol', state: 'APPROVED', submittedAt: '2026-11-04T00:00:00Z' },
            { author: 'alice', state: 'COMMENTED', submittedAt: '2026-11-04T00:00:00Z' }
          ]
        }),
        pull(2, {
          createdAt: '2026-11-01T00:00:00Z',
          reviewRequests: [{ type: 'requested', at: '2026-11-05T00:00:00Z', reviewer: 'bob' }],
          reviews: [
            { author: 'carol', state: 'COMMENTED', submittedAt: '2026-10-30T00:00:00Z' },
            { author: 'carol', state: 'COMMENTED', submittedAt: '2026-11-05T00:00:00Z' }
          ]
        })
      ]
    })
    const load = computeSnapshot(h, options({ metrics: ['reviewLoad'] })).metrics.reviewLoad!
    // The author's own review (alice) and carol's review before the window do not count.
    expect(load.reviewers).toEqual([
      { reviewer: 'bob', waiting: 2, reviewsGiven: 0 },
      { reviewer: 'carol', waiting: 0, reviewsGiven: 2 }
    ])
  })
})

describe('pull request size', () => {
  it('bands merged pull requests by lines changed with their median time to merge', () => {
    const merged = (n: number, lines: number, hours: number) =>
      pull(n, {
        createdAt: '2026-11-02T00:00:00Z',
        mergedAt: new Date(Date.parse('2026-11-02T00:00:00Z') + hours * 3600000).toISOString(),
        closedAt: new Date(Date.parse('2026-11-02T00:00:00Z') + hours * 3600000).toISOString(),
        additions: lines - 1,
        deletions: 1
      })
    const h = history({
      pulls: [merged(1, 5, 1), merged(2, 9, 3), merged(3, 40, 10), merged(4, 2000, 100), pull(5)]
    })
    const size = computeSnapshot(h, options({ metrics: ['pullRequestSize'] })).metrics.pullRequestSize!
    expect(size.count).toBe(4)
    expect(size.median).toBe(24.5)
    expect(size.bands.map((b) => [b.count, b.timeToMergeMedianSeconds])).toEqual([
      [2, 2 * 3600],
      [1, 10 * 3600],
      [0, null],
      [0, null],
      [1, 100 * 3600]
    ])
  })
})

describe('trend points', () => {
  it('computes the medians of each period from the history, reusing known snapshots', () => {
    const h = history({
      pulls: [
        pull(1, {
          createdAt: '2026-10-27T00:00:00Z',
          mergedAt: '2026-10-28T00:00:00Z',
          closedAt: '2026-10-28T00:00:00Z'
        }),
        pull(2, {
          createdAt: '2026-11-02T00:00:00Z',
          mergedAt: '2026-11-02T06:00:00Z',
          closedAt: '2026-11-02T06:00:00Z'
        })
      ]
    })
    const spans = [
      { since: '2026-10-19T00:00:00Z', until: '2026-10-26T00:00:00Z', period: '2026-W43' },
      { since: '2026-10-26T00:00:00Z', until: '2026-11-02T00:00:00Z', period: '2026-W44' },
      { since: '2026-11-02T00:00:00Z', until: '2026-11-09T00:00:00Z', period: '2026-W45' }
    ]
    const known = computeSnapshot(h, options())
    const points = trendPoints(h, spans, (span) => options({ ...span }), [known])
    expect(points.map((p) => p.period)).toEqual(['2026-W43', '2026-W44', '2026-W45'])
    expect(points.map((p) => p.values.timeToMerge)).toEqual([
      { median: null, count: 0 },
      { median: 86400, count: 1 },
      { median: 6 * 3600, count: 1 }
    ])
  })
})

describe('snapshot upgrade', () => {
  it('reads a v1 snapshot as v2, figures unchanged', () => {
    const v1 = {
      schemaVersion: 1,
      period: '2026-W45',
      metrics: { timeToMerge: { count: 0, buckets: [] } },
      dataProblems: []
    }
    const upgraded = upgradeSnapshot(v1)
    expect(upgraded.schemaVersion).toBe(2)
    expect(upgraded.metrics).toEqual(v1.metrics)
    expect(parseStoredSnapshot('not json')).toBeNull()
  })

  it('refuses a snapshot from a newer build, saying what to do', () => {
    expect(() => upgradeSnapshot({ schemaVersion: 3 }, 'snapshots/x.json')).toThrow(
      /snapshots\/x.json.*update the action/
    )
  })
})
