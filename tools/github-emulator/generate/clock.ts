/**
 * Time helpers for the generator. Times are whole seconds since the Unix epoch while generating and
 * become ISO strings (`YYYY-MM-DDTHH:MM:SSZ`) only when a record is written.
 */
import { cumulativeWeights, type Random } from './random.js'

export const MINUTE = 60
export const HOUR = 3600
export const DAY = 86400

const ISO_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/

const isoBuffer = Buffer.from('0000-00-00T00:00:00Z', 'latin1')

function put2(at: number, n: number): void {
  isoBuffer[at] = 48 + Math.floor(n / 10)
  isoBuffer[at + 1] = 48 + (n % 10)
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` for whole epoch seconds (years 0–9999). Written through a buffer so that
 * each result is one flat 20-byte string: large histories hold millions of these.
 */
export function iso(seconds: number): string {
  const s = Math.floor(seconds)
  const days = Math.floor(s / DAY)
  const secs = s - days * DAY
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  put2(0, Math.floor(year / 100))
  put2(2, year % 100)
  put2(5, month)
  put2(8, day)
  put2(11, Math.floor(secs / HOUR))
  put2(14, Math.floor((secs % HOUR) / MINUTE))
  put2(17, secs % MINUTE)
  return isoBuffer.toString('latin1')
}

/** A flat copy of an ASCII string built by concatenation (cons strings cost several times more memory). */
export function flat(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1')
}

/** Parses `YYYY-MM-DDTHH:MM:SSZ` into epoch seconds; null when the text is not exactly that form. */
export function parseIsoSeconds(text: string): number | null {
  const m = ISO_SECONDS.exec(text)
  if (!m) return null
  const ms = Date.parse(text)
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) + 'Z' !== text) return null
  return ms / 1000
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(seconds: number): number {
  return (Math.floor(seconds / DAY) + 4) % 7
}

export function isWeekend(seconds: number): boolean {
  const d = weekday(seconds)
  return d === 0 || d === 6
}

export function startOfDay(seconds: number): number {
  return Math.floor(seconds / DAY) * DAY
}

/** Relative activity per UTC hour for a team whose day runs from about 07:00 to 19:00 UTC. */
const HOUR_WEIGHTS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 4, 8, 10, 10, 9, 7, 9, 10, 10, 9, 8, 6, 4, 3, 2.5, 2, 1.5
]
const HOUR_CUMULATIVE = cumulativeWeights(HOUR_WEIGHTS)
/** Weekend days keep this share of a working day's activity. */
const WEEKEND_SHARE = 0.22

/** A moment within one day drawn from the working-hours rhythm. */
export function timeOfDay(random: Random): number {
  return random.weighted(HOUR_CUMULATIVE) * HOUR + random.int(HOUR)
}

/**
 * `count` moments in [start, end), sorted, following the weekly rhythm: fewer on weekends, most in
 * working hours. Returned as a Float64Array to keep large runs compact.
 */
export function rhythmicTimes(random: Random, count: number, start: number, end: number): Float64Array {
  const out = new Float64Array(count)
  const days = Math.max(1, Math.ceil((end - start) / DAY))
  let filled = 0
  while (filled < count) {
    const day = start + random.int(days) * DAY
    if (isWeekend(day) && !random.chance(WEEKEND_SHARE)) continue
    const t = day + timeOfDay(random)
    if (t < start || t >= end) continue
    out[filled++] = t
  }
  out.sort()
  return out
}

/**
 * People act mostly in working hours: a moment that falls on a weekend or in the night is usually
 * moved forward to the next working morning. Never moves a time backwards.
 */
export function humanize(random: Random, t: number): number {
  const dayStart = startOfDay(t)
  const hour = (t - dayStart) / HOUR
  const day = weekday(t)
  if ((day === 0 || day === 6) && random.chance(0.75)) {
    const toMonday = day === 6 ? 2 : 1
    return dayStart + toMonday * DAY + 7 * HOUR + random.int(4 * HOUR)
  }
  if (hour >= 20 && random.chance(0.6)) return dayStart + DAY + 7 * HOUR + random.int(3 * HOUR)
  if (hour < 6 && random.chance(0.6)) return dayStart + 7 * HOUR + random.int(3 * HOUR)
  return t
}
