/**
 * Pull-request flow: counts (opened, merged, closed unmerged), timeToMerge and cycleTime with its phases.
 */
import type { MetricContext } from './context.js'
import type { PullView } from './pull-view.js'
import { CountCollector, DistCollector, bucketIndex, round3 } from './stats.js'
import type { MetricValues } from '../org/values.js'
import type { CycleTime, Dist, PullRequestCounts, SnapshotDetails } from './types.js'

type SlowMerge = SnapshotDetails['slowestMerges'][number]

export class PullMetrics {
  private readonly counts: CountCollector<'opened' | 'merged' | 'closedUnmerged'>
  private readonly merge: DistCollector
  private readonly cycle: DistCollector
  private readonly coding: DistCollector
  private readonly pickup: DistCollector
  private readonly review: DistCollector
  private readonly mergePhase: DistCollector
  private readonly slowest: SlowMerge[] = []

  constructor(private readonly ctx: MetricContext) {
    const buckets = ctx.buckets
    this.counts = new CountCollector(buckets, ['opened', 'merged', 'closedUnmerged'] as const)
    // Each value is attributed to the pull request's author (the values file, src/org/values.ts).
    const who = { who: true }
    this.merge = new DistCollector(buckets, who)
    this.cycle = new DistCollector(buckets, who)
    this.coding = new DistCollector(buckets, who)
    this.pickup = new DistCollector(buckets, who)
    this.review = new DistCollector(buckets, who)
    this.mergePhase = new DistCollector(buckets, who)
  }

  addPull(view: PullView): void {
    const { created, merged, closed } = view
    this.counts.add('opened', created)
    if (!Number.isNaN(merged)) this.addMerged(view)
    else if (!Number.isNaN(closed)) this.counts.add('closedUnmerged', closed)
  }

  private addMerged(view: PullView): void {
    const { pr, created, merged } = view
    const index = bucketIndex(this.ctx.buckets, merged)
    if (index < 0) return
    this.counts.add('merged', merged)
    // Every value is placed by the merge time, and dropped when it comes out negative.
    const add = (collector: DistCollector, metric: string, start: number, end: number): boolean => {
      if (!this.ctx.outOfOrder.keep(metric, 'pull', pr.number, start, end)) return false
      collector.addAt(index, (end - start) / 1000, pr.author)
      return true
    }
    if (add(this.merge, 'timeToMerge', created, merged)) {
      const seconds = round3((merged - created) / 1000)
      this.slowest.push({ number: pr.number, title: pr.title, author: pr.author, seconds })
    }

    // Cycle time and its phases: reviews after the merge are not part of it.
    const firstCommit = pr.firstCommitAt ? Date.parse(pr.firstCommitAt) : NaN
    if (!Number.isNaN(firstCommit)) {
      add(this.cycle, 'cycleTime', firstCommit, merged)
      add(this.coding, 'cycleTime.coding', firstCommit, view.ready)
    }
    const firstReview = view.firstReview
    if (Number.isNaN(firstReview) || firstReview > merged) return
    add(this.pickup, 'cycleTime.pickup', view.ready, firstReview)
    let lastApproval = NaN
    for (const review of view.reviews) {
      if (review.at > merged) break
      if (review.state === 'APPROVED') lastApproval = review.at
    }
    if (Number.isNaN(lastApproval)) return
    add(this.review, 'cycleTime.review', firstReview, lastApproval)
    add(this.mergePhase, 'cycleTime.merge', lastApproval, merged)
  }

  pullRequests(): PullRequestCounts {
    return { ...this.counts.totals, buckets: this.counts.bucketList() }
  }

  timeToMerge(): Dist {
    return this.merge.result()
  }

  cycleTime(): CycleTime {
    return {
      ...this.cycle.result(),
      phases: {
        coding: this.coding.result(),
        pickup: this.pickup.result(),
        review: this.review.result(),
        merge: this.mergePhase.result()
      }
    }
  }

  /** The values file's part for the flow metrics (src/org/values.ts). */
  values(): Pick<MetricValues, 'pullRequests' | 'timeToMerge' | 'cycleTime'> {
    return {
      pullRequests: this.pullRequests(),
      timeToMerge: this.merge.collected(),
      cycleTime: {
        ...this.cycle.collected(),
        phases: {
          coding: this.coding.collected(),
          pickup: this.pickup.collected(),
          review: this.review.collected(),
          merge: this.mergePhase.collected()
        }
      }
    }
  }

  /** Merged pull requests in the window with the longest time to merge, at most `limit`. */
  slowestMerges(limit = 10): SlowMerge[] {
    return slowestOf(this.slowest, limit)
  }
}

/** Merges, slowest first (then by number), at most `limit`. */
export function slowestOf(merges: readonly SlowMerge[], limit = 10): SlowMerge[] {
  return [...merges].sort((a, b) => b.seconds - a.seconds || a.number - b.number).slice(0, limit)
}
