/**
 * The notification issue: one labelled issue per report period, found again by a hidden marker in its
 * body (never by title), updated on re-runs instead of duplicated.
 *
 * Requests: one list of the label's issues (newest first, one page of 100) finds this period's issue
 * and the previous periods' ones. Unchanged → nothing else. Changed → one PATCH. Missing → the label
 * is checked (and created with a color and description when absent), then the issue is created.
 */
import { sameSeries } from '../period.js'
import type { Notification } from '../pipeline/types.js'
import { capMarkdown, GITHUB_BODY_LIMIT } from '../report/format.js'
import { labelProblem } from '../settings/checks.js'
import { issueTitleText, markdownDocument } from '../text/untrusted.js'

/** The one octokit method notify uses; the `@actions/github` client satisfies it. */
export interface IssueApi {
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: unknown }>
}

export interface NotifyLogger {
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
}

/** One period's notification (the pipeline's Notification) and where and how to send it. */
export interface NotifyOptions extends Notification {
  octokit: IssueApi
  /** The repository the issue goes to (`issue-repository`). */
  owner: string
  repo: string
  log: NotifyLogger
  /** The repository the report is about, for `{repository}` in the title (default: owner/repo). */
  repository?: string
}

export interface NotifyResult {
  number: number
  url: string
  created: boolean
  /** Numbers of the issues closed: previous periods' issues and duplicates of this one. */
  closed: number[]
  /** True when the issue existed and already had this title and body (no request made for it). */
  unchanged?: boolean
}

export const LABEL_COLOR = '1d76db'
export const LABEL_DESCRIPTION = 'Engineering metrics report notifications (repo-metrics-report)'
const TITLE_LIMIT = 256
const MARKER_PATTERN = /<!--\s*(repo-metrics-report:[^\s]+?)\s*-->/

/** The marker of one report period's issue. */
export function issueMarker(repository: string, period: string): string {
  return `repo-metrics-report:${repository}:${period}`
}

/** The hidden HTML comment written at the end of the body. */
export function markerComment(marker: string): string {
  return `<!-- ${marker} -->`
}

/** The marker found in an issue body, or null. */
export function findMarker(body: string | null | undefined): string | null {
  if (!body) return null
  return MARKER_PATTERN.exec(body)?.[1] ?? null
}

/** The part of the marker shared by every period of the same report (the marker without the period). */
export function markerPrefix(marker: string, period: string): string {
  if (period && marker.endsWith(period)) return marker.slice(0, marker.length - period.length)
  const colon = marker.lastIndexOf(':')
  return colon >= 0 ? marker.slice(0, colon + 1) : marker
}

/**
 * Expands `{period}` and `{repository}` in an issue title, keeps it on one line without control or
 * bidi characters (src/text/untrusted.ts) and within GitHub's 256 characters.
 */
export function expandTitle(title: string, values: { period: string; repository: string }): string {
  const text = issueTitleText(
    title.replaceAll('{period}', values.period).replaceAll('{repository}', values.repository)
  )
  return text.length > TITLE_LIMIT ? `${text.slice(0, TITLE_LIMIT - 1)}…` : text
}

/**
 * The body as sent: without control or bidi characters (src/text/untrusted.ts), capped under GitHub's
 * limit, with the marker kept at the end.
 */
export function issueBodyWithMarker(body: string, marker: string): string {
  const comment = markerComment(marker)
  const room = GITHUB_BODY_LIMIT - comment.length - 2
  const clean = markdownDocument(body)
  const link = /\]\((https?:\/\/[^)\s]+)\)/.exec(clean)?.[1] ?? null
  return `${capMarkdown(clean.trimEnd(), room, link)}\n\n${comment}`
}

interface ApiIssue {
  number: number
  title: string
  body?: string | null
  state: string
  html_url: string
  pull_request?: unknown
}

function httpStatus(err: unknown): number | null {
  const status = (err as { status?: unknown })?.status
  return typeof status === 'number' ? status : null
}

/** Turns an API failure into an error that says what was attempted and how to fix it. */
function apiError(action: string, repository: string, err: unknown): Error {
  const status = httpStatus(err)
  const detail = (err as Error)?.message ?? String(err)
  let hint = ''
  if (status === 401) hint = ' Check that the token is valid.'
  else if (status === 403)
    hint = ` The token may not write issues in ${repository}: give the workflow "issues: write" permission (or a token with access to ${repository} for issue-repository).`
  else if (status === 404)
    hint = ` Check that ${repository} exists, has issues enabled and that the token can see it (issue-repository).`
  else if (status === 410) hint = ` Issues are disabled in ${repository}: enable them or set notify: false.`
  return new Error(
    `Could not ${action} in ${repository}${status ? ` (HTTP ${status})` : ''}: ${detail}.${hint}`
  )
}

export async function notify(opts: NotifyOptions): Promise<NotifyResult> {
  const { octokit, owner, repo, label, period, marker, log } = opts
  const repository = `${owner}/${repo}`
  const badLabel = labelProblem(label)
  if (badLabel)
    throw new Error(`The issue label '${label}' ${badLabel}: set the issue-label input to a label name.`)
  const title = expandTitle(opts.title, { period, repository: opts.repository ?? repository })
  const body = issueBodyWithMarker(opts.body, marker)
  const prefix = markerPrefix(marker, period)

  // The label's issues, newest first: the first page holds this period's issue and the previous ones;
  // a re-run for an old period pages on until its marker turns up (at most 20 pages).
  const issues: ApiIssue[] = []
  for (let page = 1; page <= 20; page++) {
    let batch: ApiIssue[]
    try {
      const res = await octokit.request('GET /repos/{owner}/{repo}/issues', {
        owner,
        repo,
        labels: label,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
        page
      })
      batch = Array.isArray(res.data) ? (res.data as ApiIssue[]) : []
    } catch (err) {
      throw apiError(`list the issues labelled '${label}'`, repository, err)
    }
    issues.push(...batch.filter((i) => !i.pull_request))
    if (batch.length < 100 || batch.some((i) => findMarker(i.body) === marker)) break
  }

  const mine = issues.filter((i) => findMarker(i.body) === marker)
  // Prefer an open issue, then the newest.
  mine.sort((a, b) => Number(b.state === 'open') - Number(a.state === 'open') || b.number - a.number)
  const found = mine[0]
  const closed: number[] = []
  let result: NotifyResult

  if (found) {
    if (found.title === title && (found.body ?? '') === body) {
      log.info(`Notification issue #${found.number} is up to date`)
      result = { number: found.number, url: found.html_url, created: false, closed, unchanged: true }
    } else {
      try {
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
          owner,
          repo,
          issue_number: found.number,
          title,
          body
        })
      } catch (err) {
        throw apiError(`update issue #${found.number}`, repository, err)
      }
      log.info(`Updated notification issue #${found.number}`)
      result = { number: found.number, url: found.html_url, created: false, closed }
    }
    if (found.state !== 'open') {
      log.info(`Issue #${found.number} for ${period} was closed by someone; it stays closed`)
    }
  } else {
    await ensureLabel(octokit, owner, repo, label, log)
    const created = await createIssue(opts, title, body)
    log.info(`Opened notification issue #${created.number}`)
    result = { number: created.number, url: created.html_url, created: true, closed }
  }

  // Never two open issues for one period; previous periods' issues closed on request.
  const toClose = issues.filter((i) => {
    if (i.state !== 'open' || i.number === result.number) return false
    const other = findMarker(i.body)
    if (other === marker) return true
    return (
      opts.closePrevious &&
      other !== null &&
      other.startsWith(prefix) &&
      sameSeries(period, other.slice(prefix.length)) &&
      i.number < result.number
    )
  })
  for (const issue of toClose) {
    try {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        owner,
        repo,
        issue_number: issue.number,
        state: 'closed',
        state_reason: 'completed'
      })
      closed.push(issue.number)
      log.info(
        `Closed issue #${issue.number} (${findMarker(issue.body) === marker ? 'duplicate' : 'previous period'})`
      )
    } catch (err) {
      log.warning(apiError(`close issue #${issue.number}`, repository, err).message)
    }
  }
  return result
}

/** Creates the label with a color and description when it does not exist yet. */
async function ensureLabel(octokit: IssueApi, owner: string, repo: string, label: string, log: NotifyLogger) {
  const repository = `${owner}/${repo}`
  try {
    await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', { owner, repo, name: label })
    return
  } catch (err) {
    if (httpStatus(err) !== 404) throw apiError(`read the label '${label}'`, repository, err)
  }
  try {
    await octokit.request('POST /repos/{owner}/{repo}/labels', {
      owner,
      repo,
      name: label,
      color: LABEL_COLOR,
      description: LABEL_DESCRIPTION
    })
    log.info(`Created the label '${label}' in ${repository}`)
  } catch (err) {
    // 422: created meanwhile by another run — fine.
    if (httpStatus(err) !== 422) throw apiError(`create the label '${label}'`, repository, err)
  }
}

async function createIssue(opts: NotifyOptions, title: string, body: string): Promise<ApiIssue> {
  const { octokit, owner, repo, label, assignees, log } = opts
  const repository = `${owner}/${repo}`
  const send = async (withAssignees: string[]) => {
    const res = await octokit.request('POST /repos/{owner}/{repo}/issues', {
      owner,
      repo,
      title,
      body,
      labels: [label],
      ...(withAssignees.length ? { assignees: withAssignees } : {})
    })
    return res.data as ApiIssue
  }
  try {
    return await send(assignees)
  } catch (err) {
    // Assignees who cannot be assigned make GitHub refuse the whole issue: open it without them.
    if (httpStatus(err) === 422 && assignees.length) {
      log.warning(
        `GitHub refused the assignees (${assignees.join(', ')}) for the notification issue in ${repository}; ` +
          'opening it without assignees. Check issue-assignees: each must be able to be assigned in that repository.'
      )
      try {
        return await send([])
      } catch (again) {
        throw apiError('open the notification issue', repository, again)
      }
    }
    throw apiError('open the notification issue', repository, err)
  }
}
