/**
 * The working-hours clock: how many seconds of an interval fall inside working hours (the given weekdays,
 * from `start` to `end` minutes after local midnight, in the window's timezone, except holidays).
 *
 * Built once for a span of days with luxon (so daylight-saving changes come from the timezone database),
 * then each interval costs two binary searches: the clock keeps, for every local day, the epoch
 * milliseconds its working time starts and ends and the working time of all earlier days.
 */
import { DateTime } from 'luxon'
import type { WorkingHours } from '../settings-types.js'

export interface WorkingClock {
  /** Working seconds between two epoch-ms times (0 when `to <= from`). */
  seconds(from: number, to: number): number
}

export function makeWorkingClock(
  hours: WorkingHours,
  timezone: string,
  spanStart: number,
  spanEnd: number
): WorkingClock {
  const days = new Set(hours.days)
  const holidays = new Set(hours.holidays)
  const dayStarts: number[] = []
  const workStarts: number[] = []
  const workEnds: number[] = []
  /** cumulative[i] = working ms of all days before day i. */
  const cumulative: number[] = []
  let total = 0
  let day = DateTime.fromMillis(Math.min(spanStart, spanEnd), { zone: timezone }).startOf('day')
  const last = DateTime.fromMillis(Math.max(spanStart, spanEnd), { zone: timezone }).startOf('day')
  for (; day <= last; day = day.plus({ days: 1 })) {
    const start = day.toMillis()
    dayStarts.push(start)
    cumulative.push(total)
    if (days.has(day.weekday) && !holidays.has(day.toISODate() as string)) {
      const ws = day.plus({ minutes: hours.start }).toMillis()
      const we = day.plus({ minutes: hours.end }).toMillis()
      workStarts.push(ws)
      workEnds.push(we)
      total += we - ws
    } else {
      workStarts.push(start)
      workEnds.push(start)
    }
  }

  /** Working ms from the first day's start up to `time`. */
  const upTo = (time: number): number => {
    if (time < dayStarts[0]) return 0
    let lo = 0
    let hi = dayStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (dayStarts[mid] <= time) lo = mid
      else hi = mid - 1
    }
    const inDay = Math.min(Math.max(time - workStarts[lo], 0), workEnds[lo] - workStarts[lo])
    return cumulative[lo] + inDay
  }

  return {
    seconds(from: number, to: number): number {
      if (to <= from) return 0
      return (upTo(to) - upTo(from)) / 1000
    }
  }
}
