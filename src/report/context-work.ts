/**
 * Template context for what is waiting and who carries it: the backlog at the end of the window, the
 * review load per reviewer, pull-request size, the trend over the last periods, and a sentence for each
 * empty metric saying why it is empty. User text is escaped here.
 */
import type { TrendPoint } from '../metrics/trends.js'
import type { BacklogItem, Metrics, Snapshot } from '../metrics/types.js'
import { TREND_LABELS } from './chart-trends.js'
import { escapeMarkdown, formatDuration, formatLogin, formatNumber } from './format.js'

/** How many reviewers the load table lists. */
export const LOAD_LISTED = 25

function items(list: readonly BacklogItem[], url: string, kind: 'pull' | 'issues') {
  return list.map((item) => ({
    number: item.number,
    url: `${url}/${kind}/${item.number}`,
    title: escapeMarkdown(item.title),
    author: formatLogin(item.author, false),
    age: formatDuration(item.ageSeconds)
  }))
}

export function backlogContext(m: Partial<Metrics>, repoUrl: string) {
  const b = m.backlog
  if (!b) return null
  const open = b.openPullRequests
  return {
    openCount: open.count,
    openMedianAge: open.count > 0 ? formatDuration(open.age.median) : null,
    openOldestAge: open.count > 0 ? formatDuration(open.age.max) : null,
    ageBands: open.ageBands.map((band) => ({ label: band.label, count: band.count })),
    awaitingCount: b.awaitingFirstReview.count,
    awaitingOldestAge: formatDuration(b.awaitingFirstReview.oldestAgeSeconds),
    awaiting: items(b.awaitingFirstReview.oldest, repoUrl, 'pull'),
    moreAwaiting: Math.max(0, b.awaitingFirstReview.count - b.awaitingFirstReview.oldest.length),
    unansweredCount: b.unansweredIssues.count,
    unansweredOldestAge: formatDuration(b.unansweredIssues.oldestAgeSeconds),
    unanswered: items(b.unansweredIssues.oldest, repoUrl, 'issues'),
    moreUnanswered: Math.max(0, b.unansweredIssues.count - b.unansweredIssues.oldest.length)
  }
}

export function loadContext(m: Partial<Metrics>, mentionReviewers: boolean) {
  const load = m.reviewLoad
  if (!load) return null
  const rows = load.reviewers.slice(0, LOAD_LISTED).map((r) => ({
    reviewer: formatLogin(r.reviewer, mentionReviewers),
    waiting: r.waiting,
    reviewsGiven: r.reviewsGiven
  }))
  return { rows, more: Math.max(0, load.reviewers.length - rows.length) }
}

export function sizeContext(m: Partial<Metrics>) {
  const size = m.pullRequestSize
  if (!size) return null
  return {
    count: size.count,
    median: size.count > 0 ? formatNumber(size.median, 0) : null,
    p90: size.count > 0 ? formatNumber(size.p90, 0) : null,
    bands: size.bands.map((b) => ({
      label: b.label,
      count: b.count,
      timeToMerge: b.timeToMergeMedianSeconds === null ? '–' : formatDuration(b.timeToMergeMedianSeconds)
    }))
  }
}

/** The trend as a table: one row per period, one column per metric ("2 d (n = 14)", or "no data"). */
export function trendContext(points: readonly TrendPoint[] | null | undefined) {
  if (!points || points.length < 2) return null
  const names = (Object.keys(TREND_LABELS) as Array<keyof typeof TREND_LABELS>).filter((n) =>
    points.some((p) => p.values[n] !== undefined)
  )
  if (names.length === 0) return null
  const cell = (v: { median: number | null; count: number } | undefined) =>
    !v || v.median === null ? 'no data' : `${formatDuration(v.median)} (n = ${formatNumber(v.count)})`
  const header = `| Period | ${names.map((n) => TREND_LABELS[n]).join(' | ')} |`
  const rule = `| --- | ${names.map(() => '---:').join(' | ')} |`
  const rows = points.map(
    (p) => `| ${escapeMarkdown(p.period)} | ${names.map((n) => cell(p.values[n])).join(' | ')} |`
  )
  return { periods: points.length, table: [header, rule, ...rows].join('\n') }
}

/**
 * Why each selected metric has no value this period, in words. `trend` tells a repository that never
 * has values (e.g. never requests reviews) from a quiet period.
 */
export function emptyNotes(snapshot: Snapshot, trend: readonly TrendPoint[] | null | undefined): string[] {
  const m = snapshot.metrics
  const notes: string[] = []
  const never = (name: 'reviewTurnaround' | 'timeToFirstReview') =>
    !!trend && trend.length > 1 && trend.every((p) => (p.values[name]?.count ?? 0) === 0)
  const span = trend && trend.length > 1 ? ` or the ${trend.length - 1} before it` : ''
  const rt = m.reviewTurnaround
  if (rt && rt.count === 0) {
    if (rt.pending.count > 0)
      notes.push(
        `Review turnaround: no review request was answered in this period (${rt.pending.count} still waiting).`
      )
    else if (never('reviewTurnaround'))
      notes.push(
        `Review turnaround: no review was requested in this period${span}; this repository does not seem to request reviews (the metric counts requested reviews only; time to first review covers every pull request).`
      )
    else notes.push('Review turnaround: no review request was answered in this period.')
  }
  if (m.timeToFirstReview?.count === 0)
    notes.push('Time to first review: no pull request had its first review in this period.')
  if (m.timeToMerge?.count === 0) notes.push('Time to merge: no pull request was merged in this period.')
  if (m.cycleTime?.count === 0 && m.timeToMerge?.count !== 0)
    notes.push('Cycle time: no merged pull request had a known first commit in this period.')
  if (m.issueFirstResponse?.count === 0)
    notes.push('Issue first response: no issue had its first response by someone else in this period.')
  if (m.issueTimeToClose?.count === 0) notes.push('Issue time to close: no issue was closed in this period.')
  const dep = m.deployments
  const source = dep?.source ?? null
  const delivery = m.leadTimeForChanges ?? m.changeFailureRate ?? m.timeToRestore ?? dep
  if (delivery && source === 'none')
    notes.push(
      'Delivery: no deployments were found from the chosen source (deployment-source), so the DORA figures are empty.'
    )
  else if (dep && dep.count === 0)
    notes.push(
      `Delivery: no successful production deployment from ${escapeMarkdown(source ?? 'the chosen source')} in this period.`
    )
  else if (m.leadTimeForChanges?.count === 0)
    notes.push('Lead time for changes: no deployment in this period shipped a commit with a known time.')
  if (m.timeToRestore?.count === 0) notes.push('Time to restore: no failure was restored in this period.')
  return notes
}
