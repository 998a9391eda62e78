/**
 * run(): settings → mode → pipeline. The one place that calls core.setFailed.
 */
import { readFileSync } from 'node:fs'
import * as core from '@actions/core'
import * as github from '@actions/github'
import { createGitHubClient, type GitHubClient } from './github/client.js'
import { readRepositoryFile } from './github/repository-file.js'
import { ingest, jsonText, prune } from './ingest/index.js'
import { coreLogger, type Logger } from './log.js'
import { createIssueNotifier } from './notify/notifier.js'
import { gitHubOrgDeps, runOrgMode } from './org/wire.js'
import { createGitHubHistory } from './pipeline/github-history.js'
import { runReport } from './pipeline/report.js'
import { RECORD_EVENTS, recordEvent } from './record/index.js'
import { readSettings } from './settings.js'
import type { Mode, Settings } from './settings-types.js'
import { createGitDataStore } from './store/index.js'
import { withInbox } from './store/inbox.js'
import { ReadOnlyStoreError, type DataStore } from './store/types.js'

type ConcreteMode = Exclude<Mode, 'auto'>

const RECORD_EVENT_NAMES: ReadonlySet<string> = new Set(RECORD_EVENTS)

/** The mode `auto` stands for on this event, or an error message. */
export function modeForEvent(
  eventName: string,
  payload: { action?: string }
): { mode: ConcreteMode } | { error: string } {
  if (eventName === 'schedule' || eventName === 'workflow_dispatch') return { mode: 'report' }
  if (RECORD_EVENT_NAMES.has(eventName)) return { mode: 'record' }
  if (eventName === 'repository_dispatch') {
    if (payload.action === 'deployments') return { mode: 'ingest-deployments' }
    if (payload.action === 'incidents') return { mode: 'ingest-incidents' }
    return {
      error: `repository_dispatch event type '${payload.action ?? ''}' is not one this action handles: send 'deployments' or 'incidents', or set the 'mode' input.`
    }
  }
  if (!eventName) {
    return {
      error:
        "No event: GITHUB_EVENT_NAME is not set, so mode 'auto' cannot choose. Set the 'mode' input to report, record, ingest-deployments, prune-deployments, ingest-incidents or prune-incidents."
    }
  }
  return {
    error: `The '${eventName}' event has no default mode: set the 'mode' input to report, record, ingest-deployments, prune-deployments, ingest-incidents or prune-incidents.`
  }
}

export async function run(): Promise<void> {
  const log = coreLogger()
  try {
    const settings = readSettings()
    if (!settings) {
      core.setFailed('The inputs above are invalid; nothing was read or written.')
      return
    }
    const eventName = github.context.eventName
    const payload = github.context.payload as { action?: string }
    let mode: ConcreteMode
    if (settings.mode === 'auto') {
      const chosen = modeForEvent(eventName, payload)
      if ('error' in chosen) {
        core.setFailed(chosen.error)
        return
      }
      mode = chosen.mode
    } else {
      mode = settings.mode
    }
    log.info(`repo-metrics-report: mode ${mode} for ${settings.repository.owner}/${settings.repository.repo}`)

    const client = createGitHubClient({
      token: settings.token,
      apiUrl: settings.apiUrl,
      graphqlUrl: settings.graphqlUrl,
      budget: settings.requestBudget,
      log
    })
    // The inbox of record runs (src/store/inbox.ts) is folded in by whichever run loads the store.
    const store = withInbox(
      createGitDataStore({
        octokit: client.octokit,
        owner: settings.repository.owner,
        repo: settings.repository.repo,
        branch: settings.dataBranch,
        graphqlUrl: settings.graphqlUrl,
        // Retried conflicts and fallback reads: recovered, so warnings.
        log
      })
    )
    try {
      await runMode(mode, settings, { client, store, log, eventName, payload })
    } catch (error) {
      if (!(error instanceof ReadOnlyStoreError)) throw error
      if (mode === 'record') {
        // A fork's pull request: its token is read-only. The event is only an accelerator.
        log.notice(
          `The token is read-only (as on a pull request from a fork), so this event was not recorded. The next scheduled report reads it from history; nothing is lost. (${error.message})`
        )
      } else {
        core.setFailed(
          `The token cannot write to the repository, so nothing was saved (${error.message}). Give the job \`permissions: contents: write\` (and \`issues: write\` for the notification issue), or pass a token that can write.`
        )
      }
    } finally {
      const used = client.requests()
      core.setOutput('api-requests', String(used.total))
      log.info(`API requests this run: ${used.total} (GraphQL ${used.graphql}, REST ${used.rest})`)
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

interface ModeDeps {
  client: GitHubClient
  store: DataStore
  log: Logger
  eventName: string
  payload: unknown
}

async function runMode(mode: ConcreteMode, settings: Settings, deps: ModeDeps): Promise<void> {
  const { client, store, log } = deps
  switch (mode) {
    case 'report': {
      const reportsStore =
        settings.reportsBranch === settings.dataBranch
          ? undefined
          : createGitDataStore({
              octokit: client.octokit,
              owner: settings.repository.owner,
              repo: settings.repository.repo,
              branch: settings.reportsBranch,
              filesOnly: true,
              graphqlUrl: settings.graphqlUrl,
              log
            })
      // Each phase is its own log group (runReport opens them), so no group around it here.
      const outcome = await runReport(settings, {
        history: createGitHubHistory({
          client,
          owner: settings.repository.owner,
          repo: settings.repository.repo,
          apiUrl: settings.apiUrl,
          log
        }),
        store,
        reportsStore,
        notifier: createIssueNotifier({
          octokit: client.octokit,
          owner: settings.issueRepository.owner,
          repo: settings.issueRepository.repo,
          log
        }),
        log,
        now: new Date(),
        readRepositoryFile: (path) => readRepositoryFile(client, settings, path),
        writeSummary: async (markdown) => {
          if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
        }
      })
      core.setOutput('report-path', outcome.reportPath)
      core.setOutput('report-url', outcome.reportUrl)
      core.setOutput('snapshot-path', outcome.snapshotPath)
      core.setOutput('metrics-json', outcome.metricsJson)
      core.setOutput('sync-complete', String(outcome.complete))
      if (outcome.issue) {
        core.setOutput('issue-number', String(outcome.issue.number))
        core.setOutput('issue-url', outcome.issue.url)
      }
      return
    }
    case 'record': {
      const result = await recordEvent({
        store: settings.dryRun ? dryRunStore(store, log) : store,
        eventName: deps.eventName,
        payload: deps.payload,
        deployWorkflow: settings.deploymentSource.kind === 'workflow' ? settings.deploymentSource.name : null,
        deploymentEnvironment: settings.deploymentEnvironment,
        log
      })
      if (result.skipped) log.info(`Nothing recorded: ${result.skipped}`)
      else log.info(`Recorded ${result.folded}${result.committed ? '' : ' (already stored)'}`)
      return
    }
    case 'ingest-deployments':
    case 'ingest-incidents': {
      const kind = mode === 'ingest-deployments' ? 'deployments' : 'incidents'
      const text = ingestText(kind, settings, deps.payload)
      const result = await ingest({ store, kind, text, now: new Date(), dryRun: settings.dryRun, log })
      core.setOutput('accepted', String(result.accepted))
      core.setOutput('rejected', String(result.rejected))
      core.setOutput('errors', JSON.stringify(result.errors))
      if (result.fatal) {
        core.setOutput(
          'errors',
          JSON.stringify([{ index: null, id: null, field: null, message: result.fatal }])
        )
        // Bad data never breaks the caller's workflow unless they ask for it.
        if (settings.failOnInvalid) core.setFailed(result.fatal)
        else core.warning(result.fatal, { title: `Nothing ingested` })
        return
      }
      for (const problem of result.errors) core.warning(problem.message, { title: `Rejected ${kind} record` })
      log.info(`${kind}: ${result.accepted} accepted, ${result.rejected} rejected`)
      if (result.rejected > 0 && settings.failOnInvalid) {
        core.setFailed(`${result.rejected} ${kind} records were rejected and fail-on-invalid is true.`)
      }
      return
    }
    case 'org-plan':
    case 'org-sync':
    case 'org-report':
    case 'org':
      await runOrgMode(
        mode,
        gitHubOrgDeps(settings, client, log, (name, value) => core.setOutput(name, value))
      )
      return
    case 'prune-deployments':
    case 'prune-incidents': {
      const kind = mode === 'prune-deployments' ? 'deployments' : 'incidents'
      const result = await prune({ store, kind, selection: settings.prune, dryRun: settings.dryRun, log })
      core.setOutput('removed', String(result.removed.length))
      log.info(
        `${settings.dryRun ? 'Would remove' : 'Removed'} ${result.removed.length} ${kind} records${
          result.removed.length ? `: ${result.removed.join(', ')}` : ''
        }`
      )
      return
    }
  }
}

/** A store that writes nothing (dry-run): saves are logged and reported as not committed. */
function dryRunStore(store: DataStore, log: Logger): DataStore {
  return {
    description: store.description,
    // reads as the store does (windowed loads stay windowed); only writes are held back
    load: (options) => store.load(options),
    ...(store.loadMonths ? { loadMonths: store.loadMonths.bind(store) } : {}),
    ...(store.readRecordShards ? { readRecordShards: store.readRecordShards.bind(store) } : {}),
    readFile: (path) => store.readFile(path),
    readFiles: (paths) => store.readFiles(paths),
    list: (prefix) => store.list(prefix),
    async save(update, files, message) {
      const parts = Object.entries(update)
        .filter(([, value]) => Array.isArray(value) && value.length > 0)
        .map(([key, value]) => `${(value as unknown[]).length} ${key}`)
      log.notice(
        `dry-run: would save to ${store.description}: ${message} (${parts.join(', ') || 'no records'}${files.length ? `, ${files.length} files` : ''})`
      )
      return { committed: false, commitSha: null, retries: 0, paths: [] }
    }
  }
}

/** The JSON text to ingest: the input, the file, or a repository_dispatch client_payload. */
function ingestText(kind: 'deployments' | 'incidents', settings: Settings, payload: unknown): string {
  const inline = kind === 'deployments' ? settings.deploymentsJson : settings.incidentsJson
  if (inline) return inline
  const file = kind === 'deployments' ? settings.deploymentsFile : settings.incidentsFile
  if (file) {
    try {
      return readFileSync(file, 'utf8')
    } catch (error) {
      throw new Error(
        `Input '${kind}-file' names '${file}', which cannot be read (${(error as Error).message}). Give a path relative to the workspace.`
      )
    }
  }
  const clientPayload = (payload as { client_payload?: unknown }).client_payload
  // jsonText: the payload may nest deeper than JSON.stringify's stack allows
  if (clientPayload) return jsonText(clientPayload)
  throw new Error(
    `Nothing to ingest: set the '${kind}' input (JSON) or '${kind}-file', or send a repository_dispatch event of type '${kind}' with the records in client_payload.`
  )
}
