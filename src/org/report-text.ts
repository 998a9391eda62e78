/**
 * Small pieces of the organization report's Markdown: names and logins as they are printed (never
 * an @-mention), figures with their sample size, the headline table, the coverage line, links.
 */
import type { Metrics, Snapshot, Stats } from '../metrics/types.js'
import { buildHeadlines } from '../report/headlines.js'
import {
  escapeMarkdown,
  formatDuration,
  formatNumber,
  formatPercent,
  markdownTable
} from '../report/format.js'
import type { OrgCoverage } from './rollup.js'

/** A login or team (`team:slug`) as a code span: plain text, never a mention. */
export function personText(login: string | null): string {
  if (login === null) return 'ghost'
  return /^[A-Za-z0-9._:[\]-]+$/.test(login) ? `\`${login}\`` : escapeMarkdown(login)
}

/** A repository, organization, group or team name: escaped, never a mention. */
export const nameText = (name: string): string => escapeMarkdown(name)

/** A median with its sample size: "3 h (n = 14)", "–" without values. */
export function medianText(stats: Stats | undefined): string {
  if (!stats || stats.count === 0 || stats.median === undefined) return '–'
  return `${formatDuration(stats.median)} (n = ${formatNumber(stats.count)})`
}

/** The figures of the per-repository and groups tables, from a snapshot's metrics (null: none). */
export const FIGURE_HEADERS = [
  'PRs merged',
  'Review turnaround, median',
  'Time to first review, median',
  'Cycle time, median',
  'Deployments',
  'Change failure rate'
]

export function figureCells(metrics: Partial<Metrics> | null): string[] {
  if (!metrics) return FIGURE_HEADERS.map(() => '–')
  const cfr = metrics.changeFailureRate
  return [
    metrics.pullRequests ? formatNumber(metrics.pullRequests.merged) : '–',
    medianText(metrics.reviewTurnaround),
    medianText(metrics.timeToFirstReview),
    medianText(metrics.cycleTime),
    metrics.deployments ? formatNumber(metrics.deployments.count) : '–',
    cfr && cfr.total > 0 ? `${formatPercent(cfr.ratio)} (${cfr.failed} of ${cfr.total})` : '–'
  ]
}

/** The headline table of a snapshot (the single-repository report's figures), with changes when `previous`. */
export function headlineTable(snapshot: Snapshot, previous: Snapshot | null = null): string {
  const headlines = buildHeadlines(snapshot, previous)
  if (headlines.length === 0) return 'No metrics selected.'
  if (previous) {
    return markdownTable(
      ['Metric', 'This period', 'Previous', 'Change'],
      headlines.map((h) => [h.label, h.shown, h.previousShown, h.change]),
      ['left', 'right', 'right', 'left']
    )
  }
  return markdownTable(
    ['Metric', 'This period'],
    headlines.map((h) => [h.label, h.shown]),
    ['left', 'right']
  )
}

export type CoverageState = 'current' | 'stale' | 'failed'

/** `current` up to date; `stale` partial (backfill under way) or waiting (not reached); `failed`. */
export function coverageState(state: OrgCoverage['repositories'][number]['state']): CoverageState {
  return state === 'current' ? 'current' : state === 'failed' ? 'failed' : 'stale'
}

export interface CoverageCounts {
  repositories: number
  current: number
  stale: number
  failed: number
  /** Repositories whose values are in the pooled figures. */
  pooled: number
}

export function coverageCounts(coverage: OrgCoverage): CoverageCounts {
  const counts: CoverageCounts = { repositories: 0, current: 0, stale: 0, failed: 0, pooled: 0 }
  for (const run of coverage.repositories) {
    counts.repositories++
    counts[coverageState(run.state)]++
    if (run.pooled) counts.pooled++
  }
  return counts
}

export function coverageLine(counts: CoverageCounts): string {
  const word = (n: number) => (n === 1 ? 'repository' : 'repositories')
  return (
    `${formatNumber(counts.repositories)} ${word(counts.repositories)}: ${formatNumber(counts.current)} up to date, ` +
    `${formatNumber(counts.stale)} stale, ${formatNumber(counts.failed)} failed; ` +
    `${formatNumber(counts.pooled)} in the organization's figures.`
  )
}

/** Encodes each segment of a path for a URL, keeping the slashes. */
export function urlPath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')
}

/** Where generated files are seen on GitHub: the metrics repository and the branch they are committed to. */
export interface ReportLinks {
  /** `https://github.com` or the GHES server URL. */
  serverUrl: string
  /** The metrics repository, `owner/name`. */
  repository: string
  branch: string
}

/** The URL of a file (or folder, `tree`) on the branch, or null without links. */
export function blobUrl(links: ReportLinks | undefined, path: string, folder = false): string | null {
  if (!links) return null
  const server = links.serverUrl.replace(/\/+$/, '')
  return `${server}/${links.repository}/${folder ? 'tree' : 'blob'}/${urlPath(links.branch)}/${urlPath(path)}`
}
