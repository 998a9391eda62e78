/**
 * The backlog at the end of the window (`until`): open pull requests that are not drafts, those of
 * them no one else has reviewed yet, and issues no one else has answered. Who counts is decided as
 * for every metric (authors by authorCounts, reviews by viewPull, comments as issue first response).
 */
import type { Issue, PullRequest } from '../model.js'
import type { MetricContext } from './context.js'
import { authorCounts, type PullView } from './pull-view.js'
import { round3, summarize } from './stats.js'
import type { BacklogValues } from '../org/values.js'
import type { AgeBand, Backlog, BacklogItem } from './types.js'

/** How many of the oldest items the snapshot lists. */
export const BACKLOG_LISTED = 10

const DAY = 86400
const AGE_BANDS: Array<{ label: string; below: number | null }> = [
  { label: 'under 1 day', below: DAY },
  { label: '1–7 days', below: 7 * DAY },
  { label: '1–4 weeks', below: 28 * DAY },
  { label: '1–3 months', below: 91 * DAY },
  { label: '3–12 months', below: 365 * DAY },
  { label: 'over a year', below: null }
]

/** Whether the record was open at `until`: created before it, not closed (or merged) before it. */
function openAt(until: number, createdAt: string, closedAt: string | null): boolean {
  if (!(Date.parse(createdAt) < until)) return false
  return closedAt === null || !(Date.parse(closedAt) < until)
}

/**
 * Whether the pull request was a draft at `until`: the last draft event before `until` says; without
 * one, its state before its first event (the opposite of that event), or its state now when it has none.
 */
export function draftAt(pr: PullRequest, until: number): boolean {
  let state: boolean | null = null
  for (const event of pr.draftEvents) {
    if (Date.parse(event.at) < until) state = event.type === 'draft'
  }
  if (state !== null) return state
  if (pr.draftEvents.length > 0) return pr.draftEvents[0].type === 'ready'
  return pr.isDraft
}

/** Ready for review as of `until`: the last ready event before it, else when it was opened. */
function readyAt(pr: PullRequest, created: number, until: number): number {
  let ready = created
  for (const event of pr.draftEvents) {
    const at = Date.parse(event.at)
    if (event.type === 'ready' && at < until && at > ready) ready = at
  }
  return ready
}

function oldestFirst(items: readonly BacklogItem[]): BacklogItem[] {
  return [...items]
    .sort((a, b) => b.ageSeconds - a.ageSeconds || a.number - b.number)
    .slice(0, BACKLOG_LISTED)
}

function bands(ages: readonly number[]): AgeBand[] {
  const out = AGE_BANDS.map((b) => ({ label: b.label, belowSeconds: b.below, count: 0 }))
  for (const age of ages) {
    const index = out.findIndex((b) => b.belowSeconds === null || age < b.belowSeconds)
    out[index].count++
  }
  return out
}

export class BacklogMetrics {
  private readonly openAges: number[] = []
  private readonly unreviewed: BacklogItem[] = []
  private readonly unanswered: BacklogItem[] = []

  /** `pullNumbers`: an "issue" with a pull request's number is that pull request. */
  constructor(
    private readonly ctx: MetricContext,
    private readonly pullNumbers: ReadonlySet<number> = new Set()
  ) {}

  /** A pull request whose author counts (the caller checks, as for the other families). */
  addPull(view: PullView): void {
    const { pr, created } = view
    const until = this.ctx.until
    if (!openAt(until, pr.createdAt, pr.closedAt ?? pr.mergedAt) || draftAt(pr, until)) return
    const age = round3((until - readyAt(pr, created, until)) / 1000)
    this.openAges.push(age)
    if (!(view.firstReview < until)) {
      this.unreviewed.push({ number: pr.number, title: pr.title, author: pr.author, ageSeconds: age })
    }
  }

  addIssue(issue: Issue): void {
    if (!authorCounts(this.ctx, issue.author) || this.pullNumbers.has(issue.number)) return
    const until = this.ctx.until
    if (!openAt(until, issue.createdAt, issue.closedAt)) return
    const answered = issue.comments.some((c) => this.responds(issue, c.author) && Date.parse(c.at) < until)
    if (answered) return
    const age = round3((until - Date.parse(issue.createdAt)) / 1000)
    this.unanswered.push({ number: issue.number, title: issue.title, author: issue.author, ageSeconds: age })
  }

  /** As the issue first response: someone else who counts, or a deleted account unless the author is one. */
  private responds(issue: Issue, author: string | null): boolean {
    if (author === null) return issue.author !== null
    return author !== issue.author && this.ctx.counts(author)
  }

  backlog(): Backlog {
    return backlogFigures(
      this.openAges,
      { count: this.unreviewed.length, items: this.unreviewed },
      { count: this.unanswered.length, items: this.unanswered }
    )
  }

  /** The values file's part (src/org/values.ts): every open pull request's age, the oldest items. */
  values(): BacklogValues {
    return {
      openAges: [...this.openAges],
      awaitingFirstReview: { count: this.unreviewed.length, oldest: oldestFirst(this.unreviewed) },
      unansweredIssues: { count: this.unanswered.length, oldest: oldestFirst(this.unanswered) }
    }
  }
}

/**
 * The backlog's figures from the open pull requests' ages and the waiting items: `count` of each, and
 * `items` holding at least the BACKLOG_LISTED oldest (all of them, or an organization's repositories'
 * lists of oldest, src/org/pool.ts).
 */
export function backlogFigures(
  openAges: readonly number[],
  awaiting: { count: number; items: readonly BacklogItem[] },
  unanswered: { count: number; items: readonly BacklogItem[] }
): Backlog {
  const oldest = (items: readonly BacklogItem[]) =>
    items.reduce<number | null>(
      (max, item) => (max === null || item.ageSeconds > max ? item.ageSeconds : max),
      null
    )
  return {
    openPullRequests: { count: openAges.length, age: summarize(openAges), ageBands: bands(openAges) },
    awaitingFirstReview: {
      count: awaiting.count,
      oldestAgeSeconds: oldest(awaiting.items),
      oldest: oldestFirst(awaiting.items)
    },
    unansweredIssues: {
      count: unanswered.count,
      oldestAgeSeconds: oldest(unanswered.items),
      oldest: oldestFirst(unanswered.items)
    }
  }
}
