/**
 * Phase 1, measure: the stored history, what changed on GitHub since, and the metrics of the report
 * window and of the period before it. Reads only; nothing is written here.
 */
import { readDataProblems } from '../ingest/index.js'
import type { Logger } from '../log.js'
import { computeSnapshot, deploymentSourceOf, measureWindow, type MetricOptions } from '../metrics/index.js'
import { fromFirstValue, trendPoints, type TrendPoint, type TrendSpan } from '../metrics/trends.js'
import type { Snapshot } from '../metrics/types.js'
import type { CollectionName, History } from '../model.js'
import { valuesPath, type SnapshotValues } from '../org/values.js'
import { resolveWindow, type ResolvedWindow } from '../period.js'
import { findStoredPeriod } from '../report/stored-period.js'
import type { Settings } from '../settings-types.js'
import type { DataStore } from '../store/types.js'
import { applyUpdate } from './apply-update.js'
import { loadForSpans } from './window-load.js'
import type { HistorySource, HistorySync } from './types.js'

/** How many periods the report's trend chart shows (this one included). */
export const TREND_PERIODS = 8

/** Requests a report run needs after its sync: read (1), commit (up to 5 with a re-read), notification (up to 4). */
export const REQUESTS_AFTER_SYNC = 10

const SOURCE_NAMES: Record<string, string> = {
  deployment: 'GitHub Deployments',
  workflow_run: "the deploy workflow's runs",
  release: 'releases',
  merge: 'merges to the default branch'
}

export interface MeasureDeps {
  history: HistorySource
  store: DataStore
  log: Logger
  now: Date
}

export interface Measured {
  /** `owner/name`. */
  repository: string
  period: string
  snapshotPath: string
  sync: HistorySync
  /** This window's figures, as computed now (render may keep the stored copy when they are the same). */
  computed: Snapshot
  /** `snapshots/PERIOD.values.json` (src/org/values.ts). */
  valuesPath: string
  /** The exact values behind `computed`, from the same pass (saved beside the snapshot). */
  values: () => SnapshotValues
  /** The period before, for the comparison in the report. */
  previous: Snapshot
  /** The main medians of the last TREND_PERIODS periods of the series, oldest first (this one last). */
  trend: TrendPoint[]
  /** False when the stored history starts after the previous period does (its figures are not data). */
  previousCovered: boolean
}

export async function measure(settings: Settings, deps: MeasureDeps): Promise<Measured> {
  const { store, log } = deps
  const repository = `${settings.repository.owner}/${settings.repository.repo}`

  // The spans the report shows, known before anything is read: the store reads only what they need.
  const resolved = resolveWindow({
    window: settings.window,
    since: settings.since,
    until: settings.until,
    timezone: settings.timezone,
    now: deps.now
  })
  const spansShown = [...earlierSpans(settings, resolved, TREND_PERIODS - 2), resolved.previous, resolved]

  log.info(`Reading stored history from ${store.description}`)
  const { state, unreadStart } = await loadForSpans(store, settings, spansShown, log)
  log.info(`Rate limit at the start of the run: ${deps.history.rateLimit()}`)

  log.info(`Syncing history from ${deps.history.description}`)
  const sync = await deps.history.sync({
    checkpoints: state.meta.checkpoints,
    stored: storedCounts(state.history),
    storedTeams: state.meta.teams,
    deploymentSource: settings.deploymentSource,
    deploymentEnvironment: settings.deploymentEnvironment,
    since: settings.since,
    until: settings.until,
    // Leave room in the budget for the rest of the run: see REQUESTS_AFTER_SYNC.
    keepRequests: settings.requestBudget !== null ? REQUESTS_AFTER_SYNC : undefined
  })
  for (const note of sync.notes) log.notice(note)
  if (!sync.complete) {
    log.warning(
      'The request budget ran out before the history was fully read: this report is partial; the next run resumes where this one stopped.'
    )
  }

  const history = { ...applyUpdate(state.history, sync.update), repository }
  // A report written under the old name of this window is found and kept (src/report/stored-period.ts).
  const window = await findStoredPeriod(resolved, (paths) => readAll(store, paths))
  // Ingest calls are dated by when they were received, which for a historical window (until in the
  // past) is after the window: look up to now, so refused records are reported at the next run.
  const problemsUntil = new Date(Math.max(Date.parse(window.until), deps.now.getTime() + 1000)).toISOString()
  const dataProblems = [
    ...(await readDataProblems(store, window.since, problemsUntil)),
    // what the store found unusable while loading (a damaged inbox entry of a record run)
    ...(state.problems ?? []),
    ...sync.notes.map((message) => ({ kind: 'sync', message }))
  ]

  // The notification issues are the action's own output, not the team's work: they never count.
  const measured = {
    ...history,
    issues: history.issues.filter((i) => !i.labels.includes(settings.issueLabel))
  }
  const options = (span: MetricSpan) => metricOptions(settings, span, deps.now.toISOString())
  const current = measureWindow(measured, { ...options(window), complete: sync.complete, dataProblems })
  const computed = current.snapshot
  noteIngestPrecedence(settings, computed, sync, log)
  // The period before, from the same history and settings (not an older run's snapshot, which may
  // not exist for this window length or may have used other settings).
  const previous = computeSnapshot(measured, {
    ...options(window.previous),
    complete: true,
    dataProblems: []
  })
  // From the history in memory: no store or API requests (src/metrics/trends.ts says why).
  // Periods that end before the history starts would only be empty points: left out.
  // (months left unread are older than every span: the history starts before them)
  const start = Math.min(historyStart(measured), unreadStart)
  const spans = [...spansShown.slice(0, -2), window.previous, window].filter(
    (span) => Date.parse(span.until) > start
  )
  const trend = fromFirstValue(
    trendPoints(measured, spans, (span) => ({ ...options(span), complete: true }), [computed, previous])
  )
  return {
    repository,
    period: window.period,
    snapshotPath: `snapshots/${window.period}.json`,
    sync,
    computed,
    valuesPath: valuesPath(window.period),
    values: current.values,
    previous,
    trend,
    previousCovered: start < Date.parse(window.previous.since)
  }
}

type MetricSpan = Pick<MetricOptions, 'since' | 'until' | 'period'>

/**
 * The metric options of the settings for one span (the window, the period before it, a trend
 * period), all but `complete` and `dataProblems`, which depend on the run.
 */
export function metricOptions(
  settings: Settings,
  span: MetricSpan,
  generatedAt: string
): Omit<MetricOptions, 'complete' | 'dataProblems'> {
  return {
    since: span.since,
    until: span.until,
    period: span.period,
    bucket: settings.bucket,
    timezone: settings.timezone,
    metrics: settings.metrics,
    ignoreUsers: settings.ignoreUsers,
    includeBots: settings.includeBots,
    deploymentEnvironment: settings.deploymentEnvironment,
    deploymentSource: deploymentSourceOf(settings.deploymentSource),
    incidentLabel: settings.incidentLabel,
    workingHours: settings.workingHours,
    generatedAt
  }
}

/** The time of the oldest pull request or issue (Infinity for an empty history). */
function historyStart(history: History): number {
  let start = Infinity
  for (const item of [...history.pulls, ...history.issues]) {
    const at = Date.parse(item.createdAt)
    if (at < start) start = at
  }
  return start
}

/** The `count` periods of the same series before `window.previous`, oldest first. */
function earlierSpans(settings: Settings, window: ResolvedWindow, count: number): TrendSpan[] {
  const spans: TrendSpan[] = []
  let current = window.previous
  for (let i = 0; i < count; i++) {
    // Resolving `current` again, as the run resolved its own window, gives the period before it.
    current = resolveWindow({
      window: settings.window,
      since: settings.since ? current.since : null,
      until: current.until,
      timezone: settings.timezone,
      now: new Date(current.until)
    }).previous
    spans.unshift(current)
  }
  return spans
}

/** Records stored per collection, for the sync's log. */
function storedCounts(history: History): Partial<Record<CollectionName, number>> {
  return {
    pulls: history.pulls.length,
    issues: history.issues.length,
    commits: history.commits.length,
    deployments: history.deployments.length,
    incidents: history.incidents.length
  }
}

/** Under `auto`, ingested deployments take over from the source the sync chose: say so. */
function noteIngestPrecedence(settings: Settings, computed: Snapshot, sync: HistorySync, log: Logger): void {
  if (settings.deploymentSource.kind !== 'auto') return
  if (computed.metrics.deployments?.source !== 'ingest' || sync.deploymentSource === 'ingest') return
  log.notice(
    `Deployment figures come from the deployments your CI sent (ingested), which take precedence over ${SOURCE_NAMES[sync.deploymentSource] ?? sync.deploymentSource} under deployment-source: auto. Set deployment-source to choose another source.`
  )
}

/** Several files of the store in one batched read, in the order asked. */
async function readAll(store: DataStore, paths: string[]): Promise<Array<string | null>> {
  const files = await store.readFiles(paths)
  return paths.map((path) => files.get(path) ?? null)
}
