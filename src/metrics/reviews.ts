/**
 * Review metrics: reviewTurnaround (per review request) and timeToFirstReview (per pull request), each
 * also on the working-hours clock when one is configured.
 */
import type { MetricContext } from './context.js'
import type { PullView, CountingReview } from './pull-view.js'
import { DistCollector, bucketIndex, round3, summarize } from './stats.js'
import type { DistValues, MetricValues } from '../org/values.js'
import type { Dist, ReviewTurnaround, SnapshotDetails, Stats, TimeToFirstReview } from './types.js'
import { makeWorkingClock } from './working-hours.js'

type PendingReview = SnapshotDetails['pendingReviews'][number]

/** Values kept with their start so the working-hours clock can measure them after the pass. */
class TimedValues {
  readonly starts: number[] = []
  readonly ends: number[] = []
  readonly buckets: number[] = []
  readonly who: Array<string | null> = []
  readonly wall: DistCollector
  private working: DistCollector | null = null

  constructor(
    private readonly ctx: MetricContext,
    private readonly metric: string
  ) {
    this.wall = new DistCollector(ctx.buckets, { who: true })
  }

  /**
   * Records start → end for pull request `number`, attributed to `who`, when `end` lies in the window;
   * returns whether it did. A negative duration is dropped (and reported as out of order).
   */
  add(start: number, end: number, number: number, who: string | null): boolean {
    const index = bucketIndex(this.ctx.buckets, end)
    if (index < 0 || !this.ctx.outOfOrder.keep(this.metric, 'pull', number, start, end)) return false
    this.wall.addAt(index, (end - start) / 1000, who)
    this.starts.push(start)
    this.ends.push(end)
    this.buckets.push(index)
    this.who.push(who)
    return true
  }

  /** The same values on the working-hours clock (measured once, on first use); none without working hours. */
  workingCollector(): DistCollector | undefined {
    const hours = this.ctx.workingHours
    if (!hours) return undefined
    if (this.working) return this.working
    const collector = new DistCollector(this.ctx.buckets, { who: true })
    if (this.starts.length > 0) {
      let earliest = this.ctx.since
      for (const start of this.starts) if (start < earliest) earliest = start
      const clock = makeWorkingClock(hours, this.ctx.timezone, earliest, this.ctx.until)
      for (let i = 0; i < this.starts.length; i++) {
        collector.addAt(this.buckets[i], clock.seconds(this.starts[i], this.ends[i]), this.who[i])
      }
    }
    return (this.working = collector)
  }

  workingHours(): Dist | undefined {
    return this.workingCollector()?.result()
  }

  /** The values file's part (src/org/values.ts). */
  values(): DistValues & { workingHours?: DistValues } {
    const out: DistValues & { workingHours?: DistValues } = this.wall.collected()
    const working = this.workingCollector()
    if (working) out.workingHours = working.collected()
    return out
  }
}

/** One review-request event, parsed. */
interface RequestEvent {
  at: number
  reviewer: string
  requested: boolean
}

export class ReviewMetrics {
  private readonly turnaround: TimedValues
  private readonly firstReview: TimedValues
  private readonly byReviewer = new Map<string, number[]>()
  private readonly pending: PendingReview[] = []
  private readonly teams: Map<string, Set<string>> | null

  constructor(
    private readonly ctx: MetricContext,
    teams: Record<string, string[]> | null
  ) {
    this.turnaround = new TimedValues(ctx, 'reviewTurnaround')
    this.firstReview = new TimedValues(ctx, 'timeToFirstReview')
    this.teams = teams
      ? new Map(Object.entries(teams).map(([slug, members]) => [slug.toLowerCase(), new Set(members)]))
      : null
  }

  addPull(view: PullView): void {
    if (!Number.isNaN(view.firstReview))
      this.firstReview.add(view.ready, view.firstReview, view.pr.number, view.pr.author)
    if (view.pr.reviewRequests.length > 0) this.addRequests(view)
  }

  /** The requests that can be values: a request for someone who never counts (a bot, an ignored user) is not. */
  private requestEvents(view: PullView): RequestEvent[] {
    const events: RequestEvent[] = []
    for (const event of view.pr.reviewRequests) {
      const at = Date.parse(event.at)
      if (Number.isNaN(at)) continue
      if (!event.reviewer.startsWith('team:') && !this.ctx.counts(event.reviewer)) continue
      events.push({ at, reviewer: event.reviewer, requested: event.type === 'requested' })
    }
    // Stable: equal times keep their order.
    return events.sort((a, b) => a.at - b.at)
  }

  /**
   * Walks the requests and the reviews in time order. At equal times a request comes before a review,
   * and a review before a removal. A request already open is not opened again; a removal drops it.
   * A review ends every open request it answers — its author's own, and the teams' it speaks for — and
   * makes one value of them: one review answers a reviewer once, from the earliest of those requests.
   */
  private addRequests(view: PullView): void {
    const reviews = view.reviews
    const until = this.ctx.until
    const open = new Map<string, number>()
    let j = 0
    const resolve = (limit: number, inclusive: boolean): void => {
      while (j < reviews.length && (inclusive ? reviews[j].at <= limit : reviews[j].at < limit))
        this.answer(view, open, reviews[j++])
    }
    for (const event of this.requestEvents(view)) {
      resolve(event.at, !event.requested)
      const since = open.get(event.reviewer)
      if (event.requested) {
        if (since === undefined) open.set(event.reviewer, event.at)
      } else if (since !== undefined) {
        if (event.at >= until && since < until) this.addPending(view, event.reviewer, since)
        open.delete(event.reviewer)
      }
    }
    resolve(Infinity, true)
    for (const [reviewer, since] of open) if (since < until) this.addPending(view, reviewer, since)
  }

  /** Whether a review by `author` answers the open request for `reviewer` (a login or `team:slug`). */
  private answers(reviewer: string, author: string): boolean {
    if (!reviewer.startsWith('team:')) return reviewer === author
    const members = this.teams?.get(reviewer.slice(5).toLowerCase())
    // Membership unknown: the first review by anyone but the author (view.reviews holds no other).
    return members ? members.has(author) : true
  }

  private answer(view: PullView, open: Map<string, number>, review: CountingReview): void {
    const answered: string[] = []
    let start = Infinity
    // The byReviewer key: the reviewer's login, unless only teams of unknown membership were answered.
    let key: string | null = null
    let teamKey: string | null = null
    for (const [reviewer, since] of open) {
      if (!this.answers(reviewer, review.author)) continue
      answered.push(reviewer)
      if (since < start) start = since
      const unknownTeam = reviewer.startsWith('team:') && !this.teams?.has(reviewer.slice(5).toLowerCase())
      if (!unknownTeam) key = review.author
      else if (teamKey === null || since < open.get(teamKey)!) teamKey = reviewer
    }
    if (answered.length === 0) return
    const until = this.ctx.until
    if (review.at >= until) {
      for (const reviewer of answered) {
        const since = open.get(reviewer)!
        if (since < until) this.addPending(view, reviewer, since)
      }
    } else {
      const name = key ?? teamKey!
      if (this.turnaround.add(start, review.at, view.pr.number, name)) {
        let list = this.byReviewer.get(name)
        if (!list) this.byReviewer.set(name, (list = []))
        list.push((review.at - start) / 1000)
      }
    }
    for (const reviewer of answered) open.delete(reviewer)
  }

  /** A request open at `until`, unless the pull request was closed by then. */
  private addPending(view: PullView, reviewer: string, requestedAt: number): void {
    if (!Number.isNaN(view.closed) && view.closed < this.ctx.until) return
    this.pending.push({
      number: view.pr.number,
      title: view.pr.title,
      reviewer,
      ageSeconds: round3((this.ctx.until - requestedAt) / 1000)
    })
  }

  private pendingSummary(): ReviewTurnaround['pending'] {
    let oldest: number | null = null
    for (const item of this.pending) if (oldest === null || item.ageSeconds > oldest) oldest = item.ageSeconds
    return { count: this.pending.length, oldestAgeSeconds: oldest }
  }

  reviewTurnaround(): ReviewTurnaround {
    const byReviewer: Record<string, Stats> = {}
    for (const name of [...this.byReviewer.keys()].sort())
      byReviewer[name] = summarize(this.byReviewer.get(name)!)
    const result: ReviewTurnaround = {
      ...this.turnaround.wall.result(),
      byReviewer,
      pending: this.pendingSummary()
    }
    const working = this.turnaround.workingHours()
    if (working) result.workingHours = working
    return result
  }

  timeToFirstReview(): TimeToFirstReview {
    const result: TimeToFirstReview = this.firstReview.wall.result()
    const working = this.firstReview.workingHours()
    if (working) result.workingHours = working
    return result
  }

  /** The values file's part for the review metrics (src/org/values.ts), from the values measured above. */
  values(): Pick<MetricValues, 'reviewTurnaround' | 'timeToFirstReview'> {
    return {
      reviewTurnaround: { ...this.turnaround.values(), pending: this.pendingSummary() },
      timeToFirstReview: this.firstReview.values()
    }
  }

  /** Requests open at `until`, oldest first, at most `limit`. */
  pendingReviews(limit = 20): PendingReview[] {
    return oldestPending(this.pending, limit)
  }
}

/** Pending review requests, oldest first (then by number), at most `limit`. */
export function oldestPending(pending: readonly PendingReview[], limit = 20): PendingReview[] {
  return [...pending].sort((a, b) => b.ageSeconds - a.ageSeconds || a.number - b.number).slice(0, limit)
}
