/**
 * Pull-request size: lines changed (additions + deletions) of the pull requests merged in the window,
 * with the median time to merge in each size band, so a reader sees whether big changes wait longer.
 */
import type { MetricContext } from './context.js'
import type { PullView } from './pull-view.js'
import { round3, summarize } from './stats.js'
import type { PullRequestSize, SizeBand } from './types.js'

const BANDS: Array<{ label: string; from: number; below: number | null }> = [
  { label: 'XS (under 10 lines)', from: 0, below: 10 },
  { label: 'S (10–99)', from: 10, below: 100 },
  { label: 'M (100–499)', from: 100, below: 500 },
  { label: 'L (500–999)', from: 500, below: 1000 },
  { label: 'XL (1,000 or more)', from: 1000, below: null }
]

export class SizeMetrics {
  private readonly sizes: number[] = []
  /** Time to merge of each, in the order of `sizes`; null when out of order (dropped). */
  private readonly seconds: Array<number | null> = []

  constructor(private readonly ctx: MetricContext) {}

  addPull(view: PullView): void {
    const { merged, pr } = view
    if (Number.isNaN(merged) || merged < this.ctx.since || merged >= this.ctx.until) return
    this.sizes.push(Math.max(0, (pr.additions ?? 0) + (pr.deletions ?? 0)))
    const seconds = (merged - view.created) / 1000
    // A merge before the creation is an out-of-order value: timeToMerge drops and lists it.
    this.seconds.push(seconds >= 0 ? seconds : null)
  }

  pullRequestSize(): PullRequestSize {
    return sizeFigures(this.sizes, this.seconds)
  }

  /** The values file's part (src/org/values.ts): lines changed and time to merge per merged pull request. */
  values(): { lines: number[]; seconds: Array<number | null> } {
    return { lines: [...this.sizes], seconds: [...this.seconds] }
  }
}

/**
 * The figures of pullRequestSize from the merged pull requests' sizes (lines changed) and times to merge
 * (null: not a value), one pair per pull request; also pools an organization's (src/org/pool.ts).
 */
export function sizeFigures(
  sizes: readonly number[],
  seconds: ReadonlyArray<number | null>
): PullRequestSize {
  const merges: number[][] = BANDS.map(() => [])
  const counts = BANDS.map(() => 0)
  for (let i = 0; i < sizes.length; i++) {
    const band = BANDS.findIndex((b) => b.below === null || sizes[i] < b.below)
    counts[band]++
    const value = seconds[i]
    if (value !== null) merges[band].push(value)
  }
  const bands: SizeBand[] = BANDS.map((b, i) => {
    const stats = summarize(merges[i])
    return {
      label: b.label,
      from: b.from,
      below: b.below,
      count: counts[i],
      timeToMergeMedianSeconds: stats.count > 0 ? round3(stats.median!) : null
    }
  })
  return { ...summarize(sizes), bands }
}
