/**
 * Organization figures pooled from the repositories' values files (src/org/pool.ts), checked against
 * the real metrics engine: an organization of one repository has that repository's figures exactly,
 * and two repositories pooled have the figures the engine computes over the union of their histories.
 */
import { computeSnapshot, measureWindow, type MetricOptions } from '../../src/metrics/index.js'
import type { Snapshot } from '../../src/metrics/types.js'
import type { Commit, History, Incident } from '../../src/model.js'
import { poolValues } from '../../src/org/pool.js'
import { parseValues, serializeValues, type SnapshotValues } from '../../src/org/values.js'
import { HOUR, deployment, history, issue, options, pull } from '../metrics/builders.js'
import { POOLED, figures, plainDetails } from './helpers.js'

const WORKING_HOURS = {
  days: [1, 2, 3, 4, 5],
  start: 540,
  end: 1020,
  holidays: [],
  text: 'Mon-Fri 09:00-17:00'
}

function opts(fields: Partial<MetricOptions> = {}): MetricOptions {
  return options({ incidentLabel: 'incident', workingHours: WORKING_HOURS, ...fields })
}

/** A repository measured: its snapshot, and its values file as written and read back. */
function measured(h: History, o: MetricOptions = opts()): { snapshot: Snapshot; values: SnapshotValues } {
  const m = measureWindow(h, o)
  return { snapshot: m.snapshot, values: parseValues(serializeValues(m.values()), h.repository) }
}

const pool = (values: SnapshotValues[]) =>
  poolValues(values, { name: 'acme', generatedAt: '2026-11-09T00:00:00Z' })

const sha = (repo: string, n: number): string => `${repo}${n.toString(16).padStart(39, '0')}`
const commit = (repo: string, n: number, parents: number[], committedAt: string): Commit => ({
  oid: sha(repo, n),
  parents: parents.map((p) => sha(repo, p)),
  committedAt
})

const at = (day: string, hour: number) => `2026-11-${day}T${String(hour).padStart(2, '0')}:00:00Z`

/** A merged pull request reviewed by `reviewer` after a request, with a first commit and a draft phase. */
function reviewed(
  number: number,
  author: string,
  reviewer: string,
  day: string,
  hours: { request: number; review: number; merge: number; ready?: number }
) {
  return pull(number, {
    author,
    createdAt: at(day, 1),
    updatedAt: at(day, hours.merge),
    firstCommitAt: `2026-11-01T${String(number % 24).padStart(2, '0')}:00:00Z`,
    draftEvents: hours.ready ? [{ type: 'ready', at: at(day, hours.ready) }] : [],
    isDraft: false,
    reviewRequests: [{ type: 'requested', at: at(day, hours.request), reviewer }],
    reviews: [
      {
        author: reviewer.startsWith('team:') ? 'erin' : reviewer,
        state: 'COMMENTED',
        submittedAt: at(day, hours.review)
      },
      {
        author: reviewer.startsWith('team:') ? 'erin' : reviewer,
        state: 'APPROVED',
        submittedAt: at(day, hours.review + 1)
      }
    ],
    mergedAt: at(day, hours.merge),
    closedAt: at(day, hours.merge),
    additions: number * 7,
    deletions: number
  })
}

/** Repository A: pull requests reviewed by bob and carol, issues, deployments with a failure and an ingested incident. */
function repoA(): History {
  const incident: Incident = {
    source: 'ingest',
    id: 'pd-1',
    provider: 'pagerduty',
    title: 'Outage',
    status: 'resolved',
    createdAt: at('04', 1),
    resolvedAt: at('04', 3)
  }
  return history({
    repository: 'acme/a',
    pulls: [
      reviewed(1, 'alice', 'bob', '02', { request: 2, review: 5, merge: 9, ready: 2 }),
      reviewed(2, 'alice', 'carol', '03', { request: 3, review: 4, merge: 6 }),
      reviewed(3, 'dave', 'bob', '03', { request: 8, review: 14, merge: 20 }),
      reviewed(4, 'alice', 'bob', '05', { request: 2, review: 3, merge: 4 }),
      // Still waiting for bob at the end of the window.
      pull(5, {
        createdAt: at('06', 1),
        reviewRequests: [{ type: 'requested', at: at('06', 2), reviewer: 'bob' }]
      }),
      // Opened and closed unmerged.
      pull(6, { createdAt: at('04', 1), closedAt: at('04', 2) }),
      // Before the window.
      pull(7, {
        createdAt: '2026-10-15T00:00:00Z',
        mergedAt: '2026-10-16T00:00:00Z',
        closedAt: '2026-10-16T00:00:00Z'
      })
    ],
    issues: [
      issue(20, {
        createdAt: at('02', 1),
        closedAt: at('04', 1),
        comments: [{ author: 'bob', at: at('02', 5) }]
      }),
      issue(21, { createdAt: at('03', 1), comments: [{ author: 'carol', at: at('05', 1) }] }),
      issue(22, { createdAt: '2026-10-20T00:00:00Z', closedAt: at('06', 1) }),
      // Transferred in from outside the organization.
      issue(23, { createdAt: at('05', 1), transfers: [{ at: at('05', 2), from: 'other/elsewhere' }] })
    ],
    commits: [
      commit('a', 1, [], '2026-10-20T00:00:00Z'),
      commit('a', 2, [1], '2026-10-22T00:00:00Z'),
      commit('a', 3, [2], '2026-11-01T00:00:00Z'),
      commit('a', 4, [3], '2026-11-02T06:00:00Z'),
      commit('a', 5, [4], '2026-11-03T02:00:00Z')
    ],
    deployments: [
      // The baseline, before the window.
      deployment('a0', { sha: sha('a', 2), createdAt: '2026-10-25T00:00:00Z' }),
      deployment('a1', { sha: sha('a', 4), createdAt: at('03', 0) }),
      deployment('a2', { sha: sha('a', 5), status: 'failure', createdAt: at('03', 6) }),
      deployment('a3', { sha: sha('a', 5), createdAt: at('03', 8) })
    ],
    incidents: [incident]
  })
}

/** Repository B: other numbers, bob again and a team, a labelled incident issue, a failure and an error. */
function repoB(): History {
  return history({
    repository: 'acme/b',
    pulls: [
      // Milliseconds: the values file keeps them (the snapshot rounds its figures to them too).
      {
        ...reviewed(101, 'frank', 'bob', '02', { request: 1, review: 2, merge: 3 }),
        mergedAt: '2026-11-02T03:00:00.125Z',
        closedAt: '2026-11-02T03:00:00.125Z'
      },
      reviewed(102, 'frank', 'team:core', '04', { request: 2, review: 12, merge: 13 }),
      reviewed(103, 'gina', 'dave', '06', { request: 1, review: 18, merge: 22, ready: 1 }),
      reviewed(104, 'gina', 'bob', '07', { request: 1, review: 2, merge: 23 }),
      reviewed(105, 'frank', 'dave', '08', { request: 3, review: 9, merge: 10 }),
      pull(106, {
        author: 'gina',
        createdAt: at('07', 1),
        reviewRequests: [{ type: 'requested', at: at('07', 3), reviewer: 'dave' }]
      })
    ],
    issues: [
      issue(120, {
        author: 'frank',
        createdAt: at('02', 3),
        comments: [{ author: 'gina', at: at('03', 9) }]
      }),
      issue(121, {
        author: 'gina',
        labels: ['incident'],
        createdAt: at('07', 1),
        closedAt: at('07', 4),
        comments: [{ author: 'frank', at: at('07', 2) }]
      })
    ],
    commits: [
      commit('b', 1, [], '2026-10-21T00:00:00Z'),
      commit('b', 2, [1], '2026-11-04T00:00:00Z'),
      commit('b', 3, [2], '2026-11-05T00:00:00Z'),
      commit('b', 4, [3], '2026-11-06T01:00:00Z')
    ],
    deployments: [
      deployment('b0', { sha: sha('b', 1), createdAt: '2026-10-26T00:00:00Z' }),
      deployment('b1', { sha: sha('b', 3), createdAt: at('05', 6) }),
      deployment('b2', { sha: sha('b', 4), status: 'failure', createdAt: at('06', 0) }),
      deployment('b3', { sha: sha('b', 4), status: 'error', createdAt: at('06', 2) }),
      deployment('b4', { sha: sha('b', 4), createdAt: at('06', 5) })
    ]
  })
}

function union(...parts: History[]): History {
  return history({
    repository: 'acme/union',
    pulls: parts.flatMap((h) => h.pulls),
    issues: parts.flatMap((h) => h.issues),
    commits: parts.flatMap((h) => h.commits),
    deployments: parts.flatMap((h) => h.deployments),
    incidents: parts.flatMap((h) => h.incidents)
  })
}

describe('an organization of one repository', () => {
  it('has exactly that repository’s figures, every distribution and count', () => {
    const a = measured(repoA())
    const pooled = pool([a.values]).snapshot
    expect(Object.keys(pooled.metrics)).toEqual(POOLED)
    for (const name of POOLED)
      expect({ [name]: figures(pooled.metrics, name) }).toEqual({ [name]: a.snapshot.metrics[name] })
    // Not vacuous: the repository has values in every distribution, working hours included.
    const m = a.snapshot.metrics
    expect(m.reviewTurnaround!.count).toBe(4)
    expect(m.reviewTurnaround!.workingHours!.count).toBe(4)
    expect(Object.keys(m.reviewTurnaround!.byReviewer)).toEqual(['bob', 'carol'])
    expect(m.reviewTurnaround!.pending.count).toBe(1)
    expect(m.cycleTime!.phases.merge.count).toBe(4)
    expect(m.issueFirstResponse!.count).toBe(2)
    expect(m.leadTimeForChanges!.count).toBe(3)
    expect(m.timeToRestore!.sources).toEqual({ deployments: 1, incidents: 1 })
    expect(m.changeFailureRate).toEqual({ ratio: 0.667, failed: 2, total: 3 })
    expect(m.issues).toEqual({ opened: 3, closed: 2, transferred: 1 })
    expect(plainDetails(pooled.details)).toEqual(a.snapshot.details)
    expect(pooled.window).toEqual(a.snapshot.window)
    expect(pooled.repository).toBe('acme')
  })

  it('keeps the values exact through the file: unrounded seconds, their buckets and who', () => {
    const a = measured(repoA())
    const turnaround = a.values.metrics.reviewTurnaround!
    // 1: requested 02:00, reviewed 05:00 on day 0; 2: 03:00 → 04:00 on day 1; 3: 08:00 → 14:00 day 1; 4: 02:00 → 03:00 day 3.
    expect(turnaround.seconds).toEqual([3 * HOUR, HOUR, 6 * HOUR, HOUR])
    expect(turnaround.bucket).toEqual([0, 1, 1, 3])
    expect(turnaround.who).toEqual(['bob', 'carol', 'bob', 'bob'])
    expect(a.values.metrics.timeToMerge!.who).toEqual(['alice', 'alice', 'dave', 'alice'])
    expect(a.values.metrics.issueFirstResponse).toMatchObject({ who: ['bob', 'carol'], item: [20, 21] })
    expect(a.values.metrics.deployments).toEqual({
      source: 'deployment',
      firstAt: '2026-10-25T00:00:00.000Z',
      list: [
        { at: '2026-11-03T00:00:00.000Z', failed: false },
        { at: '2026-11-03T06:00:00.000Z', failed: true },
        { at: '2026-11-03T08:00:00.000Z', failed: false }
      ]
    })
    // Bounded by the window: pull 7, merged in October, has no value (timeToMerge has the four above).
    expect(a.values.metrics.timeToMerge!.seconds).toHaveLength(4)
  })
})

describe('two repositories pooled', () => {
  const a = measured(repoA())
  const b = measured(repoB())
  const pooled = pool([a.values, b.values]).snapshot
  const whole = computeSnapshot(union(repoA(), repoB()), opts())

  it('have the figures of the union of their histories, every distribution and count', () => {
    expect(Object.keys(pooled.metrics)).toEqual(POOLED)
    for (const name of POOLED)
      expect({ [name]: figures(pooled.metrics, name) }).toEqual({ [name]: whole.metrics[name] })
    // Both repositories contribute (so the comparison is not one repository's against itself).
    expect(pooled.metrics.reviewTurnaround!.count).toBe(
      a.snapshot.metrics.reviewTurnaround!.count + b.snapshot.metrics.reviewTurnaround!.count
    )
    expect(Object.keys(pooled.metrics.reviewTurnaround!.byReviewer)).toEqual([
      'bob',
      'carol',
      'dave',
      'team:core'
    ])
    expect(pooled.metrics.reviewTurnaround!.byReviewer.bob.count).toBe(5)
    // acme/a: a failure and an incident; acme/b: a failure and an error restored by one success, and an incident issue.
    expect(pooled.metrics.timeToRestore!.count).toBe(5)
    expect(pooled.metrics.deployments!.count).toBe(4)
    // The lists of pending reviews and slowest merges too, each item named with its repository.
    expect(plainDetails(pooled.details)).toEqual(whole.details)
    expect(pooled.details!.pendingReviews.map((p) => `${p.repository}#${p.number}`)).toEqual([
      'acme/a#5',
      'acme/b#106'
    ])
    expect(pooled.details!.slowestMerges).toHaveLength(9)
    // The backlog's oldest items of both, each named with its repository.
    expect(
      pooled.metrics.backlog!.awaitingFirstReview.oldest.map((i) => `${i.repository}#${i.number}`)
    ).toEqual(['acme/a#5', 'acme/b#106'])
    expect(pooled.metrics.backlog!.openPullRequests.count).toBe(2)
    expect(pooled.metrics.reviewLoad!.reviewers.map((r) => r.reviewer)).toEqual([
      'bob',
      'dave',
      'carol',
      'erin'
    ])
  })

  it('are not the average of the repositories’ medians', () => {
    const medians = [a, b].map((r) => r.snapshot.metrics.timeToMerge!.median!)
    expect(pooled.metrics.timeToMerge!.median).not.toBe((medians[0] + medians[1]) / 2)
    expect(pooled.metrics.timeToMerge!.median).toBe(whole.metrics.timeToMerge!.median)
  })

  it('need the same window, and do not pool a metric some repositories did not measure', () => {
    const month = measured(
      repoB(),
      opts({ since: '2026-11-01T00:00:00Z', until: '2026-12-01T00:00:00Z', period: '2026-11' })
    )
    expect(() => pool([a.values, month.values])).toThrow(/only values of the same window can be pooled/)
    expect(() => pool([a.values, a.values])).toThrow(/given twice/)
    const fewer = measured(repoB(), opts({ metrics: ['timeToMerge', 'deployments'] }))
    const partial = pool([a.values, fewer.values]).snapshot
    expect(Object.keys(partial.metrics)).toEqual(['timeToMerge', 'deployments'])
    expect(partial.dataProblems[0].message).toContain('reviewTurnaround (missing in acme/b)')
    // One repository on the working-hours clock, the other not: those figures are left out, and said so.
    const wall = measured(repoB(), opts({ workingHours: null }))
    const mixed = pool([a.values, wall.values]).snapshot
    expect(mixed.metrics.reviewTurnaround!.workingHours).toBeUndefined()
    expect(mixed.metrics.reviewTurnaround!.count).toBe(pooled.metrics.reviewTurnaround!.count)
    expect(mixed.dataProblems.map((p) => p.message)).toEqual([
      'Working-hours figures are not pooled: only acme/a measured them.'
    ])
  })
})

describe('change failure rate', () => {
  it('is Σ failed ÷ Σ total, not the mean of the repositories’ rates', () => {
    // One repository deploys once and fails; the other deploys nine times without a failure.
    const once = history({
      repository: 'acme/once',
      deployments: [deployment('x', { status: 'failure', createdAt: at('03', 1) })]
    })
    const often = history({
      repository: 'acme/often',
      deployments: Array.from({ length: 9 }, (_, i) => deployment(`y${i}`, { createdAt: at('04', i + 1) }))
    })
    const rates = [once, often].map((h) => measured(h).snapshot.metrics.changeFailureRate!)
    expect(rates.map((r) => r.ratio)).toEqual([1, 0])
    const pooled = pool([measured(once).values, measured(often).values]).snapshot.metrics
    expect(pooled.changeFailureRate).toEqual({ ratio: 0.1, failed: 1, total: 10 })
    expect(pooled.changeFailureRate!.ratio).not.toBe((rates[0].ratio! + rates[1].ratio!) / 2)
    expect(pooled.changeFailureRate).toEqual(
      computeSnapshot(union(once, often), opts()).metrics.changeFailureRate
    )
  })
})

describe('an issue transferred between repositories of the organization', () => {
  // Issue 30 of acme/a was read by acme/a's sync, then moved to acme/b (number 130), answered and
  // closed there. acme/a keeps its stored copy as it was (open, answered by nobody... or by bob).
  const created = at('02', 1)
  const leftCopy = issue(30, {
    author: 'frank',
    createdAt: created,
    comments: [{ author: 'bob', at: at('02', 4) }]
  })
  const moved = issue(130, {
    author: 'frank',
    createdAt: created,
    closedAt: at('05', 1),
    comments: [
      { author: 'bob', at: at('02', 4) },
      { author: 'gina', at: at('04', 1) }
    ],
    transfers: [{ at: at('03', 1), from: 'acme/a' }]
  })
  const a = measured(
    history({ repository: 'acme/a', issues: [leftCopy, issue(31, { createdAt: at('06', 1) })] })
  )
  const b = measured(history({ repository: 'acme/b', issues: [moved] }))

  it('counts once: opened, answered and closed where it lives now, the transfer once', () => {
    // Each repository alone counts it (that is what the sum of their snapshots would say).
    expect(a.snapshot.metrics.issues).toEqual({ opened: 2, closed: 0, transferred: 0 })
    expect(b.snapshot.metrics.issues).toEqual({ opened: 1, closed: 1, transferred: 1 })
    const result = pool([a.values, b.values])
    const m = result.snapshot.metrics
    expect(m.issues).toEqual({ opened: 2, closed: 1, transferred: 1 })
    // The first response counts once (acme/b's copy, the same 3 hours), not once per copy.
    expect(m.issueFirstResponse).toMatchObject({ count: 1, median: 3 * HOUR })
    expect(m.issueTimeToClose).toMatchObject({ count: 1, median: 3 * 24 * HOUR })
    expect(result.droppedIssueCopies).toEqual([
      { repository: 'acme/a', number: 30, keptIn: { repository: 'acme/b', number: 130 } }
    ])
    // In the other order, the same figures.
    expect(pool([b.values, a.values]).snapshot.metrics).toEqual(m)
  })

  it('counts once in the issue durations also when the issue counts are not measured', () => {
    const only = opts({ metrics: ['issueFirstResponse', 'issueTimeToClose'] })
    const onlyA = measured(history({ repository: 'acme/a', issues: [leftCopy] }), only)
    const onlyB = measured(history({ repository: 'acme/b', issues: [moved] }), only)
    expect(onlyA.values.issueItems).toHaveLength(1)
    const m = pool([onlyA.values, onlyB.values]).snapshot.metrics
    expect(Object.keys(m)).toEqual(['issueFirstResponse', 'issueTimeToClose'])
    expect(m.issueFirstResponse).toMatchObject({ count: 1, median: 3 * HOUR })
  })

  it('counts the copy in the repository it came back to, when it moved on and back', () => {
    // acme/a → acme/b on the 3rd, back to acme/a (as number 32) on the 4th.
    const back = issue(32, {
      author: 'frank',
      createdAt: created,
      closedAt: at('06', 1),
      transfers: [
        { at: at('03', 1), from: 'acme/a' },
        { at: at('04', 1), from: 'acme/b' }
      ]
    })
    const a2 = measured(history({ repository: 'acme/a', issues: [leftCopy, back] }))
    const result = pool([a2.values, b.values])
    // One issue: opened once, closed once (acme/a's copy 32), each of the two transfers once.
    expect(result.snapshot.metrics.issues).toEqual({ opened: 1, closed: 1, transferred: 2 })
    expect(result.droppedIssueCopies.map((d) => `${d.repository}#${d.number}`).sort()).toEqual([
      'acme/a#30',
      'acme/b#130'
    ])
  })

  it('leaves issues transferred in from outside the organization alone', () => {
    const from = measured(
      history({
        repository: 'acme/b',
        issues: [{ ...moved, transfers: [{ at: at('03', 1), from: 'other/x' }] }]
      })
    )
    const m = pool([a.values, from.values]).snapshot.metrics
    expect(m.issues).toEqual({ opened: 3, closed: 1, transferred: 1 })
    expect(m.issueFirstResponse!.count).toBe(2)
  })
})
