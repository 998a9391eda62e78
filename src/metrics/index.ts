/**
 * The metrics engine: pure functions from normalized history to a snapshot (schema v2). No GitHub, no
 * store. Writes schema v2. Definitions: README.md ("What the numbers mean") and ../shared/DESIGN.md ("Metric definitions").
 *
 * Each collection is read once: pull requests feed the review and flow families through one shared parsed
 * view, issues feed the issue family, deployments are selected once and shared by the DORA metrics.
 */
import type { DeploymentSource, History } from '../model.js'
import {
  selectedDeploymentSource,
  type DeploymentSourceSetting,
  type WorkingHours
} from '../settings-types.js'
import { makeContext, type MetricContext } from './context.js'
import { collectIncidents, selectDeployments } from './deployment-facts.js'
import {
  changeFailureRate,
  deploymentFrequency,
  leadTimeCollector,
  restoreCollector,
  type ProductionDeployment
} from './deployments.js'
import {
  VALUES_SCHEMA_VERSION,
  type IssueItem,
  type MetricValues,
  type SnapshotValues
} from '../org/values.js'
import { IssueMetrics } from './issues.js'
import { BacklogMetrics } from './backlog.js'
import { LoadMetrics } from './load.js'
import { authorCounts, viewPull } from './pull-view.js'
import { PullMetrics } from './pulls.js'
import { ReviewMetrics } from './reviews.js'
import { SizeMetrics } from './size.js'
import {
  METRIC_NAMES,
  SNAPSHOT_SCHEMA_VERSION,
  type MetricName,
  type Metrics,
  type Snapshot,
  type SnapshotDetails
} from './types.js'

export interface MetricOptions {
  /** Window start (inclusive) and end (exclusive), ISO times. */
  since: string
  until: string
  /** Report period name (see src/period.ts). */
  period: string
  bucket: 'day' | 'week' | 'month'
  /** IANA timezone for buckets and the working-hours clock. */
  timezone: string
  metrics: readonly MetricName[]
  ignoreUsers: readonly string[]
  includeBots: boolean
  /**
   * The production environment: GitHub Deployments and ingested deployments to it count (releases,
   * merges and workflow runs always do). Applied to the stored records here, so it can change freely.
   */
  deploymentEnvironment: string
  deploymentSource: 'auto' | DeploymentSource
  /** Issues with this label are incidents; also links incidents to the deployments before them. */
  incidentLabel?: string | null
  workingHours: WorkingHours | null
  generatedAt: string
  complete: boolean
  dataProblems?: Array<{ kind: string; message: string }>
}

export { summarize } from './stats.js'

/**
 * The record source a `deployment-source` setting selects; `auto` lets the engine choose from the
 * records (chooseAutoSource in deployment-facts.ts, the same choice the sync makes).
 */
export function deploymentSourceOf(setting: DeploymentSourceSetting): 'auto' | DeploymentSource {
  return selectedDeploymentSource(setting) ?? 'auto'
}

export function computeSnapshot(history: History, options: MetricOptions): Snapshot {
  return measureWindow(history, options).snapshot
}

/** One window measured: its snapshot, and the exact values behind it (the values file). */
export interface MeasuredWindow {
  snapshot: Snapshot
  /**
   * The values file (src/org/values.ts) of this snapshot, taken from the same collectors that made its
   * figures (so the two cannot drift); built when asked.
   */
  values(): SnapshotValues
}

export function measureWindow(history: History, options: MetricOptions): MeasuredWindow {
  const ctx = makeContext(options)
  const wanted = new Set<MetricName>(options.metrics)
  const metrics: Partial<Metrics> = {}
  // What each family hands to the values file, asked only when values() is called.
  const valueParts: Array<() => MetricValues> = []
  let issueItems: (() => IssueItem[]) | null = null
  const details: SnapshotDetails = { pendingReviews: [], slowestMerges: [] }

  const needReviews =
    wanted.has('reviewTurnaround') || wanted.has('timeToFirstReview') || wanted.has('reviewLoad')
  const needFlow = wanted.has('pullRequests') || wanted.has('timeToMerge') || wanted.has('cycleTime')
  const pullNumbers = new Set(history.pulls.map((pr) => pr.number))
  const backlog = wanted.has('backlog') ? new BacklogMetrics(ctx, pullNumbers) : null
  if (needReviews || needFlow || backlog || wanted.has('pullRequestSize')) {
    const reviews = needReviews ? new ReviewMetrics(ctx, history.teams) : null
    const flow = needFlow ? new PullMetrics(ctx) : null
    const load = wanted.has('reviewLoad') ? new LoadMetrics(ctx) : null
    const size = wanted.has('pullRequestSize') ? new SizeMetrics(ctx) : null
    for (const pr of history.pulls) {
      if (!authorCounts(ctx, pr.author)) continue
      const view = viewPull(ctx, pr)
      reviews?.addPull(view)
      flow?.addPull(view)
      backlog?.addPull(view)
      load?.addPull(view)
      size?.addPull(view)
    }
    if (size) {
      metrics.pullRequestSize = size.pullRequestSize()
      valueParts.push(() => ({ pullRequestSize: size.values() }))
    }
    if (reviews && load) metrics.reviewLoad = load.reviewLoad(reviews.pendingReviews(Infinity))
    if (reviews) valueParts.push(() => reviews.values())
    if (flow) valueParts.push(() => flow.values())
    if (reviews) {
      if (wanted.has('reviewTurnaround')) {
        metrics.reviewTurnaround = reviews.reviewTurnaround()
        details.pendingReviews = reviews.pendingReviews()
      }
      if (wanted.has('timeToFirstReview')) metrics.timeToFirstReview = reviews.timeToFirstReview()
    }
    if (flow) {
      if (wanted.has('pullRequests')) metrics.pullRequests = flow.pullRequests()
      if (wanted.has('timeToMerge')) {
        metrics.timeToMerge = flow.timeToMerge()
        details.slowestMerges = flow.slowestMerges()
      }
      if (wanted.has('cycleTime')) metrics.cycleTime = flow.cycleTime()
    }
  }

  if (wanted.has('issueFirstResponse') || wanted.has('issueTimeToClose') || wanted.has('issues')) {
    const issues = new IssueMetrics(ctx, pullNumbers)
    for (const issue of history.issues) issues.addIssue(issue)
    if (wanted.has('issueFirstResponse')) metrics.issueFirstResponse = issues.issueFirstResponse()
    if (wanted.has('issueTimeToClose')) metrics.issueTimeToClose = issues.issueTimeToClose()
    if (wanted.has('issues')) metrics.issues = issues.issues()
    valueParts.push(() => issues.values())
    issueItems = () => issues.issueItems()
  }

  if (backlog) {
    for (const issue of history.issues) backlog.addIssue(issue)
    metrics.backlog = backlog.backlog()
    valueParts.push(() => ({ backlog: backlog.values() }))
  }

  measureDora(ctx, history, options, wanted, metrics, valueParts)

  // Keep the snapshot's key order stable (the order of METRIC_NAMES), whatever order was asked for.
  const ordered: Partial<Metrics> = {}
  for (const name of Object.keys(metrics).sort(byMetricOrder) as MetricName[]) {
    ;(ordered as Record<string, unknown>)[name] = metrics[name]
  }

  const window = {
    since: options.since,
    until: options.until,
    bucket: options.bucket,
    timezone: options.timezone
  }
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    repository: history.repository,
    generatedAt: options.generatedAt,
    period: options.period,
    window,
    metrics: ordered,
    details,
    complete: options.complete,
    dataProblems: [...(options.dataProblems ?? []), ...ctx.outOfOrder.problems()]
  }
  const values = () => valuesFile(snapshot, valueParts, issueItems)
  return { snapshot, values }
}

/** The values file of `snapshot` from the families' parts: only the metrics the snapshot has, in its order. */
function valuesFile(
  snapshot: Snapshot,
  valueParts: ReadonlyArray<() => MetricValues>,
  issueItems: (() => IssueItem[]) | null
): SnapshotValues {
  const all: MetricValues = {}
  for (const part of valueParts) Object.assign(all, part())
  if (snapshot.metrics.reviewLoad) all.reviewLoad = snapshot.metrics.reviewLoad
  const kept: MetricValues = {}
  for (const name of Object.keys(snapshot.metrics)) {
    if (name in all) (kept as Record<string, unknown>)[name] = all[name as keyof MetricValues]
  }
  const values: SnapshotValues = {
    schemaVersion: VALUES_SCHEMA_VERSION,
    repository: snapshot.repository,
    period: snapshot.period,
    window: { ...snapshot.window },
    complete: snapshot.complete,
    metrics: kept
  }
  if (issueItems) values.issueItems = issueItems()
  if (snapshot.details) values.details = snapshot.details
  return values
}

const DORA = ['deployments', 'leadTimeForChanges', 'changeFailureRate', 'timeToRestore'] as const

/** The DORA metrics (deployments selected once, shared by the four), and their parts of the values file. */
function measureDora(
  ctx: MetricContext,
  history: History,
  options: MetricOptions,
  wanted: ReadonlySet<MetricName>,
  metrics: Partial<Metrics>,
  valueParts: Array<() => MetricValues>
): void {
  if (!DORA.some((name) => wanted.has(name))) return
  const { source, list } = selectDeployments(
    history.deployments,
    options.deploymentEnvironment,
    options.deploymentSource
  )
  const incidents =
    wanted.has('changeFailureRate') || wanted.has('timeToRestore')
      ? collectIncidents(history, options.incidentLabel)
      : []
  if (wanted.has('deployments')) {
    metrics.deployments = deploymentFrequency(ctx, list, source)
    valueParts.push(() => ({ deployments: deploymentValues(ctx, list, source) }))
  }
  if (wanted.has('leadTimeForChanges')) {
    const lead = leadTimeCollector(ctx, history.commits, list)
    metrics.leadTimeForChanges = lead.result()
    valueParts.push(() => ({ leadTimeForChanges: lead.collected() }))
  }
  if (wanted.has('changeFailureRate')) {
    // Incidents mark the deployment they name (or the last one before them) as failed: ingested
    // incidents always, issue incidents when incident-label makes issues incidents.
    const cfr = changeFailureRate(ctx, list, incidents, incidents.length > 0)
    metrics.changeFailureRate = cfr
    valueParts.push(() => ({ changeFailureRate: { failed: cfr.failed, total: cfr.total } }))
  }
  if (wanted.has('timeToRestore')) {
    const { collector, sources } = restoreCollector(ctx, list, incidents)
    metrics.timeToRestore = { ...collector.result(), sources }
    valueParts.push(() => ({ timeToRestore: { ...collector.collected(), sources: { ...sources } } }))
  }
}

/** The values file's deployments: the window's production deployments and the first one ever. */
function deploymentValues(
  ctx: MetricContext,
  list: readonly ProductionDeployment[],
  source: string
): NonNullable<MetricValues['deployments']> {
  let first = Infinity
  for (const deployment of list) if (deployment.at < first) first = deployment.at
  const inWindow = list
    .filter((d) => d.at >= ctx.since && d.at < ctx.until)
    .map((d) => ({ at: new Date(d.at).toISOString(), failed: d.failed }))
  return { source, firstAt: first === Infinity ? null : new Date(first).toISOString(), list: inWindow }
}

function byMetricOrder(a: string, b: string): number {
  return METRIC_NAMES.indexOf(a as MetricName) - METRIC_NAMES.indexOf(b as MetricName)
}
