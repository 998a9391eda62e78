import { computeSnapshot } from '../../src/metrics/index.js'
import type { Issue } from '../../src/model.js'
import { HOUR, history, issue, options, pull } from './builders.js'

describe('issue metrics', () => {
  const issues = [
    issue(1, {
      createdAt: '2026-11-02T09:00:00Z',
      closedAt: '2026-11-04T09:00:00Z',
      comments: [
        { author: 'alice', at: '2026-11-02T09:10:00Z' },
        { author: null, at: '2026-11-02T09:20:00Z' },
        { author: 'github-actions[bot]', at: '2026-11-02T09:30:00Z' },
        { author: 'bob', at: '2026-11-02T12:00:00Z' }
      ]
    }),
    // Created before the window; first response inside.
    issue(2, {
      createdAt: '2026-10-31T09:00:00Z',
      comments: [{ author: 'carol', at: '2026-11-02T09:00:00Z' }],
      transfers: [{ at: '2026-11-03T00:00:00Z', from: 'acme/old' }]
    }),
    // A pull request listed among the issues is not an issue.
    issue(9, { createdAt: '2026-11-03T09:00:00Z', closedAt: '2026-11-03T10:00:00Z' }),
    // Ignored author.
    issue(3, { author: 'spammer', createdAt: '2026-11-03T09:00:00Z', closedAt: '2026-11-03T10:00:00Z' })
  ]
  const m = computeSnapshot(
    history({ issues, pulls: [pull(9, { createdAt: '2026-10-01T00:00:00Z' })] }),
    options({ ignoreUsers: ['spammer'] })
  ).metrics

  it('measures first response by someone else who counts, a deleted account included', () => {
    // Issue 1: the comment by a deleted account (20 minutes in) is its first response.
    expect(m.issueFirstResponse).toMatchObject({ count: 2, min: 20 * 60, max: 48 * HOUR })
  })
  it('measures time to close', () => {
    expect(m.issueTimeToClose).toMatchObject({ count: 1, mean: 48 * HOUR })
  })
  it('counts opened, closed and transferred in the window', () => {
    expect(m.issues).toEqual({ opened: 1, closed: 1, transferred: 1 })
  })
})

describe('issue first response by a deleted account ("ghost")', () => {
  const window = { since: '2020-08-15T00:00:00Z', until: '2020-09-01T00:00:00Z' }
  const firstResponse = (issues: Issue[]) =>
    computeSnapshot(history({ issues }), options({ metrics: ['issueFirstResponse'], ...window })).metrics
      .issueFirstResponse!

  it('counts: the shape of bitcoin-core/gui#64, first answered by an account deleted since', () => {
    const t = firstResponse([
      issue(64, {
        author: 'fanquake',
        createdAt: '2020-08-15T02:24:03Z',
        comments: [
          { author: null, at: '2020-08-21T10:19:59Z' },
          { author: 'Sjors', at: '2020-08-28T12:55:33Z' }
        ]
      })
    ])
    expect(t).toMatchObject({ count: 1, mean: 6 * 24 * HOUR + 7 * HOUR + 55 * 60 + 56 })
  })

  it('does not count on an issue whose author is deleted too (bitcoin-core/gui#76)', () => {
    const t = firstResponse([
      issue(76, {
        author: null,
        createdAt: '2020-08-26T22:57:30Z',
        comments: [{ author: null, at: '2020-08-28T02:02:20Z' }]
      })
    ])
    expect(t.count).toBe(0)
  })
})
