/**
 * `REPORTS/org/README.md`: the organization reports, newest first, one line per period linking
 * `PERIOD.md`. A re-run for a period replaces its line; text outside the generated block (between
 * the markers the repository index uses) is the user's and is kept.
 */
import { indexRegion, indexText } from '../report/report-index.js'

export interface OrgIndexEntry {
  period: string
  firstDay: string
  lastDay: string
  /** Short text after the dates ("12 of 14 repositories up to date · 310 merged"). */
  text: string
}

const HEADER = [
  '# Organization metrics reports',
  '',
  'Written by repo-metrics-report (organization mode). Newest first; a re-run for the same period updates its report.',
  ''
].join('\n')

const LINE = /^- \[[^\]]*\]\(([^)]+)\.md\)/

function linePeriod(line: string): string | null {
  const m = LINE.exec(line)
  return m ? decodeURI(m[1]) : null
}

/** The last day a line names, then its first: the sort key (newest first). */
function lineKey(line: string): string {
  const m = /(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(line)
  return m ? `${m[2]} ${m[1]}` : ''
}

export function orgIndexLine(entry: OrgIndexEntry): string {
  const parts = [
    `- [${entry.period}](${encodeURI(entry.period)}.md)`,
    `${entry.firstDay} to ${entry.lastDay}`
  ]
  if (entry.text) parts.push(entry.text)
  return parts.join(' · ')
}

/** The index text with this period's line (null: no index yet). */
export function updateOrgIndex(existing: string | null, entry: OrgIndexEntry): string {
  const { before, lines, after } = indexRegion(existing, HEADER)
  const kept = lines.filter((l) => linePeriod(l) !== entry.period)
  kept.push(orgIndexLine(entry))
  const sorted = kept
    .map((l, i) => ({ l, i, key: lineKey(l) }))
    .sort((a, b) => (a.key !== b.key ? (a.key < b.key ? 1 : -1) : a.i - b.i))
    .map((x) => x.l)
  return indexText(before, sorted, after)
}
