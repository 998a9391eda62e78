/**
 * The organization report of one period: `REPORTS/org/PERIOD.md` with its SVG charts beside it
 * (`REPORTS/org/PERIOD-*.svg`), the index `REPORTS/org/README.md`, the central issue's body, the job
 * summary, and each repository's own short issue body. Pure: it reads what the roll-up made (the
 * pooled snapshot, the coverage) and each repository's snapshot and values, and returns text.
 *
 * Order of the report: coverage first (what the figures cover, every stale or failed repository named
 * with why), then the pooled headline and charts, the per-repository table, groups, teams, and per
 * person only with `people: named`. No text it writes @-mentions anyone: logins are code spans.
 */
import {
  renderChart,
  backlogAgeSpec,
  doraSpec,
  reviewTurnaroundSpec,
  throughputSpec
} from '../report/charts.js'
import type { VegaLiteSpec } from '../report/charts.js'
import { windowDays } from '../report/context.js'
import { capMarkdown, escapeMarkdown, formatNumber, GITHUB_BODY_LIMIT } from '../report/format.js'
import { validatePeriod } from '../report/index.js'
import type { Snapshot } from '../metrics/types.js'
import type { ResolvedGroup } from './groups.js'
import {
  coverageSection,
  groupsSection,
  peopleSection,
  repositoriesSection,
  STATE_TEXT,
  teamsSection
} from './report-sections.js'
import { updateOrgIndex } from './report-index.js'
import {
  blobUrl,
  coverageCounts,
  coverageLine,
  coverageState,
  headlineTable,
  nameText,
  type CoverageCounts,
  type ReportLinks
} from './report-text.js'
import type { OrgCoverage } from './rollup.js'
import type { OrgTeam } from './teams.js'
import type { SnapshotValues } from './values.js'

export type { CoverageCounts, ReportLinks } from './report-text.js'

export interface OrgReportRepository {
  /** `owner/name`. */
  repository: string
  snapshot: Snapshot | null
  values: SnapshotValues | null
}

export interface OrgReportInput {
  organization: string
  period: string
  /** The window (ISO), as the plan gave it. */
  since: string
  until: string
  /** The pooled organization snapshot (rollup.ts), null when no repository has values. */
  snapshot: Snapshot | null
  /** The previous period's pooled snapshot, for changes in the headline (optional). */
  previous?: Snapshot | null
  coverage: OrgCoverage
  /** Every repository of the coverage, with its snapshot and values for the period (null: none). */
  repositories: readonly OrgReportRepository[]
  groups: readonly ResolvedGroup[]
  /** A problem with the groups file, shown instead of the groups table. */
  groupsNote?: string
  teams: readonly OrgTeam[]
  /** Why there are no teams (teams.ts listTeams' note). */
  teamsNote?: string
  /** `teams` (default): no per-person rows; `named`: per-person tables too. */
  people: 'teams' | 'named'
  /** Folder of the reports on the branch; default `reports`. */
  reportsPath?: string
  generatedAt: string
  /** Current text of `REPORTS/org/README.md`, or null / absent when there is none. */
  existingIndex?: string | null
  /** Where the files are seen on GitHub, for the links of the issue bodies (absent: paths only). */
  links?: ReportLinks
}

export interface RepositoryIssueBody {
  repository: string
  body: string
}

export interface RenderedOrgReport {
  /** The report, its charts and the index, paths from the branch's root. */
  files: Array<{ path: string; content: string }>
  /** `REPORTS/org/PERIOD.md`. */
  reportPath: string
  /** Its URL on GitHub when `links` were given. */
  reportUrl: string | null
  /** The central issue's body (notify adds the marker). */
  issueBody: string
  /** The job summary. */
  summary: string
  /** Each repository with a snapshot that is up to date: its own short issue body. */
  repositoryIssues: RepositoryIssueBody[]
  coverage: CoverageCounts
  /** The report Markdown (also in `files`). */
  markdown: string
}

/** Room for the marker notify appends. */
const ISSUE_BODY_LIMIT = GITHUB_BODY_LIMIT - 1000
const SUMMARY_LIMIT = 1024 * 1024 - 1024

function joinPath(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/')
}

interface PlannedChart {
  file: string
  title: string
  alt: string
  spec: VegaLiteSpec
}

function planCharts(snapshot: Snapshot, period: string): PlannedChart[] {
  const m = snapshot.metrics
  const bucket = snapshot.window.bucket
  const charts: PlannedChart[] = []
  if (m.reviewTurnaround)
    charts.push({
      file: `${period}-review-turnaround.svg`,
      title: 'Review turnaround',
      alt: `Review turnaround per ${bucket} over all repositories: median and 90th percentile, with the number of reviews`,
      spec: reviewTurnaroundSpec(m.reviewTurnaround, bucket)
    })
  if (m.pullRequests)
    charts.push({
      file: `${period}-throughput.svg`,
      title: 'Throughput',
      alt: `Pull requests opened and merged per ${bucket} over all repositories`,
      spec: throughputSpec(m.pullRequests, bucket)
    })
  if (m.deployments || m.leadTimeForChanges)
    charts.push({
      file: `${period}-delivery.svg`,
      title: 'Delivery',
      alt: `Production deployments and median lead time for changes per ${bucket} over all repositories`,
      spec: doraSpec(m.deployments, m.leadTimeForChanges, bucket)
    })
  if (m.backlog)
    charts.push({
      file: `${period}-backlog.svg`,
      title: 'Open pull requests by age',
      alt: 'Open pull requests (not drafts) of all repositories at the end of the period, by age since ready for review',
      spec: backlogAgeSpec(m.backlog)
    })
  return charts
}

/** Renders the organization report of one period; see the module comment. */
export async function renderOrgReport(input: OrgReportInput): Promise<RenderedOrgReport> {
  validatePeriod(input.period)
  const base = joinPath(input.reportsPath || 'reports', 'org')
  const reportPath = `${base}/${input.period}.md`
  const indexPath = `${base}/README.md`
  const reportUrl = blobUrl(input.links, reportPath)
  const timezone = input.snapshot?.window.timezone ?? 'UTC'
  const days = windowDays({ since: input.since, until: input.until, timezone, bucket: 'week' })
  const org = nameText(input.organization)
  const counts = coverageCounts(input.coverage)
  const repoLink = (repository: string) => nameText(repository)
  const values = input.repositories.flatMap((r) => (r.values ? [r.values] : []))
  const valuesOf = (repository: string) =>
    input.repositories.find((r) => r.repository.toLowerCase() === repository.toLowerCase())?.values ?? null

  const files: RenderedOrgReport['files'] = []
  const lines = [
    `# Engineering metrics: ${org} (organization), ${escapeMarkdown(input.period)}`,
    '',
    `${days.first} to ${days.last} (${escapeMarkdown(timezone)}).`,
    '',
    '[All organization reports](README.md)',
    '',
    ...coverageSection(input, counts, repoLink)
  ]
  lines.push('## Headline', '')
  if (input.snapshot) {
    if (!input.snapshot.complete) {
      lines.push(
        '> [!WARNING]',
        "> **Partial data.** Some repositories' history is still being read; their figures cover what was read so far.",
        ''
      )
    }
    lines.push(
      `Pooled from the values of ${formatNumber(counts.pooled)} repositories (every value counted once, never an average of medians).`,
      '',
      headlineTable(input.snapshot, input.previous ?? null),
      '',
      'n is the number of values a figure is made of.',
      ''
    )
    for (const chart of planCharts(input.snapshot, input.period)) {
      files.push({ path: `${base}/${chart.file}`, content: await renderChart(chart.spec) })
      lines.push(`### ${chart.title}`, '', `![${chart.alt}](${encodeURI(chart.file)})`, '')
    }
  } else {
    lines.push('No repository has figures for this period yet: the next runs fill them in.', '')
  }
  lines.push(...repositoriesSection(input, repoLink))
  lines.push(...groupsSection(input, valuesOf))
  lines.push(...teamsSection(input, values))
  lines.push(...peopleSection(input, values))
  const problems = input.snapshot?.dataProblems ?? []
  if (problems.length > 0) {
    lines.push('## Data problems', '')
    for (const p of problems) lines.push(`- **${escapeMarkdown(p.kind)}**: ${escapeMarkdown(p.message)}`)
    lines.push('')
  }
  lines.push(
    '---',
    '',
    `Generated ${escapeMarkdown(input.generatedAt)} by repo-metrics-report (organization mode). Durations are wall-clock time.`
  )
  const markdown = tidy(lines.join('\n'))
  files.push({ path: reportPath, content: markdown })
  const merged = input.snapshot?.metrics.pullRequests?.merged
  files.push({
    path: indexPath,
    content: updateOrgIndex(input.existingIndex ?? null, {
      period: input.period,
      firstDay: days.first,
      lastDay: days.last,
      text: [
        `${formatNumber(counts.current)} of ${formatNumber(counts.repositories)} repositories up to date`,
        merged === undefined ? '' : `${formatNumber(merged)} merged`
      ]
        .filter(Boolean)
        .join(' · ')
    })
  })

  const link = reportUrl ? `**[${reportPath}](${reportUrl})**` : `\`${reportPath}\``
  const short = [
    `The engineering metrics report for the organization **${org}**, ${escapeMarkdown(input.period)} (${days.first} to ${days.last}), is ready:`,
    '',
    link,
    '',
    `**Coverage:** ${coverageLine(counts)}`,
    ''
  ]
  const notCurrent = input.coverage.repositories.filter((r) => coverageState(r.state) !== 'current')
  if (notCurrent.length > 0) {
    const listed = notCurrent.slice(0, 20).map((r) => `${nameText(r.repository)} (${STATE_TEXT[r.state]})`)
    const more = notCurrent.length > 20 ? `, and ${notCurrent.length - 20} more` : ''
    short.push(`Not up to date: ${listed.join(', ')}${more}. The report says why.`, '')
  }
  short.push(input.snapshot ? headlineTable(input.snapshot, input.previous ?? null) : 'No figures yet.', '')
  const issueBody = capMarkdown(tidy(short.join('\n')), ISSUE_BODY_LIMIT, reportUrl)
  const summary = capMarkdown(
    tidy(
      [
        `## Engineering metrics: ${org} (organization), ${escapeMarkdown(input.period)}`,
        '',
        ...short.slice(2)
      ].join('\n')
    ),
    SUMMARY_LIMIT,
    reportUrl
  )
  const repositoryIssues = repositoryBodies(input, days, reportPath, reportUrl)
  return { files, reportPath, reportUrl, issueBody, summary, repositoryIssues, coverage: counts, markdown }
}

/** Each up-to-date repository's short issue body: its headline, its folder, the organization's report. */
function repositoryBodies(
  input: OrgReportInput,
  days: { first: string; last: string },
  reportPath: string,
  reportUrl: string | null
): RepositoryIssueBody[] {
  const current = new Set(
    input.coverage.repositories.filter((r) => r.state === 'current').map((r) => r.repository.toLowerCase())
  )
  const out: RepositoryIssueBody[] = []
  for (const repo of input.repositories) {
    if (!repo.snapshot || !current.has(repo.repository.toLowerCase())) continue
    const folder = `repos/${repo.repository}/`
    const folderUrl = blobUrl(input.links, folder, true)
    const body = [
      `The engineering metrics of **${nameText(repo.repository)}** for ${escapeMarkdown(input.period)} (${days.first} to ${days.last}), measured with the rest of the organization ${nameText(input.organization)}:`,
      '',
      headlineTable(repo.snapshot),
      '',
      `Its data: ${folderUrl ? `[${folder}](${folderUrl})` : `\`${folder}\``}. The organization's report: ${
        reportUrl ? `[${reportPath}](${reportUrl})` : `\`${reportPath}\``
      }.`
    ]
    out.push({
      repository: repo.repository,
      body: capMarkdown(tidy(body.join('\n')), ISSUE_BODY_LIMIT, reportUrl)
    })
  }
  return out
}

/** Collapses runs of blank lines; one newline at the end. */
function tidy(markdown: string): string {
  return `${markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}
