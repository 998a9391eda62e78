/**
 * Trends: the main medians over the last periods of the report's series, computed from the history
 * already in memory. The snapshots stored for those periods would cost store requests to read, may not
 * exist (the action started later than the history does) and may have been made with other settings;
 * the history gives the same figures the report would have shown, by today's rules, for free.
 */
import type { History } from '../model.js'
import { computeSnapshot, type MetricOptions } from './index.js'
import type { MetricName, Snapshot, Stats } from './types.js'

/** The medians a trend shows, in this order (only those of the selected metrics). */
export const TREND_METRICS = [
  'reviewTurnaround',
  'timeToFirstReview',
  'timeToMerge',
  'cycleTime',
  'issueFirstResponse'
] as const satisfies readonly MetricName[]

export type TrendMetric = (typeof TREND_METRICS)[number]

export interface TrendPoint {
  period: string
  since: string
  until: string
  /** Per metric: the median (null when the period has no values) and the number of values. */
  values: Partial<Record<TrendMetric, { median: number | null; count: number }>>
}

export interface TrendSpan {
  since: string
  until: string
  period: string
}

/** The point of one period from its snapshot. */
export function trendPoint(snapshot: Snapshot): TrendPoint {
  const values: TrendPoint['values'] = {}
  for (const name of TREND_METRICS) {
    const stats = snapshot.metrics[name] as Stats | undefined
    if (!stats) continue
    values[name] = { median: stats.count > 0 ? (stats.median ?? null) : null, count: stats.count }
  }
  return { period: snapshot.period, since: snapshot.window.since, until: snapshot.window.until, values }
}

/**
 * Trend points for `spans` (oldest first), computing only the trend's metrics. `known` holds the
 * snapshots already made (this period's and the previous one's), reused instead of computed again.
 */
export function trendPoints(
  history: History,
  spans: readonly TrendSpan[],
  options: (span: TrendSpan) => MetricOptions,
  known: readonly Snapshot[] = []
): TrendPoint[] {
  return spans.map((span) => {
    const found = known.find((s) => s.period === span.period && s.window.since === span.since)
    if (found) return trendPoint(found)
    const base = options(span)
    const metrics = base.metrics.filter((m) => (TREND_METRICS as readonly string[]).includes(m))
    return trendPoint(computeSnapshot(history, { ...base, metrics, complete: true, dataProblems: [] }))
  })
}

/** The points from the first one with any value on (earlier empty periods say nothing but "no data"). */
export function fromFirstValue(points: readonly TrendPoint[]): TrendPoint[] {
  const first = points.findIndex((p) => Object.values(p.values).some((v) => v.count > 0))
  return first < 0 ? [] : points.slice(first)
}
