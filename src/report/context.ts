/**
 * The template context: everything a report or issue template can use, built from a snapshot (and
 * the previous period's snapshot for changes). Every string taken from user data is Markdown-escaped
 * here, so templates can print it as is.
 */
import { DateTime } from 'luxon'
import type { Dist, Snapshot, Stats } from '../metrics/types.js'
import { dataProblemsContext } from './data-problems.js'
import { escapeMarkdown, formatDuration, formatLogin, isoDate } from './format.js'

export interface ChartRef {
  /** File name beside the report, e.g. `review-turnaround.svg`. */
  file: string
  title: string
  alt: string
  hasData: boolean
}

export interface ReportLinks {
  serverUrl: string
  repository: string
  reportsBranch: string
  reportPath: string
  reportUrl: string
  indexUrl: string
}

import { buildHeadlines } from './headlines.js'
import { backlogContext, emptyNotes, loadContext, sizeContext, trendContext } from './context-work.js'
import type { TrendPoint } from '../metrics/trends.js'

export { buildHeadlines, type Headline, type HeadlineFormat } from './headlines.js'

/** First and last calendar day of the window in its timezone (the window excludes `until`). */
export function windowDays(window: Snapshot['window']): { first: string; last: string } {
  const zone = window.timezone || 'UTC'
  const since = DateTime.fromISO(window.since, { zone })
  const until = DateTime.fromISO(window.until, { zone }).minus({ milliseconds: 1 })
  return {
    first: since.isValid ? (since.toISODate() ?? isoDate(window.since)) : isoDate(window.since),
    last: until.isValid ? (until.toISODate() ?? isoDate(window.until)) : isoDate(window.until)
  }
}

interface DistRow {
  label: string
  count: number
  median: number | null
  p90: number | null
  mean: number | null
  min: number | null
  max: number | null
}

function distRow(label: string, d: Stats | undefined): DistRow | null {
  if (!d) return null
  const v = (x: number | undefined) => (d.count > 0 && x !== undefined ? x : null)
  return {
    label,
    count: d.count,
    median: v(d.median),
    p90: v(d.p90),
    mean: v(d.mean),
    min: v(d.min),
    max: v(d.max)
  }
}

const BUCKET_WORD = { day: 'daily', week: 'weekly', month: 'monthly' } as const

/** Review turnaround per reviewer, most reviews first. */
function reviewerRows(rt: Snapshot['metrics']['reviewTurnaround'], mentionReviewers: boolean) {
  return rt
    ? Object.entries(rt.byReviewer ?? {})
        .map(([login, s]) => ({
          login: formatLogin(login, mentionReviewers),
          count: s.count,
          median: s.count > 0 ? (s.median ?? null) : null,
          p90: s.count > 0 ? (s.p90 ?? null) : null,
          min: s.count > 0 ? (s.min ?? null) : null,
          max: s.count > 0 ? (s.max ?? null) : null
        }))
        .sort(
          (a, b) => b.count - a.count || (a.median ?? 0) - (b.median ?? 0) || a.login.localeCompare(b.login)
        )
    : []
}

/** The context both templates render from. */
export function buildContext(input: {
  snapshot: Snapshot
  previous: Snapshot | null
  links: ReportLinks
  charts: Record<string, ChartRef>
  mentionReviewers: boolean
  /** The main medians over the last periods, oldest first (null: no trend). */
  trend?: readonly TrendPoint[] | null
  /** False when the previous period starts before the stored history (its changes read "no data"). */
  previousCovered?: boolean
}) {
  const { snapshot, previous, links, charts, mentionReviewers } = input
  const m = snapshot.metrics
  const days = windowDays(snapshot.window)
  const repoUrl = `${links.serverUrl}/${links.repository}`
  const headlines = buildHeadlines(snapshot, previous, { previousCovered: input.previousCovered })
  const rt = m.reviewTurnaround
  const reviewers = reviewerRows(rt, mentionReviewers)
  const phases = m.cycleTime?.phases
  const pick = (rows: Array<DistRow | null>) => rows.filter((r): r is DistRow => r !== null)
  const distributions = {
    reviews: pick([
      distRow('Review turnaround', rt),
      distRow('Review turnaround, working hours', rt?.workingHours)
    ]),
    firstReview: pick([
      distRow('Time to first review', m.timeToFirstReview),
      distRow('Time to first review, working hours', m.timeToFirstReview?.workingHours)
    ]),
    pullRequests: pick([distRow('Time to merge', m.timeToMerge), distRow('Cycle time', m.cycleTime)]),
    cyclePhases: phases
      ? pick([
          distRow('Coding: first commit to ready', phases.coding),
          distRow('Pickup: ready to first review', phases.pickup),
          distRow('Review: first review to last approval', phases.review),
          distRow('Merge: last approval to merged', phases.merge)
        ])
      : [],
    issues: pick([
      distRow('First response', m.issueFirstResponse),
      distRow('Time to close', m.issueTimeToClose)
    ]),
    delivery: pick([
      distRow('Lead time for changes', m.leadTimeForChanges),
      distRow('Time to restore', m.timeToRestore)
    ])
  }
  const details = snapshot.details
  const pendingReviews = (details?.pendingReviews ?? []).map((p) => ({
    number: p.number,
    url: `${repoUrl}/pull/${p.number}`,
    title: escapeMarkdown(p.title),
    reviewer: formatLogin(p.reviewer, mentionReviewers),
    ageSeconds: p.ageSeconds,
    age: formatDuration(p.ageSeconds)
  }))
  const slowestMerges = (details?.slowestMerges ?? []).map((p) => ({
    number: p.number,
    url: `${repoUrl}/pull/${p.number}`,
    title: escapeMarkdown(p.title),
    author: formatLogin(p.author, false),
    seconds: p.seconds,
    time: formatDuration(p.seconds)
  }))
  const dep = m.deployments
  return {
    repository: escapeMarkdown(links.repository || snapshot.repository),
    repositoryUrl: repoUrl,
    period: escapeMarkdown(snapshot.period),
    generatedAt: snapshot.generatedAt,
    window: {
      since: snapshot.window.since,
      until: snapshot.window.until,
      firstDay: days.first,
      lastDay: days.last,
      bucket: snapshot.window.bucket,
      bucketWord: BUCKET_WORD[snapshot.window.bucket] ?? snapshot.window.bucket,
      timezone: escapeMarkdown(snapshot.window.timezone)
    },
    complete: snapshot.complete,
    partial: !snapshot.complete,
    dataProblems: dataProblemsContext(snapshot.dataProblems, repoUrl),
    hasDataProblems: snapshot.dataProblems.length > 0,
    reportUrl: links.reportUrl,
    reportPath: links.reportPath,
    indexUrl: links.indexUrl,
    mentionReviewers,
    headlines,
    emptyNotes: emptyNotes(snapshot, input.trend),
    backlog: backlogContext(m, repoUrl),
    load: loadContext(m, mentionReviewers),
    size: sizeContext(m),
    trend: trendContext(input.trend),
    previousCovered: input.previousCovered !== false,
    charts,
    chartList: Object.values(charts),
    metrics: m,
    previous: previous?.metrics ?? null,
    previousPeriod: previous ? escapeMarkdown(previous.period) : null,
    reviewers,
    topReviewers: reviewers.slice(0, 25),
    moreReviewers: Math.max(0, reviewers.length - 25),
    distributions,
    pendingReviews,
    slowestMerges,
    deploymentSource: dep ? escapeMarkdown(dep.source) : null,
    hasDeploymentData: !!dep && dep.count > 0,
    hasDelivery: !!(dep || m.leadTimeForChanges || m.changeFailureRate || m.timeToRestore),
    workingHours: !!(rt?.workingHours || m.timeToFirstReview?.workingHours)
  }
}

export type ReportContext = ReturnType<typeof buildContext>

/** The review turnaround median per bucket start (null for buckets without values). */
export function turnaroundSeries(dist: Dist | undefined): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const b of dist?.buckets ?? []) out[b.start] = b.count > 0 && b.median !== undefined ? b.median : null
  return out
}
