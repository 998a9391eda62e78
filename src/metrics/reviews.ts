/**
 * Review metrics: reviewTurnaround (per review request) and timeToFirstReview (per pull request), each
 * also on the working-hours clock when one is configured.
 */
import type { ReviewRequestEvent } from '../model.js'
import type { MetricContext } from './context.js'
import type { PullView, CountingReview } from './pull-view.js'
import { DistCollector, bucketIndex, round3, summarize } from './stats.js'
import type { Dist, ReviewTurnaround, SnapshotDetails, Stats, TimeToFirstReview } from './types.js'
import { makeWorkingClock } from './working-hours.js'

type PendingReview = SnapshotDetails['pendingReviews'][number]

/** Values kept with their start so the working-hours clock can measure them after the pass. */
class TimedValues {
  readonly starts: number[] = []
  readonly ends: number[] = []
  readonly buckets: number[] = []
  readonly wall: DistCollector

  constructor(private readonly ctx: MetricContext) {
    this.wall = new DistCollector(ctx.buckets)
  }

  /** Records start → end when `end` lies in the window; returns whether it did. */
  add(start: number, end: number): boolean {
    const index = bucketIndex(this.ctx.buckets, end)
    if (index < 0) return false
    this.wall.addAt(index, (end - start) / 1000)
    this.starts.push(start)
    this.ends.push(end)
    this.buckets.push(index)
    return true
  }

  workingHours(): Dist | undefined {
    const hours = this.ctx.workingHours
    if (!hours) return undefined
    const collector = new DistCollector(this.ctx.buckets)
    if (this.starts.length > 0) {
      let earliest = this.ctx.since
      for (const start of this.starts) if (start < earliest) earliest = start
      const clock = makeWorkingClock(hours, this.ctx.timezone, earliest, this.ctx.until)
      for (let i = 0; i < this.starts.length; i++) {
        collector.addAt(this.buckets[i], clock.seconds(this.starts[i], this.ends[i]))
      }
    }
    return collector.result()
  }
}

interface RequestTrack {
  events: ReviewRequestEvent[]
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
    this.turnaround = new TimedValues(ctx)
    this.firstReview = new TimedValues(ctx)
    this.teams = teams
      ? new Map(Object.entries(teams).map(([slug, members]) => [slug.toLowerCase(), new Set(members)]))
      : null
  }

  addPull(view: PullView): void {
    if (!Number.isNaN(view.firstReview)) this.firstReview.add(view.ready, view.firstReview)
    if (view.pr.reviewRequests.length > 0) this.addRequests(view)
  }

  private addRequests(view: PullView): void {
    const tracks = new Map<string, RequestTrack>()
    for (const event of view.pr.reviewRequests) {
      let track = tracks.get(event.reviewer)
      if (!track) tracks.set(event.reviewer, (track = { events: [] }))
      track.events.push(event)
    }
    for (const [reviewer, track] of tracks) {
      if (reviewer.startsWith('team:')) {
        const members = this.teams?.get(reviewer.slice(5).toLowerCase())
        if (members) {
          this.walk(view, reviewer, track.events, (r) => members.has(r.author), null)
        } else {
          this.walk(view, reviewer, track.events, () => true, reviewer)
        }
      } else {
        // A request for someone who never counts (a bot, an ignored user) is not a value.
        if (!this.ctx.counts(reviewer)) continue
        this.walk(view, reviewer, track.events, (r) => r.author === reviewer, reviewer)
      }
    }
  }

  /**
   * Walks one reviewer's requests and the reviews that answer them in time order. At equal times a
   * request comes before a review, and a review before a removal. A request already open is not opened
   * again; a removal drops the open request; a matching review ends it.
   * `key` is the byReviewer key, or null to use the login of whoever reviewed (team members).
   */
  private walk(
    view: PullView,
    reviewer: string,
    events: ReviewRequestEvent[],
    answers: (review: CountingReview) => boolean,
    key: string | null
  ): void {
    const reviews = view.reviews
    const until = this.ctx.until
    let j = 0
    let open = NaN
    const resolve = (limit: number, inclusive: boolean): void => {
      while (j < reviews.length && (inclusive ? reviews[j].at <= limit : reviews[j].at < limit)) {
        const review = reviews[j++]
        if (Number.isNaN(open) || review.at < open || !answers(review)) continue
        if (review.at >= until && open < until) this.addPending(view, reviewer, open)
        else if (this.turnaround.add(open, review.at)) {
          const name = key ?? review.author
          let list = this.byReviewer.get(name)
          if (!list) this.byReviewer.set(name, (list = []))
          list.push((review.at - open) / 1000)
        }
        open = NaN
      }
    }
    for (const event of events) {
      const at = Date.parse(event.at)
      if (Number.isNaN(at)) continue
      if (event.type === 'requested') {
        resolve(at, false)
        if (Number.isNaN(open)) open = at
      } else {
        resolve(at, true)
        if (!Number.isNaN(open) && at >= until && open < until) this.addPending(view, reviewer, open)
        open = NaN
      }
    }
    resolve(Infinity, true)
    if (!Number.isNaN(open) && open < until) this.addPending(view, reviewer, open)
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

  reviewTurnaround(): ReviewTurnaround {
    const byReviewer: Record<string, Stats> = {}
    for (const name of [...this.byReviewer.keys()].sort())
      byReviewer[name] = summarize(this.byReviewer.get(name)!)
    let oldest: number | null = null
    for (const item of this.pending) if (oldest === null || item.ageSeconds > oldest) oldest = item.ageSeconds
    const result: ReviewTurnaround = {
      ...this.turnaround.wall.result(),
      byReviewer,
      pending: { count: this.pending.length, oldestAgeSeconds: oldest }
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

  /** Requests open at `until`, oldest first, at most `limit`. */
  pendingReviews(limit = 20): PendingReview[] {
    return [...this.pending]
      .sort((a, b) => b.ageSeconds - a.ageSeconds || a.number - b.number)
      .slice(0, limit)
  }
}
