/**
 * Organization mode's notifications (`org-notify`): one central issue per period on the metrics
 * repository (the admin summary), and with `repositories` or `both` one issue per repository with its
 * own short body. Every issue goes through src/notify/index.ts notify(): a hidden marker finds the
 * period's issue again, so a re-run updates it instead of opening another, and close-previous closes
 * the previous periods' ones.
 *
 * Per-repository issues are paced (a delay between them: GitHub allows about 80 content-creating
 * requests a minute), at most `budget` a run, and continued by the next run from the state the caller
 * keeps in `org/meta.json` ({period, done, failed}); a new period starts over. A repository's issue
 * that fails for good (403, 404, 410: no access, no such repository, issues disabled) is recorded in
 * the state and not tried again this period; another failure is tried again by the next run. Neither
 * stops the others. `issue-repository` sends every issue to that one repository (titles then name
 * the repository); `dryRun` sends nothing at all and returns what would be sent.
 */
import { expandTitle, issueMarker, notify, type IssueApi, type NotifyLogger } from '../notify/index.js'
import type { RepositoryIssueBody } from './report.js'

export type OrgNotifyMode = 'central' | 'repositories' | 'both' | 'none'

/** What the per-repository notifications of a period have done so far (kept in org/meta.json). */
export interface OrgNotificationState {
  period: string
  /** Repositories (`owner/name`) whose issue was written (or was already up to date) this period. */
  done: string[]
  /** Repositories whose issue failed for good this period (403, 404, 410), with why. */
  failed: Array<{ repository: string; message: string }>
}

export interface OrgNotifyOptions {
  mode: OrgNotifyMode
  organization: string
  period: string
  /** The metrics repository (`owner/name`): the central issue's home. */
  metricsRepository: string
  /** Writes the metrics repository (the workflow's token). */
  octokit: IssueApi
  /** Writes issues in the organization's repositories (an App installation token or a PAT); default `octokit`. */
  repositoryOctokit?: IssueApi
  /** The central issue's body (renderOrgReport's issueBody). */
  centralBody: string
  /** The per-repository bodies (renderOrgReport's repositoryIssues), in the order to send them. */
  repositories: readonly RepositoryIssueBody[]
  label: string
  /** `issue-title`: `{period}` and `{repository}` (the organization for the central issue) are expanded. */
  title: string
  /** Assigned to the central issue only. */
  assignees?: string[]
  closePrevious: boolean
  /** `issue-repository`: every issue goes there; null: each to its own place. */
  issueRepository: string | null
  /** Per-repository issues this run may send at most (`notification-budget`). */
  budget: number
  /** The state the previous run stored (null: none). */
  state: OrgNotificationState | null
  /** Between two per-repository issues; default 3,000 ms. */
  delayMs?: number
  sleep?: (ms: number) => Promise<void>
  dryRun?: boolean
  log: NotifyLogger
}

export interface OrgIssueWritten {
  /** The repository the issue is about (`owner/name`), or the organization for the central issue. */
  about: string
  /** Where the issue is (`owner/name`). */
  repository: string
  number: number
  url: string
  created: boolean
  unchanged: boolean
}

/** An issue a dry run would have sent. */
export interface OrgIssuePlanned {
  about: string
  repository: string
  title: string
  body: string
  label: string
  marker: string
}

export interface OrgNotifyResult {
  central: OrgIssueWritten | null
  repositories: OrgIssueWritten[]
  /** Failures of this run, each with its repository; none stopped the others. */
  errors: Array<{ about: string; repository: string; message: string }>
  /** The state to store for the next run (unchanged by a dry run). */
  state: OrgNotificationState
  /** Repositories still waiting for their issue this period (the next run continues with them). */
  pending: string[]
  /** Requests made that create or change content (POST, PATCH). */
  writes: number
  /** Dry run: what would have been sent (none written). */
  planned: OrgIssuePlanned[]
}

export const DEFAULT_NOTIFY_DELAY_MS = 3000

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The marker of the central issue of a period (an organization name has no `/`: no repository's marker). */
export function centralMarker(organization: string, period: string): string {
  return issueMarker(`org:${organization}`, period)
}

function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner, repo] = repository.split('/')
  if (!owner || !repo) throw new Error(`${JSON.stringify(repository)} is not owner/name.`)
  return { owner, repo }
}

/** Counts the requests that write (anything but GET). */
function counting(api: IssueApi, count: () => void): IssueApi {
  return {
    request(route, params) {
      if (!/^GET /.test(route)) count()
      return api.request(route, params)
    }
  }
}

function httpStatus(error: unknown): number | null {
  const match = /\(HTTP (\d{3})\)/.exec((error as Error)?.message ?? '')
  const status = (error as { status?: unknown })?.status
  return typeof status === 'number' ? status : match ? Number(match[1]) : null
}

const key = (repository: string) => repository.toLowerCase()

/** The title of an issue about `about`: naming the repository when every issue goes to one place. */
function issueTitle(options: OrgNotifyOptions, about: string): string {
  const named =
    options.issueRepository && !options.title.includes('{repository}')
      ? `${options.title} ({repository})`
      : options.title
  return expandTitle(named, { period: options.period, repository: about })
}

/** One issue through notify(): opened, updated or found up to date. */
async function sendIssue(
  options: OrgNotifyOptions,
  api: IssueApi,
  issue: { about: string; target: string; body: string; marker: string; assignees: string[] }
): Promise<OrgIssueWritten> {
  const written = await notify({
    octokit: api,
    ...splitRepository(issue.target),
    label: options.label,
    title: issueTitle(options, issue.about),
    body: issue.body,
    period: options.period,
    marker: issue.marker,
    assignees: issue.assignees,
    closePrevious: options.closePrevious,
    repository: issue.about,
    log: options.log
  })
  return {
    about: issue.about,
    repository: issue.target,
    number: written.number,
    url: written.url,
    created: written.created,
    unchanged: written.unchanged === true
  }
}

export async function notifyOrganization(options: OrgNotifyOptions): Promise<OrgNotifyResult> {
  const { log, period } = options
  const samePeriod = options.state?.period === period
  const state: OrgNotificationState = {
    period,
    done: samePeriod ? [...options.state!.done] : [],
    failed: samePeriod ? [...options.state!.failed] : []
  }
  const result: OrgNotifyResult = {
    central: null,
    repositories: [],
    errors: [],
    state,
    pending: [],
    writes: 0,
    planned: []
  }
  const perRepository = options.mode === 'repositories' || options.mode === 'both'
  const seen = new Set([...state.done, ...state.failed.map((f) => f.repository)].map(key))
  const waiting = perRepository ? options.repositories.filter((r) => !seen.has(key(r.repository))) : []
  if (options.mode === 'none') return result

  const routed = options.issueRepository
  const titleFor = (about: string) => issueTitle(options, about)
  const count = () => result.writes++
  const central = counting(options.octokit, count)
  const others = counting(options.repositoryOctokit ?? options.octokit, count)
  const send = (
    api: IssueApi,
    about: string,
    target: string,
    body: string,
    marker: string,
    assignees: string[]
  ) => sendIssue(options, api, { about, target, body, marker, assignees })

  if (options.mode === 'central' || options.mode === 'both') {
    const target = routed ?? options.metricsRepository
    const marker = centralMarker(options.organization, period)
    if (options.dryRun) {
      result.planned.push({
        about: options.organization,
        repository: target,
        title: titleFor(options.organization),
        body: options.centralBody,
        label: options.label,
        marker
      })
    } else {
      try {
        result.central = await send(
          central,
          options.organization,
          target,
          options.centralBody,
          marker,
          options.assignees ?? []
        )
      } catch (error) {
        const message = (error as Error).message
        log.warning(`The organization's issue: ${message}`)
        result.errors.push({ about: options.organization, repository: target, message })
      }
    }
  }

  const delay = options.delayMs ?? DEFAULT_NOTIFY_DELAY_MS
  const sleep = options.sleep ?? sleepFor
  const turn = waiting.slice(0, Math.max(0, options.budget))
  for (const [index, item] of turn.entries()) {
    const target = routed ?? item.repository
    const marker = issueMarker(item.repository, period)
    if (options.dryRun) {
      result.planned.push({
        about: item.repository,
        repository: target,
        title: titleFor(item.repository),
        body: item.body,
        label: options.label,
        marker
      })
      continue
    }
    if (index > 0 || result.writes > 0) await sleep(delay)
    try {
      result.repositories.push(await send(others, item.repository, target, item.body, marker, []))
      state.done.push(item.repository)
    } catch (error) {
      const message = (error as Error).message
      log.warning(`${item.repository}: ${message}`)
      result.errors.push({ about: item.repository, repository: target, message })
      const status = httpStatus(error)
      if (status === 403 || status === 404 || status === 410)
        state.failed.push({ repository: item.repository, message })
    }
  }
  const handled = new Set([...state.done, ...state.failed.map((f) => f.repository)].map(key))
  result.pending = waiting.map((r) => r.repository).filter((r) => !handled.has(key(r)))
  if (options.dryRun) result.state = options.state ?? { period, done: [], failed: [] }
  if (result.pending.length > 0)
    log.info(
      `${result.pending.length} repositories' issues wait for the next run (notification-budget ${options.budget}).`
    )
  return result
}
