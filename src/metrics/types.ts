/**
 * Snapshot schema v1: the contract that reports, outputs and checks read (../shared/DESIGN.md).
 * Durations are seconds. Windows include `since` and exclude `until`.
 */

export interface Stats {
  count: number
  mean?: number
  median?: number
  p90?: number
  min?: number
  max?: number
}

export interface DistBucket extends Stats {
  /** Bucket start: midnight in the window's timezone, as an ISO time with offset. */
  start: string
}

/** A distribution. Empty: `{ count: 0, buckets: [...] }` (buckets still listed, each with count 0). */
export interface Dist extends Stats {
  buckets: DistBucket[]
}

export interface ReviewTurnaround extends Dist {
  byReviewer: Record<string, Stats>
  pending: { count: number; oldestAgeSeconds: number | null }
  /** Same values measured on the working-hours clock, when `working-hours` is set. */
  workingHours?: Dist
}

export interface TimeToFirstReview extends Dist {
  workingHours?: Dist
}

export interface CycleTime extends Dist {
  phases: { coding: Dist; pickup: Dist; review: Dist; merge: Dist }
}

export interface CountBucket {
  start: string
  [count: string]: number | string
}

export interface PullRequestCounts {
  opened: number
  merged: number
  closedUnmerged: number
  buckets: Array<{ start: string; opened: number; merged: number; closedUnmerged: number }>
}

export interface IssueCounts {
  opened: number
  closed: number
  transferred: number
}

export type DoraClass = 'daily' | 'weekly' | 'monthly' | 'yearly'

export interface Deployments {
  count: number
  failed: number
  perWeek: number
  doraClass: DoraClass
  buckets: Array<{ start: string; count: number; failed: number }>
  /** The deployment source used: `deployment`, `workflow_run`, `release`, `merge`, `ingest`, or `none`. */
  source: string
}

export interface ChangeFailureRate {
  ratio: number | null
  failed: number
  total: number
}

export interface TimeToRestore extends Dist {
  /** How many values came from each source. */
  sources: { deployments: number; incidents: number }
}

export interface Metrics {
  reviewTurnaround: ReviewTurnaround
  timeToFirstReview: TimeToFirstReview
  timeToMerge: Dist
  cycleTime: CycleTime
  pullRequests: PullRequestCounts
  issueFirstResponse: Dist
  issueTimeToClose: Dist
  issues: IssueCounts
  deployments: Deployments
  leadTimeForChanges: Dist
  changeFailureRate: ChangeFailureRate
  timeToRestore: TimeToRestore
}

export type MetricName = keyof Metrics

export const METRIC_NAMES: readonly MetricName[] = [
  'reviewTurnaround',
  'timeToFirstReview',
  'timeToMerge',
  'cycleTime',
  'pullRequests',
  'issueFirstResponse',
  'issueTimeToClose',
  'issues',
  'deployments',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore'
] as const

export interface SnapshotWindow {
  since: string
  until: string
  bucket: 'day' | 'week' | 'month'
  timezone: string
}

/** Items the report lists by name (titles are user text: escape when rendering). */
export interface SnapshotDetails {
  /** Review requests still open at `until`, oldest first (at most 20). */
  pendingReviews: Array<{ number: number; title: string; reviewer: string; ageSeconds: number }>
  /** Merged pull requests with the longest time to merge in the window (at most 10). */
  slowestMerges: Array<{ number: number; title: string; author: string | null; seconds: number }>
}

/** A value dropped from a distribution because its end came before its start (times as ISO UTC). */
export interface DataProblemItem {
  /** The distribution, e.g. `timeToMerge` or `cycleTime.coding`. */
  metric: string
  item: 'pull' | 'issue'
  number: number
  start: string
  end: string
  /** Negative. */
  seconds: number
}

export interface DataProblem {
  kind: string
  message: string
  /** The records the problem is about, when it names them (out-of-order values). */
  items?: DataProblemItem[]
}

export interface Snapshot {
  schemaVersion: 1
  repository: string
  generatedAt: string
  /** Report period name, e.g. `2026-W47`, `2026-11`, `2026-Q4`, `2026-11-23`. */
  period: string
  window: SnapshotWindow
  /** Only the metrics selected by the `metrics` input are present. */
  metrics: Partial<Metrics>
  details?: SnapshotDetails
  /** False when the sync ran out of budget: the figures cover what was read so far. */
  complete: boolean
  /** Problems with the data that the reader should know (refused ingest records, unreadable teams...). */
  dataProblems: DataProblem[]
}
