/**
 * Durations that come out negative (GitHub's timestamps out of order) are never values: they are
 * dropped and listed among the snapshot's data problems. The cases have the shapes met in real
 * reports: a minimum time to merge of −28,272 days, an issue first response of −1 day.
 */
import { computeSnapshot } from '../../src/metrics/index.js'
import { LISTED_LIMIT } from '../../src/metrics/out-of-order.js'
import { HOUR, history, issue, options, pull } from './builders.js'

const DAY = 24 * HOUR

// Merged inside the window, "opened" 28,272 days later.
const backwards = pull(7, {
  createdAt: '2104-03-31T09:00:00Z',
  mergedAt: '2026-11-03T09:00:00Z',
  closedAt: '2026-11-03T09:00:00Z'
})
const normal = pull(8, {
  createdAt: '2026-11-02T09:00:00Z',
  mergedAt: '2026-11-02T12:00:00Z',
  closedAt: '2026-11-02T12:00:00Z'
})
// Answered a day before it was opened.
const earlyAnswer = issue(21, {
  createdAt: '2026-11-04T09:00:00Z',
  comments: [{ author: 'bob', at: '2026-11-03T09:00:00Z' }]
})

describe('negative durations', () => {
  const snapshot = computeSnapshot(history({ pulls: [backwards, normal], issues: [earlyAnswer] }), options())
  const m = snapshot.metrics

  it('never reach the statistics', () => {
    expect(m.timeToMerge).toMatchObject({ count: 1, min: 3 * HOUR, max: 3 * HOUR })
    expect(m.issueFirstResponse!.count).toBe(0)
    expect(snapshot.details!.slowestMerges.map((s) => s.number)).toEqual([8])
  })

  it('still count what did happen: the merge and the opened issue', () => {
    expect(m.pullRequests).toMatchObject({ merged: 2 })
    expect(m.issues).toMatchObject({ opened: 1 })
  })

  it('are listed among the data problems, with the count and each item', () => {
    expect(snapshot.dataProblems).toEqual([
      {
        kind: 'out-of-order',
        message: expect.stringMatching(/^2 values were dropped .*: issueFirstResponse 1, timeToMerge 1\.$/),
        items: [
          {
            metric: 'issueFirstResponse',
            item: 'issue',
            number: 21,
            start: '2026-11-04T09:00:00Z',
            end: '2026-11-03T09:00:00Z',
            seconds: -DAY
          },
          {
            metric: 'timeToMerge',
            item: 'pull',
            number: 7,
            start: '2104-03-31T09:00:00Z',
            end: '2026-11-03T09:00:00Z',
            seconds: -28272 * DAY
          }
        ]
      }
    ])
  })

  it('keep the data problems the caller passed in, before their own', () => {
    const withOthers = computeSnapshot(
      history({ pulls: [backwards] }),
      options({ dataProblems: [{ kind: 'sync', message: 'teams unreadable' }] })
    )
    expect(withOthers.dataProblems.map((p) => p.kind)).toEqual(['sync', 'out-of-order'])
  })

  it('drop a first review or an issue close before the opening, and a negative cycle phase', () => {
    const s = computeSnapshot(
      history({
        pulls: [
          pull(9, {
            createdAt: '2026-11-03T09:00:00Z',
            reviews: [{ author: 'bob', state: 'APPROVED', submittedAt: '2026-11-03T08:00:00Z' }]
          }),
          // First commit authored after the pull request was opened: coding would be −1 h.
          pull(10, {
            createdAt: '2026-11-03T09:00:00Z',
            firstCommitAt: '2026-11-03T10:00:00Z',
            mergedAt: '2026-11-03T12:00:00Z',
            closedAt: '2026-11-03T12:00:00Z'
          })
        ],
        issues: [issue(22, { createdAt: '2026-11-05T09:00:00Z', closedAt: '2026-11-05T08:00:00Z' })]
      }),
      options()
    )
    expect(s.metrics.timeToFirstReview!.count).toBe(0)
    expect(s.metrics.issueTimeToClose!.count).toBe(0)
    expect(s.metrics.cycleTime).toMatchObject({ count: 1, mean: 2 * HOUR })
    expect(s.metrics.cycleTime!.phases.coding.count).toBe(0)
    expect(s.dataProblems[0].items!.map((i) => [i.metric, i.number, i.seconds])).toEqual([
      ['cycleTime.coding', 10, -HOUR],
      ['issueTimeToClose', 22, -HOUR],
      ['timeToFirstReview', 9, -HOUR]
    ])
  })

  it('are not reported when the value would have ended outside the window', () => {
    const outside = pull(11, {
      createdAt: '2104-03-31T09:00:00Z',
      mergedAt: '2026-10-20T09:00:00Z',
      closedAt: '2026-10-20T09:00:00Z'
    })
    expect(computeSnapshot(history({ pulls: [outside] }), options()).dataProblems).toEqual([])
  })

  it(`list at most ${LISTED_LIMIT} items, and say so`, () => {
    const many = Array.from({ length: LISTED_LIMIT + 5 }, (_, i) =>
      issue(100 + i, { createdAt: '2026-11-04T09:00:00Z', closedAt: '2026-11-04T08:00:00Z' })
    )
    const [problem] = computeSnapshot(history({ issues: many }), options()).dataProblems
    expect(problem.items).toHaveLength(LISTED_LIMIT)
    expect(problem.message).toMatch(
      new RegExp(`^${LISTED_LIMIT + 5} values .* The first ${LISTED_LIMIT} are listed\\.$`)
    )
  })
})
