/**
 * What every metric family shares: the window in epoch ms, its buckets, and who counts as a person.
 */
import type { Login } from '../model.js'
import type { WorkingHours } from '../settings-types.js'
import { OutOfOrder } from './out-of-order.js'
import { makeBuckets, type BucketUnit, type Buckets } from './stats.js'

export interface MetricContext {
  since: number
  until: number
  timezone: string
  buckets: Buckets
  workingHours: WorkingHours | null
  /**
   * True when `login` counts as a participant: not a deleted account (null), not a bot (unless
   * includeBots), not listed in ignore-users (compared case-insensitively, as GitHub logins are).
   */
  counts(login: Login | null): boolean
  /** Negative durations dropped so far (reported as a data problem). */
  outOfOrder: OutOfOrder
}

export function parseTime(iso: string, what: string): number {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) throw new Error(`Invalid time '${iso}' in ${what}: expected an ISO 8601 time.`)
  return time
}

/** Epoch ms of an optional ISO time: NaN when absent. */
export function timeOrNaN(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) : NaN
}

export function makeContext(opts: {
  since: string
  until: string
  bucket: BucketUnit
  timezone: string
  ignoreUsers: readonly string[]
  includeBots: boolean
  workingHours: WorkingHours | null
}): MetricContext {
  const since = parseTime(opts.since, 'the window start (since)')
  const until = parseTime(opts.until, 'the window end (until)')
  if (until < since) {
    throw new Error(`The window ends (${opts.until}) before it starts (${opts.since}): swap since and until.`)
  }
  const ignored = new Set(opts.ignoreUsers.map((login) => login.toLowerCase()))
  const includeBots = opts.includeBots
  const cache = new Map<string, boolean>()
  const counts = (login: Login | null): boolean => {
    if (login === null) return false
    let answer = cache.get(login)
    if (answer === undefined) {
      answer = (includeBots || !login.endsWith('[bot]')) && !ignored.has(login.toLowerCase())
      cache.set(login, answer)
    }
    return answer
  }
  return {
    since,
    until,
    timezone: opts.timezone,
    buckets: makeBuckets(since, until, opts.bucket, opts.timezone),
    workingHours: opts.workingHours,
    counts,
    outOfOrder: new OutOfOrder()
  }
}
