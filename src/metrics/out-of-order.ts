/**
 * Durations that come out negative: GitHub's data sometimes has timestamps out of order (a merge before
 * the pull request was opened, a comment before its issue). Such a duration is never a value: it is
 * dropped here and listed among the report's data problems, so the statistics never see it.
 */
import type { MetricContext } from './context.js'
import { bucketIndex, round3, type DistCollector } from './stats.js'
import type { DataProblem, DataProblemItem } from './types.js'

/** How many dropped values a data problem lists by name (the message gives the full count). */
export const LISTED_LIMIT = 50

export class OutOfOrder {
  readonly values: DataProblemItem[] = []

  /**
   * True when `start` ≤ `end` (the value may be kept); otherwise records it as dropped and returns
   * false. Callers check the window first: only values the window would have held are reported.
   */
  keep(metric: string, item: DataProblemItem['item'], number: number, start: number, end: number): boolean {
    if (!(end < start)) return true
    this.values.push({
      metric,
      item,
      number,
      start: new Date(start).toISOString().replace('.000Z', 'Z'),
      end: new Date(end).toISOString().replace('.000Z', 'Z'),
      seconds: round3((end - start) / 1000)
    })
    return false
  }

  /** The data problem naming the dropped values (none when nothing was dropped). */
  problems(): DataProblem[] {
    const n = this.values.length
    if (n === 0) return []
    const perMetric = new Map<string, number>()
    for (const v of this.values) perMetric.set(v.metric, (perMetric.get(v.metric) ?? 0) + 1)
    const counts = [...perMetric]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([metric, count]) => `${metric} ${count}`)
      .join(', ')
    const items = [...this.values].sort(
      (a, b) => a.metric.localeCompare(b.metric) || a.number - b.number || a.end.localeCompare(b.end)
    )
    const more = n > LISTED_LIMIT ? ` The first ${LISTED_LIMIT} are listed.` : ''
    return [
      {
        kind: 'out-of-order',
        message:
          `${n} ${n === 1 ? 'value was' : 'values were'} dropped because GitHub's timestamps are out of order ` +
          `(the measurement ends before it starts): ${counts}.${more}`,
        items: items.slice(0, LISTED_LIMIT)
      }
    ]
  }
}

/**
 * Adds `end − start` (epoch ms, as seconds), attributed to `who` and to item `source.number`, to
 * `collector` when `end` lies in the window and the duration is not negative; returns whether it did.
 */
export function addDuration(
  ctx: MetricContext,
  collector: DistCollector,
  source: { metric: string; item: DataProblemItem['item']; number: number },
  start: number,
  end: number,
  who: string | null = null
): boolean {
  const index = bucketIndex(ctx.buckets, end)
  if (index < 0 || !ctx.outOfOrder.keep(source.metric, source.item, source.number, start, end)) return false
  collector.addAt(index, (end - start) / 1000, who, source.number)
  return true
}
