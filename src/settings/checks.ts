/**
 * The value checks every reader of settings shares: the settings readers (src/settings/*.ts), the window
 * resolver (src/period.ts), pruning (src/ingest/prune.ts) and the command line (src/cli.ts). Each check is
 * written here once; callers phrase the message in their own terms.
 */
import { DateTime, IANAZone } from 'luxon'
import { cleanText, visibleEscapes } from '../text/untrusted.js'

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

export const DEFAULT_API_URL = 'https://api.github.com'
export const DEFAULT_SERVER_URL = 'https://github.com'
/** GitHub's limits on label names and issue titles. */
export const MAX_LABEL_LENGTH = 50
export const MAX_TITLE_LENGTH = 256

const MAX_SHOWN_VALUE = 80
const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

export const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/
const REPO_PART = /^[A-Za-z0-9_.-]{1,100}$/
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Shorten a value for a message so a pasted JSON document does not flood the log; characters that
 * would hide or reorder text (src/text/untrusted.ts) are shown as escapes such as `\u202E`.
 */
export function shown(value: string): string {
  const oneLine = visibleEscapes(value).replace(/\s+/g, ' ')
  return oneLine.length > MAX_SHOWN_VALUE ? `${oneLine.slice(0, MAX_SHOWN_VALUE - 3)}...` : oneLine
}

/** Split a comma- or newline-separated list, trimmed, empty entries dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
}

/** The six spellings `core.getBooleanInput` accepts; null for anything else. */
export function parseBoolean(text: string): boolean | null {
  if (TRUE_VALUES.includes(text)) return true
  if (FALSE_VALUES.includes(text)) return false
  return null
}

/**
 * What makes a label name one GitHub refuses or misreads, or null: empty, longer than 50 characters,
 * a comma (GitHub splits a `labels` list on commas, so the issue search would look for two labels
 * and a second issue would be opened), a line break, a control character or a bidi override.
 */
export function labelProblem(name: string): string | null {
  if (name.trim() === '') return 'is empty'
  if (name.includes(',')) return 'contains a comma (GitHub reads a comma as the separator between two labels)'
  if (name.length > MAX_LABEL_LENGTH) return `is longer than ${MAX_LABEL_LENGTH} characters`
  if (/[\n\t]/.test(name) || cleanText(name) !== name) {
    return 'contains a line break, a tab, a control character or a bidi override'
  }
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

export function parseRepoRef(text: string): { owner: string; repo: string } | null {
  const parts = text.split('/')
  if (parts.length !== 2) return null
  const [owner, repo] = parts
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(owner) || !REPO_PART.test(repo)) return null
  if (repo === '.' || repo === '..') return null
  return { owner, repo }
}

/** An IANA time zone name luxon knows (`UTC`, `Europe/Berlin`). */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone)
}

/** `YYYY-MM-DD` naming a real calendar day. */
export function isCalendarDate(text: string): boolean {
  return DATE_ONLY.test(text) && DateTime.fromISO(text).isValid
}

/**
 * The one grammar for points in time: `YYYY-MM-DD` (midnight in `zone`) or a full ISO time (in `zone`
 * when it has no offset). The message says what is wrong, for the caller to phrase.
 */
export function readInstant(text: string, zone: string): Parsed<DateTime> {
  const dateOnly = DATE_ONLY.test(text)
  if (!dateOnly && !ISO_TIME.test(text)) return { ok: false, message: 'is not a date' }
  const time = DateTime.fromISO(text, { zone })
  if (!time.isValid)
    return { ok: false, message: dateOnly ? 'is not a calendar date' : 'is not a valid time' }
  return { ok: true, value: time }
}

/** `readInstant`, as a UTC ISO string (`2026-01-31T23:00:00.000Z`). */
export function parseInstant(text: string, zone: string): Parsed<string> {
  const time = readInstant(text, zone)
  return time.ok ? { ok: true, value: time.value.toUTC().toISO()! } : time
}

/**
 * The most buckets one chart or table may have. Measured with Node 20: a report with about 1,000
 * buckets fails to render its charts (the chart compiler runs out of stack), and rendering time grows
 * with the bucket count (800 day buckets: about 4 s for the four charts).
 */
export const MAX_BUCKETS = 800

/**
 * How many buckets of `unit` cover [since, until) in `zone`, counted as the report counts them
 * (src/metrics/stats.ts makeBuckets): the first starts at the start of the day, Monday-week or month
 * that holds `since`. Arithmetic only, so a window of centuries costs nothing to check.
 */
export function bucketCount(
  since: string,
  until: string,
  unit: 'day' | 'week' | 'month',
  zone: string
): number {
  const start = DateTime.fromISO(since, { zone }).startOf(unit, { useLocaleWeeks: false })
  const end = DateTime.fromISO(until, { zone })
  if (!start.isValid || !end.isValid || end <= start) return 0
  return Math.ceil(end.diff(start, `${unit}s`).as(`${unit}s`) - 1e-9)
}

/** True when `start` is strictly before `end` (ISO strings, epoch milliseconds or luxon times). */
export function isBefore(start: string | number | DateTime, end: string | number | DateTime): boolean {
  const ms = (time: string | number | DateTime): number =>
    typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : time.toMillis()
  return ms(start) < ms(end)
}

export function trimUrl(url: string): string {
  return url.replace(/\/+$/, '')
}

export function isHttpUrl(text: string): boolean {
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

/**
 * GraphQL and web URLs for an API URL when they are not given: github.com, GitHub Enterprise Server
 * (https://HOST/api/v3), or any other server (the emulator) that serves both from its root.
 */
export function deriveUrls(apiUrl: string): { graphqlUrl: string; serverUrl: string } {
  const trimmed = trimUrl(apiUrl)
  const graphqlUrl = defaultGraphqlUrl(trimmed)
  if (trimmed === DEFAULT_API_URL) return { graphqlUrl, serverUrl: DEFAULT_SERVER_URL }
  return { graphqlUrl, serverUrl: trimmed.replace(/\/api\/v3$/, '') }
}

/**
 * True when a prune selection names nothing (no source, no id, no bound): it would remove every ingested
 * record, so the settings and the prune step both refuse it.
 */
export function selectsNothing(selection: {
  source: string | null
  ids: readonly string[]
  since: string | null
  until: string | null
}): boolean {
  const blank = (text: string | null): boolean => text === null || text.trim() === ''
  return (
    blank(selection.source) && selection.ids.every(blank) && blank(selection.since) && blank(selection.until)
  )
}
