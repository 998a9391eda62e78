/**
 * Summary statistics and time buckets.
 *
 * Quantiles are "type 7": position (n − 1)·p in the sorted values, interpolated linearly between the two
 * closest ranks. Every figure (mean, median, p90, min, max) is rounded to 3 decimals (milliseconds when
 * the values are seconds), so snapshots do not carry floating-point noise.
 *
 * Bucket boundaries are computed once per window with luxon in the window's IANA timezone (day, week
 * starting Monday, month); values are then placed by binary search on epoch milliseconds, so no date
 * library runs per value.
 */
import { DateTime } from 'luxon'
import type { DistValues } from '../org/values.js'
import type { Dist, DistBucket, Stats } from './types.js'

export type BucketUnit = 'day' | 'week' | 'month'

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000
}

/** Type-7 quantile of values sorted ascending (not empty). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) throw new Error('quantileSorted: no values')
  const position = (n - 1) * p
  const lower = Math.floor(position)
  const upper = Math.min(lower + 1, n - 1)
  const fraction = position - lower
  return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
}

/** count, mean, median, p90, min and max; `{ count: 0 }` when there are no values. */
export function summarize(values: readonly number[]): Stats {
  const n = values.length
  if (n === 0) return { count: 0 }
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (let i = 0; i < n; i++) sum += sorted[i]
  return {
    count: n,
    mean: round3(sum / n),
    median: round3(quantileSorted(sorted, 0.5)),
    p90: round3(quantileSorted(sorted, 0.9)),
    min: round3(sorted[0]),
    max: round3(sorted[n - 1])
  }
}

/** The buckets of one window: their starts (epoch ms, ascending) and their ISO names. */
export interface Buckets {
  unit: BucketUnit
  timezone: string
  starts: number[]
  /** Bucket start as an ISO time with the timezone's offset, e.g. `2026-11-16T00:00:00+01:00`. */
  labels: string[]
  since: number
  until: number
}

/**
 * The buckets covering [since, until): the first starts at the start of the day, Monday-week or month
 * that contains `since` in `timezone`; each following one at the next local midnight boundary.
 */
export function makeBuckets(since: number, until: number, unit: BucketUnit, timezone: string): Buckets {
  const starts: number[] = []
  const labels: string[] = []
  const first = DateTime.fromMillis(since, { zone: timezone })
  if (!first.isValid)
    throw new Error(`Invalid timezone '${timezone}'. Use an IANA name such as Europe/Berlin.`)
  const origin = first.startOf(unit, { useLocaleWeeks: false })
  let cursor = origin
  let step = 0
  while (cursor.toMillis() < until) {
    starts.push(cursor.toMillis())
    labels.push(cursor.toISO({ suppressMilliseconds: true }) as string)
    step++
    // Adding whole units to the first start (not to the previous one) keeps month ends stable.
    cursor = origin.plus({ [`${unit}s`]: step })
  }
  return { unit, timezone, starts, labels, since, until }
}

/** Index of the bucket that contains `time`, or -1 when it lies outside [since, until). */
export function bucketIndex(buckets: Buckets, time: number): number {
  if (!(time >= buckets.since && time < buckets.until)) return -1
  const starts = buckets.starts
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid] <= time) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * Collects the values of one distribution: each value is kept when the time its measurement ends lies in
 * the window, and goes to that time's bucket. Every value is kept with its bucket (and, when the collector
 * is made with `attributed`, the person it is attributed to and the item it measures), so the exact values
 * behind the figures can be written beside the snapshot (src/org/values.ts) from this same pass.
 */
export class DistCollector {
  readonly values: number[] = []
  private readonly perBucket: number[][]
  private readonly indices: number[] = []
  private readonly people: Array<string | null> | null
  private readonly items: number[] | null

  constructor(
    private readonly buckets: Buckets,
    attributed: { who?: boolean; item?: boolean } = {}
  ) {
    this.perBucket = buckets.starts.map(() => [])
    this.people = attributed.who ? [] : null
    this.items = attributed.item ? [] : null
  }

  /** Adds `seconds` measured until `end` (epoch ms); returns false when `end` is outside the window. */
  add(end: number, seconds: number, who: string | null = null, item = 0): boolean {
    const index = bucketIndex(this.buckets, end)
    if (index < 0) return false
    this.addAt(index, seconds, who, item)
    return true
  }

  /** Adds a value whose bucket index the caller already knows (saves a second binary search). */
  addAt(index: number, seconds: number, who: string | null = null, item = 0): void {
    this.values.push(seconds)
    this.perBucket[index].push(seconds)
    this.indices.push(index)
    this.people?.push(who)
    this.items?.push(item)
  }

  result(): Dist {
    const buckets: DistBucket[] = this.perBucket.map((values, i) => ({
      start: this.buckets.labels[i],
      ...summarize(values)
    }))
    return { ...summarize(this.values), buckets }
  }

  /** The values as added (unrounded seconds), with their bucket indexes (and who / item when kept). */
  collected(): DistValues {
    const out: DistValues = { seconds: [...this.values], bucket: [...this.indices] }
    if (this.people) out.who = [...this.people]
    if (this.items) out.item = [...this.items]
    return out
  }
}

/** Counts per bucket for several named counters. */
export class CountCollector<K extends string> {
  readonly totals: Record<K, number>
  private readonly perBucket: Array<Record<K, number>>

  constructor(
    private readonly buckets: Buckets,
    private readonly keys: readonly K[]
  ) {
    this.totals = this.zero()
    this.perBucket = buckets.starts.map(() => this.zero())
  }

  private zero(): Record<K, number> {
    const counts = {} as Record<K, number>
    for (const key of this.keys) counts[key] = 0
    return counts
  }

  /** Counts one `key` at `time`; returns false when `time` is outside the window. */
  add(key: K, time: number): boolean {
    const index = bucketIndex(this.buckets, time)
    if (index < 0) return false
    this.totals[key]++
    this.perBucket[index][key]++
    return true
  }

  bucketList(): Array<{ start: string } & Record<K, number>> {
    return this.perBucket.map((counts, i) => ({ start: this.buckets.labels[i], ...counts }))
  }
}
