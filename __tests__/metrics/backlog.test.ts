/**
 * The backlog at `until`: open non-draft pull requests, those with no review by someone else, and
 * issues with no answer by someone else. Checked on small built histories for each rule, and on the
 * shared datasets at their own end against a hand count (the numbers below were derived once from
 * archive.json and timeline.json with plain loops, and spot-checked in the raw records: #902 has no
 * review at all, #935 one COMMENTED review by luke-jr, #817 and #870 are drafts, issue #946 has no comment).
 */
import { computeSnapshot } from '../../src/metrics/index.js'
import { draftAt } from '../../src/metrics/backlog.js'
import type { Backlog } from '../../src/metrics/types.js'
import { datasetAvailable, loadDataset } from './dataset.js'
import { history, issue, options, pull } from './builders.js'

const UNTIL = '2026-11-09T00:00:00Z'

function backlogOf(h: Parameters<typeof computeSnapshot>[0], extra = {}): Backlog {
  const snapshot = computeSnapshot(h, options({ metrics: ['backlog'], ...extra }))
  expect(snapshot.schemaVersion).toBe(2)
  return snapshot.metrics.backlog!
}

describe('backlog rules', () => {
  it('counts pull requests open at until and not draft then, with their age since ready', () => {
    const b = backlogOf(
      history({
        pulls: [
          pull(1, { createdAt: '2026-11-01T00:00:00Z' }),
          pull(2, { createdAt: '2026-11-01T00:00:00Z', closedAt: '2026-11-05T00:00:00Z' }),
          // Closed after until: still open at until.
          pull(3, { createdAt: '2026-11-01T00:00:00Z', closedAt: '2026-11-10T00:00:00Z' }),
          // Opened after until.
          pull(4, { createdAt: '2026-11-09T00:00:00Z' }),
          // Draft at until (ready only later).
          pull(5, {
            createdAt: '2026-11-01T00:00:00Z',
            draftEvents: [{ type: 'ready', at: '2026-11-10T00:00:00Z' }]
          }),
          // Draft now but was ready at until.
          pull(6, {
            createdAt: '2026-10-01T00:00:00Z',
            isDraft: true,
            draftEvents: [
              { type: 'ready', at: '2026-11-07T00:00:00Z' },
              { type: 'draft', at: '2026-11-10T00:00:00Z' }
            ]
          }),
          // A bot's pull request never counts.
          pull(7, { author: 'dependabot[bot]', createdAt: '2026-11-01T00:00:00Z' })
        ]
      })
    )
    expect(b.openPullRequests.count).toBe(3)
    // Ages: #1 8 d, #3 8 d, #6 2 d (since its ready event, not its creation).
    expect(b.openPullRequests.age.max).toBe(8 * 86400)
    expect(b.openPullRequests.age.min).toBe(2 * 86400)
    expect(b.openPullRequests.ageBands.find((x) => x.label === '1–7 days')!.count).toBe(1)
    expect(b.openPullRequests.ageBands.find((x) => x.label === '1–4 weeks')!.count).toBe(2)
  })

  it('awaits a first review until someone else reviews before until', () => {
    const b = backlogOf(
      history({
        pulls: [
          pull(1, { createdAt: '2026-11-01T00:00:00Z' }),
          pull(2, {
            createdAt: '2026-11-02T00:00:00Z',
            reviews: [{ author: 'alice', state: 'COMMENTED', submittedAt: '2026-11-03T00:00:00Z' }]
          }),
          pull(3, {
            createdAt: '2026-11-03T00:00:00Z',
            reviews: [{ author: 'bob', state: 'APPROVED', submittedAt: '2026-11-04T00:00:00Z' }]
          }),
          pull(4, {
            createdAt: '2026-11-04T00:00:00Z',
            reviews: [{ author: 'bob', state: 'APPROVED', submittedAt: '2026-11-10T00:00:00Z' }]
          }),
          pull(5, {
            createdAt: '2026-11-05T00:00:00Z',
            reviews: [{ author: 'ci[bot]', state: 'COMMENTED', submittedAt: '2026-11-06T00:00:00Z' }]
          })
        ]
      })
    )
    expect(b.openPullRequests.count).toBe(5)
    expect(b.awaitingFirstReview.count).toBe(4)
    expect(b.awaitingFirstReview.oldest.map((x) => x.number)).toEqual([1, 2, 4, 5])
    expect(b.awaitingFirstReview.oldestAgeSeconds).toBe(8 * 86400)
  })

  it('counts issues open at until with no comment by someone else before until', () => {
    const b = backlogOf(
      history({
        pulls: [pull(9, { createdAt: '2026-11-01T00:00:00Z', closedAt: '2026-11-02T00:00:00Z' })],
        issues: [
          issue(1, { createdAt: '2026-11-01T00:00:00Z' }),
          issue(2, {
            createdAt: '2026-11-01T00:00:00Z',
            comments: [{ author: 'alice', at: '2026-11-02T00:00:00Z' }]
          }),
          issue(3, {
            createdAt: '2026-11-01T00:00:00Z',
            comments: [{ author: 'bob', at: '2026-11-02T00:00:00Z' }]
          }),
          issue(4, {
            createdAt: '2026-11-02T00:00:00Z',
            comments: [{ author: 'bob', at: '2026-11-09T00:00:00Z' }]
          }),
          issue(5, { createdAt: '2026-11-01T00:00:00Z', closedAt: '2026-11-03T00:00:00Z' }),
          issue(6, {
            createdAt: '2026-11-03T00:00:00Z',
            comments: [{ author: 'carol', at: '2026-11-04T00:00:00Z' }]
          }),
          // The pull request's own number: not an issue.
          issue(9, { createdAt: '2026-11-01T00:00:00Z' })
        ]
      }),
      { ignoreUsers: ['carol'] }
    )
    expect(b.unansweredIssues.count).toBe(4)
    expect(b.unansweredIssues.oldest.map((x) => x.number)).toEqual([1, 2, 4, 6])
    expect(b.unansweredIssues.oldestAgeSeconds).toBe(8 * 86400)
  })

  it('reads the draft state at until from the events, or from the state now without events', () => {
    const t = Date.parse(UNTIL)
    expect(draftAt(pull(1, { isDraft: true }), t)).toBe(true)
    expect(draftAt(pull(1, { isDraft: false }), t)).toBe(false)
    expect(draftAt(pull(1, { draftEvents: [{ type: 'draft', at: '2026-11-10T00:00:00Z' }] }), t)).toBe(false)
    expect(draftAt(pull(1, { draftEvents: [{ type: 'draft', at: '2026-11-08T00:00:00Z' }] }), t)).toBe(true)
  })
})

const HAND_COUNTS = {
  'bitcoin-core-gui': {
    open: [762, 852, 866, 896, 902, 915, 925, 934, 935, 939, 941, 942, 943, 945, 947, 948, 952, 954, 955],
    awaiting: [902, 939, 941, 942, 943, 954, 955],
    unanswered: [
      51, 52, 62, 63, 92, 122, 130, 172, 184, 241, 282, 344, 347, 371, 433, 528, 529, 530, 531, 542, 550, 558,
      637, 640, 641, 642, 647, 648, 649, 657, 668, 671, 710, 712, 750, 759, 778, 779, 784, 811, 845, 853, 946
    ]
  },
  'ietf-tls-esni': { open: [], awaiting: [], unanswered: [656] },
  'cfrg-vdaf': { open: [], awaiting: [], unanswered: [] }
} as const

describe.each(Object.entries(HAND_COUNTS))('backlog of %s at its end', (name, expected) => {
  const run = datasetAvailable(name) ? it : it.skip
  run('equals the hand count', () => {
    const { history: h, timestamp } = loadDataset(name)
    const until = Date.parse(timestamp)
    const b = backlogOf(h, {
      since: new Date(until - 30 * 86400000).toISOString(),
      until: new Date(until).toISOString()
    })
    expect(b.openPullRequests.count).toBe(expected.open.length)
    expect(b.awaitingFirstReview.count).toBe(expected.awaiting.length)
    expect(b.unansweredIssues.count).toBe(expected.unanswered.length)
    // The listed items are the oldest ten of the hand-counted ones.
    const awaiting = new Set<number>(expected.awaiting)
    expect(b.awaitingFirstReview.oldest.every((x) => awaiting.has(x.number))).toBe(true)
    expect(b.awaitingFirstReview.oldest.length).toBe(Math.min(10, expected.awaiting.length))
    const unanswered = new Set<number>(expected.unanswered)
    expect(b.unansweredIssues.oldest.every((x) => unanswered.has(x.number))).toBe(true)
    expect(b.unansweredIssues.oldest.length).toBe(Math.min(10, expected.unanswered.length))
    if (expected.unanswered.length > 0)
      expect(b.unansweredIssues.oldest[0].number).toBe(expected.unanswered[0])
  })
})
