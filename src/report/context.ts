/**
 * The template context: everything a report or issue template can use, built from a snapshot (and
 * the previous period's snapshot for changes). Every string taken from user data is Markdown-escaped
 * here, so templates can print it as is.
 */
import { DateTime } from 'luxon'
import type { Dist, Metrics, Snapshot, Stats } from '../metrics/types.js'
import { dataProblemsContext } from './data-problems.js'
import {
  escapeMarkdown,
  formatChange,
  formatDuration,
  formatLogin,
  formatNumber,
  formatPercent,
  isoDate,
  type ChangeKind
} from './format.js'

export type HeadlineFormat = 'duration' | 'count' | 'ratio' | 'decimal' | 'text'

/** One headline figure: shown in the summary, the issue, the report and the `metrics-json` output. */
export interface Headline {
  /** Key in `metrics-json` (e.g. `reviewTurnaroundMedianSeconds`). */
  key: string
  label: string
  format: HeadlineFormat
  value: number | string | null
  previous: number | string | null
  /** Formatted value, previous value and change ("↑ 25%"), ready to print. */
  text: string
  previousText: string
  change: string
}

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

type MetricKey = keyof Metrics

interface HeadlineDef {
  key: string
  label: string
  format: HeadlineFormat
  metric: MetricKey
  pick: (m: Partial<Metrics>) => number | string | null | undefined
}

const median = (d: Stats | undefined): number | undefined => (d && d.count > 0 ? d.median : undefined)

const HEADLINES: HeadlineDef[] = [
  {
    key: 'reviewTurnaroundMedianSeconds',
    label: 'Review turnaround, median',
    format: 'duration',
    metric: 'reviewTurnaround',
    pick: (m) => median(m.reviewTurnaround)
  },
  {
    key: 'reviewTurnaroundP90Seconds',
    label: 'Review turnaround, 90th percentile',
    format: 'duration',
    metric: 'reviewTurnaround',
    pick: (m) => (m.reviewTurnaround && m.reviewTurnaround.count > 0 ? m.reviewTurnaround.p90 : undefined)
  },
  {
    key: 'reviews',
    label: 'Review requests answered',
    format: 'count',
    metric: 'reviewTurnaround',
    pick: (m) => m.reviewTurnaround?.count
  },
  {
    key: 'pendingReviews',
    label: 'Review requests waiting',
    format: 'count',
    metric: 'reviewTurnaround',
    pick: (m) => m.reviewTurnaround?.pending?.count
  },
  {
    key: 'timeToFirstReviewMedianSeconds',
    label: 'Time to first review, median',
    format: 'duration',
    metric: 'timeToFirstReview',
    pick: (m) => median(m.timeToFirstReview)
  },
  {
    key: 'pullRequestsOpened',
    label: 'Pull requests opened',
    format: 'count',
    metric: 'pullRequests',
    pick: (m) => m.pullRequests?.opened
  },
  {
    key: 'pullRequestsMerged',
    label: 'Pull requests merged',
    format: 'count',
    metric: 'pullRequests',
    pick: (m) => m.pullRequests?.merged
  },
  {
    key: 'timeToMergeMedianSeconds',
    label: 'Time to merge, median',
    format: 'duration',
    metric: 'timeToMerge',
    pick: (m) => median(m.timeToMerge)
  },
  {
    key: 'cycleTimeMedianSeconds',
    label: 'Cycle time, median',
    format: 'duration',
    metric: 'cycleTime',
    pick: (m) => median(m.cycleTime)
  },
  {
    key: 'issuesOpened',
    label: 'Issues opened',
    format: 'count',
    metric: 'issues',
    pick: (m) => m.issues?.opened
  },
  {
    key: 'issuesClosed',
    label: 'Issues closed',
    format: 'count',
    metric: 'issues',
    pick: (m) => m.issues?.closed
  },
  {
    key: 'issueFirstResponseMedianSeconds',
    label: 'Issue first response, median',
    format: 'duration',
    metric: 'issueFirstResponse',
    pick: (m) => median(m.issueFirstResponse)
  },
  {
    key: 'issueTimeToCloseMedianSeconds',
    label: 'Issue time to close, median',
    format: 'duration',
    metric: 'issueTimeToClose',
    pick: (m) => median(m.issueTimeToClose)
  },
  {
    key: 'deployments',
    label: 'Production deployments',
    format: 'count',
    metric: 'deployments',
    pick: (m) => m.deployments?.count
  },
  {
    key: 'deploymentsPerWeek',
    label: 'Deployments per week',
    format: 'decimal',
    metric: 'deployments',
    pick: (m) => m.deployments?.perWeek
  },
  {
    key: 'doraClass',
    label: 'Deployment frequency class',
    format: 'text',
    metric: 'deployments',
    // No class without a deployment: "yearly" would read as a verdict on a quiet or empty window.
    pick: (m) => (m.deployments?.count ? m.deployments.doraClass : undefined)
  },
  {
    key: 'leadTimeForChangesMedianSeconds',
    label: 'Lead time for changes, median',
    format: 'duration',
    metric: 'leadTimeForChanges',
    pick: (m) => median(m.leadTimeForChanges)
  },
  {
    key: 'changeFailureRate',
    label: 'Change failure rate',
    format: 'ratio',
    metric: 'changeFailureRate',
    pick: (m) => m.changeFailureRate?.ratio
  },
  {
    key: 'timeToRestoreMedianSeconds',
    label: 'Time to restore, median',
    format: 'duration',
    metric: 'timeToRestore',
    pick: (m) => median(m.timeToRestore)
  }
]

function formatHeadline(value: number | string | null, format: HeadlineFormat): string {
  if (value === null) return '–'
  if (typeof value === 'string') return escapeMarkdown(value)
  switch (format) {
    case 'duration':
      return formatDuration(value)
    case 'ratio':
      return formatPercent(value)
    default:
      return formatNumber(value)
  }
}

const CHANGE_KIND: Record<HeadlineFormat, ChangeKind | null> = {
  duration: 'duration',
  count: 'count',
  decimal: 'count',
  ratio: 'ratio',
  text: null
}

/** Headline figures for the metrics present in the snapshot, with changes against `previous`. */
export function buildHeadlines(snapshot: Snapshot, previous: Snapshot | null): Headline[] {
  const out: Headline[] = []
  for (const def of HEADLINES) {
    if (!snapshot.metrics[def.metric]) continue
    const raw = def.pick(snapshot.metrics)
    const value = raw === undefined || raw === null ? null : raw
    const prevRaw = previous && previous.metrics[def.metric] ? def.pick(previous.metrics) : undefined
    const prev = prevRaw === undefined || prevRaw === null ? null : prevRaw
    const kind = CHANGE_KIND[def.format]
    let change = '–'
    if (kind && typeof value === 'number' && typeof prev === 'number')
      change = formatChange(value, prev, kind)
    else if (kind === null && value !== null && prev !== null)
      change = value === prev ? '→ same' : `was ${prev}`
    out.push({
      key: def.key,
      label: def.label,
      format: def.format,
      value,
      previous: prev,
      text: formatHeadline(value, def.format),
      previousText: previous ? formatHeadline(prev, def.format) : '–',
      change
    })
  }
  return out
}

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

/** The context both templates render from. */
export function buildContext(input: {
  snapshot: Snapshot
  previous: Snapshot | null
  links: ReportLinks
  charts: Record<string, ChartRef>
  mentionReviewers: boolean
}) {
  const { snapshot, previous, links, charts, mentionReviewers } = input
  const m = snapshot.metrics
  const days = windowDays(snapshot.window)
  const repoUrl = `${links.serverUrl}/${links.repository}`
  const headlines = buildHeadlines(snapshot, previous)
  const rt = m.reviewTurnaround
  const reviewers = rt
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
