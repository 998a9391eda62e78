/**
 * The report pipeline as four phases, each a log group: measure (stored history + sync → metrics),
 * render (report in memory), save (one commit, or one per branch), announce (the notification issue,
 * after the save). Shared by the action (src/main.ts) and the CLI (src/cli.ts); every edge comes in
 * through `deps` as an interface (./types.ts, src/store/types.ts), so tests wire in-memory fakes.
 */
import { inGroup, type Logger } from '../log.js'
import type { Snapshot } from '../metrics/types.js'
import { dryRunSummary } from '../report/index.js'
import type { Settings } from '../settings-types.js'
import type { DataStore } from '../store/types.js'
import { announce } from './announce.js'
import { measure } from './measure.js'
import { render } from './render.js'
import { save } from './save.js'
import type { HistorySource, Notifier } from './types.js'

export { REQUESTS_AFTER_SYNC } from './measure.js'

export interface ReportDeps {
  /** Where the history comes from (GitHub in the action and the CLI). */
  history: HistorySource
  store: DataStore
  /** Where reports go when `reports-branch` differs from the data branch. */
  reportsStore?: DataStore
  /** Opens/updates the notification issue; absent when there is none to send (a local folder store). */
  notifier?: Notifier
  log: Logger
  now: Date
  /** Reads a user template from the repository's default branch (null when absent). */
  readRepositoryFile?: (path: string) => Promise<string | null>
  /** Called with the job-summary Markdown. */
  writeSummary?: (markdown: string) => Promise<void>
}

export interface ReportOutcome {
  period: string
  reportPath: string
  reportUrl: string
  snapshotPath: string
  metricsJson: string
  complete: boolean
  committed: boolean
  issue: { number: number; url: string } | null
  snapshot: Snapshot
}

export async function runReport(settings: Settings, deps: ReportDeps): Promise<ReportOutcome> {
  const { log } = deps
  const measured = await inGroup(log, 'Measure: stored history, sync from GitHub, metrics', () =>
    measure(settings, deps)
  )
  const rendered = await inGroup(log, `Render: report ${measured.period}`, () =>
    render(settings, deps, measured)
  )
  const outcome = (committed: boolean, issue: ReportOutcome['issue']): ReportOutcome => ({
    period: measured.period,
    reportPath: rendered.report.reportPath,
    reportUrl: rendered.report.reportUrl,
    snapshotPath: measured.snapshotPath,
    metricsJson: rendered.report.metricsJson,
    complete: measured.sync.complete,
    committed,
    issue,
    snapshot: rendered.snapshot
  })

  if (settings.dryRun) {
    if (deps.writeSummary) {
      const issue = settings.notify
        ? { repository: measured.repository, title: rendered.title, label: settings.issueLabel }
        : null
      await deps.writeSummary(dryRunSummary(rendered.report, issue))
    }
    log.notice('dry-run: the report was rendered into the job summary; nothing was written.')
    logRunEnd(deps)
    return outcome(false, null)
  }

  const committed = await inGroup(log, `Save: ${deps.store.description}`, () =>
    save(deps, measured, rendered)
  )
  let issue: ReportOutcome['issue'] = null
  const notifier = settings.notify ? deps.notifier : undefined
  if (notifier) {
    const announced = await inGroup(log, `Announce: ${notifier.description}`, () =>
      announce(settings, { notifier, log }, measured, rendered)
    )
    if (announced) issue = { number: announced.number, url: announced.url }
  }
  logRunEnd(deps)
  return outcome(committed, issue)
}

function logRunEnd(deps: ReportDeps): void {
  const used = deps.history.requests()
  deps.log.info(
    `Rate limit at the end of the run: ${deps.history.rateLimit()} (${used.total} requests: GraphQL ${used.graphql}, REST ${used.rest})`
  )
}
