/**
 * The edges of the report pipeline (../shared/DESIGN.md "Boundaries"): where history comes from
 * (HistorySource), where it is kept (DataStore, src/store/types.ts) and who is told about a report
 * (Notifier). The action, the CLI and the tests each wire their own implementations.
 */
import type { RequestCounts } from '../github/client.js'
import type { SyncOptions, SyncResult } from '../github/sync.js'

/** What a sync needs from the stored state and the settings (the repository is the source's own). */
export type HistorySyncRequest = Pick<
  SyncOptions,
  | 'checkpoints'
  | 'stored'
  | 'storedTeams'
  | 'deploymentSource'
  | 'deploymentEnvironment'
  | 'since'
  | 'until'
  | 'keepRequests'
>

/** What the pipeline uses of a sync: the update to save, whether it is complete, and its notes. */
export type HistorySync = Pick<SyncResult, 'update' | 'complete' | 'deploymentSource' | 'notes'>

/** The repository's history as GitHub (or a fake) tells it. */
export interface HistorySource {
  /** For logs: "owner/name on https://api.github.com". */
  readonly description: string
  /** Reads what changed since the stored checkpoints; stops cleanly (complete: false) when the budget is spent. */
  sync(request: HistorySyncRequest): Promise<HistorySync>
  /** One line on the rate limit as last seen, for the log (never includes a token). */
  rateLimit(): string
  /** Requests made so far in this run, by every part sharing the source's client. */
  requests(): RequestCounts
}

/** One report period's notification. */
export interface Notification {
  label: string
  /** The title; `{period}` and `{repository}` are expanded where still present. */
  title: string
  body: string
  period: string
  /** Hidden marker that finds this period's issue again (`repo-metrics-report:owner/name:PERIOD`), written into the body as `<!-- MARKER -->`. */
  marker: string
  assignees: string[]
  /** Close the previous periods' issues of the same report. */
  closePrevious: boolean
}

export interface Announcement {
  number: number
  url: string
  /** True when a new issue was opened. */
  created: boolean
  /** True when the issue already said exactly this. */
  unchanged: boolean
}

/** Tells people about a report: opens or updates its labelled issue. */
export interface Notifier {
  /** For logs: "issues of owner/name". */
  readonly description: string
  announce(notification: Notification): Promise<Announcement>
}
