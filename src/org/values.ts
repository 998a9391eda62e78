/**
 * The values file, `snapshots/PERIOD.values.json`: the exact values behind one snapshot's figures, so an
 * organization's figures can be pooled from them (src/org/pool.ts) instead of being averaged from
 * per-repository medians. Written beside the snapshot, in the same save, from the same pass of the
 * metrics code that makes the snapshot (src/metrics/index.ts `measureWindow`): the figures of the
 * snapshot are `summarize` of these values, by construction.
 *
 * Bounded: it holds only the values that fall in the report window (and, for the counts, the window's
 * counts), never the stored history. Durations are seconds, unrounded (the snapshot rounds its figures
 * to 3 decimals; a value here is the millisecond difference of two times divided by 1000).
 *
 * Distributions are stored column by column: `seconds[i]` went to bucket `bucket[i]` (an index into the
 * window's buckets, which `window` fixes: src/metrics/stats.ts makeBuckets), attributed to `who[i]` and
 * measuring item `item[i]` where the metric has them.
 */
import type {
  BacklogItem,
  IssueCounts,
  PullRequestCounts,
  ReviewLoad,
  SnapshotDetails,
  SnapshotWindow
} from '../metrics/types.js'

/** The values file schema this build writes and reads. */
export const VALUES_SCHEMA_VERSION = 1

/** One distribution's values. */
export interface DistValues {
  /** Exact values in seconds, in the order they were measured. */
  seconds: number[]
  /** Bucket index of each value. */
  bucket: number[]
  /**
   * Who each value is attributed to (metrics that have a person): the reviewer (reviewTurnaround: the
   * `byReviewer` key, a login or `team:slug`), the pull request's author (timeToFirstReview, timeToMerge,
   * cycleTime and its phases), the responder (issueFirstResponse), the issue's author (issueTimeToClose).
   * null: a deleted account.
   */
  who?: Array<string | null>
  /** The issue number each value measures (issue metrics: the transfer dedupe needs it). */
  item?: number[]
}

/** An issue that counts in the window: what the transfer dedupe (src/org/issues.ts) needs to know. */
export interface IssueItem {
  number: number
  /** The issue's createdAt and author: GitHub keeps both when an issue is transferred. */
  createdAt: string
  author: string | null
  /** Counted as opened / closed in the window. */
  opened: boolean
  closed: boolean
  /** Every transfer into this repository the record knows; `counted`: in the window (issues.transferred). */
  transfers: Array<{ at: string; from: string | null; counted: boolean }>
}

/** A production deployment in the window (for deployment frequency and its DORA class). */
export interface DeploymentValue {
  /** When it went live, ISO UTC. */
  at: string
  failed: boolean
}

export interface MetricValues {
  reviewTurnaround?: DistValues & {
    workingHours?: DistValues
    /** Requests open at `until` (counts add; the oldest is the oldest of all). */
    pending: { count: number; oldestAgeSeconds: number | null }
  }
  timeToFirstReview?: DistValues & { workingHours?: DistValues }
  timeToMerge?: DistValues
  cycleTime?: DistValues & {
    phases: { coding: DistValues; pickup: DistValues; review: DistValues; merge: DistValues }
  }
  /** As in the snapshot: counts add, bucket by bucket. */
  pullRequests?: PullRequestCounts
  issueFirstResponse?: DistValues
  issueTimeToClose?: DistValues
  /** As in the snapshot (an organization's counts are made from `issueItems`, each issue once). */
  issues?: IssueCounts
  deployments?: {
    source: string
    /** The first production deployment ever of the source (before the window or in it); null: none. */
    firstAt: string | null
    /** The production deployments in the window, in time order. */
    list: DeploymentValue[]
  }
  leadTimeForChanges?: DistValues
  /** Failed (by status, or marked by an incident) and all production deployments in the window. */
  changeFailureRate?: { failed: number; total: number }
  timeToRestore?: DistValues & { sources: { deployments: number; incidents: number } }
  /** As in the snapshot: per reviewer, counts add. */
  reviewLoad?: ReviewLoad
  /**
   * Per pull request merged in the window: lines changed (additions + deletions) and time to merge in
   * seconds (null: out of order, not a value).
   */
  pullRequestSize?: { lines: number[]; seconds: Array<number | null> }
  backlog?: BacklogValues
}

/** What is waiting at `until`: every open pull request's age, and each list's count and oldest items. */
export interface BacklogValues {
  /** Seconds since ready for review of each open pull request that is not a draft (as in the snapshot). */
  openAges: number[]
  /** The snapshot's count and oldest (at most 10): the organization's oldest are among the repositories'. */
  awaitingFirstReview: { count: number; oldest: BacklogItem[] }
  unansweredIssues: { count: number; oldest: BacklogItem[] }
}

export interface SnapshotValues {
  schemaVersion: typeof VALUES_SCHEMA_VERSION
  repository: string
  period: string
  window: SnapshotWindow
  /** The snapshot's `complete`. */
  complete: boolean
  /** Only the metrics the snapshot has. */
  metrics: MetricValues
  /**
   * The issues the window counts (opened, closed, a transfer, or an issue value in the window), whenever
   * an issue metric was measured: what the transfer dedupe (src/org/issues.ts) reads.
   */
  issueItems?: IssueItem[]
  /** The snapshot's lists (at most 20 pending reviews, 10 slowest merges): the organization's are among them. */
  details?: SnapshotDetails
}

/** `snapshots/PERIOD.values.json`. */
export function valuesPath(period: string): string {
  return `snapshots/${period}.values.json`
}

/** The file's text: one line (the file is read by programs; the snapshot beside it is for people). */
export function serializeValues(values: SnapshotValues): string {
  return `${JSON.stringify(values)}\n`
}

/** Reads a values file; refuses one that is not an object or comes from a newer build. */
export function parseValues(text: string, where = 'the values file'): SnapshotValues {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new Error(
      `${where} is not valid JSON (${(error as Error).message}): re-run the repository's report to write it again.`
    )
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${where} is not a JSON object: re-run the repository's report to write it again.`)
  }
  const record = raw as Record<string, unknown>
  if (record.schemaVersion !== VALUES_SCHEMA_VERSION) {
    const newer = typeof record.schemaVersion === 'number' && record.schemaVersion > VALUES_SCHEMA_VERSION
    throw new Error(
      newer
        ? `${where} has schemaVersion ${record.schemaVersion}, newer than this build reads (${VALUES_SCHEMA_VERSION}): update the action.`
        : `${where} has an unknown schemaVersion ${JSON.stringify(record.schemaVersion)}: re-run the repository's report to write it again.`
    )
  }
  if (typeof record.repository !== 'string' || typeof record.window !== 'object' || !record.metrics) {
    throw new Error(
      `${where} lacks repository, window or metrics: re-run the repository's report to write it again.`
    )
  }
  return raw as SnapshotValues
}
