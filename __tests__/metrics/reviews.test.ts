import { computeSnapshot } from '../../src/metrics/index.js'
import type { ReviewTurnaround } from '../../src/metrics/types.js'
import type { PullRequest } from '../../src/model.js'
import { HOUR, history, options, pull } from './builders.js'

function turnaround(
  pulls: PullRequest[],
  extra: Parameters<typeof options>[0] = {},
  teams: Record<string, string[]> | null = null
): ReviewTurnaround {
  const snapshot = computeSnapshot(
    history({ pulls, teams }),
    options({ metrics: ['reviewTurnaround'], ...extra })
  )
  return snapshot.metrics.reviewTurnaround!
}

const req = (reviewer: string, at: string) => ({ type: 'requested' as const, reviewer, at })
const rm = (reviewer: string, at: string) => ({ type: 'removed' as const, reviewer, at })
const rev = (
  author: string | null,
  submittedAt: string,
  state: 'APPROVED' | 'COMMENTED' | 'PENDING' | 'CHANGES_REQUESTED' = 'APPROVED'
) => ({
  author,
  state,
  submittedAt
})

describe('reviewTurnaround', () => {
  it('measures a request to that reviewer’s next review', () => {
    const t = turnaround([
      pull(1, {
        reviewRequests: [req('bob', '2026-11-02T10:00:00Z'), req('carol', '2026-11-02T10:00:00Z')],
        reviews: [rev('carol', '2026-11-02T11:00:00Z', 'COMMENTED'), rev('bob', '2026-11-02T13:00:00Z')]
      })
    ])
    expect(t.count).toBe(2)
    expect(t.byReviewer).toEqual({
      bob: { count: 1, mean: 3 * HOUR, median: 3 * HOUR, p90: 3 * HOUR, min: 3 * HOUR, max: 3 * HOUR },
      carol: { count: 1, mean: HOUR, median: HOUR, p90: HOUR, min: HOUR, max: HOUR }
    })
    expect(t.min).toBe(HOUR)
    expect(t.max).toBe(3 * HOUR)
  })

  it('drops a request removed before the review', () => {
    const t = turnaround([
      pull(1, {
        reviewRequests: [req('bob', '2026-11-02T10:00:00Z'), rm('bob', '2026-11-02T12:00:00Z')],
        reviews: [rev('bob', '2026-11-02T13:00:00Z')]
      })
    ])
    expect(t.count).toBe(0)
    expect(t.pending.count).toBe(0)
  })

  it('opens a new value on a re-request, and a review only answers the request before it', () => {
    const t = turnaround([
      pull(1, {
        reviewRequests: [
          req('bob', '2026-11-02T10:00:00Z'),
          req('bob', '2026-11-03T10:00:00Z'),
          rm('bob', '2026-11-04T09:00:00Z'),
          req('bob', '2026-11-04T10:00:00Z')
        ],
        reviews: [
          rev('bob', '2026-11-02T12:00:00Z', 'CHANGES_REQUESTED'),
          rev('bob', '2026-11-03T11:00:00Z', 'CHANGES_REQUESTED'),
          rev('bob', '2026-11-04T14:00:00Z')
        ]
      })
    ])
    expect(t.count).toBe(3)
    expect(t.byReviewer.bob).toMatchObject({ count: 3, min: HOUR, max: 4 * HOUR, median: 2 * HOUR })
  })

  it('keeps the first of two requests that were never answered in between', () => {
    const t = turnaround([
      pull(1, {
        reviewRequests: [req('bob', '2026-11-02T10:00:00Z'), req('bob', '2026-11-02T11:00:00Z')],
        reviews: [rev('bob', '2026-11-02T12:00:00Z')]
      })
    ])
    expect(t.count).toBe(1)
    expect(t.max).toBe(2 * HOUR)
  })

  it('ignores a review by someone never requested', () => {
    const t = turnaround([
      pull(1, {
        reviewRequests: [req('bob', '2026-11-02T10:00:00Z')],
        reviews: [rev('dave', '2026-11-02T11:00:00Z'), rev('bob', '2026-11-02T15:00:00Z')]
      })
    ])
    expect(t.count).toBe(1)
    expect(t.max).toBe(5 * HOUR)
    expect(Object.keys(t.byReviewer)).toEqual(['bob'])
  })

  it('resolves a team request by a member’s review when membership is known', () => {
    const t = turnaround(
      [
        pull(1, {
          reviewRequests: [req('team:core', '2026-11-02T10:00:00Z')],
          reviews: [rev('outsider', '2026-11-02T11:00:00Z'), rev('erin', '2026-11-02T12:00:00Z')]
        })
      ],
      {},
      { core: ['erin', 'frank'] }
    )
    expect(t.count).toBe(1)
    expect(t.max).toBe(2 * HOUR)
    expect(Object.keys(t.byReviewer)).toEqual(['erin'])
  })

  it('resolves a team request by anyone but the author under team:slug when membership is unknown', () => {
    const t = turnaround([
      pull(1, {
        reviewRequests: [req('team:core', '2026-11-02T10:00:00Z')],
        reviews: [rev('alice', '2026-11-02T10:30:00Z', 'COMMENTED'), rev('outsider', '2026-11-02T11:00:00Z')]
      })
    ])
    expect(t.count).toBe(1)
    expect(t.byReviewer['team:core']).toMatchObject({ count: 1, mean: HOUR })
  })

  describe('one review answers a reviewer once', () => {
    // The shape other tools met on generated history: a person asked directly and through their team
    // in the same second, then one review from them. It is one wait, so one value.
    const askedTwice = pull(1, {
      reviewRequests: [req('team:core', '2026-11-02T10:00:00Z'), req('erin', '2026-11-02T10:00:00Z')],
      reviews: [rev('erin', '2026-11-02T12:00:00Z')]
    })

    it('makes one value when a member was asked directly and through the team at the same moment', () => {
      const t = turnaround([askedTwice], {}, { core: ['erin', 'frank'] })
      expect(t.count).toBe(1)
      expect(t.byReviewer).toEqual({
        erin: { count: 1, mean: 2 * HOUR, median: 2 * HOUR, p90: 2 * HOUR, min: 2 * HOUR, max: 2 * HOUR }
      })
    })

    it('does the same when team membership is unknown, counting the value under the person', () => {
      const t = turnaround([askedTwice])
      expect(t.count).toBe(1)
      expect(Object.keys(t.byReviewer)).toEqual(['erin'])
      expect(t.pending.count).toBe(0)
    })

    it('measures from the earliest of the requests the review answers', () => {
      const t = turnaround(
        [
          pull(1, {
            reviewRequests: [req('erin', '2026-11-02T09:00:00Z'), req('team:core', '2026-11-02T11:00:00Z')],
            reviews: [rev('erin', '2026-11-02T12:00:00Z')]
          })
        ],
        {},
        { core: ['erin'] }
      )
      expect(t).toMatchObject({ count: 1, max: 3 * HOUR })
    })

    it('makes one value for two teams asked at the same moment that the reviewer belongs to', () => {
      const t = turnaround(
        [
          pull(1, {
            reviewRequests: [
              req('team:core', '2026-11-02T10:00:00Z'),
              req('team:ui', '2026-11-02T10:00:00Z')
            ],
            reviews: [rev('erin', '2026-11-02T11:00:00Z')]
          })
        ],
        {},
        { core: ['erin'], ui: ['erin', 'frank'] }
      )
      expect(t).toMatchObject({ count: 1, max: HOUR })
    })

    it('still gives each of two reviews its value: a teammate answers the team, the person their own request', () => {
      const t = turnaround(
        [
          pull(1, {
            reviewRequests: [req('team:core', '2026-11-02T10:00:00Z'), req('erin', '2026-11-02T10:00:00Z')],
            reviews: [rev('frank', '2026-11-02T11:00:00Z'), rev('erin', '2026-11-02T14:00:00Z')]
          })
        ],
        {},
        { core: ['erin', 'frank'] }
      )
      expect(t.count).toBe(2)
      expect(t.byReviewer.frank).toMatchObject({ count: 1, mean: HOUR })
      expect(t.byReviewer.erin).toMatchObject({ count: 1, mean: 4 * HOUR })
    })

    it('lists each request still open at until as pending', () => {
      const t = turnaround([
        pull(1, {
          reviewRequests: [req('team:core', '2026-11-08T00:00:00Z'), req('erin', '2026-11-08T00:00:00Z')],
          reviews: [rev('erin', '2026-11-09T10:00:00Z')]
        })
      ])
      expect(t.count).toBe(0)
      expect(t.pending).toEqual({ count: 2, oldestAgeSeconds: 24 * HOUR })
    })
  })

  it('never counts bot reviews, self-reviews, deleted accounts or PENDING reviews', () => {
    const t = turnaround([
      pull(1, {
        author: 'alice',
        reviewRequests: [req('team:core', '2026-11-02T10:00:00Z')],
        reviews: [
          rev('alice', '2026-11-02T10:10:00Z'),
          rev('renovate[bot]', '2026-11-02T10:20:00Z'),
          rev(null, '2026-11-02T10:30:00Z'),
          rev('gina', '2026-11-02T10:40:00Z', 'PENDING'),
          rev('gina', '2026-11-02T12:00:00Z')
        ]
      })
    ])
    expect(t.count).toBe(1)
    expect(t.max).toBe(2 * HOUR)
    expect(Object.keys(t.byReviewer)).toEqual(['team:core'])
  })

  it('counts bots when includeBots is set, and drops ignored users', () => {
    const pulls = [
      pull(1, {
        reviewRequests: [req('copilot[bot]', '2026-11-02T10:00:00Z'), req('mallory', '2026-11-02T10:00:00Z')],
        reviews: [
          rev('copilot[bot]', '2026-11-02T10:05:00Z', 'COMMENTED'),
          rev('mallory', '2026-11-02T11:00:00Z')
        ]
      })
    ]
    expect(turnaround(pulls).count).toBe(1)
    expect(turnaround(pulls, { ignoreUsers: ['Mallory'] }).count).toBe(0)
    expect(turnaround(pulls, { includeBots: true }).count).toBe(2)
    expect(Object.keys(turnaround(pulls, { includeBots: true }).byReviewer)).toEqual([
      'copilot[bot]',
      'mallory'
    ])
  })

  it('leaves out pull requests written by a bot', () => {
    const t = turnaround([
      pull(1, {
        author: 'dependabot[bot]',
        reviewRequests: [req('bob', '2026-11-02T10:00:00Z')],
        reviews: [rev('bob', '2026-11-02T11:00:00Z')]
      })
    ])
    expect(t.count).toBe(0)
  })

  it('places a value by when the review came, not when it was requested', () => {
    const t = turnaround([
      pull(1, {
        // Requested before the window, answered inside it.
        reviewRequests: [req('bob', '2026-10-30T10:00:00Z'), req('carol', '2026-11-08T20:00:00Z')],
        // carol answers after the window ends: pending at until.
        reviews: [rev('bob', '2026-11-03T10:00:00Z'), rev('carol', '2026-11-09T10:00:00Z')]
      })
    ])
    expect(t.count).toBe(1)
    expect(t.max).toBe(4 * 24 * HOUR)
    expect(t.buckets.map((b) => b.count)).toEqual([0, 1, 0, 0, 0, 0, 0])
    expect(t.pending).toEqual({ count: 1, oldestAgeSeconds: 4 * HOUR })
  })

  it('lists pending requests with the oldest age, but not on closed pull requests', () => {
    const snapshot = computeSnapshot(
      history({
        pulls: [
          pull(1, {
            title: 'Open one',
            reviewRequests: [req('bob', '2026-11-05T00:00:00Z'), req('team:core', '2026-11-08T00:00:00Z')]
          }),
          pull(2, {
            closedAt: '2026-11-06T00:00:00Z',
            reviewRequests: [req('bob', '2026-11-03T00:00:00Z')]
          }),
          // Removed after the window ended: still open at until.
          pull(3, {
            reviewRequests: [req('carol', '2026-11-04T00:00:00Z'), rm('carol', '2026-11-10T00:00:00Z')]
          })
        ]
      }),
      options({ metrics: ['reviewTurnaround'] })
    )
    expect(snapshot.metrics.reviewTurnaround!.pending).toEqual({ count: 3, oldestAgeSeconds: 5 * 24 * HOUR })
    expect(snapshot.details!.pendingReviews).toEqual([
      { number: 3, title: 'PR 3', reviewer: 'carol', ageSeconds: 5 * 24 * HOUR },
      { number: 1, title: 'Open one', reviewer: 'bob', ageSeconds: 4 * 24 * HOUR },
      { number: 1, title: 'Open one', reviewer: 'team:core', ageSeconds: 24 * HOUR }
    ])
  })

  it('is empty, with its buckets, for an empty window', () => {
    const t = turnaround([])
    expect(t.count).toBe(0)
    expect(t.mean).toBeUndefined()
    expect(t.buckets).toHaveLength(7)
    expect(t.pending).toEqual({ count: 0, oldestAgeSeconds: null })
    expect(t.byReviewer).toEqual({})
  })

  it('reports the working-hours clock beside the wall clock', () => {
    const t = turnaround(
      [
        pull(1, {
          // Friday 16:00 → Monday 10:00 (UTC): 66 h on the wall clock, 2 h of working time.
          reviewRequests: [req('bob', '2026-11-06T16:00:00Z')],
          reviews: [rev('bob', '2026-11-09T10:00:00Z')]
        })
      ],
      {
        until: '2026-11-10T00:00:00Z',
        workingHours: {
          days: [1, 2, 3, 4, 5],
          start: 540,
          end: 1020,
          holidays: [],
          text: 'Mon-Fri 09:00-17:00'
        }
      }
    )
    expect(t.mean).toBe(66 * HOUR)
    expect(t.workingHours).toMatchObject({ count: 1, mean: 2 * HOUR })
    expect(t.workingHours!.buckets.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 1])
  })

  it('omits the working-hours figures when no working hours are set', () => {
    expect(turnaround([]).workingHours).toBeUndefined()
  })
})

describe('timeToFirstReview', () => {
  const first = (pulls: PullRequest[]) =>
    computeSnapshot(history({ pulls }), options({ metrics: ['timeToFirstReview'] })).metrics
      .timeToFirstReview!

  it('runs from createdAt to the first review by someone else', () => {
    const t = first([
      pull(1, {
        createdAt: '2026-11-02T09:00:00Z',
        reviews: [
          rev('alice', '2026-11-02T09:30:00Z'),
          rev('dependabot[bot]', '2026-11-02T09:40:00Z'),
          rev('bob', '2026-11-02T11:00:00Z', 'COMMENTED')
        ]
      })
    ])
    expect(t).toMatchObject({ count: 1, mean: 2 * HOUR })
  })

  it('starts at the last ready-for-review before the first review for a draft', () => {
    const t = first([
      pull(1, {
        createdAt: '2026-11-02T09:00:00Z',
        draftEvents: [
          { type: 'ready', at: '2026-11-03T09:00:00Z' },
          { type: 'draft', at: '2026-11-03T10:00:00Z' },
          { type: 'ready', at: '2026-11-04T09:00:00Z' },
          { type: 'draft', at: '2026-11-05T09:00:00Z' },
          { type: 'ready', at: '2026-11-06T09:00:00Z' }
        ],
        reviews: [rev('bob', '2026-11-04T12:00:00Z'), rev('carol', '2026-11-06T12:00:00Z')]
      })
    ])
    expect(t).toMatchObject({ count: 1, mean: 3 * HOUR })
  })

  describe('a review by a deleted account ("ghost")', () => {
    const ghostWindow = { since: '2021-07-26T00:00:00Z', until: '2021-08-09T00:00:00Z' }
    const firstIn = (pulls: PullRequest[]) =>
      computeSnapshot(
        history({ pulls }),
        options({ metrics: ['timeToFirstReview', 'cycleTime'], ...ghostWindow })
      ).metrics

    // The shape of bitcoin-core/gui#391: first reviewed 59 minutes after opening by an account deleted
    // since, next by a reviewer who still exists four days later.
    const pr391 = pull(391, {
      author: 'shaavan',
      createdAt: '2021-07-29T19:42:00Z',
      reviews: [
        rev(null, '2021-07-29T20:41:19Z', 'COMMENTED'),
        rev('jarolrod', '2021-08-03T04:18:39Z', 'COMMENTED')
      ]
    })

    it('ends time to first review: the pull request was reviewed', () => {
      expect(firstIn([pr391]).timeToFirstReview).toMatchObject({ count: 1, mean: 59 * 60 + 19 })
    })

    it('ends the pickup phase of the cycle in the same way', () => {
      const merged = pull(391, {
        ...pr391,
        firstCommitAt: '2021-07-29T19:00:00Z',
        mergedAt: '2021-08-05T10:00:00Z',
        closedAt: '2021-08-05T10:00:00Z'
      })
      expect(firstIn([merged]).cycleTime!.phases.pickup).toMatchObject({ count: 1, mean: 59 * 60 + 19 })
    })

    it('does not count when the author is deleted too: nobody can tell it was someone else', () => {
      const both = pull(186, { ...pr391, author: null, reviews: [rev(null, '2021-07-29T20:41:19Z')] })
      expect(firstIn([both]).timeToFirstReview!.count).toBe(0)
      // A review by a person on a deleted author's pull request still counts.
      const other = pull(898, { ...pr391, author: null })
      expect(firstIn([other]).timeToFirstReview).toMatchObject({
        count: 1,
        mean: 4 * 24 * HOUR + 8 * HOUR + 36 * 60 + 39
      })
    })
  })

  it('has no value while nobody else reviewed', () => {
    expect(
      first([
        pull(1, {
          reviews: [rev('alice', '2026-11-02T10:00:00Z'), rev('bob', '2026-11-02T10:00:00Z', 'PENDING')]
        })
      ]).count
    ).toBe(0)
  })
})

describe('daylight-saving change in the report timezone', () => {
  // Europe/Berlin leaves summer time on Sunday 2025-10-26 at 03:00 local (01:00Z).
  const snapshot = computeSnapshot(
    history({
      pulls: [
        pull(1, {
          // Saturday 22:00 local (20:00Z) → Sunday 22:00 local (21:00Z): 25 hours of real time.
          reviewRequests: [req('bob', '2025-10-25T20:00:00Z')],
          reviews: [rev('bob', '2025-10-26T21:00:00Z')]
        }),
        pull(2, {
          // Answered at 00:30 local on Monday (23:30Z on Sunday): Monday's bucket.
          reviewRequests: [req('bob', '2025-10-26T22:30:00Z')],
          reviews: [rev('bob', '2025-10-26T23:30:00Z')]
        })
      ]
    }),
    options({
      since: '2025-10-24T22:00:00Z',
      until: '2025-10-28T23:00:00Z',
      timezone: 'Europe/Berlin',
      metrics: ['reviewTurnaround']
    })
  )
  const t = snapshot.metrics.reviewTurnaround!

  it('measures real elapsed time across the change', () => {
    expect(t.max).toBe(25 * HOUR)
    expect(t.min).toBe(HOUR)
  })

  it('places values by local day, with buckets at local midnight', () => {
    expect(t.buckets.map((b) => [b.start, b.count])).toEqual([
      ['2025-10-25T00:00:00+02:00', 0],
      ['2025-10-26T00:00:00+02:00', 1],
      ['2025-10-27T00:00:00+01:00', 1],
      ['2025-10-28T00:00:00+01:00', 0]
    ])
  })
})
