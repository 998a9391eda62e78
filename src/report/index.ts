/**
 * Renders one report period: the report Markdown with its SVG charts, the updated index of reports,
 * the snapshot file, the job summary, the notification issue body and the `metrics-json` output.
 * Pure with respect to GitHub: it only reads the snapshot(s) and returns files and strings.
 */
import type { TrendPoint } from '../metrics/trends.js'
import type { Snapshot } from '../metrics/types.js'
import {
  backlogAgeSpec,
  doraSpec,
  renderChart,
  reviewTurnaroundSpec,
  throughputSpec,
  sizeSpec,
  timeToFirstReviewSpec,
  trendSpec,
  type VegaLiteSpec
} from './charts.js'
import { buildContext, buildHeadlines, turnaroundSeries, windowDays, type ChartRef } from './context.js'
import { capMarkdown, escapeMarkdown, formatDuration, GITHUB_BODY_LIMIT, markdownTable } from './format.js'
import { updateIndex } from './report-index.js'
import { compileTemplate, loadDefaultTemplate, type TemplateSource } from './templates.js'

export { TemplateError, loadDefaultTemplate, compileTemplate } from './templates.js'
export type { TemplateSource } from './templates.js'
export { buildHeadlines, type Headline } from './context.js'

export interface RenderReportInput {
  snapshot: Snapshot
  previous: Snapshot | null
  /** The main medians over the last periods, oldest first (src/metrics/trends.ts); none: no trend. */
  trend?: readonly TrendPoint[] | null
  /** False when the previous period starts before the stored history: changes read "no data". */
  previousCovered?: boolean
  /** `owner/name` of the repository the report is about. */
  repository: string
  /** `https://github.com` or the GHES server URL (GITHUB_SERVER_URL). */
  serverUrl: string
  /** Branch the reports are committed to (for the report URL). */
  reportsBranch: string
  /** Folder of the reports in that branch; `reports` when empty. */
  reportsPath: string
  mentionReviewers: boolean
  /** A user template read from the default branch, or null/undefined for the bundled one. */
  template?: TemplateSource | null
  issueTemplate?: TemplateSource | null
  /** Current text of `REPORTS_PATH/README.md`, or null when there is none. */
  existingIndex: string | null
}

export interface RenderedFile {
  path: string
  content: string
  /** Which branch the file belongs to: `reports` (reports branch) or `data` (data branch: snapshots). */
  target: 'reports' | 'data'
}

export interface RenderedReport {
  /** REPORTS/PERIOD/README.md, REPORTS/PERIOD/*.svg, REPORTS/README.md, snapshots/PERIOD.json. */
  files: RenderedFile[]
  /** `REPORTS/PERIOD/README.md`. */
  reportPath: string
  /** `${serverUrl}/${repository}/blob/${reportsBranch}/${reportPath}`. */
  reportUrl: string
  /** Job summary Markdown with the headline numbers. */
  summary: string
  /** Notification issue body (without the hidden marker; notify adds it), under GitHub's limit. */
  issueBody: string
  /** Output `metrics-json`: headline figures and review turnaround as `{ bucketStart: medianSeconds }`. */
  metricsJson: string
  /** The report Markdown (also in `files`), for dry runs. */
  reportMarkdown: string
}

/** Room left in the issue body for the hidden marker notify appends. */
const ISSUE_BODY_LIMIT = GITHUB_BODY_LIMIT - 1000
/** GitHub refuses job summaries over 1 MiB. */
const SUMMARY_LIMIT = 1024 * 1024 - 1024

interface ChartPlan {
  key: string
  ref: ChartRef
  spec: VegaLiteSpec
}

function planCharts(snapshot: Snapshot, trend: readonly TrendPoint[] | null | undefined): ChartPlan[] {
  const m = snapshot.metrics
  const bucket = snapshot.window.bucket
  const word = { day: 'day', week: 'week', month: 'month' }[bucket] ?? bucket
  const plans: ChartPlan[] = []
  const hasData = (spec: VegaLiteSpec) => (spec as { mark?: { type?: string } }).mark?.type !== 'text'
  const add = (key: string, file: string, title: string, alt: string, spec: VegaLiteSpec) =>
    plans.push({ key, spec, ref: { file, title, alt, hasData: hasData(spec) } })
  if (m.backlog) {
    add(
      'backlog',
      'backlog.svg',
      'Open pull requests by age',
      'Open pull requests (not drafts) at the end of the period, by age since ready for review',
      backlogAgeSpec(m.backlog)
    )
  }
  if (trend && trend.length > 1) {
    add(
      'trend',
      'trend.svg',
      'Trend',
      `Median review turnaround, time to first review, time to merge, cycle time and issue first response over the last ${trend.length} periods`,
      trendSpec(trend)
    )
  }
  if (m.reviewTurnaround) {
    add(
      'reviewTurnaround',
      'review-turnaround.svg',
      'Review turnaround',
      `Review turnaround per ${word}: median and 90th percentile, with the number of reviews`,
      reviewTurnaroundSpec(m.reviewTurnaround, bucket)
    )
  }
  if (m.timeToFirstReview) {
    add(
      'timeToFirstReview',
      'time-to-first-review.svg',
      'Time to first review',
      `Time to first review per ${word}: median and 90th percentile, with the number of pull requests`,
      timeToFirstReviewSpec(m.timeToFirstReview, bucket)
    )
  }
  if (m.pullRequests) {
    add(
      'throughput',
      'throughput.svg',
      'Throughput',
      `Pull requests opened and merged per ${word}`,
      throughputSpec(m.pullRequests, bucket)
    )
  }
  if (m.pullRequestSize) {
    add(
      'size',
      'size.svg',
      'Pull request size',
      'Merged pull requests per size band (lines changed) and their median time to merge',
      sizeSpec(m.pullRequestSize)
    )
  }
  if (m.deployments || m.leadTimeForChanges) {
    add(
      'delivery',
      'delivery.svg',
      'Delivery',
      `Production deployments and median lead time for changes per ${word}`,
      doraSpec(m.deployments, m.leadTimeForChanges, bucket)
    )
  }
  return plans
}

function joinPath(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/')
}

/** Encodes each segment of a path for a URL, keeping the slashes. */
function urlPath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')
}

export function validatePeriod(period: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(period)) {
    throw new Error(
      `Snapshot period '${period}' cannot name a report folder: use letters, digits, '.', '_' and '-' only ` +
        '(e.g. 2026-W47, 2026-11, 2026-11-23).'
    )
  }
}

export async function renderReport(input: RenderReportInput): Promise<RenderedReport> {
  const { snapshot, previous } = input
  validatePeriod(snapshot.period)
  const base = joinPath(input.reportsPath || 'reports') || 'reports'
  const folder = `${base}/${snapshot.period}`
  const reportPath = `${folder}/README.md`
  const indexPath = `${base}/README.md`
  const serverUrl = input.serverUrl.replace(/\/+$/, '')
  const blob = `${serverUrl}/${input.repository}/blob/${urlPath(input.reportsBranch)}`
  const reportUrl = `${blob}/${urlPath(reportPath)}`
  const indexUrl = `${blob}/${urlPath(indexPath)}`

  const plans = planCharts(snapshot, input.trend)
  const files: RenderedFile[] = []
  const charts: Record<string, ChartRef> = {}
  for (const plan of plans) {
    const svg = await renderChart(plan.spec)
    files.push({ path: `${folder}/${plan.ref.file}`, content: svg, target: 'reports' })
    charts[plan.key] = plan.ref
  }

  const context = buildContext({
    snapshot,
    previous,
    links: {
      serverUrl,
      repository: input.repository,
      reportsBranch: input.reportsBranch,
      reportPath,
      reportUrl,
      indexUrl
    },
    charts,
    mentionReviewers: input.mentionReviewers,
    trend: input.trend,
    previousCovered: input.previousCovered
  })
  const helperOptions = { mentionReviewers: input.mentionReviewers }
  const reportTemplate = compileTemplate(input.template ?? loadDefaultTemplate('report'), helperOptions)
  const issueTemplate = compileTemplate(input.issueTemplate ?? loadDefaultTemplate('issue'), helperOptions)
  const reportMarkdown = tidy(reportTemplate(context))
  const issueBody = capMarkdown(tidy(issueTemplate(context)), ISSUE_BODY_LIMIT, reportUrl)

  const days = windowDays(snapshot.window)
  const headlines = buildHeadlines(snapshot, previous, { previousCovered: input.previousCovered })
  const rtMedian = headlines.find((h) => h.key === 'reviewTurnaroundMedianSeconds')
  const merged = headlines.find((h) => h.key === 'pullRequestsMerged')
  const summaryBits = [
    rtMedian && typeof rtMedian.value === 'number' ? `review turnaround median ${rtMedian.text}` : '',
    merged && typeof merged.value === 'number' ? `${merged.text} merged` : ''
  ].filter(Boolean)
  const index = updateIndex(input.existingIndex, {
    period: snapshot.period,
    firstDay: days.first,
    lastDay: days.last,
    summary: summaryBits.join(' · '),
    partial: !snapshot.complete
  })

  files.push({ path: reportPath, content: reportMarkdown, target: 'reports' })
  files.push({ path: indexPath, content: index, target: 'reports' })
  files.push({
    path: `snapshots/${snapshot.period}.json`,
    content: `${JSON.stringify(snapshot, null, 2)}\n`,
    target: 'data'
  })

  const metrics = {
    repository: input.repository || snapshot.repository,
    period: snapshot.period,
    since: snapshot.window.since,
    until: snapshot.window.until,
    complete: snapshot.complete,
    reportUrl,
    headline: Object.fromEntries(headlines.map((h) => [h.key, h.value])),
    reviewTurnaround: turnaroundSeries(snapshot.metrics.reviewTurnaround)
  }

  const summary = capMarkdown(
    jobSummary({
      repository: input.repository,
      period: snapshot.period,
      firstDay: days.first,
      lastDay: days.last,
      complete: snapshot.complete,
      problems: snapshot.dataProblems.length,
      headlines,
      reportUrl,
      reportPath
    }),
    SUMMARY_LIMIT,
    reportUrl
  )

  return {
    files,
    reportPath,
    reportUrl,
    summary,
    issueBody,
    metricsJson: JSON.stringify(metrics),
    reportMarkdown
  }
}

/** Collapses runs of blank lines left by template sections that rendered nothing. */
function tidy(markdown: string): string {
  return `${markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}

function jobSummary(s: {
  repository: string
  period: string
  firstDay: string
  lastDay: string
  complete: boolean
  problems: number
  headlines: ReturnType<typeof buildHeadlines>
  reportUrl: string
  reportPath: string
}): string {
  const lines = [
    `## Engineering metrics: ${escapeMarkdown(s.repository)}, ${escapeMarkdown(s.period)}`,
    '',
    `${s.firstDay} to ${s.lastDay}. Report: [${escapeMarkdown(s.reportPath)}](${s.reportUrl})`,
    ''
  ]
  if (!s.complete) {
    lines.push('> [!WARNING]', '> Partial data: the history sync has not read everything yet.', '')
  }
  if (s.headlines.length) {
    lines.push(
      markdownTable(
        ['Metric', 'This period', 'Previous', 'Change'],
        s.headlines.map((h) => [h.label, h.shown, h.previousShown, h.change]),
        ['left', 'right', 'right', 'left']
      ),
      ''
    )
  } else {
    lines.push('No metrics selected.', '')
  }
  if (s.problems) lines.push(`${s.problems} data problem(s): see the report's "Data problems" section.`, '')
  return lines.join('\n')
}

/**
 * The job summary of a dry run: everything that would have been written, shown instead.
 * `issue` gives the notification that would have been sent (null when notify is off).
 */
export function dryRunSummary(
  report: RenderedReport,
  issue: { repository: string; title: string; label: string } | null
): string {
  const parts = [
    report.summary,
    '### Dry run: nothing was written',
    '',
    markdownTable(
      ['File', 'Branch', 'Size'],
      report.files.map((f) => [
        `\`${f.path}\``,
        f.target === 'data' ? 'data branch' : 'reports branch',
        `${f.content.length.toLocaleString('en-US')} characters`
      ])
    ),
    '',
    '<details><summary>Report Markdown</summary>',
    '',
    report.reportMarkdown,
    '',
    '</details>',
    ''
  ]
  if (issue) {
    parts.push(
      `<details><summary>Notification issue in ${escapeMarkdown(issue.repository)}: ${escapeMarkdown(issue.title)} [${escapeMarkdown(issue.label)}]</summary>`,
      '',
      report.issueBody,
      '',
      '</details>',
      ''
    )
  }
  parts.push(
    '<details><summary>metrics-json</summary>',
    '',
    '```json',
    report.metricsJson,
    '```',
    '',
    '</details>'
  )
  return capMarkdown(parts.join('\n'), SUMMARY_LIMIT, report.reportUrl)
}

/** A duration as the report writes it (re-exported for the CLI and the integrator). */
export { formatDuration }
