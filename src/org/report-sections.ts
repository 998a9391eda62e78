/**
 * The sections of the organization report after its headline (./report.ts): coverage, one row per
 * repository, groups, teams and — with `people: named` only — per person.
 */
import { escapeMarkdown, formatDuration, formatNumber, markdownTable } from '../report/format.js'
import type { OrgReportInput } from './report.js'
import { authorRows, groupFigures, teamFigures } from './report-figures.js'
import {
  coverageLine,
  figureCells,
  FIGURE_HEADERS,
  medianText,
  nameText,
  personText,
  type CoverageCounts
} from './report-text.js'
import type { OrgCoverage } from './rollup.js'
import type { SnapshotValues } from './values.js'

/** Rows of a per-person table at most. */
const PEOPLE_LISTED = 50

export const STATE_TEXT: Record<OrgCoverage['repositories'][number]['state'], string> = {
  current: 'up to date',
  partial: 'partial',
  waiting: 'waiting',
  failed: 'failed'
}

export function coverageSection(
  input: OrgReportInput,
  counts: CoverageCounts,
  repoLink: (r: string) => string
): string[] {
  const lines = ['## Coverage', '', coverageLine(counts), '']
  const named = input.coverage.repositories.filter((r) => r.state !== 'current')
  if (named.length > 0) {
    lines.push(
      markdownTable(
        ['Repository', 'Status', 'Why', 'In the figures'],
        named.map((r) => [
          repoLink(r.repository),
          STATE_TEXT[r.state],
          escapeMarkdown(r.message ?? (r.state === 'failed' ? 'the run failed' : 'not read to the end yet')),
          r.pooled ? 'yes' : 'no'
        ])
      ),
      ''
    )
  }
  if (counts.pooled < counts.repositories) {
    lines.push(
      `The organization's figures cover the ${formatNumber(counts.pooled)} repositories with figures for ${escapeMarkdown(input.period)}; the others are left out, never guessed.`,
      ''
    )
  }
  return lines
}

export function repositoriesSection(input: OrgReportInput, repoLink: (r: string) => string): string[] {
  const byName = new Map(input.repositories.map((r) => [r.repository.toLowerCase(), r]))
  const rows = input.coverage.repositories.map((run) => {
    const repo = byName.get(run.repository.toLowerCase())
    return [
      repoLink(run.repository),
      STATE_TEXT[run.state],
      ...figureCells(repo?.snapshot?.metrics ?? null),
      `[folder](${folderLink(run.repository)})`
    ]
  })
  return [
    '## Repositories',
    '',
    markdownTable(['Repository', 'Status', ...FIGURE_HEADERS, 'Data'], rows, [
      'left',
      'left',
      ...FIGURE_HEADERS.map(() => 'right'),
      'left'
    ]),
    ''
  ]
}

/** From `REPORTS/org/PERIOD.md` to the repository's folder on the branch. */
function folderLink(repository: string): string {
  return `${'../'.repeat(2)}repos/${repository.split('/').map(encodeURIComponent).join('/')}/`
}

export function groupsSection(
  input: OrgReportInput,
  valuesOf: (r: string) => SnapshotValues | null
): string[] {
  if (input.groupsNote) return ['## Groups', '', escapeMarkdown(input.groupsNote), '']
  if (input.groups.length === 0) return []
  const notes: string[] = []
  const rows = input.groups.map((group) => {
    const figures = groupFigures(group.name, group.repositories, valuesOf, input.generatedAt)
    const name = nameText(group.name)
    if (group.note) notes.push(`- ${name}: ${escapeMarkdown(group.note)}.`)
    else if (figures.note && group.repositories.length > 0)
      notes.push(`- ${name}: ${escapeMarkdown(figures.note)}.`)
    if (figures.missing.length > 0)
      notes.push(
        `- ${name}: without figures for the period, left out: ${figures.missing.map(nameText).join(', ')}.`
      )
    return [
      name,
      `${formatNumber(figures.pooled.length)} of ${formatNumber(group.repositories.length)}`,
      ...figureCells(figures.snapshot?.metrics ?? null)
    ]
  })
  return [
    '## Groups',
    '',
    "Each group's figures are pooled from the values of its repositories that have figures for the period.",
    '',
    markdownTable(['Group', 'Repositories pooled', ...FIGURE_HEADERS], rows, [
      'left',
      'right',
      ...FIGURE_HEADERS.map(() => 'right')
    ]),
    '',
    ...(notes.length > 0 ? [...notes, ''] : [])
  ]
}

const TEAM_HEADERS = [
  'Review turnaround, median',
  'Time to first review, median',
  'Cycle time, median',
  'Issue first response, median'
]

export function teamsSection(input: OrgReportInput, values: SnapshotValues[]): string[] {
  if (input.teams.length === 0)
    return input.teamsNote ? ['## Teams', '', escapeMarkdown(input.teamsNote), ''] : []
  const rows = input.teams.map((team) => {
    const m = teamFigures(team.slug, team.members, values, input.generatedAt).snapshot?.metrics
    return [
      `${nameText(team.name)} (${personText(team.slug)})`,
      formatNumber(team.members.length),
      medianText(m?.reviewTurnaround),
      medianText(m?.timeToFirstReview),
      medianText(m?.cycleTime),
      medianText(m?.issueFirstResponse)
    ]
  })
  return [
    '## Teams',
    '',
    "A team's row pools, over every repository, the values of its members: review turnaround of the reviews a member gave " +
      '(and of review requests to the team itself), time to first review and cycle time of the pull requests a member opened, ' +
      'and issue first response by a member. Counts, deployments and change failure rate belong to repositories, not people, ' +
      'so team rows have none. A person in several teams counts in each.',
    '',
    markdownTable(['Team', 'Members', ...TEAM_HEADERS], rows, [
      'left',
      'right',
      ...TEAM_HEADERS.map(() => 'right')
    ]),
    ''
  ]
}

export function peopleSection(input: OrgReportInput, values: SnapshotValues[]): string[] {
  if (input.people !== 'named' || !input.snapshot) return []
  const lines = ['## People', '']
  const byReviewer = input.snapshot.metrics.reviewTurnaround?.byReviewer ?? {}
  const reviewers = Object.entries(byReviewer).sort(
    (a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)
  )
  if (reviewers.length > 0) {
    lines.push(
      '### Reviewers',
      '',
      markdownTable(
        ['Reviewer', 'Reviews', 'Review turnaround, median', '90th percentile'],
        reviewers
          .slice(0, PEOPLE_LISTED)
          .map(([login, s]) => [
            personText(login),
            formatNumber(s.count),
            medianText(s),
            s.count > 0 ? formatDuration(s.p90) : '–'
          ]),
        ['left', 'right', 'right', 'right']
      ),
      ''
    )
    if (reviewers.length > PEOPLE_LISTED)
      lines.push(`…and ${reviewers.length - PEOPLE_LISTED} more reviewers.`, '')
  }
  const authors = authorRows(values)
  if (authors.length > 0) {
    lines.push(
      '### Authors',
      '',
      markdownTable(
        ['Author', 'Merged', 'Cycle time, median', 'Time to first review, median'],
        authors
          .slice(0, PEOPLE_LISTED)
          .map((a) => [
            personText(a.login),
            formatNumber(a.merged),
            medianText(a.cycleTime),
            medianText(a.timeToFirstReview)
          ]),
        ['left', 'right', 'right', 'right']
      ),
      ''
    )
    if (authors.length > PEOPLE_LISTED) lines.push(`…and ${authors.length - PEOPLE_LISTED} more authors.`, '')
  }
  if (lines.length === 2) lines.push('No values name a person in this period.', '')
  return lines
}
