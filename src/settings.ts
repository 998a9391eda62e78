/**
 * Every action input (and the few GITHUB_* variables the pipeline needs) parsed and validated into one
 * typed, frozen Settings. All problems are collected and reported together, before any API call.
 *
 * `parseSettings` is pure so the CLI can feed it flags through its own `getInput` and print the same
 * messages; `readSettings` is the action's entry: it reads `core.getInput` and emits one annotation per
 * problem.
 */
import * as core from '@actions/core'
import { DateTime, IANAZone } from 'luxon'
import { METRIC_NAMES, type MetricName } from './metrics/types.js'
import { parseWindow, parseWorkingHours } from './period.js'
import {
  BUCKETS,
  MODES,
  type Bucket,
  type DeploymentSourceSetting,
  type Mode,
  type RepoRef,
  type Settings,
  type WindowSpec,
  type WorkingHours
} from './settings-types.js'

export interface SettingsProblem {
  /** The input name (`timezone`) or environment variable (`GITHUB_REPOSITORY`). */
  input: string
  /** The value given, shortened; never the token. */
  value: string
  /** One sentence naming the input, the value and what is accepted. */
  message: string
}

export type ParseSettingsResult =
  { ok: true; settings: Settings } | { ok: false; problems: SettingsProblem[] }

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

/** Defaults applied when an input is empty. They match action.yml (a test keeps them in step). */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({
  mode: 'auto',
  'data-branch': 'repo-metrics',
  'reports-path': 'reports',
  window: '90d',
  bucket: 'week',
  timezone: 'UTC',
  metrics: 'all',
  'include-bots': 'false',
  'deployment-environment': 'production',
  'deployment-source': 'auto',
  'issue-label': 'metrics-report',
  'issue-title': 'Metrics report {period} for {repository}',
  'close-previous-issue': 'true',
  notify: 'true',
  'mention-reviewers': 'false',
  'dry-run': 'false',
  'fail-on-invalid': 'false'
})

const DEFAULT_API_URL = 'https://api.github.com'
const DEFAULT_SERVER_URL = 'https://github.com'
const MAX_SHOWN_VALUE = 80
const MAX_ASSIGNEES = 10
const MAX_LABEL_LENGTH = 50
const MAX_TITLE_LENGTH = 256

const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/
const REPO_PART = /^[A-Za-z0-9_.-]{1,100}$/
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** `review-turnaround`, `reviewTurnaround` and `review_turnaround` all name `reviewTurnaround`. */
const METRIC_BY_KEY = new Map<string, MetricName>(METRIC_NAMES.map((name) => [name.toLowerCase(), name]))

/** Shorten a value for a message so a pasted JSON document does not flood the log. */
function shown(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ')
  return oneLine.length > MAX_SHOWN_VALUE ? `${oneLine.slice(0, MAX_SHOWN_VALUE - 3)}...` : oneLine
}

/** Split a comma- or newline-separated list, trimmed, empty entries dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
}

function parseBoolean(text: string): boolean | null {
  if (TRUE_VALUES.includes(text)) return true
  if (FALSE_VALUES.includes(text)) return false
  return null
}

/** Checks the rules of `git check-ref-format` for a branch name. */
export function branchNameProblem(name: string): string | null {
  if (/[\s~^:?*[\\]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) {
    return 'contains a space, a control character or one of ~ ^ : ? * [ \\'
  }
  if (name.startsWith('-')) return 'starts with a dash'
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'has an empty path part'
  if (name.includes('..') || name.includes('@{')) return "contains '..' or '@{'"
  if (name === '@') return "is '@'"
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return "has a part that starts with '.' or ends with '.lock'"
  }
  if (name.endsWith('.')) return "ends with '.'"
  return null
}

/** A path inside the repository: relative, `/`-separated, without `.`/`..` parts. */
export function repoPathProblem(path: string): string | null {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute'
  if (path.includes('\\')) return 'uses backslashes'
  if (path.split('/').some((part) => part === '..' || part === '.')) return "has a '.' or '..' part"
  if (path.split('/').some((part) => part === '')) return 'has an empty part'
  return null
}

export function parseRepoRef(text: string): RepoRef | null {
  const parts = text.split('/')
  if (parts.length !== 2) return null
  const [owner, repo] = parts
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(owner) || !REPO_PART.test(repo)) return null
  if (repo === '.' || repo === '..') return null
  return { owner, repo }
}

function validZone(zone: string): boolean {
  return IANAZone.isValidZone(zone)
}

/**
 * `YYYY-MM-DD` (midnight in `zone`) or a full ISO time (in `zone` when it has no offset), as a UTC ISO string.
 */
export function parseInstant(text: string, zone: string): Parsed<string> {
  const dateOnly = DATE_ONLY.exec(text)
  if (dateOnly) {
    const time = DateTime.fromISO(text, { zone })
    if (!time.isValid) return { ok: false, message: 'is not a calendar date' }
    return { ok: true, value: time.toUTC().toISO()! }
  }
  if (!ISO_TIME.test(text)) return { ok: false, message: 'is not a date' }
  const time = DateTime.fromISO(text, { zone })
  if (!time.isValid) return { ok: false, message: 'is not a valid time' }
  return { ok: true, value: time.toUTC().toISO()! }
}

function parseDeploymentSource(text: string): DeploymentSourceSetting | null {
  if (text === 'auto' || text === 'deployments' || text === 'releases' || text === 'merges') {
    return { kind: text }
  }
  const workflow = /^workflow:(.+)$/.exec(text)
  if (workflow && workflow[1].trim()) return { kind: 'workflow', name: workflow[1].trim() }
  return null
}

function trimUrl(url: string): string {
  return url.replace(/\/+$/, '')
}

function validUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** GitHub's GraphQL endpoint for an API URL: `/api/graphql` on GHES, `${api}/graphql` otherwise. */
export function defaultGraphqlUrl(apiUrl: string): string {
  return /\/api\/v3$/.test(apiUrl) ? apiUrl.replace(/\/api\/v3$/, '/api/graphql') : `${apiUrl}/graphql`
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/**
 * Parse and validate every input. `getInput(name)` returns the raw input ('' when not given); `env` gives
 * GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_GRAPHQL_URL and GITHUB_SERVER_URL.
 */
export function parseSettings(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv
): ParseSettingsResult {
  const problems: SettingsProblem[] = []
  const raw = (name: string): string => (getInput(name) ?? '').trim()
  const input = (name: string): string => raw(name) || (INPUT_DEFAULTS[name] ?? '')
  const problem = (name: string, value: string, what: string, fix: string): void => {
    const v = shown(value)
    problems.push({
      input: name,
      value: v,
      message: `Input '${name}' has the value '${v}', which ${what}. ${fix}`
    })
  }
  /** For parsers (src/period.ts) whose message already quotes the value and says what is accepted. */
  const invalid = (name: string, value: string, message: string): void => {
    const text = message.endsWith('.') ? message : `${message}.`
    problems.push({ input: name, value: shown(value), message: `Input '${name}' is invalid: ${text}` })
  }
  const envProblem = (name: string, value: string, what: string, fix: string): void => {
    const v = shown(value)
    const message =
      value === ''
        ? `Environment variable '${name}' is not set. ${fix}`
        : `Environment variable '${name}' has the value '${v}', which ${what}. ${fix}`
    problems.push({ input: name, value: v, message })
  }
  const bool = (name: string): boolean => {
    const text = input(name)
    const value = parseBoolean(text)
    if (value === null) {
      problem(name, text, 'is not a boolean', "Use 'true' or 'false'.")
      return parseBoolean(INPUT_DEFAULTS[name] ?? 'false') ?? false
    }
    return value
  }
  const oneOf = <T extends string>(name: string, accepted: readonly T[]): T => {
    const text = input(name)
    if ((accepted as readonly string[]).includes(text)) return text as T
    problem(name, text, 'is not accepted', `Use one of: ${accepted.join(', ')}.`)
    return INPUT_DEFAULTS[name] as T
  }
  const logins = (name: string): string[] => {
    const list = splitList(input(name)).map((login) => login.replace(/^@/, ''))
    for (const login of list.filter((l) => !LOGIN.test(l))) {
      problem(
        name,
        login,
        'is not a GitHub login',
        'Give logins separated by commas, such as octocat, dependabot[bot].'
      )
    }
    return [...new Set(list.filter((l) => LOGIN.test(l)))]
  }
  const branch = (name: string, text: string): string => {
    const why = branchNameProblem(text)
    if (why) problem(name, text, `is not a valid branch name: it ${why}`, 'Use a name such as repo-metrics.')
    return text
  }
  const repoPath = (name: string, text: string, example: string): string => {
    const cleaned = text.replace(/\/+$/, '')
    const why = repoPathProblem(cleaned)
    if (why)
      problem(
        name,
        text,
        `is not a path inside the repository: it ${why}`,
        `Use a relative path such as '${example}'.`
      )
    return cleaned
  }
  const optional = (name: string): string | null => input(name) || null

  // The token: required, and its value never appears in a message.
  const token = raw('token')
  if (!token) {
    problems.push({
      input: 'token',
      value: '',
      message:
        "Input 'token' is empty. Leave it unset to use the workflow's token (`${{ github.token }}`), or pass a token from a secret such as `${{ secrets.METRICS_TOKEN }}`."
    })
  } else if (/\s/.test(token)) {
    problems.push({
      input: 'token',
      value: '***',
      message: "Input 'token' contains whitespace, so it is not a token. Check the secret it comes from."
    })
  }

  const mode = oneOf<Mode>('mode', MODES)

  // The repository and the API endpoints, from the runner's environment.
  const repositoryText = (env.GITHUB_REPOSITORY ?? '').trim()
  let repository = parseRepoRef(repositoryText)
  if (!repository) {
    envProblem(
      'GITHUB_REPOSITORY',
      repositoryText,
      'is not in the form owner/name',
      'The Actions runner sets it; when running elsewhere set it to the repository, such as octo-org/octo-repo.'
    )
    repository = { owner: '', repo: '' }
  }
  const urlFromEnv = (name: string, fallback: string): string => {
    const text = (env[name] ?? '').trim()
    if (!text) return fallback
    if (!validUrl(text)) {
      envProblem(name, text, 'is not an http(s) URL', `Set it to a URL such as ${fallback}, or unset it.`)
      return fallback
    }
    return trimUrl(text)
  }
  const apiUrl = urlFromEnv('GITHUB_API_URL', DEFAULT_API_URL)
  const graphqlUrl = urlFromEnv('GITHUB_GRAPHQL_URL', defaultGraphqlUrl(apiUrl))
  const serverUrl = urlFromEnv('GITHUB_SERVER_URL', DEFAULT_SERVER_URL)

  // Branches and paths.
  const dataBranch = branch('data-branch', input('data-branch'))
  const reportsBranch = raw('reports-branch') ? branch('reports-branch', raw('reports-branch')) : dataBranch
  const reportsPath = repoPath('reports-path', input('reports-path'), 'reports')
  const template = raw('template')
    ? repoPath('template', raw('template'), '.github/metrics/report.hbs')
    : null
  const issueTemplate = raw('issue-template')
    ? repoPath('issue-template', raw('issue-template'), '.github/metrics/issue.hbs')
    : null

  // Time: zone first, because date-only values are midnights in it.
  const timezoneText = input('timezone')
  const timezone = validZone(timezoneText) ? timezoneText : 'UTC'
  if (!validZone(timezoneText)) {
    problem(
      'timezone',
      timezoneText,
      'is not an IANA time zone',
      "Use a name such as 'Europe/Berlin' or 'UTC'."
    )
  }
  const windowText = input('window')
  const windowParsed = parseWindow(windowText)
  let window: WindowSpec = { kind: 'length', days: 90, text: '90d' }
  if (windowParsed.ok) window = windowParsed.value
  else invalid('window', windowText, windowParsed.message)
  const instant = (name: string): string | null => {
    const text = raw(name)
    if (!text) return null
    const parsed = parseInstant(text, timezone)
    if (parsed.ok) return parsed.value
    problem(
      name,
      text,
      parsed.message,
      "Use a date such as '2026-01-31' or an ISO time such as '2026-01-31T12:00:00Z'."
    )
    return null
  }
  const since = instant('since')
  const until = instant('until')
  if (since && until && since >= until) {
    problem(
      'since',
      raw('since'),
      `is not before until ('${raw('until')}')`,
      "Give a 'since' earlier than 'until'."
    )
  }
  const bucket = oneOf<Bucket>('bucket', BUCKETS)

  // Metrics.
  const metricsText = input('metrics')
  let metrics: MetricName[] = [...METRIC_NAMES]
  const metricList = splitList(metricsText)
  if (!metricList.some((name) => name.toLowerCase() === 'all')) {
    const chosen: MetricName[] = []
    for (const name of metricList) {
      const metric = METRIC_BY_KEY.get(name.replace(/[-_]/g, '').toLowerCase())
      if (metric) {
        if (!chosen.includes(metric)) chosen.push(metric)
      } else {
        problem(
          'metrics',
          name,
          'is not a metric',
          `Use 'all' or a comma-separated list of: ${METRIC_NAMES.map((m) => m.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())).join(', ')}.`
        )
      }
    }
    if (chosen.length > 0) metrics = chosen
    else if (metricList.length === 0)
      problem('metrics', metricsText, 'names no metric', "Use 'all' or name metrics.")
  }

  const ignoreUsers = logins('ignore-users')
  const includeBots = bool('include-bots')

  // Deployments and incidents.
  const deploymentEnvironment = input('deployment-environment')
  const sourceText = input('deployment-source')
  const deploymentSource = parseDeploymentSource(sourceText) ?? { kind: 'auto' }
  if (!parseDeploymentSource(sourceText)) {
    problem(
      'deployment-source',
      sourceText,
      'is not a deployment source',
      "Use 'auto', 'deployments', 'releases', 'merges' or 'workflow:NAME' (NAME is a workflow's name or file name)."
    )
  }
  const notLongerThan = (name: string, value: string, max: number, noun: string): void => {
    if (value.length > max) problem(name, value, `is longer than ${max} characters`, `Use a shorter ${noun}.`)
  }
  const incidentLabel = optional('incident-label')
  if (incidentLabel) notLongerThan('incident-label', incidentLabel, MAX_LABEL_LENGTH, 'label')

  // The notification issue.
  const issueLabel = input('issue-label')
  notLongerThan('issue-label', issueLabel, MAX_LABEL_LENGTH, 'label')
  const issueTitle = input('issue-title')
  notLongerThan('issue-title', issueTitle, MAX_TITLE_LENGTH, 'title')
  const issueRepositoryText = raw('issue-repository')
  let issueRepository: RepoRef = repository
  if (issueRepositoryText) {
    const parsed = parseRepoRef(issueRepositoryText)
    if (parsed) issueRepository = parsed
    else
      problem(
        'issue-repository',
        issueRepositoryText,
        'is not in the form owner/name',
        'Use a repository such as octo-org/metrics-testing.'
      )
  }
  const issueAssignees = logins('issue-assignees')
  if (issueAssignees.length > MAX_ASSIGNEES) {
    problem(
      'issue-assignees',
      input('issue-assignees'),
      `names ${issueAssignees.length} people`,
      `GitHub allows at most ${MAX_ASSIGNEES} assignees.`
    )
  }
  const closePreviousIssue = bool('close-previous-issue')
  const notify = bool('notify')
  const mentionReviewers = bool('mention-reviewers')

  // Limits and switches.
  const budgetText = raw('request-budget')
  let requestBudget: number | null = null
  if (budgetText) {
    if (/^\d+$/.test(budgetText) && Number(budgetText) > 0 && Number.isSafeInteger(Number(budgetText))) {
      requestBudget = Number(budgetText)
    } else {
      problem(
        'request-budget',
        budgetText,
        'is not a positive whole number',
        "Use a number such as '500', or leave it empty for no limit."
      )
    }
  }
  const dryRun = bool('dry-run')

  // Working hours and holidays.
  const holidays: string[] = []
  for (const day of splitList(raw('holidays'))) {
    if (DATE_ONLY.test(day) && DateTime.fromISO(day).isValid) holidays.push(day)
    else
      problem(
        'holidays',
        day,
        'is not a date',
        "Give dates as YYYY-MM-DD separated by commas, such as '2026-12-25, 2026-12-26'."
      )
  }
  const holidayList = [...new Set(holidays)].sort()
  let workingHours: WorkingHours | null = null
  const hoursText = raw('working-hours')
  if (hoursText) {
    const parsed = parseWorkingHours(hoursText, holidayList)
    if (parsed.ok) workingHours = parsed.value
    else invalid('working-hours', hoursText, parsed.message)
  }

  // Ingestion: the JSON text is validated record by record by the ingestion step, not here.
  const deploymentsJson = optional('deployments')
  const deploymentsFile = optional('deployments-file')
  const incidentsJson = optional('incidents')
  const incidentsFile = optional('incidents-file')
  for (const [json, file, kind] of [
    [deploymentsJson, deploymentsFile, 'deployments'],
    [incidentsJson, incidentsFile, 'incidents']
  ] as const) {
    if (json && file) {
      problem(
        `${kind}-file`,
        file,
        `is given together with '${kind}'`,
        `Give the records either inline in '${kind}' or in a file, not both.`
      )
    }
  }
  const failOnInvalid = bool('fail-on-invalid')

  // Pruning.
  const pruneSince = instant('prune-since')
  const pruneUntil = instant('prune-until')
  if (pruneSince && pruneUntil && pruneSince >= pruneUntil) {
    problem(
      'prune-since',
      raw('prune-since'),
      `is not before prune-until ('${raw('prune-until')}')`,
      "Give a 'prune-since' earlier than 'prune-until'."
    )
  }
  const prune = {
    source: optional('prune-source'),
    ids: [...new Set(splitList(raw('prune-ids')))],
    since: pruneSince,
    until: pruneUntil
  }
  if (mode.startsWith('prune-')) {
    const pruneInputs = ['prune-source', 'prune-ids', 'prune-since', 'prune-until']
    if (pruneInputs.every((name) => !raw(name))) {
      problems.push({
        input: 'mode',
        value: mode,
        message: `Input 'mode' is '${mode}' but no records are selected. Set at least one of ${pruneInputs.join(', ')} so that pruning never removes every record by accident.`
      })
    }
  }

  if (problems.length > 0) return { ok: false, problems }

  const settings: Settings = {
    token,
    mode,
    repository,
    dataBranch,
    reportsBranch,
    reportsPath,
    window,
    since,
    until,
    bucket,
    timezone,
    metrics,
    ignoreUsers,
    includeBots,
    deploymentEnvironment,
    deploymentSource,
    incidentLabel,
    issueLabel,
    issueTitle,
    issueRepository,
    issueAssignees,
    closePreviousIssue,
    notify,
    mentionReviewers,
    template,
    issueTemplate,
    requestBudget,
    dryRun,
    workingHours,
    deploymentsJson,
    deploymentsFile,
    incidentsJson,
    incidentsFile,
    failOnInvalid,
    prune,
    apiUrl,
    graphqlUrl,
    serverUrl
  }
  return { ok: true, settings: deepFreeze(settings) }
}

/**
 * The action's settings from its inputs. On bad input, emits one `core.error` per problem (titled
 * `Invalid input: NAME`) and returns null; the caller then fails the run before any API call.
 */
export function readSettings(): Settings | null {
  const result = parseSettings((name) => core.getInput(name), process.env)
  if (result.ok) {
    core.setSecret(result.settings.token)
    return result.settings
  }
  for (const { input, message } of result.problems) core.error(message, { title: `Invalid input: ${input}` })
  return null
}
