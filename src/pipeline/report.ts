/**
 * The report pipeline: sync → store → metrics → report → commit → notification.
 * Shared by the action (src/main.ts) and the CLI (src/cli.ts); every edge comes in through `deps`.
 */
import type { GitHubClient } from '../github/client.js'
import { syncHistory } from '../github/sync.js'
import { readDataProblems } from '../ingest/index.js'
import type { Logger } from '../log.js'
import { computeSnapshot, deploymentSourceOf } from '../metrics/index.js'
import type { Snapshot } from '../metrics/types.js'
import { notify } from '../notify/index.js'
import { resolveWindow } from '../period.js'
import { dryRunSummary, renderReport } from '../report/index.js'
import { findStoredPeriod } from '../report/stored-period.js'
import type { Settings } from '../settings-types.js'
import type { DataStore, FileChange, HistoryUpdate } from '../store/types.js'
import { applyUpdate } from './apply-update.js'

/** Requests a report run needs after its sync: read (1), commit (up to 5 with a re-read), notification (up to 4). */
export const REQUESTS_AFTER_SYNC = 10

const SOURCE_NAMES: Record<string, string> = {
  deployment: 'GitHub Deployments',
  workflow_run: "the deploy workflow's runs",
  release: 'releases',
  merge: 'merges to the default branch'
}

export interface ReportDeps {
  client: GitHubClient
  store: DataStore
  /** Where reports go when `reports-branch` differs from the data branch. */
  reportsStore?: DataStore
  log: Logger
  now: Date
  /** Reads a user template from the repository's default branch (null when absent). */
  readRepositoryFile?: (path: string) => Promise<string | null>
  /** Whether to open/update the notification issue (false for a local folder store). */
  notifications: boolean
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
  const { store, log, client } = deps
  const repository = `${settings.repository.owner}/${settings.repository.repo}`

  log.info(`Reading stored history from ${store.description}`)
  const state = await store.load()

  log.info('Syncing history from GitHub')
  const sync = await syncHistory({
    client,
    owner: settings.repository.owner,
    repo: settings.repository.repo,
    checkpoints: state.meta.checkpoints,
    deploymentSource: settings.deploymentSource,
    deploymentEnvironment: settings.deploymentEnvironment,
    since: settings.since,
    until: settings.until,
    storedTeams: state.meta.teams,
    // Leave room in the budget for the rest of the run: see REQUESTS_AFTER_SYNC.
    keepRequests: settings.requestBudget !== null ? REQUESTS_AFTER_SYNC : undefined,
    log
  })
  for (const note of sync.notes) log.notice(note)
  if (!sync.complete) {
    log.warning(
      'The request budget ran out before the history was fully read: this report is partial; the next run resumes where this one stopped.'
    )
  }

  const history = { ...applyUpdate(state.history, sync.update), repository }
  // A report written under the old name of this window is found and kept (src/report/stored-period.ts).
  const window = await findStoredPeriod(
    resolveWindow({
      window: settings.window,
      since: settings.since,
      until: settings.until,
      timezone: settings.timezone,
      now: deps.now
    }),
    (paths) => readMany(store, paths)
  )
  // Ingest calls are dated by when they were received, which for a historical window (until in the
  // past) is after the window: look up to now, so refused records are reported at the next run.
  const problemsUntil = new Date(Math.max(Date.parse(window.until), deps.now.getTime() + 1000)).toISOString()
  const dataProblems = [
    ...(await readDataProblems(store, window.since, problemsUntil)),
    ...sync.notes.map((message) => ({ kind: 'sync', message }))
  ]

  const snapshotPath = `snapshots/${window.period}.json`
  // The notification issues are the action's own output, not the team's work: they never count.
  const measured = {
    ...history,
    issues: history.issues.filter((i) => !i.labels.includes(settings.issueLabel))
  }
  const options = (span: { since: string; until: string; period: string }) => ({
    ...span,
    bucket: settings.bucket,
    timezone: settings.timezone,
    metrics: settings.metrics,
    ignoreUsers: settings.ignoreUsers,
    includeBots: settings.includeBots,
    deploymentEnvironment: settings.deploymentEnvironment,
    deploymentSource: deploymentSourceOf(settings.deploymentSource),
    incidentLabel: settings.incidentLabel,
    workingHours: settings.workingHours,
    generatedAt: deps.now.toISOString()
  })
  const computed = computeSnapshot(measured, { ...options(window), complete: sync.complete, dataProblems })
  const usedSource = computed.metrics.deployments?.source
  if (
    settings.deploymentSource.kind === 'auto' &&
    usedSource === 'ingest' &&
    sync.deploymentSource !== 'ingest'
  ) {
    log.notice(
      `Deployment figures come from the deployments your CI sent (ingested), which take precedence over ${SOURCE_NAMES[sync.deploymentSource] ?? sync.deploymentSource} under deployment-source: auto. Set deployment-source to choose another source.`
    )
  }
  // The period before, from the same history and settings (not an older run's snapshot, which may
  // not exist for this window length or may have used other settings).
  const previous = computeSnapshot(measured, {
    ...options(window.previous),
    complete: true,
    dataProblems: []
  })

  const reportsStore = deps.reportsStore ?? store
  const indexPath = `${settings.reportsPath}/README.md`
  const [stored, existingIndex] =
    reportsStore === store
      ? await readMany(store, [snapshotPath, indexPath])
      : [await store.readFile(snapshotPath), await reportsStore.readFile(indexPath)]
  // A re-run with nothing new keeps the stored snapshot byte for byte, so it makes no commit.
  const snapshot = sameFigures(stored, computed) ? (JSON.parse(stored as string) as Snapshot) : computed

  const template = settings.template ? await loadTemplate(settings.template, deps) : null
  const issueTemplate = settings.issueTemplate ? await loadTemplate(settings.issueTemplate, deps) : null
  const rendered = await renderReport({
    snapshot,
    previous,
    repository,
    serverUrl: settings.serverUrl,
    reportsBranch: settings.reportsBranch,
    reportsPath: settings.reportsPath,
    mentionReviewers: settings.mentionReviewers,
    template,
    issueTemplate,
    existingIndex
  })

  const title = settings.issueTitle
    .replaceAll('{period}', window.period)
    .replaceAll('{repository}', repository)
  if (deps.writeSummary && settings.dryRun) {
    await deps.writeSummary(
      dryRunSummary(rendered, settings.notify ? { repository, title, label: settings.issueLabel } : null)
    )
  }

  let committed = false
  let issue: ReportOutcome['issue'] = null
  if (settings.dryRun) {
    log.notice('dry-run: the report was rendered into the job summary; nothing was written.')
  } else {
    const update: HistoryUpdate = { ...sync.update }
    const toFile = (f: { path: string; content: string }): FileChange => ({
      path: f.path,
      content: f.content
    })
    if (reportsStore === store) {
      const result = await store.save(
        update,
        rendered.files.map(toFile),
        `Report ${window.period} for ${repository}`
      )
      committed = result.committed
    } else {
      const dataFiles = rendered.files.filter((f) => f.target === 'data').map(toFile)
      const reportFiles = rendered.files.filter((f) => f.target !== 'data').map(toFile)
      committed = (
        await store.save(update, dataFiles, `History and snapshot ${window.period} for ${repository}`)
      ).committed
      committed = (await reportsStore.save({}, reportFiles, `Report ${window.period}`)).committed || committed
    }
    log.info(
      committed ? `Committed to ${store.description}` : 'Nothing changed on the data branch: no commit'
    )
    // The summary links the report: written once the report exists.
    if (deps.writeSummary) await deps.writeSummary(rendered.summary)

    if (settings.notify && deps.notifications && !sync.complete) {
      log.notice('The notification issue waits for a complete sync: a later run opens or updates it.')
    } else if (settings.notify && deps.notifications) {
      // Only after the data commit has landed.
      const result = await notify({
        octokit: client.octokit,
        owner: settings.issueRepository.owner,
        repo: settings.issueRepository.repo,
        label: settings.issueLabel,
        title,
        body: rendered.issueBody,
        period: window.period,
        marker: `repo-metrics-report:${repository}:${window.period}`,
        assignees: settings.issueAssignees,
        closePrevious: settings.closePreviousIssue,
        log
      })
      issue = { number: result.number, url: result.url }
      const verb = result.created ? 'Opened' : result.unchanged ? 'Issue already up to date:' : 'Updated'
      log.info(`${verb} issue #${result.number}: ${result.url}`)
    }
  }

  return {
    period: window.period,
    reportPath: rendered.reportPath,
    reportUrl: rendered.reportUrl,
    snapshotPath,
    metricsJson: rendered.metricsJson,
    complete: sync.complete,
    committed,
    issue,
    snapshot
  }
}

/** Reads several files, in one request where the store can batch them. */
async function readMany(store: DataStore, paths: string[]): Promise<Array<string | null>> {
  const batched = (store as DataStore & { readFiles?: (p: string[]) => Promise<Map<string, string | null>> })
    .readFiles
  if (batched) {
    const files = await batched.call(store, paths)
    return paths.map((p) => files.get(p) ?? null)
  }
  return Promise.all(paths.map((p) => store.readFile(p)))
}

function sameFigures(storedText: string | null, computed: Snapshot): boolean {
  if (!storedText) return false
  try {
    const stored = JSON.parse(storedText) as Snapshot
    return JSON.stringify({ ...stored, generatedAt: '' }) === JSON.stringify({ ...computed, generatedAt: '' })
  } catch {
    return false
  }
}

async function loadTemplate(path: string, deps: ReportDeps): Promise<{ name: string; text: string }> {
  const text = deps.readRepositoryFile ? await deps.readRepositoryFile(path) : null
  if (text === null) {
    throw new Error(
      `The template '${path}' was not found on the repository's default branch. Commit it there, or clear the input to use the bundled template.`
    )
  }
  return { name: path, text }
}
