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
  private readonly merges: number[][] = BANDS.map(() => [])

  constructor(private readonly ctx: MetricContext) {}

  addPull(view: PullView): void {
    const { merged, pr } = view
    if (Number.isNaN(merged) || merged < this.ctx.since || merged >= this.ctx.until) return
    const size = Math.max(0, (pr.additions ?? 0) + (pr.deletions ?? 0))
    this.sizes.push(size)
    const band = BANDS.findIndex((b) => b.below === null || size < b.below)
    const seconds = (merged - view.created) / 1000
    // A merge before the creation is an out-of-order value: timeToMerge drops and lists it.
    if (seconds >= 0) this.merges[band].push(seconds)
  }

  pullRequestSize(): PullRequestSize {
    const bands: SizeBand[] = BANDS.map((b, i) => {
      const stats = summarize(this.merges[i])
      return {
        label: b.label,
        from: b.from,
        below: b.below,
        count: this.sizes.filter((s) => s >= b.from && (b.below === null || s < b.below)).length,
        timeToMergeMedianSeconds: stats.count > 0 ? round3(stats.median!) : null
      }
    })
    return { ...summarize(this.sizes), bands }
  }
}
