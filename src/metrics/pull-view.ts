/**
 * One pull request's times parsed once and its counting reviews picked once, shared by every pull-request
 * metric family (so the collection is read in a single pass).
 */
import type { PullRequest, ReviewState } from '../model.js'
import type { MetricContext } from './context.js'
import { timeOrNaN } from './context.js'

export interface CountingReview {
  author: string
  state: ReviewState
  at: number
}

export interface PullView {
  pr: PullRequest
  created: number
  /** NaN when not merged / not closed. */
  merged: number
  closed: number
  /** Reviews that count, in time order: by someone other than the author, a counting login, not PENDING. */
  reviews: CountingReview[]
  /**
   * Time of the first review by someone else, NaN when none: a counting review, or one by a deleted
   * account (it still happened), unless the author's account is deleted too (nobody can tell then).
   */
  firstReview: number
  /**
   * Ready for review: the last ReadyForReview event before the first review (before the merge, or ever,
   * when there is no review); `createdAt` when there is no such event (never a draft, or reviewed while
   * still a draft).
   */
  ready: number
}

/** Whether a pull request (or issue) author counts: deleted accounts do, bots and ignored users do not. */
export function authorCounts(ctx: MetricContext, author: string | null): boolean {
  return author === null || ctx.counts(author)
}

/** The earlier of two times, ignoring NaN (NaN when both are). */
function earliest(a: number, b: number): number {
  if (Number.isNaN(a)) return b
  if (Number.isNaN(b)) return a
  return Math.min(a, b)
}

export function viewPull(ctx: MetricContext, pr: PullRequest): PullView {
  const created = Date.parse(pr.createdAt)
  const merged = timeOrNaN(pr.mergedAt)
  const closed = timeOrNaN(pr.closedAt)
  const reviews: CountingReview[] = []
  let sorted = true
  let firstGhost = NaN
  for (const review of pr.reviews) {
    if (review.state === 'PENDING') continue
    if (review.author === null) {
      // A deleted account's review: never a reviewer's, but the pull request was reviewed.
      if (pr.author !== null) firstGhost = earliest(firstGhost, Date.parse(review.submittedAt))
      continue
    }
    if (review.author === pr.author || !ctx.counts(review.author)) continue
    const at = Date.parse(review.submittedAt)
    if (Number.isNaN(at)) continue
    if (reviews.length > 0 && at < reviews[reviews.length - 1].at) sorted = false
    reviews.push({ author: review.author, state: review.state, at })
  }
  if (!sorted) reviews.sort((a, b) => a.at - b.at)
  const firstReview = earliest(firstGhost, reviews.length > 0 ? reviews[0].at : NaN)
  const limit = !Number.isNaN(firstReview) ? firstReview : !Number.isNaN(merged) ? merged : Infinity
  let ready = created
  for (const event of pr.draftEvents) {
    if (event.type !== 'ready') continue
    const at = Date.parse(event.at)
    // "Before the first review": a ready event at the same second as the review still precedes it.
    if (at <= limit && at >= ready) ready = at
  }
  return { pr, created, merged, closed, reviews, firstReview, ready }
}
