/**
 * Snapshot schema v2 (v2 added `backlog`, `reviewLoad` and `pullRequestSize`; a stored v1 snapshot is
 * upgraded when read, src/metrics/upgrade.ts): the contract that reports, outputs and checks read (../shared/DESIGN.md).
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

/** An open item the report lists by name (titles are user text: escape when rendering). */
export interface BacklogItem {
  number: number
  title: string
  author: string | null
  /** Pull requests: since ready for review; issues: since opened. At `until`. */
  ageSeconds: number
  /** In an organization's pooled snapshot (src/org/pool.ts): the repository it is in. */
  repository?: string
}

/** How many open items are how old (at `until`). */
export interface AgeBand {
  label: string
  /** Upper bound of the band in seconds (exclusive); null for the last band. */
  belowSeconds: number | null
  count: number
}

/** What is waiting at the end of the window (`until`), counted by the same rules as every metric. */
export interface Backlog {
  /** Open at `until` and not a draft then. `age`: since ready for review. */
  openPullRequests: { count: number; age: Stats; ageBands: AgeBand[] }
  /** Of those, the ones with no review by someone else before `until`; oldest first (at most 10). */
  awaitingFirstReview: { count: number; oldestAgeSeconds: number | null; oldest: BacklogItem[] }
  /** Issues open at `until` with no comment by someone else before `until`; oldest first (at most 10). */
  unansweredIssues: { count: number; oldestAgeSeconds: number | null; oldest: BacklogItem[] }
}

/** Per reviewer: review requests open at `until`, and reviews submitted in the window. */
export interface ReviewLoad {
  /** Most waiting first, then most reviews given, then name. */
  reviewers: Array<{ reviewer: string; waiting: number; reviewsGiven: number }>
}

/** One size band of the pull requests merged in the window, with their median time to merge. */
export interface SizeBand {
  label: string
  /** Lines changed (additions + deletions), the band's lower bound (inclusive) and upper (exclusive, null: none). */
  from: number
  below: number | null
  count: number
  timeToMergeMedianSeconds: number | null
}

/** Size (additions + deletions) of the pull requests merged in the window. */
export interface PullRequestSize extends Stats {
  bands: SizeBand[]
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
  backlog: Backlog
  reviewLoad: ReviewLoad
  pullRequestSize: PullRequestSize
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
  'timeToRestore',
  'backlog',
  'reviewLoad',
  'pullRequestSize'
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
  pendingReviews: Array<{
    number: number
    title: string
    reviewer: string
    ageSeconds: number
    /** In an organization's pooled snapshot (src/org/pool.ts): the repository of the pull request. */
    repository?: string
  }>
  /** Merged pull requests with the longest time to merge in the window (at most 10). */
  slowestMerges: Array<{
    number: number
    title: string
    author: string | null
    seconds: number
    /** In an organization's pooled snapshot: the repository of the pull request. */
    repository?: string
  }>
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

/** The snapshot schema this build writes (older stored ones are upgraded when read). */
export const SNAPSHOT_SCHEMA_VERSION = 2

export interface Snapshot {
  schemaVersion: 2
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
