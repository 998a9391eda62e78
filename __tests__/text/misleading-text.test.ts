/**
 * Class: text that misleads the reader (issue 15). NUL and the other control characters, bidi embeddings,
 * overrides and isolates, and code points XML refuses, taken from titles and logins, must not reach
 * the report, the issue or an SVG. Checked over generated strings: through the Markdown escaping every
 * template value passes (escapeMarkdown), through the rendered report and issue body, and through the
 * issue sent to GitHub.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import type { Snapshot } from '../../src/metrics/types.js'
import { notify, type IssueApi } from '../../src/notify/index.js'
import { escapeMarkdown } from '../../src/report/format.js'
import { renderReport } from '../../src/report/index.js'
import { generateStrings, MISLEADING_CHARACTERS, ORDINARY_PIECES } from './generate.js'
import { misleads, visible } from './misleading.js'

const STRINGS = generateStrings(
  2025,
  400,
  [...MISLEADING_CHARACTERS, ...ORDINARY_PIECES, '\n', '\r', '\t'],
  14
)

describe('the generated strings', () => {
  it('hold the misleading classes (so the checks below can fail)', () => {
    expect(STRINGS.filter(misleads).length).toBeGreaterThan(300)
    for (const c of MISLEADING_CHARACTERS) expect(STRINGS.some((s) => s.includes(c))).toBe(true)
  })
})

const snapshot = JSON.parse(
  readFileSync(new URL('../report/fixtures/snapshot.json', import.meta.url), 'utf8')
) as Snapshot

/** The fixture snapshot with hostile titles and logins in its details and per-reviewer figures. */
function hostileSnapshot(texts: string[]): Snapshot {
  const copy = structuredClone(snapshot)
  const details = copy.details!
  details.pendingReviews = details.pendingReviews.map((p, i) => ({ ...p, title: texts[i] }))
  details.slowestMerges = details.slowestMerges.map((p, i) => ({
    ...p,
    title: texts[i + 2],
    author: texts[i + 5]
  }))
  const byReviewer = copy.metrics.reviewTurnaround!.byReviewer
  const [first] = Object.keys(byReviewer)
  byReviewer[texts[8]] = byReviewer[first]
  copy.dataProblems = [{ kind: 'deployments', message: texts[9] }]
  return copy
}

describe('Markdown escaping', () => {
  it('escapeMarkdown, the escaping of every template value, leaves one clean line', () => {
    for (const text of STRINGS) {
      const md = escapeMarkdown(text)
      expect(misleads(md) || /[\r\n\u2028\u2029]/.test(md)).toBe(false)
      expect(visible(md)).toBe(visible(text))
    }
  })
})

describe('the report and the issue body', () => {
  it('carry no misleading character from titles, logins or data problems', async () => {
    for (let i = 0; i + 10 <= 60; i += 10) {
      const texts = STRINGS.filter(misleads).slice(i, i + 10)
      const rendered = await renderReport({
        snapshot: hostileSnapshot(texts),
        previous: null,
        repository: 'octo-org/widgets',
        serverUrl: 'https://github.com',
        reportsBranch: 'repo-metrics',
        reportsPath: 'reports',
        mentionReviewers: false,
        template: null,
        issueTemplate: null,
        existingIndex: null
      })
      const readme = rendered.files.find((f) => f.path.endsWith('/README.md') && f.path.includes('/2026'))
      expect(readme).toBeDefined()
      // what people read: the report, its charts (SVG), the index and the issue body (the snapshot
      // is data: it keeps the values as received, JSON-encoded)
      const read = rendered.files.filter((f) => !f.path.endsWith('.json')).map((f) => f.content)
      expect(read.length).toBeGreaterThan(3)
      for (const text of [...read, rendered.issueBody]) {
        expect(misleads(text)).toBe(false)
      }
      // the titles are still there for the reader, letters in order
      expect(readme!.content.replace(/\\/g, '')).toContain(visible(texts[2]).slice(0, 3))
    }
  })
})

describe('the issue sent to GitHub', () => {
  it('has a clean title and body whatever the template and the values put in', async () => {
    const sent: Array<Record<string, unknown>> = []
    const octokit: IssueApi = {
      async request(route, params = {}) {
        sent.push({ route, ...params })
        if (route.startsWith('GET /repos/{owner}/{repo}/issues')) return { status: 200, data: [] }
        if (route.startsWith('GET /repos/{owner}/{repo}/labels')) return { status: 200, data: {} }
        return { status: 201, data: { number: 1, html_url: 'https://github.com/o/r/issues/1' } }
      }
    }
    const log = { info: () => {}, debug: () => {}, warning: () => {} }
    for (const text of STRINGS.filter(misleads).slice(0, 50)) {
      sent.length = 0
      await notify({
        octokit,
        owner: 'o',
        repo: 'r',
        label: 'metrics-report',
        title: `Metrics {period} ${text}`,
        body: `# Report\n\n${text}\n`,
        period: '2026-11',
        marker: 'repo-metrics-report:o/r:2026-11',
        assignees: [],
        closePrevious: false,
        log
      })
      const created = sent.find((r) => r.route === 'POST /repos/{owner}/{repo}/issues')!
      expect(misleads(created.title as string) || /\n/.test(created.title as string)).toBe(false)
      expect(misleads(created.body as string)).toBe(false)
    }
  })
})
