/** Honest comparisons: sample sizes, better/worse per metric, "no data" and the few-values mark. */
import type { Snapshot } from '../../src/metrics/types.js'
import { buildHeadlines } from '../../src/report/headlines.js'
import { emptyNotes } from '../../src/report/context-work.js'

function snap(metrics: Snapshot['metrics']): Snapshot {
  return {
    schemaVersion: 2,
    repository: 'acme/widgets',
    generatedAt: '2026-11-09T00:00:00Z',
    period: '2026-W45',
    window: { since: '2026-11-02T00:00:00Z', until: '2026-11-09T00:00:00Z', bucket: 'day', timezone: 'UTC' },
    metrics,
    complete: true,
    dataProblems: []
  }
}

const dist = (count: number, median?: number) => ({ count, median, buckets: [] })
const pulls = (merged: number) => ({ opened: 0, merged, closedUnmerged: 0, buckets: [] })

describe('headline comparisons', () => {
  it('says whether a change is better or worse for the metric, with the sample sizes', () => {
    const [merged, merge] = buildHeadlines(
      snap({ timeToMerge: dist(20, 3600), pullRequests: pulls(20) }),
      snap({ timeToMerge: dist(10, 7200), pullRequests: pulls(10) })
    ).filter((h) => h.key === 'timeToMergeMedianSeconds' || h.key === 'pullRequestsMerged')
    expect(merged).toMatchObject({ change: '↑ 100%, better', verdict: 'better', sample: null })
    expect(merge).toMatchObject({
      shown: '1 h (n = 20)',
      previousShown: '2 h (n = 10)',
      change: '↓ 50%, better',
      verdict: 'better'
    })
  })

  it('marks a change resting on few values, and says no data when a side has no values', () => {
    const [few] = buildHeadlines(
      snap({ cycleTime: dist(4, 7200) as never }),
      snap({ cycleTime: dist(9, 3600) as never })
    )
    expect(few.change).toBe('↑ 100%, worse (few values)')
    const [empty] = buildHeadlines(snap({ timeToMerge: dist(5, 3600) }), snap({ timeToMerge: dist(0) }))
    expect(empty.change).toBe('no data')
  })

  it('says no data for every change when the previous period starts before the history', () => {
    const rows = buildHeadlines(snap({ pullRequests: pulls(665) }), snap({ pullRequests: pulls(0) }), {
      previousCovered: false
    })
    expect(rows.map((r) => [r.previousText, r.change])).toEqual([
      ['no data', 'no data'],
      ['no data', 'no data']
    ])
  })
})

describe('empty metrics', () => {
  it('says why review turnaround is empty in a repository that never requests reviews', () => {
    const s = snap({
      reviewTurnaround: { ...dist(0), byReviewer: {}, pending: { count: 0, oldestAgeSeconds: null } }
    })
    const trend = [1, 2, 3].map((i) => ({
      period: `p${i}`,
      since: '',
      until: '',
      values: { reviewTurnaround: { median: null, count: 0 } }
    }))
    expect(emptyNotes(s, trend)[0]).toMatch(/no review was requested in this period or the 2 before it/)
    expect(emptyNotes(s, null)[0]).toBe('Review turnaround: no review request was answered in this period.')
  })
})
