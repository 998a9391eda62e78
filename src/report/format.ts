/**
 * Small pure formatters shared by the report, the job summary, the issue body and the Handlebars helpers.
 * Durations arrive in seconds (snapshot schema v1).
 */
import { markdownText } from '../text/untrusted.js'

const MINUTE = 60
const HOUR = 3600
const DAY = 86400

/** "45 s", "12 min", "3 h 12 min", "2 d 4 h"; "–" for a missing value. Two units at most. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–'
  const sign = seconds < 0 ? '-' : ''
  const s = Math.round(Math.abs(seconds))
  if (s < MINUTE) return `${sign}${s} s`
  if (s < HOUR) {
    const min = Math.floor(s / MINUTE)
    const sec = s % MINUTE
    return sec && min < 10 ? `${sign}${min} min ${sec} s` : `${sign}${Math.round(s / MINUTE)} min`
  }
  if (s < DAY) {
    const totalMin = Math.round(s / MINUTE)
    const h = Math.floor(totalMin / 60)
    const min = totalMin % 60
    if (h === 24) return `${sign}1 d`
    return min ? `${sign}${h} h ${min} min` : `${sign}${h} h`
  }
  const totalH = Math.round(s / HOUR)
  const d = Math.floor(totalH / 24)
  const h = totalH % 24
  return h ? `${sign}${d} d ${h} h` : `${sign}${d} d`
}

/** A ratio (0..1) as a percentage: 0.125 → "12.5%"; "–" for a missing value. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–'
  const value = ratio * 100
  const text = value.toFixed(digits).replace(/\.0+$/, '')
  return `${text}%`
}

/** An integer or decimal count with thousands separators: 1234 → "1,234", 2.345 → "2.3". */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const rounded = Number.isInteger(value) ? value : Number(value.toFixed(digits))
  return rounded.toLocaleString('en-US', { maximumFractionDigits: digits })
}

export type ChangeKind = 'duration' | 'count' | 'ratio'

/**
 * Change of `current` against `previous`: "↑ 25%" / "↓ 3 h" / "→ same"; "–" when either is missing.
 * Durations and counts show a relative change (or the absolute one when previous is 0); ratios show
 * the difference in percentage points.
 */
export function formatChange(
  current: number | null | undefined,
  previous: number | null | undefined,
  kind: ChangeKind = 'count'
): string {
  if (current === null || current === undefined || previous === null || previous === undefined) return '–'
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return '–'
  const diff = current - previous
  if (Math.abs(diff) < 1e-9) return '→ same'
  const arrow = diff > 0 ? '↑' : '↓'
  if (kind === 'ratio') {
    return `${arrow} ${formatNumber(Math.abs(diff) * 100)} pp`
  }
  if (previous === 0) {
    return `${arrow} ${kind === 'duration' ? formatDuration(Math.abs(diff)) : formatNumber(Math.abs(diff))}`
  }
  const relative = Math.abs(diff / previous)
  return `${arrow} ${formatPercent(relative, relative >= 0.1 ? 0 : 1)}`
}

/**
 * Makes user text (titles, logins) safe inside Markdown, including table cells: removes control
 * characters and bidi overrides, escapes `\ * _ [ ] ( ) < > # | ~` and backticks, folds newlines into
 * spaces and, unless `allowMentions`, neutralises `@name` mentions with a zero-width space so nobody
 * is pinged. The rules live in src/text/untrusted.ts (`markdownText`).
 */
export function escapeMarkdown(text: string | null | undefined, allowMentions = false): string {
  return markdownText(text, allowMentions)
}

/**
 * A login as it appears in generated text: escaped, never a mention unless `mention` is set
 * (then `@login`, for user logins only — teams and bots are never mentioned).
 */
export function formatLogin(login: string | null | undefined, mention = false): string {
  if (!login) return 'ghost'
  if (mention && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(login)) return `@${login}`
  return escapeMarkdown(login)
}

/** A Markdown table. Cells are used as given: escape user text before. */
export function markdownTable(
  headers: string[],
  rows: Array<Array<string | number>>,
  align?: string[]
): string {
  const cell = (v: string | number) => String(v).replace(/\r?\n/g, ' ')
  const sep = headers.map((_, i) =>
    align?.[i] === 'right' ? '---:' : align?.[i] === 'center' ? ':---:' : '---'
  )
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${sep.join(' | ')} |`]
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`)
  return lines.join('\n')
}

/** `YYYY-MM-DD` of an ISO time as written (keeps the offset's calendar date). */
export function isoDate(iso: string | null | undefined): string {
  if (!iso) return '–'
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(iso)
  return m ? m[1] : iso
}

/** GitHub's limit for an issue or comment body. */
export const GITHUB_BODY_LIMIT = 65536

/**
 * Cuts Markdown to at most `limit` characters at a line break, appending a note (with `link` when
 * given, so the full report stays one click away). Text within the limit is returned unchanged.
 */
export function capMarkdown(text: string, limit: number, link?: string | null): string {
  if (text.length <= limit) return text
  const note = `\n\n---\n\n_This text was shortened to stay under GitHub's size limit.${
    link ? ` The full report: ${link}` : ''
  }_\n`
  const room = Math.max(0, limit - note.length)
  let cut = text.slice(0, room)
  const newline = cut.lastIndexOf('\n')
  if (newline > room * 0.5) cut = cut.slice(0, newline)
  return `${cut.trimEnd()}${note}`.slice(0, limit)
}
