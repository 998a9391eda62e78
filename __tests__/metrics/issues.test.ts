import { computeSnapshot } from '../../src/metrics/index.js'
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

  it('measures first response by someone else who counts', () => {
    expect(m.issueFirstResponse).toMatchObject({ count: 2, min: 3 * HOUR, max: 48 * HOUR })
  })
  it('measures time to close', () => {
    expect(m.issueTimeToClose).toMatchObject({ count: 1, mean: 48 * HOUR })
  })
  it('counts opened, closed and transferred in the window', () => {
    expect(m.issues).toEqual({ opened: 1, closed: 1, transferred: 1 })
  })
})
