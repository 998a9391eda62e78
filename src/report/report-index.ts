/**
 * `reports/README.md`: the list of all reports, newest first, one line per period. Updating it is
 * idempotent: the line of a period is replaced, never added twice. Text outside the generated block
 * (between the two markers) is the user's and is kept as it is.
 */

export const INDEX_START = '<!-- repo-metrics-report:index:start -->'
export const INDEX_END = '<!-- repo-metrics-report:index:end -->'

export interface IndexEntry {
  period: string
  /** First and last day covered, `YYYY-MM-DD`. */
  firstDay: string
  lastDay: string
  /** Short text after the dates, e.g. "review turnaround median 3 h · 14 merged". */
  summary: string
  partial: boolean
}

const DEFAULT_HEADER = [
  '# Engineering metrics reports',
  '',
  'Written by repo-metrics-report. Newest first; a re-run for the same period updates its report.',
  ''
].join('\n')

/** The Markdown line of one entry. The link target is the report folder's README. */
export function indexLine(entry: IndexEntry): string {
  const folder = encodeURI(entry.period)
  const parts = [`- [${entry.period}](${folder}/README.md)`, `${entry.firstDay} to ${entry.lastDay}`]
  if (entry.summary) parts.push(entry.summary)
  if (entry.partial) parts.push('partial data')
  return parts.join(' · ')
}

/** The period a line links to (`- [PERIOD](PERIOD/README.md) ...`), or null for other lines. */
function linePeriod(line: string): string | null {
  const m = /^- \[[^\]]*\]\(([^)]+)\/README\.md\)/.exec(line)
  return m ? decodeURI(m[1]) : null
}

/** Sort key: the last day the line names (newest first), then the period name. */
function lineKey(line: string): string {
  const m = /(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(line)
  return m ? `${m[2]} ${m[1]}` : ''
}

/**
 * An index file's parts around its generated list: the text above (`header` when there is no file,
 * the whole file when it has no markers: an index written by hand is kept above the list), the
 * list's lines, and the text below.
 */
export function indexRegion(
  existing: string | null,
  header: string
): { before: string; lines: string[]; after: string } {
  if (existing === null || existing.trim() === '') return { before: header, lines: [], after: '' }
  const start = existing.indexOf(INDEX_START)
  const end = existing.indexOf(INDEX_END)
  if (start < 0 || end <= start) return { before: `${existing.trimEnd()}\n`, lines: [], after: '' }
  return {
    before: `${existing.slice(0, start).trimEnd()}\n`,
    after: existing.slice(end + INDEX_END.length).trim(),
    lines: existing
      .slice(start + INDEX_START.length, end)
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '')
  }
}

/** The index file from its parts (./indexRegion) with the list's lines in their new order. */
export function indexText(before: string, lines: readonly string[], after: string): string {
  return `${before}\n${INDEX_START}\n${lines.join('\n')}\n${INDEX_END}\n${after ? `\n${after}\n` : ''}`
}

/** Returns the updated index text for `existing` (null when there is none yet). */
export function updateIndex(existing: string | null, entry: IndexEntry): string {
  const line = indexLine(entry)
  const { before, lines, after } = indexRegion(existing, DEFAULT_HEADER)
  const kept = lines.filter((l) => linePeriod(l) !== entry.period)
  kept.push(line)
  // Stable sort, newest first; lines without dates keep their order at the end.
  const sorted = kept
    .map((l, i) => ({ l, i, key: lineKey(l) }))
    .sort((a, b) => {
      if (a.key !== b.key) return a.key < b.key ? 1 : -1
      const pa = linePeriod(a.l) ?? ''
      const pb = linePeriod(b.l) ?? ''
      if (a.key && pa !== pb) return pa < pb ? 1 : -1
      return a.i - b.i
    })
    .map((x) => x.l)
  return indexText(before, sorted, after)
}
