/**
 * Review load per reviewer: the review requests waiting for them at `until` (as reviewTurnaround's
 * pending requests: a team's request stays the team's) and the reviews they submitted in the window
 * (counting reviews only: by someone other than the author, not a bot or an ignored user).
 */
import type { MetricContext } from './context.js'
import type { PullView } from './pull-view.js'
import type { ReviewLoad } from './types.js'

export class LoadMetrics {
  private readonly given = new Map<string, number>()

  constructor(private readonly ctx: MetricContext) {}

  addPull(view: PullView): void {
    for (const review of view.reviews) {
      if (review.at >= this.ctx.since && review.at < this.ctx.until) {
        this.given.set(review.author, (this.given.get(review.author) ?? 0) + 1)
      }
    }
  }

  /** `pending`: every review request open at `until` (ReviewMetrics.pendingReviews without a limit). */
  reviewLoad(pending: ReadonlyArray<{ reviewer: string }>): ReviewLoad {
    const waiting = new Map<string, number>()
    for (const item of pending) waiting.set(item.reviewer, (waiting.get(item.reviewer) ?? 0) + 1)
    const names = new Set([...waiting.keys(), ...this.given.keys()])
    const reviewers = [...names]
      .map((reviewer) => ({
        reviewer,
        waiting: waiting.get(reviewer) ?? 0,
        reviewsGiven: this.given.get(reviewer) ?? 0
      }))
      .sort(byLoad)
    return { reviewers }
  }
}

/** The order of ReviewLoad.reviewers: most waiting first, then most reviews given, then name. */
export function byLoad(a: ReviewLoad['reviewers'][number], b: ReviewLoad['reviewers'][number]): number {
  return (
    b.waiting - a.waiting ||
    b.reviewsGiven - a.reviewsGiven ||
    (a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0)
  )
}
