/**
 * The organization report (src/org/report.ts) over repositories measured by the real metrics engine:
 * coverage first with every stale or failed repository named, the pooled headline and charts, one row
 * per repository, groups and teams pooled from values, per-person tables only when asked, and no
 * @-mention anywhere in what it writes.
 */
import { measureWindow } from '../../src/metrics/index.js'
import { summarize } from '../../src/metrics/stats.js'
import type { Snapshot } from '../../src/metrics/types.js'
import type { History } from '../../src/model.js'
import { resolveGroups } from '../../src/org/groups.js'
import { poolValues } from '../../src/org/pool.js'
import { renderOrgReport, type OrgReportInput } from '../../src/org/report.js'
import { teamValues } from '../../src/org/report-figures.js'
import type { OrgCoverage } from '../../src/org/rollup.js'
import { parseValues, serializeValues, type SnapshotValues } from '../../src/org/values.js'
import { formatDuration } from '../../src/report/format.js'
import { deployment, history, options, pull } from '../metrics/builders.js'

const at = (day: string, hour: number) => `2026-11-${day}T${String(hour).padStart(2, '0')}:00:00Z`

/** A pull request merged after `reviewer` reviewed it `wait` hours after the request. */
function reviewed(number: number, author: string, reviewer: string, day: string, wait: number) {
  return pull(number, {
    title: `Fix for @${author} and @octo/team`,
    author,
    createdAt: at(day, 1),
    updatedAt: at(day, 2 + wait + 1),
    firstCommitAt: at(day, 0),
    reviewRequests: [{ type: 'requested', at: at(day, 2), reviewer }],
    reviews: [{ author: reviewer, state: 'APPROVED', submittedAt: at(day, 2 + wait) }],
    mergedAt: at(day, 2 + wait + 1),
    closedAt: at(day, 2 + wait + 1),
    additions: number * 3,
    deletions: 1
  })
}

function repoA(): History {
  return history({
    repository: 'acme/a',
    pulls: [
      reviewed(1, 'alice', 'bob', '02', 1),
      reviewed(2, 'alice', 'carol', '03', 5),
      reviewed(3, 'dave', 'bob', '04', 3)
    ],
    deployments: [
      deployment('a1', { createdAt: at('03', 12) }),
      deployment('a2', { createdAt: at('05', 12), status: 'failure' })
    ]
  })
}

function repoB(): History {
  return history({
    repository: 'acme/b',
    pulls: [
      reviewed(10, 'frank', 'bob', '02', 7),
      reviewed(11, 'frank', 'dave', '05', 2),
      reviewed(12, 'gina', 'dave', '06', 11),
      reviewed(13, 'gina', 'team:core', '07', 4)
    ],
    deployments: [deployment('b1', { createdAt: at('06', 12) })]
  })
}

function measured(h: History): { snapshot: Snapshot; values: SnapshotValues } {
  const m = measureWindow(h, options())
  return { snapshot: m.snapshot, values: parseValues(serializeValues(m.values()), h.repository) }
}

const A = measured(repoA())
const B = measured(repoB())
const POOLED = poolValues([A.values, B.values], {
  name: 'acme',
  generatedAt: '2026-11-09T00:00:00Z'
}).snapshot

const COVERAGE: OrgCoverage = {
  period: '2026-W45',
  repositories: [
    { repository: 'acme/a', state: 'current', requests: 12, pooled: true },
    { repository: 'acme/b', state: 'current', requests: 9, pooled: true },
    {
      repository: 'acme/c',
      state: 'failed',
      message: 'GitHub answered 500 for @octo',
      requests: 2,
      pooled: false
    },
    {
      repository: 'acme/d',
      state: 'waiting',
      message: 'the shard’s budget did not reach it',
      requests: 0,
      pooled: false
    }
  ]
}

function input(fields: Partial<OrgReportInput> = {}): OrgReportInput {
  const repositories = ['acme/a', 'acme/b', 'acme/c', 'acme/d']
  return {
    organization: 'acme',
    period: '2026-W45',
    since: '2026-11-02T00:00:00Z',
    until: '2026-11-09T00:00:00Z',
    snapshot: POOLED,
    coverage: COVERAGE,
    repositories: [
      { repository: 'acme/a', ...A },
      { repository: 'acme/b', ...B },
      { repository: 'acme/c', snapshot: null, values: null },
      { repository: 'acme/d', snapshot: null, values: null }
    ],
    groups: resolveGroups(
      [
        { name: 'everything', patterns: ['a', 'b'] },
        { name: 'second', patterns: ['b', 'c'] },
        { name: 'ghosts', patterns: ['zzz-*'] }
      ],
      repositories
    ),
    teams: [
      { slug: 'core', name: 'Core', members: ['bob', 'gina'] },
      { slug: 'web', name: 'Web', members: ['dave'] }
    ],
    people: 'teams',
    generatedAt: '2026-11-09T01:00:00Z',
    links: { serverUrl: 'https://github.com', repository: 'acme/metrics', branch: 'repo-metrics' },
    ...fields
  }
}

/** The table row (a line starting with `| NAME`) of a Markdown text, split into cells. */
function row(markdown: string, name: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${name} |`))
  if (!line) throw new Error(`no row ${name} in:\n${markdown}`)
  return line
    .slice(2, -2)
    .split(' | ')
    .map((c) => c.trim())
}

const median = (values: number[]) => formatDuration(summarize(values).median)

describe('renderOrgReport', () => {
  let report: Awaited<ReturnType<typeof renderOrgReport>>
  beforeAll(async () => {
    report = await renderOrgReport(input())
  })

  it('starts with the coverage, naming every stale or failed repository with why', () => {
    const md = report.markdown
    expect(md.indexOf('## Coverage')).toBeGreaterThan(0)
    expect(md.indexOf('## Coverage')).toBeLessThan(md.indexOf('## Headline'))
    expect(md).toContain("4 repositories: 2 up to date, 1 stale, 1 failed; 2 in the organization's figures.")
    expect(row(md, 'acme/c')).toEqual([
      'acme/c',
      'failed',
      expect.stringContaining('GitHub answered 500'),
      'no'
    ])
    expect(row(md, 'acme/d')).toEqual(['acme/d', 'waiting', 'the shard’s budget did not reach it', 'no'])
    expect(report.coverage).toEqual({ repositories: 4, current: 2, stale: 1, failed: 1, pooled: 2 })
  })

  it('has the pooled headline: counts add, medians of all values together', () => {
    const md = report.markdown
    const merged = A.snapshot.metrics.pullRequests!.merged + B.snapshot.metrics.pullRequests!.merged
    expect(merged).toBe(7)
    expect(row(md, 'Pull requests merged')).toEqual(['Pull requests merged', '7'])
    const waits = [
      ...A.values.metrics.reviewTurnaround!.seconds,
      ...B.values.metrics.reviewTurnaround!.seconds
    ]
    expect(waits).toHaveLength(7)
    expect(row(md, 'Review turnaround, median')[1]).toBe(`${median(waits)} (n = 7)`)
    expect(row(md, 'Production deployments')[1]).toBe('2')
    expect(row(md, 'Change failure rate')[1]).toBe('33.3% (n = 3)')
  })

  it('writes the charts beside the report as SVG and shows them', () => {
    const charts = report.files.filter((f) => f.path.endsWith('.svg'))
    expect(charts.map((f) => f.path)).toEqual([
      'reports/org/2026-W45-review-turnaround.svg',
      'reports/org/2026-W45-throughput.svg',
      'reports/org/2026-W45-delivery.svg',
      'reports/org/2026-W45-backlog.svg'
    ])
    for (const chart of charts) {
      expect(chart.content).toMatch(/^<\?xml [^\n]*\?>\n<svg [^]*<\/svg>\n$/)
      expect(report.markdown).toContain(`](${chart.path.slice('reports/org/'.length)})`)
    }
    expect(report.reportPath).toBe('reports/org/2026-W45.md')
    expect(report.files.find((f) => f.path === report.reportPath)?.content).toBe(report.markdown)
  })

  it('has one row per repository with its own figures and a link to its folder', () => {
    const md = report.markdown.slice(report.markdown.indexOf('## Repositories'))
    const a = row(md, 'acme/a')
    expect(a[1]).toBe('up to date')
    expect(a[2]).toBe('3')
    expect(a[3]).toBe(`${median(A.values.metrics.reviewTurnaround!.seconds)} (n = 3)`)
    expect(a[6]).toBe('1')
    expect(a[7]).toBe('50% (1 of 2)')
    expect(a[8]).toBe('[folder](../../repos/acme/a/)')
    const c = row(md, 'acme/c')
    expect(c.slice(1, 8)).toEqual(['failed', '–', '–', '–', '–', '–', '–'])
  })

  it('pools each group from its repositories, naming those without figures and groups matching none', () => {
    const md = report.markdown.slice(report.markdown.indexOf('## Groups'))
    const everything = row(md, 'everything')
    const headline = report.markdown.slice(report.markdown.indexOf('## Repositories'))
    expect(everything[1]).toBe('2 of 2')
    expect(everything[2]).toBe('7')
    const waits = [
      ...A.values.metrics.reviewTurnaround!.seconds,
      ...B.values.metrics.reviewTurnaround!.seconds
    ]
    expect(everything[3]).toBe(`${median(waits)} (n = 7)`)
    // b alone: the same figures as b's own row
    expect(row(md, 'second').slice(2)).toEqual(row(headline, 'acme/b').slice(2, 8))
    expect(row(md, 'second')[1]).toBe('1 of 2')
    expect(md).toContain('- second: without figures for the period, left out: acme/c.')
    expect(row(md, 'ghosts')[1]).toBe('0 of 0')
    expect(md).toContain(
      "- ghosts: matches none of the report's repositories \\(zzz-\\*\\); check the names in the groups file."
    )
  })

  it('pools each team from the values of its members, and says what a team row covers', () => {
    const md = report.markdown.slice(report.markdown.indexOf('## Teams'))
    expect(md).toContain("A team's row pools, over every repository, the values of its members")
    expect(md).toContain('Counts, deployments and change failure rate belong to repositories')
    const core = row(md, 'Core (`core`)')
    // reviews by bob (a: 1 h, 3 h; b: 7 h) and the request to team:core (4 h)
    const coreWaits = [1, 3, 7, 4].map((h) => h * 3600)
    expect(core[1]).toBe('2')
    expect(core[2]).toBe(`${median(coreWaits)} (n = 4)`)
    // pull requests opened by gina (b #12, #13)
    const gina = B.values.metrics.timeToFirstReview!.seconds.filter(
      (_, i) => B.values.metrics.timeToFirstReview!.who![i] === 'gina'
    )
    expect(gina).toHaveLength(2)
    expect(core[3]).toBe(`${median(gina)} (n = 2)`)
    const web = row(md, 'Web (`web`)')
    expect(web[2]).toBe(`${median([2, 11].map((h) => h * 3600))} (n = 2)`)
    // the same figures whichever repository's values: a repository's values reduced hold only members
    const reduced = teamValues(A.values, 'web', new Set(['dave']))
    expect(reduced.metrics.reviewTurnaround!.who).toEqual([])
    expect(reduced.metrics.cycleTime!.who).toEqual(['dave'])
    expect(reduced.metrics.pullRequests).toBeUndefined()
  })

  it('has no per-person rows with people: teams, and per-person tables with people: named', async () => {
    expect(report.markdown).not.toContain('## People')
    expect(report.markdown).not.toMatch(/`alice`|`frank`/)
    const named = await renderOrgReport(input({ people: 'named' }))
    const md = named.markdown.slice(named.markdown.indexOf('## People'))
    expect(row(md, '`bob`').slice(0, 3)).toEqual([
      '`bob`',
      '3',
      `${median([1, 3, 7].map((h) => h * 3600))} (n = 3)`
    ])
    expect(row(md, '`team:core`')[1]).toBe('1')
    expect(row(md, '`frank`')[1]).toBe('2')
    expect(row(md, '`alice`')[1]).toBe('2')
  })

  it('never @-mentions anyone, in any text it writes', async () => {
    const named = await renderOrgReport(
      input({ people: 'named', organization: 'acme', teamsNote: 'ask @admin', teams: [] })
    )
    const texts = [
      ...named.files.map((f) => f.content),
      named.issueBody,
      named.summary,
      ...named.repositoryIssues.map((r) => r.body),
      ...report.files.map((f) => f.content),
      report.issueBody
    ]
    for (const text of texts) expect(text).not.toMatch(/@[A-Za-z0-9]/)
    expect(named.markdown).toContain('ask @&#8203;admin')
    expect(named.markdown).toContain('GitHub answered 500 for @&#8203;octo')
  })

  it('gives the central issue a short body: coverage, headline, link to the report', () => {
    const body = report.issueBody
    expect(body).toContain(
      '[reports/org/2026-W45.md](https://github.com/acme/metrics/blob/repo-metrics/reports/org/2026-W45.md)'
    )
    expect(body).toContain(
      "**Coverage:** 4 repositories: 2 up to date, 1 stale, 1 failed; 2 in the organization's figures."
    )
    expect(body).toContain('Not up to date: acme/c (failed), acme/d (waiting).')
    expect(row(body, 'Pull requests merged')).toEqual(['Pull requests merged', '7'])
    expect(body).not.toContain('## Repositories')
    expect(body.length).toBeLessThan(report.markdown.length / 2)
    expect(report.summary).toContain('## Engineering metrics: acme (organization), 2026-W45')
    expect(report.reportUrl).toBe('https://github.com/acme/metrics/blob/repo-metrics/reports/org/2026-W45.md')
  })

  it('gives each up-to-date repository its own short body from its snapshot', () => {
    expect(report.repositoryIssues.map((r) => r.repository)).toEqual(['acme/a', 'acme/b'])
    const a = report.repositoryIssues[0].body
    expect(row(a, 'Pull requests merged')).toEqual(['Pull requests merged', '3'])
    expect(a).toContain('[repos/acme/a/](https://github.com/acme/metrics/tree/repo-metrics/repos/acme/a/)')
  })

  it('keeps an index of the periods, one line each, newest first', async () => {
    const index = report.files.find((f) => f.path === 'reports/org/README.md')!.content
    expect(index).toContain(
      '- [2026-W45](2026-W45.md) · 2026-11-02 to 2026-11-08 · 2 of 4 repositories up to date · 7 merged'
    )
    const next = await renderOrgReport(
      input({
        period: '2026-W46',
        since: '2026-11-09T00:00:00Z',
        until: '2026-11-16T00:00:00Z',
        snapshot: null,
        existingIndex: `My notes.\n${index.slice(index.indexOf('\n<!--'))}`
      })
    )
    const updated = next.files.find((f) => f.path === 'reports/org/README.md')!.content
    expect(updated.startsWith('My notes.\n')).toBe(true)
    const lines = updated.split('\n').filter((l) => l.startsWith('- ['))
    expect(lines).toEqual([
      '- [2026-W46](2026-W46.md) · 2026-11-09 to 2026-11-15 · 2 of 4 repositories up to date',
      '- [2026-W45](2026-W45.md) · 2026-11-02 to 2026-11-08 · 2 of 4 repositories up to date · 7 merged'
    ])
    expect(next.markdown).toContain('No repository has figures for this period yet')
    expect(next.files.filter((f) => f.path.endsWith('.svg'))).toEqual([])
    // re-rendering a period replaces its line
    const again = await renderOrgReport(input({ existingIndex: updated }))
    const lines2 = again.files.find((f) => f.path === 'reports/org/README.md')!.content.split('\n')
    expect(lines2.filter((l) => l.startsWith('- [2026-W45]'))).toHaveLength(1)
  })

  it('writes under reportsPath and refuses a period that cannot name a file', async () => {
    const elsewhere = await renderOrgReport(input({ reportsPath: 'docs/metrics/' }))
    expect(elsewhere.reportPath).toBe('docs/metrics/org/2026-W45.md')
    expect(elsewhere.files.every((f) => f.path.startsWith('docs/metrics/org/'))).toBe(true)
    await expect(renderOrgReport(input({ period: '../x' }))).rejects.toThrow(/cannot name a report folder/)
  })
})
