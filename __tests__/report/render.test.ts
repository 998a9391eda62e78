import { readFileSync } from 'node:fs'
import type { Snapshot } from '../../src/metrics/types.js'
import { dryRunSummary, renderReport, TemplateError, type RenderReportInput } from '../../src/report/index.js'

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Snapshot
const snapshot = load('snapshot.json')
const previous = load('previous.json')

const base: RenderReportInput = {
  snapshot,
  previous,
  repository: 'octo-org/widgets',
  serverUrl: 'https://github.com',
  reportsBranch: 'repo-metrics',
  reportsPath: 'reports',
  mentionReviewers: false,
  template: null,
  issueTemplate: null,
  existingIndex: null
}

const file = (r: Awaited<ReturnType<typeof renderReport>>, path: string) => {
  const f = r.files.find((x) => x.path === path)
  if (!f) throw new Error(`no ${path} in ${r.files.map((x) => x.path).join(', ')}`)
  return f.content
}

describe('renderReport with the fixture snapshot', () => {
  let rendered: Awaited<ReturnType<typeof renderReport>>
  beforeAll(async () => {
    rendered = await renderReport(base)
  })

  it('returns the report, its charts, the index and the snapshot', () => {
    expect(rendered.files.map((f) => `${f.target}:${f.path}`).sort()).toEqual(
      [
        'reports:reports/2026-11-23/README.md',
        'reports:reports/2026-11-23/delivery.svg',
        'reports:reports/2026-11-23/review-turnaround.svg',
        'reports:reports/2026-11-23/throughput.svg',
        'reports:reports/2026-11-23/time-to-first-review.svg',
        'reports:reports/README.md',
        'data:snapshots/2026-11-23.json'
      ].sort()
    )
    expect(rendered.reportPath).toBe('reports/2026-11-23/README.md')
    expect(rendered.reportUrl).toBe(
      'https://github.com/octo-org/widgets/blob/repo-metrics/reports/2026-11-23/README.md'
    )
    expect(JSON.parse(file(rendered, 'snapshots/2026-11-23.json'))).toEqual(snapshot)
  })

  it('renders the report Markdown (snapshot)', () => {
    expect(file(rendered, 'reports/2026-11-23/README.md')).toMatchSnapshot()
  })

  it('references every chart by a relative link that exists beside the report', () => {
    const md = file(rendered, 'reports/2026-11-23/README.md')
    const links = [...md.matchAll(/\(([^)\s]+\.svg)\)/g)].map((x) => x[1])
    expect(links).toEqual([
      'review-turnaround.svg',
      'time-to-first-review.svg',
      'throughput.svg',
      'delivery.svg'
    ])
    for (const link of links) {
      const svg = file(rendered, `reports/2026-11-23/${link}`)
      expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg[\s>]/)
      expect(svg).not.toMatch(/<script/i)
    }
  })

  it('escapes titles and never mentions anyone', () => {
    const md = file(rendered, 'reports/2026-11-23/README.md')
    expect(md).toContain('Rework \\`Config\\` parsing \\| add \\*strict\\* mode for @&#8203;maintainers')
    expect(md).toContain('Docs: \\[draft\\] \\<details\\> for \\#45')
    for (const text of [md, rendered.issueBody, rendered.summary])
      expect(text).not.toMatch(/(^|[^\w])@[A-Za-z0-9]/)
  })

  it('renders the issue body (snapshot) linking the report', () => {
    expect(rendered.issueBody).toContain('reports/2026-11-23/README.md')
    expect(rendered.issueBody).toContain(rendered.reportUrl)
    expect(rendered.issueBody).toMatchSnapshot()
  })

  it('summarises the headline numbers with changes for the job summary', () => {
    expect(rendered.summary).toContain(
      '| Review turnaround, median | 5 h (n = 17) | 7 h (n = 17) | ↓ 29%, better |'
    )
    expect(rendered.summary).toContain(
      '| Change failure rate | 22.2% (n = 9) | 50% (n = 6) | ↓ 27.8 pp, better |'
    )
    expect(rendered.summary).toContain(
      '| Time to first review, median | 6 h 30 min (n = 10) | 3 h (n = 10) | ↑ 117%, worse |'
    )
    expect(rendered.summary).toContain(rendered.reportUrl)
  })

  it('gives metrics-json: headline figures and turnaround per bucket', () => {
    const json = JSON.parse(rendered.metricsJson)
    expect(json.period).toBe('2026-11-23')
    expect(json.headline.reviewTurnaroundMedianSeconds).toBe(18000)
    expect(json.headline.pullRequestsMerged).toBe(14)
    expect(json.headline.changeFailureRate).toBeCloseTo(2 / 9)
    expect(json.reviewTurnaround['2026-09-28T00:00:00+02:00']).toBe(11520)
    expect(json.reviewTurnaround['2026-10-12T00:00:00+02:00']).toBeNull()
    expect(Object.keys(json.reviewTurnaround)).toHaveLength(8)
  })

  it('is deterministic, so a warm re-run writes the same bytes (no commit)', async () => {
    const again = await renderReport(base)
    expect(again.files).toEqual(rendered.files)
    expect(again.issueBody).toBe(rendered.issueBody)
  })

  it('updates the index idempotently', async () => {
    const index = file(rendered, 'reports/README.md')
    expect(index).toContain('[2026-11-23](2026-11-23/README.md)')
    const again = await renderReport({ ...base, existingIndex: index })
    expect(file(again, 'reports/README.md')).toBe(index)
  })
})

describe('renderReport options and edge cases', () => {
  it('uses reportsPath and the GHES server URL', async () => {
    const r = await renderReport({
      ...base,
      reportsPath: 'docs/metrics/',
      serverUrl: 'https://ghe.example.com/',
      reportsBranch: 'gh-pages'
    })
    expect(r.reportPath).toBe('docs/metrics/2026-11-23/README.md')
    expect(r.reportUrl).toBe(
      'https://ghe.example.com/octo-org/widgets/blob/gh-pages/docs/metrics/2026-11-23/README.md'
    )
    expect(r.files.some((f) => f.path === 'docs/metrics/README.md')).toBe(true)
    expect(r.files.some((f) => f.path === 'snapshots/2026-11-23.json')).toBe(true)
  })

  it('says "partial data" and lists data problems', async () => {
    const r = await renderReport({
      ...base,
      previous: null,
      snapshot: {
        ...snapshot,
        complete: false,
        dataProblems: [{ kind: 'ingest', message: 'record 3 refused: `sha` missing | see [docs]' }]
      }
    })
    const md = r.files.find((f) => f.path.endsWith('2026-11-23/README.md'))!.content
    expect(md).toContain('**Partial data.**')
    expect(md).toContain('## Data problems')
    expect(md).toContain('record 3 refused: \\`sha\\` missing \\| see \\[docs\\]')
    expect(r.issueBody).toContain('Partial data')
    expect(r.summary).toContain('Partial data')
    expect(r.files.find((f) => f.path === 'reports/README.md')!.content).toContain('partial data')
    // Without a previous snapshot the headline has no change columns.
    expect(md).toContain('| Metric | This period |\n')
  })

  it('renders only the selected metrics, with a no-data chart for an empty one', async () => {
    const empty = { count: 0, buckets: [{ start: '2026-11-16T00:00:00+01:00', count: 0 }] }
    const r = await renderReport({
      ...base,
      previous: null,
      snapshot: {
        ...snapshot,
        details: undefined,
        metrics: {
          reviewTurnaround: { ...empty, byReviewer: {}, pending: { count: 0, oldestAgeSeconds: null } }
        }
      }
    })
    expect(r.files.map((f) => f.path).filter((p) => p.endsWith('.svg'))).toEqual([
      'reports/2026-11-23/review-turnaround.svg'
    ])
    const md = r.files.find((f) => f.path.endsWith('2026-11-23/README.md'))!.content
    expect(md).not.toContain('## Pull requests')
    expect(md).not.toContain('## Delivery')
    expect(md).toContain('No review request was answered in this period.')
    expect(r.files.find((f) => f.path.endsWith('.svg'))!.content).toContain('No data in this period')
    expect(JSON.parse(r.metricsJson).headline).toEqual({
      reviewTurnaroundMedianSeconds: null,
      reviewTurnaroundP90Seconds: null,
      reviews: 0,
      pendingReviews: 0
    })
  })

  it('mentions reviewers only when asked', async () => {
    const r = await renderReport({ ...base, mentionReviewers: true })
    const md = r.files.find((f) => f.path.endsWith('2026-11-23/README.md'))!.content
    expect(md).toContain('| @alice | 7 |')
    expect(md).toContain('renovate\\[bot\\]')
    expect(md).not.toContain('@renovate')
    // Titles stay neutralised even then.
    expect(md).toContain('@&#8203;maintainers')
  })

  it('renders user templates and names them in errors', async () => {
    const r = await renderReport({
      ...base,
      template: {
        name: '.github/metrics.md.hbs',
        text: '# {{repository}} {{period}}\n\n{{duration metrics.reviewTurnaround.median}}\n![c]({{charts.throughput.file}})\n'
      },
      issueTemplate: { name: '.github/issue.md.hbs', text: 'See {{reportUrl}}' }
    })
    expect(r.files.find((f) => f.path.endsWith('2026-11-23/README.md'))!.content).toBe(
      '# octo-org/widgets 2026-11-23\n\n5 h\n![c](throughput.svg)\n'
    )
    expect(r.issueBody).toBe(`See ${r.reportUrl}\n`)
    await expect(
      renderReport({ ...base, template: { name: '.github/metrics.md.hbs', text: 'ok\n{{#each x}}\n' } })
    ).rejects.toThrow(TemplateError)
    await expect(
      renderReport({ ...base, issueTemplate: { name: '.github/issue.md.hbs', text: '\n\n{{percnt 1}}' } })
    ).rejects.toThrow(/\.github\/issue\.md\.hbs line 3: unknown helper "percnt"/)
  })

  it('keeps the issue body under the limit with the report link', async () => {
    const long = 'x'.repeat(200)
    const r = await renderReport({
      ...base,
      issueTemplate: { name: 'big.hbs', text: `{{reportUrl}}\n${`${long}\n`.repeat(1000)}` }
    })
    expect(r.issueBody.length).toBeLessThan(65536)
    expect(r.issueBody).toContain('shortened')
    expect(r.issueBody.match(/reports\/2026-11-23\/README\.md/g)!.length).toBeGreaterThanOrEqual(2)
  })

  it('names the repository it was given even when the snapshot leaves it empty', async () => {
    const r = await renderReport({ ...base, snapshot: { ...snapshot, repository: '' } })
    expect(r.reportMarkdown.split('\n')[0]).toBe('# Engineering metrics: octo-org/widgets, 2026-11-23')
    expect(JSON.parse(r.metricsJson).repository).toBe('octo-org/widgets')
  })

  it('refuses a period that cannot name a folder', async () => {
    await expect(renderReport({ ...base, snapshot: { ...snapshot, period: '../x' } })).rejects.toThrow(
      /period/
    )
  })

  it('shows everything in a dry-run summary', async () => {
    const r = await renderReport(base)
    const s = dryRunSummary(r, {
      repository: 'octo-org/widgets',
      title: 'Engineering metrics 2026-11-23',
      label: 'metrics'
    })
    expect(s).toContain('Dry run: nothing was written')
    expect(s).toContain('`reports/2026-11-23/README.md`')
    expect(s).toContain('## Review turnaround')
    expect(s).toContain('metrics-json')
  })
})
