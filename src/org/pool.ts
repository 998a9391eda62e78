/**
 * An organization's figures, pooled from its repositories' values files (src/org/values.ts): never an
 * average of per-repository medians. Every figure comes from the statistics code the repositories' own
 * snapshots use:
 *
 * - a distribution is the repositories' values concatenated, put in their buckets by a DistCollector
 *   (src/metrics/stats.ts): `summarize(concat(values))`, so an organization of one repository has that
 *   repository's figures exactly; per-reviewer figures are `summarize` of the values with that `who`;
 * - counts add (bucket by bucket where the snapshot has buckets); pending reviews add, the oldest is the
 *   oldest of all;
 * - change failure rate is Σ failed ÷ Σ total (failureRatio, as one repository's);
 * - deployment frequency and its DORA class come from deploymentFrequency over the pooled list of the
 *   window's production deployments, with the earliest first deployment of all;
 * - pull-request size and the backlog come from the functions that make one repository's figures
 *   (sizeFigures, backlogFigures) over the pooled sizes and ages; the backlog's oldest items are the
 *   oldest of the repositories' lists of oldest, each named with its repository;
 * - an issue transferred between repositories of the organization counts once (./issues.ts; not in the
 *   backlog, whose items the dedupe cannot see: see there).
 *
 * Every repository must have measured the same window (period, since, until, bucket, timezone): the
 * bucket indexes of the values files refer to it. A metric is pooled only when every repository's
 * values file has it (an organization figure covering some repositories silently would mislead): the
 * others are named in the pooled snapshot's data problems.
 */
import { makeContext, type MetricContext } from '../metrics/context.js'
import { deploymentFrequency, failureRatio } from '../metrics/deployments.js'
import { backlogFigures } from '../metrics/backlog.js'
import { byLoad } from '../metrics/load.js'
import { slowestOf } from '../metrics/pulls.js'
import { oldestPending } from '../metrics/reviews.js'
import { sizeFigures } from '../metrics/size.js'
import { DistCollector, summarize, type Buckets } from '../metrics/stats.js'
import {
  METRIC_NAMES,
  SNAPSHOT_SCHEMA_VERSION,
  type DataProblem,
  type Dist,
  type MetricName,
  type Metrics,
  type ReviewLoad,
  type Snapshot,
  type Stats
} from '../metrics/types.js'
import { dedupeIssues, type DroppedIssueCopy } from './issues.js'
import type { BacklogValues, DistValues, MetricValues, SnapshotValues } from './values.js'

export { dedupeIssues, type DroppedIssueCopy } from './issues.js'

export interface PoolOptions {
  /** The name the pooled snapshot carries in `repository` (the organization, e.g. `acme`). */
  name: string
  generatedAt: string
  /** The repositories' snapshots, when at hand: their data problems are carried over, named. */
  snapshots?: readonly Snapshot[]
}

export interface Pooled {
  snapshot: Snapshot
  /** The repositories pooled, in the order given. */
  repositories: string[]
  /** Issue copies that did not count (./issues.ts). */
  droppedIssueCopies: DroppedIssueCopy[]
}

/** Pools the values files of an organization's repositories into one snapshot. */
export function poolValues(inputs: readonly SnapshotValues[], options: PoolOptions): Pooled {
  if (inputs.length === 0)
    throw new Error('Nothing to pool: no repository has a values file for this period.')
  const first = inputs[0]
  const seen = new Set<string>()
  for (const input of inputs) {
    const key = input.repository.toLowerCase()
    if (seen.has(key)) throw new Error(`${input.repository} is given twice: each repository is pooled once.`)
    seen.add(key)
    const w = input.window
    const f = first.window
    if (
      input.period !== first.period ||
      w.since !== f.since ||
      w.until !== f.until ||
      w.bucket !== f.bucket ||
      w.timezone !== f.timezone
    ) {
      throw new Error(
        `${input.repository} measured ${input.period} (${w.since} to ${w.until}, ${w.bucket}, ${w.timezone}) but ` +
          `${first.repository} measured ${first.period} (${f.since} to ${f.until}, ${f.bucket}, ${f.timezone}): ` +
          'only values of the same window can be pooled.'
      )
    }
  }
  const ctx = makeContext({ ...first.window, ignoreUsers: [], includeBots: true, workingHours: null })
  for (const input of inputs) checkBuckets(input, ctx.buckets.starts.length)

  const problems: DataProblem[] = []
  const common = METRIC_NAMES.filter((name) => inputs.every((i) => name in i.metrics))
  const partial = METRIC_NAMES.filter(
    (name) => !common.includes(name) && inputs.some((i) => name in i.metrics)
  )
  if (partial.length > 0) {
    const lacking = (name: MetricName) => inputs.filter((i) => !(name in i.metrics)).map((i) => i.repository)
    problems.push({
      kind: 'org-partial-metrics',
      message:
        'Not pooled, because some repositories did not measure them: ' +
        partial.map((name) => `${name} (missing in ${lacking(name).join(', ')})`).join('; ') +
        '.'
    })
  }

  const clocks = inputs.filter(
    (i) => (i.metrics.reviewTurnaround ?? i.metrics.timeToFirstReview)?.workingHours
  )
  if (clocks.length > 0 && clocks.length < inputs.length) {
    problems.push({
      kind: 'org-partial-metrics',
      message: `Working-hours figures are not pooled: only ${clocks.map((i) => i.repository).join(', ')} measured them.`
    })
  }
  // Issue copies are told apart when every repository listed its issues (every values file of this build
  // that has an issue metric does); else the issue figures simply add.
  const dedupe = inputs.every((i) => i.issueItems) ? dedupeIssues(inputs) : null
  const pool: Pool = {
    inputs,
    buckets: ctx.buckets,
    ctx,
    part: (name) => inputs.map((i) => i.metrics[name]!),
    issueValues: (name) =>
      inputs.map((input) => keepIssueValues(input.metrics[name]!, dedupe?.stale.get(input.repository))),
    issues: () =>
      dedupe?.counts ?? {
        opened: sum(inputs, (i) => i.metrics.issues!.opened),
        closed: sum(inputs, (i) => i.metrics.issues!.closed),
        transferred: sum(inputs, (i) => i.metrics.issues!.transferred)
      }
  }
  const metrics: Partial<Metrics> = {}
  for (const name of common) {
    const pooler = POOLERS[name] as ((p: Pool) => Metrics[MetricName]) | undefined
    if (pooler) (metrics as Record<string, unknown>)[name] = pooler(pool)
  }

  const ordered: Partial<Metrics> = {}
  for (const name of METRIC_NAMES) {
    if (name in metrics) (ordered as Record<string, unknown>)[name] = metrics[name]
  }
  for (const snapshot of options.snapshots ?? []) {
    for (const problem of snapshot.dataProblems) {
      problems.push({ ...problem, message: `${snapshot.repository}: ${problem.message}` })
    }
  }
  let details: Snapshot['details']
  if (inputs.every((i) => i.details)) {
    // Each repository's lists hold its oldest and slowest: the organization's are among them.
    const named = <T>(list: (i: SnapshotValues) => readonly T[]) =>
      inputs.flatMap((i) => list(i).map((item) => ({ ...item, repository: i.repository })))
    details = {
      pendingReviews: oldestPending(named((i) => i.details!.pendingReviews)),
      slowestMerges: slowestOf(named((i) => i.details!.slowestMerges))
    }
  }
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    repository: options.name,
    generatedAt: options.generatedAt,
    period: first.period,
    window: { ...first.window },
    metrics: ordered,
    ...(details ? { details } : {}),
    complete: inputs.every((i) => i.complete),
    dataProblems: problems
  }
  return {
    snapshot,
    repositories: inputs.map((i) => i.repository),
    droppedIssueCopies: dedupe?.dropped ?? []
  }
}

/** What a metric's pooler reads: the window, every repository's part of the values file, the dedupe. */
interface Pool {
  buckets: Buckets
  ctx: MetricContext
  part<K extends keyof MetricValues>(name: K): Array<NonNullable<MetricValues[K]>>
  /** An issue distribution's values without those of issue copies that do not count. */
  issueValues(name: 'issueFirstResponse' | 'issueTimeToClose'): DistValues[]
  issues(): Metrics['issues']
  inputs: readonly SnapshotValues[]
}

const sum = <T>(parts: readonly T[], of: (part: T) => number): number =>
  parts.reduce((n, part) => n + of(part), 0)

/** How each metric is pooled. */
const POOLERS: { [K in MetricName]?: (pool: Pool) => Metrics[K] } = {
  reviewTurnaround: ({ buckets, part }) => {
    const parts = part('reviewTurnaround')
    let oldest: number | null = null
    for (const p of parts) {
      const age = p.pending.oldestAgeSeconds
      if (age !== null && (oldest === null || age > oldest)) oldest = age
    }
    const result: Metrics['reviewTurnaround'] = {
      ...poolDist(buckets, parts),
      byReviewer: byWho(parts),
      pending: { count: sum(parts, (p) => p.pending.count), oldestAgeSeconds: oldest }
    }
    const working = workingHours(buckets, parts)
    if (working) result.workingHours = working
    return result
  },
  timeToFirstReview: ({ buckets, part }) => {
    const parts = part('timeToFirstReview')
    const result: Metrics['timeToFirstReview'] = poolDist(buckets, parts)
    const working = workingHours(buckets, parts)
    if (working) result.workingHours = working
    return result
  },
  timeToMerge: ({ buckets, part }) => poolDist(buckets, part('timeToMerge')),
  cycleTime: ({ buckets, part }) => {
    const parts = part('cycleTime')
    const phase = (name: 'coding' | 'pickup' | 'review' | 'merge') =>
      poolDist(
        buckets,
        parts.map((p) => p.phases[name])
      )
    return {
      ...poolDist(buckets, parts),
      phases: {
        coding: phase('coding'),
        pickup: phase('pickup'),
        review: phase('review'),
        merge: phase('merge')
      }
    }
  },
  pullRequests: ({ buckets, part }) => {
    const parts = part('pullRequests')
    return {
      opened: sum(parts, (p) => p.opened),
      merged: sum(parts, (p) => p.merged),
      closedUnmerged: sum(parts, (p) => p.closedUnmerged),
      buckets: buckets.labels.map((start, i) => ({
        start,
        opened: sum(parts, (p) => p.buckets[i].opened),
        merged: sum(parts, (p) => p.buckets[i].merged),
        closedUnmerged: sum(parts, (p) => p.buckets[i].closedUnmerged)
      }))
    }
  },
  issueFirstResponse: ({ buckets, issueValues }) => poolDist(buckets, issueValues('issueFirstResponse')),
  issueTimeToClose: ({ buckets, issueValues }) => poolDist(buckets, issueValues('issueTimeToClose')),
  issues: ({ issues }) => issues(),
  deployments: ({ ctx, part }) => {
    const parts = part('deployments')
    const list = parts.flatMap((p) => p.list.map((d) => ({ at: Date.parse(d.at), failed: d.failed })))
    list.sort((a, b) => a.at - b.at)
    let firstEver = Infinity
    for (const p of parts) if (p.firstAt !== null) firstEver = Math.min(firstEver, Date.parse(p.firstAt))
    const sources = [...new Set(parts.map((p) => p.source).filter((s) => s !== 'none'))].sort()
    return deploymentFrequency(ctx, list, sources.length === 0 ? 'none' : sources.join('+'), firstEver)
  },
  leadTimeForChanges: ({ buckets, part }) => poolDist(buckets, part('leadTimeForChanges')),
  changeFailureRate: ({ part }) => {
    const parts = part('changeFailureRate')
    const failed = sum(parts, (p) => p.failed)
    const total = sum(parts, (p) => p.total)
    return { ratio: failureRatio(failed, total), failed, total }
  },
  timeToRestore: ({ buckets, part }) => {
    const parts = part('timeToRestore')
    return {
      ...poolDist(buckets, parts),
      sources: {
        deployments: sum(parts, (p) => p.sources.deployments),
        incidents: sum(parts, (p) => p.sources.incidents)
      }
    }
  },
  reviewLoad: ({ part }) => poolLoad(part('reviewLoad')),
  backlog: ({ inputs }) => {
    // Each item with its repository (numbers are per repository).
    const named = (list: (v: BacklogValues) => BacklogValues['unansweredIssues'], input: SnapshotValues) =>
      list(input.metrics.backlog!).oldest.map((item) => ({ ...item, repository: input.repository }))
    const waiting = (list: (v: BacklogValues) => BacklogValues['unansweredIssues']) => ({
      count: sum(inputs, (i) => list(i.metrics.backlog!).count),
      items: inputs.flatMap((i) => named(list, i))
    })
    return backlogFigures(
      inputs.flatMap((i) => i.metrics.backlog!.openAges),
      waiting((v) => v.awaitingFirstReview),
      waiting((v) => v.unansweredIssues)
    )
  },
  pullRequestSize: ({ part }) => {
    const parts = part('pullRequestSize')
    return sizeFigures(
      parts.flatMap((p) => p.lines),
      parts.flatMap((p) => p.seconds)
    )
  }
}

/** One distribution from several repositories' values: each value in its bucket, then summarized. */
export function poolDist(buckets: Buckets, parts: readonly DistValues[]): Dist {
  const collector = new DistCollector(buckets)
  for (const part of parts) {
    const { seconds, bucket } = part
    for (let i = 0; i < seconds.length; i++) collector.addAt(bucket[i], seconds[i])
  }
  return collector.result()
}

/** Per person (`who`): `summarize` of their values from every repository, names sorted. */
function byWho(parts: readonly DistValues[]): Record<string, Stats> {
  const lists = new Map<string, number[]>()
  for (const part of parts) {
    if (!part.who) continue
    for (let i = 0; i < part.seconds.length; i++) {
      const who = part.who[i]
      if (who === null) continue
      let list = lists.get(who)
      if (!list) lists.set(who, (list = []))
      list.push(part.seconds[i])
    }
  }
  const out: Record<string, Stats> = {}
  for (const name of [...lists.keys()].sort()) out[name] = summarize(lists.get(name)!)
  return out
}

/** The working-hours distribution, when every repository measured one. */
function workingHours(
  buckets: Buckets,
  parts: ReadonlyArray<{ workingHours?: DistValues }>
): Dist | undefined {
  if (!parts.every((p) => p.workingHours)) return undefined
  return poolDist(
    buckets,
    parts.map((p) => p.workingHours!)
  )
}

function poolLoad(parts: readonly ReviewLoad[]): ReviewLoad {
  const totals = new Map<string, { reviewer: string; waiting: number; reviewsGiven: number }>()
  for (const part of parts) {
    for (const row of part.reviewers) {
      const total = totals.get(row.reviewer)
      if (total) {
        total.waiting += row.waiting
        total.reviewsGiven += row.reviewsGiven
      } else totals.set(row.reviewer, { ...row })
    }
  }
  return { reviewers: [...totals.values()].sort(byLoad) }
}

/** The values of one issue distribution without those of the issue copies that do not count. */
function keepIssueValues(part: DistValues, stale: ReadonlySet<number> | undefined): DistValues {
  if (!stale || stale.size === 0 || !part.item) return part
  const out: DistValues = { seconds: [], bucket: [], item: [] }
  if (part.who) out.who = []
  for (let i = 0; i < part.seconds.length; i++) {
    if (stale.has(part.item[i])) continue
    out.seconds.push(part.seconds[i])
    out.bucket.push(part.bucket[i])
    out.item!.push(part.item[i])
    out.who?.push(part.who![i])
  }
  return out
}

/** Refuses a values file whose bucket indexes do not fit the window (a damaged or foreign file). */
function checkBuckets(input: SnapshotValues, count: number): void {
  const check = (name: string, part: DistValues | undefined) => {
    if (!part) return
    if (part.seconds.length !== part.bucket.length || part.bucket.some((b) => !(b >= 0 && b < count))) {
      throw new Error(
        `The values file of ${input.repository} (${input.period}) has ${name} values outside the window's ${count} buckets: re-run that repository's report to write it again.`
      )
    }
  }
  const m = input.metrics
  check('reviewTurnaround', m.reviewTurnaround)
  check('reviewTurnaround.workingHours', m.reviewTurnaround?.workingHours)
  check('timeToFirstReview', m.timeToFirstReview)
  check('timeToFirstReview.workingHours', m.timeToFirstReview?.workingHours)
  check('timeToMerge', m.timeToMerge)
  check('cycleTime', m.cycleTime)
  for (const phase of ['coding', 'pickup', 'review', 'merge'] as const)
    check(`cycleTime.${phase}`, m.cycleTime?.phases[phase])
  check('issueFirstResponse', m.issueFirstResponse)
  check('issueTimeToClose', m.issueTimeToClose)
  check('leadTimeForChanges', m.leadTimeForChanges)
  check('timeToRestore', m.timeToRestore)
  if (m.pullRequestSize && m.pullRequestSize.lines.length !== m.pullRequestSize.seconds.length) {
    throw new Error(
      `The values file of ${input.repository} (${input.period}) has pullRequestSize columns of different lengths: re-run that repository's report to write it again.`
    )
  }
  if (m.pullRequests && m.pullRequests.buckets.length !== count) {
    throw new Error(
      `The values file of ${input.repository} (${input.period}) has ${m.pullRequests.buckets.length} pull-request buckets, not the window's ${count}: re-run that repository's report to write it again.`
    )
  }
}
