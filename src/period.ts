/**
 * Report windows and period names, computed in the report's IANA timezone with luxon.
 *
 * - A calendar window (`week`, `month`, `quarter`) covers the last complete calendar unit before `until`
 *   (a Monday run reports the previous Monday–Sunday); its PERIOD names the unit: `2026-W47` (ISO
 *   week-year), `2026-11`, `2026-Q4`.
 * - A length window (`7d`, `2w`, `1m`) covers that many local calendar days ending at `until` (default:
 *   now); `Nm` means N × 30 days. PERIOD is the date of `until` in the timezone and the length in days
 *   (`2026-11-23-7d`), so two lengths ending on the same day never share a report.
 * - An explicit `since` overrides the window: the report covers since → until, PERIOD names both ends
 *   (`2026-11-01-to-2026-11-23`; the start with its local time when not midnight, `2026-11-01T0930-to-…`).
 *   An explicit `until` (alone) moves the end the window is measured back from.
 * - Before names said which window they cover, length and explicit windows were named by the date of
 *   `until` alone: `legacyPeriod` gives that name, so reports written under it are still found.
 * - `previous` is the window of the same kind just before (the previous calendar unit, or the same length
 *   ending at `since`), for ↑/↓ comparisons.
 * Times are returned as UTC ISO strings without milliseconds (`2026-11-16T23:00:00Z`).
 */
import { DateTime } from 'luxon'
import type { WindowSpec, WorkingHours } from './settings-types.js'
import { isBefore, isCalendarDate, isValidZone, readInstant, type Parsed } from './settings/checks.js'

export type { Parsed }

export interface ResolvedWindow {
  since: string
  until: string
  period: string
  previous: { since: string; until: string; period: string }
  /** The name this window had before names said which window (length and explicit windows only). */
  legacyPeriod?: string
}

/** Longest accepted length window, in days (ten years). */
export const MAX_WINDOW_DAYS = 3660

function iso(time: DateTime): string {
  return time.toUTC().toISO({ suppressMilliseconds: true }) as string
}

function checkZone(timezone: string): void {
  if (!isValidZone(timezone)) {
    throw new Error(`Invalid timezone '${timezone}'. Use an IANA name such as UTC or Europe/Berlin.`)
  }
}

function parseInstant(text: string, name: string, timezone: string): DateTime {
  const time = readInstant(text, timezone)
  if (!time.ok) {
    throw new Error(
      `Invalid ${name} '${text}'. Use an ISO 8601 date or time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z.`
    )
  }
  return time.value.setZone(timezone)
}

/** A length window's name: the local date of its end and its length, `2026-11-23-7d`. */
export function lengthPeriod(until: DateTime, days: number): string {
  return `${until.toISODate()}-${days}d`
}

/** An explicit window's name: its start (with the local time unless midnight) and the date of its end. */
export function spanPeriod(since: DateTime, until: DateTime): string {
  const time = since.toFormat(since.second ? 'HHmmss' : 'HHmm')
  const start = time === '0000' ? (since.toISODate() as string) : `${since.toISODate()}T${time}`
  return `${start}-to-${until.toISODate()}`
}

/**
 * The names a stored window (a snapshot's since, until and timezone) has under today's rules: as an
 * explicit window, and as a length window when it is a whole number of local days ending at the same
 * local time. A report found under an old name covers this window when one of them is this window's.
 */
export function periodsOfWindow(since: string, until: string, timezone: string): string[] {
  const start = DateTime.fromISO(since, { zone: timezone })
  const end = DateTime.fromISO(until, { zone: timezone })
  if (!start.isValid || !end.isValid || start >= end) return []
  const names = [spanPeriod(start, end)]
  const days = Math.round(end.diff(start, 'days').days)
  if (days > 0 && end.minus({ days }).toMillis() === start.toMillis()) names.push(lengthPeriod(end, days))
  return names
}

/**
 * The series a period name belongs to: `week`, `month`, `quarter`, a length (`7d`), `span` (explicit
 * windows), or `date` (the old name of a length or explicit window); any other name is its own series.
 */
export function periodSeries(period: string): string {
  if (/^\d{4}-W\d{2}$/.test(period)) return 'week'
  if (/^\d{4}-\d{2}$/.test(period)) return 'month'
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter'
  const length = /^\d{4}-\d{2}-\d{2}-(\d+d)$/.exec(period)
  if (length) return length[1]
  if (/-to-\d{4}-\d{2}-\d{2}$/.test(period)) return 'span'
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return 'date'
  return period
}

/**
 * Whether two reports are periods of the same series (so one's issue is the other's previous one): a
 * 7-day report never replaces a 30-day one. An old date name may be any length or explicit window.
 */
export function sameSeries(a: string, b: string): boolean {
  const sa = periodSeries(a)
  const sb = periodSeries(b)
  if (sa === sb) return true
  const dated = (x: string) => x === 'span' || /^\d+d$/.test(x)
  return (sa === 'date' && dated(sb)) || (sb === 'date' && dated(sa))
}

function calendarPeriod(start: DateTime, unit: 'week' | 'month' | 'quarter'): string {
  if (unit === 'week') return start.toFormat("kkkk-'W'WW")
  if (unit === 'month') return start.toFormat('yyyy-MM')
  return start.toFormat("yyyy-'Q'q")
}

export function resolveWindow(opts: {
  window: WindowSpec
  since: string | null
  until: string | null
  timezone: string
  now: Date
}): ResolvedWindow {
  const zone = opts.timezone
  checkZone(zone)
  const untilTime = opts.until
    ? parseInstant(opts.until, 'until', zone)
    : DateTime.fromMillis(Math.floor(opts.now.getTime() / 1000) * 1000, { zone })
  if (!untilTime.isValid) throw new Error('Invalid current time: `now` is not a valid Date.')

  if (opts.since) {
    const sinceTime = parseInstant(opts.since, 'since', zone)
    if (!isBefore(sinceTime, untilTime)) {
      throw new Error(
        `The window starts (${opts.since}) at or after it ends (${iso(untilTime)}): since must be before until.`
      )
    }
    const length = untilTime.toMillis() - sinceTime.toMillis()
    const previousStart = DateTime.fromMillis(sinceTime.toMillis() - length, { zone })
    return {
      since: iso(sinceTime),
      until: iso(untilTime),
      period: spanPeriod(sinceTime, untilTime),
      previous: {
        since: iso(previousStart),
        until: iso(sinceTime),
        period: spanPeriod(previousStart, sinceTime)
      },
      legacyPeriod: untilTime.toISODate() as string
    }
  }

  const spec = opts.window
  if (spec.kind === 'calendar') {
    const unit = spec.unit
    const end = untilTime.startOf(unit, { useLocaleWeeks: false })
    const start = end.minus({ [`${unit}s`]: 1 })
    const before = start.minus({ [`${unit}s`]: 1 })
    return {
      since: iso(start),
      until: iso(end),
      period: calendarPeriod(start, unit),
      previous: { since: iso(before), until: iso(start), period: calendarPeriod(before, unit) }
    }
  }
  if (!(Number.isInteger(spec.days) && spec.days > 0)) {
    throw new Error(`Invalid window length ${spec.days} days: use a positive whole number of days, e.g. 7d.`)
  }
  const start = untilTime.minus({ days: spec.days })
  const before = start.minus({ days: spec.days })
  return {
    since: iso(start),
    until: iso(untilTime),
    period: lengthPeriod(untilTime, spec.days),
    previous: { since: iso(before), until: iso(start), period: lengthPeriod(start, spec.days) },
    legacyPeriod: untilTime.toISODate() as string
  }
}

const WINDOW_HINT =
  'use a length such as 7d, 2w or 1m (1m = 30 days), or a calendar unit: week, month or quarter'

/** `Nd`, `Nw`, `Nm` (N × 30 days) or `week`, `month`, `quarter` (case-insensitive). */
export function parseWindow(text: string): Parsed<WindowSpec> {
  const trimmed = text.trim().toLowerCase()
  if (trimmed === 'week' || trimmed === 'month' || trimmed === 'quarter') {
    return { ok: true, value: { kind: 'calendar', unit: trimmed, text: trimmed } }
  }
  const match = /^(\d+)\s*([dwm])$/.exec(trimmed)
  if (!match) return { ok: false, message: `'${text}' is not a window: ${WINDOW_HINT}` }
  const count = Number(match[1])
  const unit = match[2]
  const days = count * (unit === 'd' ? 1 : unit === 'w' ? 7 : 30)
  if (count < 1) return { ok: false, message: `'${text}' is not a positive length: ${WINDOW_HINT}` }
  if (days > MAX_WINDOW_DAYS) {
    return { ok: false, message: `'${text}' is longer than ${MAX_WINDOW_DAYS} days: choose a shorter window` }
  }
  return { ok: true, value: { kind: 'length', days, text: `${count}${unit}` } }
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const WORKING_HOURS_HINT = "write it as 'Mon-Fri 09:00-17:00' or 'Mon,Wed,Fri 08:30-16:00'"

function weekday(text: string): number | null {
  const lower = text.trim().toLowerCase()
  const index = WEEKDAYS.indexOf(lower.slice(0, 3))
  // Accept `Mon` and full names (`monday`), nothing else.
  if (index < 0 || (lower.length > 3 && !/^(mon|tues|wednes|thurs|fri|satur|sun)day$/.test(lower)))
    return null
  return index + 1
}

function minutes(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text)
  if (!match) return null
  const hours = Number(match[1])
  const mins = Number(match[2])
  if (mins > 59 || hours > 24 || (hours === 24 && mins > 0)) return null
  return hours * 60 + mins
}

/**
 * `Mon-Fri 09:00-17:00`, `Mon,Wed,Fri 08:30-16:00` (ranges may wrap: `Sun-Thu`), with holidays as
 * `YYYY-MM-DD` dates in the report's timezone.
 */
export function parseWorkingHours(text: string, holidays: readonly string[]): Parsed<WorkingHours> {
  const trimmed = text.trim()
  const match = /^([A-Za-z][A-Za-z,\s-]*?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(trimmed)
  if (!match) return { ok: false, message: `'${text}' is not a working-hours range: ${WORKING_HOURS_HINT}` }
  const days = new Set<number>()
  for (const part of match[1].split(',')) {
    const ends = part.split('-')
    const first = weekday(ends[0])
    const last = weekday(ends[ends.length - 1])
    if (ends.length > 2 || first === null || last === null) {
      return {
        ok: false,
        message: `'${part.trim()}' is not a weekday or weekday range: ${WORKING_HOURS_HINT}`
      }
    }
    for (let day = first; ; day = (day % 7) + 1) {
      days.add(day)
      if (day === last) break
    }
  }
  const start = minutes(match[2])
  const end = minutes(match[3])
  if (start === null || end === null) {
    return { ok: false, message: `'${text}' has a time that is not HH:MM between 00:00 and 24:00` }
  }
  if (start >= end)
    return { ok: false, message: `'${text}' ends (${match[3]}) before it starts (${match[2]})` }
  const dates: string[] = []
  for (const holiday of holidays) {
    const date = holiday.trim()
    if (date === '') continue
    if (!isCalendarDate(date)) {
      return { ok: false, message: `holiday '${holiday}' is not a date: write holidays as YYYY-MM-DD` }
    }
    dates.push(date)
  }
  return {
    ok: true,
    value: { days: [...days].sort((a, b) => a - b), start, end, holidays: dates, text: trimmed }
  }
}
