/**
 * `repo-metrics org --org NAME`: organization mode from a terminal, the plan, every shard one after
 * another and the report in one process (the action's `mode: org`). By default the histories go to a
 * local folder (`repos/OWNER/NAME/` under --store, the org report under `reports/org/`) and no issue
 * is opened; `--store github` writes the central data branch of `--repo` (the metrics repository) and
 * announces, as the action does.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { GitHubClient } from '../github/client.js'
import type { Logger } from '../log.js'
import { createGitHubHistory } from '../pipeline/github-history.js'
import { orgAll, repositoryRoot, type OrgDeps } from '../org/run.js'
import { gitHubOrgDeps } from '../org/wire.js'
import { createGitHubClient } from '../github/client.js'
import type { Settings } from '../settings-types.js'
import { createDirectoryStore } from '../store/index.js'
import { INPUTS } from '../inputs.js'
import type { StoreChoice } from './store.js'

/** `--org NAME` and `--org=NAME` are the org command's spelling of `--organization`. */
export function orgAlias(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '--org' ? '--organization' : arg.replace(/^--org=/, '--organization=')))
}

/** The org inputs the report command does not read: given to it, they are a mistake to point out. */
export const ORG_ONLY_FLAGS: readonly string[] = INPUTS.filter(
  (spec) => spec.cli && !spec.modes.some((mode) => mode === 'report')
).map((spec) => spec.name)

/** Organization mode on a local folder: every repository in `repos/OWNER/NAME/`, nothing announced. */
function folderOrgDeps(
  settings: Settings,
  dir: string,
  cwd: string,
  log: Logger,
  setOutput: (name: string, value: string) => void
): OrgDeps {
  const readClient = (budget: number | null): GitHubClient =>
    createGitHubClient({
      token: settings.org.readToken,
      apiUrl: settings.apiUrl,
      graphqlUrl: settings.graphqlUrl,
      budget,
      log
    })
  const noIssues = {
    request: () => Promise.reject(new Error('Internal: a folder store opens no issue'))
  }
  return {
    settings,
    log,
    now: new Date(),
    readClient,
    central: createDirectoryStore(dir, { filesOnly: true }),
    repositoryStore: (repository) =>
      createDirectoryStore(join(dir, ...repositoryRoot(repository).split('/')), { repository }),
    newBatch: () => null,
    historyFor: (client, repository) => {
      const [owner, repo] = repository.split('/')
      return createGitHubHistory({ client, owner, repo, apiUrl: settings.apiUrl, log })
    },
    setOutput,
    // the groups file is read from the working directory
    readRepositoryFile: (path) => readFile(resolve(cwd, path), 'utf8').catch(() => null),
    issues: { central: noIssues, repositories: noIssues }
  }
}

export interface OrgCommandResult {
  exitPartial: boolean
  lines: string[]
  /** Requests of the reading clients (the workflow token's are the caller's client's). */
  readRequests: number
  /** For --json: the counts, the coverage and the pooled org snapshot. */
  json: unknown
}

export async function runOrgCommand(
  settings: Settings,
  store: StoreChoice,
  cwd: string,
  client: GitHubClient,
  log: Logger
): Promise<OrgCommandResult> {
  const outputs: Record<string, string> = {}
  const setOutput = (name: string, value: string) => {
    outputs[name] = value
  }
  const wired =
    store.kind === 'folder'
      ? folderOrgDeps(settings, store.dir, cwd, log, setOutput)
      : gitHubOrgDeps(settings, client, log, setOutput)
  // every reading client of the run, to count its requests
  const readers: GitHubClient[] = []
  const deps: OrgDeps = {
    ...wired,
    readClient: (budget) => {
      const reader = wired.readClient(budget)
      readers.push(reader)
      return reader
    }
  }
  const result = await orgAll(deps)
  const { current, partial, failed, waiting } = result.counts
  const where =
    store.kind === 'folder'
      ? `${store.dir}/${result.report.reportPath}`
      : `${result.report.reportPath} on branch ${settings.dataBranch}`
  const lines = [
    `org report ${result.coverage.period}: ${settings.dryRun ? `${result.report.reportPath} (dry-run: not written)` : where}`,
    `repositories: ${current} current, ${partial} partial, ${failed} failed, ${waiting} waiting`,
    ...result.coverage.repositories
      .filter((r) => r.state !== 'current')
      .map((r) => `  ${r.repository}: ${r.state}${r.message ? ` (${r.message})` : ''}`),
    ...(outputs['issue-url'] ? [`issue: ${outputs['issue-url']}`] : [])
  ]
  const readRequests = readers.reduce((sum, r) => sum + r.requests().total, 0)
  const json = { counts: result.counts, coverage: result.coverage, snapshot: result.snapshot }
  return { exitPartial: partial + waiting + failed > 0, lines, readRequests, json }
}
