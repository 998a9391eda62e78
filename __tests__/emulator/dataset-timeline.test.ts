/**
 * timeline.json in a dataset folder: review requests (users and teams), removals, drafts, reopenings
 * and transfers are loaded and served as GitHub's timeline items, and the review metrics computed from
 * what the sync read through the emulator match values worked out by hand from bitcoin-core/gui's
 * history (../shared/datasets/bitcoin-core-gui).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main } from '../../src/cli.js'
import { computeSnapshot } from '../../src/metrics/index.js'
import { METRIC_NAMES } from '../../src/metrics/types.js'
import type { History } from '../../src/model.js'
import { createDirectoryStore } from '../../src/store/index.js'
import { loadDataset } from '../../tools/github-emulator/dataset.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import { gql } from './helpers.js'

const DIR = resolve(process.cwd(), '..', 'shared', 'datasets', 'bitcoin-core-gui')
const available = existsSync(join(DIR, 'timeline.json'))
if (!available) console.warn(`${DIR} is absent: the bitcoin-core-gui timeline tests are skipped`)
const describeDataset = available ? describe : describe.skip

describe('timeline.json errors and shapes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-timeline-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const archive = {
    repo: 'acme/widgets',
    timestamp: '2026-03-01T00:00:00Z',
    issues: [
      {
        number: 2,
        id: 'I_2',
        title: 'i',
        author: 'bob',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        closedAt: null
      }
    ],
    pulls: [
      {
        number: 1,
        id: 'PR_1',
        title: 'p',
        author: 'alice',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-03T00:00:00Z',
        closedAt: '2026-01-03T00:00:00Z',
        mergedAt: '2026-01-03T00:00:00Z',
        mergedBy: 'bob'
      }
    ]
  }
  writeFileSync(join(dir, 'archive.json'), JSON.stringify(archive))
  const withTimeline = (timeline: unknown) => {
    writeFileSync(join(dir, 'timeline.json'), JSON.stringify(timeline))
    return loadDataset(dir)
  }

  test('users, teams, bots and unknown reviewers; the final merge and close stay last', () => {
    const seed = withTimeline({
      repo: 'acme/widgets',
      pulls: {
        '1': [
          {
            type: 'ReviewRequestedEvent',
            createdAt: '2026-01-01T10:00:00Z',
            actor: 'alice',
            requestedReviewer: { team: 'core' }
          },
          {
            type: 'ReviewRequestedEvent',
            createdAt: '2026-01-01T10:00:00Z',
            actor: 'alice',
            requestedReviewer: { login: 'copilot[bot]' }
          },
          {
            type: 'ReviewRequestedEvent',
            createdAt: '2026-01-01T10:00:01Z',
            actor: null,
            requestedReviewer: null
          },
          {
            type: 'ReviewRequestRemovedEvent',
            createdAt: '2026-01-02T10:00:00.5Z',
            actor: 'alice',
            requestedReviewer: { login: 'carol' }
          },
          { type: 'ConvertToDraftEvent', createdAt: '2026-01-01T11:00:00Z', actor: 'alice' },
          { type: 'ReadyForReviewEvent', createdAt: '2026-01-01T12:00:00Z', actor: 'alice' },
          { type: 'ReopenedEvent', createdAt: '2026-01-03T00:00:00Z', actor: 'bob' }
        ]
      },
      issues: {
        '2': [
          {
            type: 'TransferredEvent',
            createdAt: '2026-01-01T00:00:00Z',
            actor: 'bob',
            fromRepository: 'acme/old'
          }
        ]
      }
    })
    expect(seed.pulls[0].events).toEqual([
      {
        type: 'ReviewRequestedEvent',
        createdAt: '2026-01-01T10:00:00Z',
        actor: { login: 'alice', type: 'User' },
        reviewer: { type: 'Team', slug: 'core' }
      },
      {
        type: 'ReviewRequestedEvent',
        createdAt: '2026-01-01T10:00:00Z',
        actor: { login: 'alice', type: 'User' },
        reviewer: { type: 'Bot', login: 'copilot' }
      },
      {
        type: 'ConvertToDraftEvent',
        createdAt: '2026-01-01T11:00:00Z',
        actor: { login: 'alice', type: 'User' }
      },
      {
        type: 'ReadyForReviewEvent',
        createdAt: '2026-01-01T12:00:00Z',
        actor: { login: 'alice', type: 'User' }
      },
      {
        type: 'ReviewRequestRemovedEvent',
        createdAt: '2026-01-02T10:00:00Z',
        actor: { login: 'alice', type: 'User' },
        reviewer: { type: 'User', login: 'carol' }
      },
      { type: 'ReopenedEvent', createdAt: '2026-01-03T00:00:00Z', actor: { login: 'bob', type: 'User' } },
      { type: 'MergedEvent', createdAt: '2026-01-03T00:00:00Z', actor: { login: 'bob', type: 'User' } },
      { type: 'ClosedEvent', createdAt: '2026-01-03T00:00:00Z', actor: { login: 'bob', type: 'User' } }
    ])
    expect(seed.issues[0].events).toEqual([
      {
        type: 'TransferredEvent',
        createdAt: '2026-01-01T00:00:00Z',
        actor: { login: 'bob', type: 'User' },
        fromRepository: 'acme/old'
      }
    ])
  })

  test('names the file, the number and the fix', () => {
    expect(() => withTimeline({ repo: 'acme/other', pulls: {} })).toThrow(
      /timeline.json is for acme\/other, but archive.json is for acme\/widgets/
    )
    expect(() => withTimeline({ pulls: { '9': [] } })).toThrow(
      /pulls\["9"\] names no pull request of archive.json/
    )
    expect(() =>
      withTimeline({ issues: { '2': [{ type: 'ReadyForReviewEvent', createdAt: '2026-01-01T00:00:00Z' }] } })
    ).toThrow(/issues\["2"\] has a "ReadyForReviewEvent", which issues do not have/)
    expect(() =>
      withTimeline({ pulls: { '1': [{ type: 'LabeledEvent', createdAt: '2026-01-01T00:00:00Z' }] } })
    ).toThrow(/pulls\["1"\] has a "LabeledEvent"/)
    expect(() =>
      withTimeline({ pulls: { '1': [{ type: 'ReopenedEvent', createdAt: 'yesterday' }] } })
    ).toThrow(/"yesterday" is not a valid timestamp/)
  })
})

describeDataset('bitcoin-core-gui: timeline.json served and measured', () => {
  let seed: SeedRepository
  let emulator: RunningEmulator
  let history: History
  let dir = ''

  beforeAll(async () => {
    seed = loadDataset(DIR)
    emulator = await startEmulator({ seed, port: 0 })
    dir = mkdtempSync(join(tmpdir(), 'emu-bitcoin-'))
    const write = process.stdout.write
    process.stdout.write = (() => true) as typeof process.stdout.write
    try {
      const code = await main(
        [
          'report',
          '--repo',
          'bitcoin-core/gui',
          '--api-url',
          emulator.url,
          '--store',
          dir,
          '--until',
          seed.until
        ],
        { GITHUB_TOKEN: 'dataset-test-token' }
      )
      expect(code).toBe(0)
    } finally {
      process.stdout.write = write
    }
    history = (await createDirectoryStore(dir).load()).history
  }, 120_000)

  afterAll(async () => {
    await emulator?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** The engine on one pull request, over its whole history up to the archive's end. */
  const measure = (number: number) => {
    const pulls = history.pulls.filter((p) => p.number === number)
    expect(pulls).toHaveLength(1)
    const s = computeSnapshot(
      { ...history, pulls, issues: [] },
      {
        since: '2020-01-01T00:00:00Z',
        until: seed.until,
        period: 'test',
        bucket: 'month',
        timezone: 'UTC',
        metrics: [...METRIC_NAMES],
        ignoreUsers: [],
        includeBots: false,
        deploymentEnvironment: 'production',
        deploymentSource: 'auto',
        incidentLabel: null,
        workingHours: null,
        generatedAt: seed.until,
        complete: true
      }
    )
    return { ...s.metrics, details: s.details! }
  }

  test('the loader holds every event of the README: 234 requests, 60 removals, 59 ready, 70 drafts', () => {
    const count: Record<string, number> = {}
    for (const item of [...seed.pulls, ...seed.issues])
      for (const e of item.events) count[e.type] = (count[e.type] ?? 0) + 1
    expect(count).toMatchObject({
      ReviewRequestedEvent: 234,
      ReviewRequestRemovedEvent: 60,
      ReadyForReviewEvent: 59,
      ConvertToDraftEvent: 70,
      ReopenedEvent: 58
    })
  })

  test('GraphQL serves them as GitHub timeline items', async () => {
    const { body } = await gql(
      emulator,
      `{ repository(owner: "bitcoin-core", name: "gui") { pullRequest(number: 762) {
        timelineItems(first: 100, itemTypes: [REVIEW_REQUESTED_EVENT, REVIEW_REQUEST_REMOVED_EVENT]) {
          totalCount nodes { __typename
            ... on ReviewRequestedEvent { createdAt requestedReviewer { ... on User { login } } }
            ... on ReviewRequestRemovedEvent { createdAt requestedReviewer { ... on User { login } } } } } } } }`
    )
    expect(body.errors).toBeUndefined()
    const items = body.data.repository.pullRequest.timelineItems
    expect(items.totalCount).toBe(16)
    expect(items.nodes.slice(-3)).toEqual([
      {
        __typename: 'ReviewRequestRemovedEvent',
        createdAt: '2025-10-22T14:32:49Z',
        requestedReviewer: { login: 'hernanmarino' }
      },
      {
        __typename: 'ReviewRequestedEvent',
        createdAt: '2025-10-22T14:32:49Z',
        requestedReviewer: { login: 'davidgumberg' }
      },
      {
        __typename: 'ReviewRequestedEvent',
        createdAt: '2025-10-22T14:32:57Z',
        requestedReviewer: { login: 'laanwj' }
      }
    ])
  })

  test('#708: re-requests each open a value; four removals leave only the last request', () => {
    const m = measure(708)
    // furszy: requested 02-28 04:33:37 → reviewed 12:06:53 (7 h 33 min 16 s); re-requested 14:43:01 →
    // 03-01 18:47:04 (28 h 4 min 3 s); re-requested 18:47:07 → 03-10 15:03:29 (8 d 20 h 16 min 22 s).
    // hernanmarino: requested and removed four times on 03-10; the last request, 18:05:18 → 03-13
    // 17:02:08 (2 d 22 h 56 min 50 s).
    expect(m.reviewTurnaround!.count).toBe(4)
    expect(m.reviewTurnaround!.byReviewer.furszy).toMatchObject({
      count: 3,
      min: 27196,
      median: 101043,
      max: 764182
    })
    expect(m.reviewTurnaround!.byReviewer.hernanmarino).toMatchObject({ count: 1, mean: 255410 })
    // Opened as a draft on 02-06, ready 02-10 15:47:51, first review 22:00:19: 6 h 12 min 28 s.
    expect(m.timeToFirstReview).toMatchObject({ count: 1, mean: 22348 })
  })

  test('#762: seven removals drop hernanmarino; laanwj answers; davidgumberg is still waiting', () => {
    const m = measure(762)
    // laanwj: 2025-10-22 14:32:57 → 10-23 15:13:17 (24 h 40 min 20 s).
    expect(m.reviewTurnaround).toMatchObject({ count: 1, mean: 88820 })
    expect(Object.keys(m.reviewTurnaround!.byReviewer)).toEqual(['laanwj'])
    // davidgumberg: requested 2025-10-22 14:32:49, open at the archive's end 2026-08-21 20:00:04.
    expect(m.reviewTurnaround!.pending).toEqual({ count: 1, oldestAgeSeconds: 26198835 })
    expect(m.details.pendingReviews).toEqual([
      { number: 762, title: expect.any(String), reviewer: 'davidgumberg', ageSeconds: 26198835 }
    ])
  })

  test('#807: requests answered, re-requests left open by the merge are neither values nor pending', () => {
    const m = measure(807)
    // ryanofsky 2025-10-22 14:31:10 → 10-27 20:12:30; vasild 10-27 20:12:36 → 11-19 17:53:13;
    // hebasto 10-27 20:12:34 → 2026-02-10 15:29:27. ismaelsadeeq and pablomartin4btc never reviewed.
    expect(m.reviewTurnaround!.byReviewer).toMatchObject({
      ryanofsky: { count: 1, mean: 452480 },
      vasild: { count: 1, mean: 1978837 },
      hebasto: { count: 1, mean: 9141413 }
    })
    expect(m.reviewTurnaround!.count).toBe(3)
    expect(m.reviewTurnaround!.pending.count).toBe(0)
    // Never marked ready before its first review (2024-04-02 02:54:29): from opening, 2024-03-22 12:55:51,
    // 10 d 13 h 58 min 38 s.
    expect(m.timeToFirstReview).toMatchObject({ count: 1, mean: 914318 })
  })

  test('#390: time to first review starts at ready-for-review, not at opening', () => {
    // Opened 2021-07-29 16:33:34, ready 2021-08-01 08:03:17, first review 08-02 15:23:22 (1 d 7 h 20 min 5 s).
    expect(measure(390).timeToFirstReview).toMatchObject({ count: 1, mean: 112805 })
  })
})
