/**
 * Class: accepted inputs that crash later (issue 15). A window with more buckets than a chart can
 * draw, and a label GitHub splits on commas, are refused with the other inputs, all at once, before
 * any request. Generated over windows × buckets (the count compared with the buckets the report
 * really makes) and over label texts.
 */
import { describe, expect, it } from '@jest/globals'
import { parseWindow, resolveWindow } from '../../src/period.js'
import { computeSnapshot } from '../../src/metrics/index.js'
import { makeBuckets } from '../../src/metrics/stats.js'
import { METRIC_NAMES } from '../../src/metrics/types.js'
import { notify, type IssueApi } from '../../src/notify/index.js'
import { renderReport } from '../../src/report/index.js'
import { parseSettings, type ParseSettingsResult } from '../../src/settings.js'
import type { Bucket } from '../../src/settings-types.js'
import { generateStrings, seededRandom } from '../text/generate.js'

const ENV = { GITHUB_REPOSITORY: 'octo-org/octo-repo' }
/** The README's limit: at most 800 buckets per chart (src/settings/checks.ts MAX_BUCKETS). */
const MAX_BUCKETS = 800
const parse = (inputs: Record<string, string>): ParseSettingsResult => {
  const all: Record<string, string> = { token: 'ghs_example', ...inputs }
  return parseSettings((name) => all[name] ?? '', ENV)
}

/** The buckets the report makes for a window (src/metrics/stats.ts), the window resolved as it runs. */
function reportBuckets(inputs: Record<string, string>, now: Date): number {
  const spec = parseWindow(inputs.window ?? '90d')
  if (!spec.ok) throw new Error(spec.message)
  const window = resolveWindow({
    window: spec.value,
    since: inputs.since ?? null,
    until: inputs.until ?? null,
    timezone: inputs.timezone,
    now
  })
  const bucket = inputs.bucket as Bucket
  return makeBuckets(Date.parse(window.since), Date.parse(window.until), bucket, inputs.timezone).starts
    .length
}

describe('window × bucket', () => {
  const BUCKETS: Bucket[] = ['day', 'week', 'month']
  const ZONES = ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kathmandu']

  it('refuses exactly the windows that make more buckets than a chart can show', () => {
    const random = seededRandom(1100)
    let refused = 0
    for (let i = 0; i < 90; i++) {
      const bucket = BUCKETS[i % 3]
      const timezone = ZONES[Math.floor(random() * ZONES.length)]
      const unitDays = bucket === 'day' ? 1 : bucket === 'week' ? 7 : 30.4
      // spans around the limit and a little past it
      const factor = [0.3, 0.99, 1, 1.002, 1.01, 1.3][Math.floor(random() * 6)]
      const days = Math.max(1, Math.round(MAX_BUCKETS * unitDays * factor + (random() - 0.5) * 4 * unitDays))
      const until = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 86400e3 * 365))
      const explicit = random() < 0.5 || days > 3660
      const inputs: Record<string, string> = explicit
        ? {
            bucket,
            timezone,
            since: new Date(until.getTime() - days * 86400e3).toISOString(),
            until: until.toISOString()
          }
        : { bucket, timezone, window: `${days}d`, until: until.toISOString() }
      const result = parse(inputs)
      const made = reportBuckets(inputs, until)
      if (made <= MAX_BUCKETS) {
        expect({ inputs, made, ok: result.ok }).toEqual({ inputs, made, ok: true })
        continue
      }
      refused++
      expect({ inputs, made, ok: result.ok }).toEqual({ inputs, made, ok: false })
      if (result.ok) continue
      expect(result.problems).toHaveLength(1)
      const [problem] = result.problems
      expect(problem.input).toBe(explicit ? 'since' : 'window')
      expect(problem.message).toContain(`makes ${made} ${bucket} buckets, more than the ${MAX_BUCKETS}`)
    }
    expect(refused).toBeGreaterThan(20)
  })

  it('refuses windows of centuries for every bucket, without making their buckets', () => {
    const random = seededRandom(3)
    for (let i = 0; i < 60; i++) {
      const start = 1 + Math.floor(random() * 1800)
      const since = `${String(start).padStart(4, '0')}-01-01`
      const until = `${2000 + Math.floor(random() * 7000)}-06-30`
      for (const bucket of BUCKETS) {
        const started = Date.now()
        const p = parse({ since, until, bucket })
        expect(Date.now() - started).toBeLessThan(1000)
        expect({ since, until, bucket, ok: p.ok }).toEqual({ since, until, bucket, ok: false })
      }
    }
  })

  it('a window ending now (no until) is counted to now', () => {
    const p = parse({ since: '1700-01-01', bucket: 'month' })
    expect(p.ok).toBe(false)
    if (!p.ok) expect(p.problems[0].message).toMatch(/together with until \('now'\) makes \d+ month buckets/)
    expect(parse({ window: '799d', bucket: 'day' }).ok).toBe(true)
    expect(parse({ window: '800d', bucket: 'day' }).ok).toBe(false)
    expect(parse({ window: '3660d', bucket: 'week' }).ok).toBe(true)
  })

  it('reports the bucket problem together with every other bad input', () => {
    const p = parse({ window: '1100d', bucket: 'day', 'issue-label': 'a,b', 'dry-run': 'maybe' })
    expect(p.ok).toBe(false)
    if (!p.ok) expect(p.problems.map((x) => x.input).sort()).toEqual(['dry-run', 'issue-label', 'window'])
  })

  it(`renders a report at the limit (${MAX_BUCKETS} day buckets) in reasonable time`, async () => {
    const settings = parse({ window: `${MAX_BUCKETS - 1}d`, bucket: 'day', until: '2026-01-01T12:00:00Z' })
    if (!settings.ok) throw new Error(settings.problems[0].message)
    const s = settings.settings
    const window = resolveWindow({ ...s, now: new Date('2026-01-01T12:00:00Z') })
    const createdAt = (i: number) =>
      new Date(Date.parse(window.since) + i * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z')
    const pulls = Array.from({ length: MAX_BUCKETS - 1 }, (_, i) => ({
      number: i + 1,
      title: `Change ${i}`,
      author: 'alice',
      createdAt: createdAt(i),
      updatedAt: createdAt(i),
      closedAt: createdAt(i),
      mergedAt: createdAt(i),
      isDraft: false,
      draftEvents: [],
      firstCommitAt: createdAt(i),
      mergeCommitSha: null,
      baseRef: 'main',
      labels: [],
      additions: 1,
      deletions: 1,
      reviewRequests: [{ type: 'requested' as const, at: createdAt(i), reviewer: 'bob' }],
      reviews: [{ author: 'bob', state: 'APPROVED' as const, submittedAt: createdAt(i) }],
      comments: []
    }))
    const snapshot = computeSnapshot(
      {
        repository: 'o/r',
        defaultBranch: 'main',
        pulls,
        issues: [],
        commits: [],
        deployments: [],
        incidents: [],
        teams: null
      },
      {
        since: window.since,
        until: window.until,
        period: window.period,
        bucket: 'day',
        timezone: 'UTC',
        metrics: METRIC_NAMES,
        ignoreUsers: [],
        includeBots: false,
        deploymentEnvironment: 'production',
        deploymentSource: 'auto',
        workingHours: null,
        generatedAt: window.until,
        complete: true
      }
    )
    expect(snapshot.metrics.pullRequests?.buckets).toHaveLength(MAX_BUCKETS)
    const rendered = await renderReport({
      snapshot,
      previous: null,
      repository: 'o/r',
      serverUrl: 'https://github.com',
      reportsBranch: 'repo-metrics',
      reportsPath: 'reports',
      mentionReviewers: false,
      template: null,
      issueTemplate: null,
      existingIndex: null
    })
    // Every chart the report links was rendered (how long it takes is the bench's business; the
    // test's own time limit only catches a render that never ends).
    const report = rendered.files.find((f) => f.path === rendered.reportPath)
    const linked = [...(report?.content ?? '').matchAll(/\(([^)\s]+\.svg)\)/g)].map((m) => m[1])
    expect(linked.length).toBeGreaterThanOrEqual(4)
    const svgs = new Map(rendered.files.map((f) => [f.path.split('/').pop(), f.content]))
    for (const name of linked) expect(svgs.get(name.split('/').pop())).toContain('</svg>')
  }, 90_000)
})

describe('labels', () => {
  const BAD_PIECES = [',', ', ', '\n', '\t', '\u0000', '\u001b', '\u202e', '\u2066', '\u0085']
  const GOOD_PIECES = ['metrics', ' ', 'report', ':', '-', '_', '🚀', 'é', '/', '.', '2026']

  it('refuses any label text GitHub would split or that hides characters, for both label inputs', () => {
    const labels = generateStrings(5, 300, [...GOOD_PIECES, ...BAD_PIECES], 6)
      .map((s) => s.trim())
      .filter((s) => s !== '' && BAD_PIECES.some((p) => s.includes(p.trim() || p)))
    expect(labels.length).toBeGreaterThan(100)
    for (const name of ['issue-label', 'incident-label']) {
      for (const text of labels) {
        const p = parse({ [name]: text })
        expect({ text, ok: p.ok }).toEqual({ text, ok: false })
        if (!p.ok) expect(p.problems.map((x) => x.input)).toEqual([name])
      }
    }
  })

  it('accepts ordinary label names up to 50 characters', () => {
    for (const text of generateStrings(6, 200, GOOD_PIECES, 5)) {
      const label = text.trim().slice(0, 50).trim()
      if (!label) continue
      expect({ label, ok: parse({ 'issue-label': label, 'incident-label': label }).ok }).toEqual({
        label,
        ok: true
      })
    }
    expect(parse({ 'issue-label': 'l'.repeat(51) }).ok).toBe(false)
  })

  it('notify refuses a label with a comma before any request', async () => {
    let requests = 0
    const octokit: IssueApi = {
      async request() {
        requests++
        return { status: 200, data: [] }
      }
    }
    const log = { info: () => {}, debug: () => {}, warning: () => {} }
    const options = {
      octokit,
      owner: 'o',
      repo: 'r',
      title: 'Metrics {period}',
      body: 'report',
      period: '2026-11',
      marker: 'repo-metrics-report:o/r:2026-11',
      assignees: [],
      closePrevious: false,
      log
    }
    await expect(notify({ ...options, label: 'metrics, weekly' })).rejects.toThrow(/contains a comma/)
    expect(requests).toBe(0)
  })
})

describe('the documented limit', () => {
  it('is the one the settings check', async () => {
    const checks = await import('../../src/settings/checks.js')
    expect((checks as { MAX_BUCKETS?: number }).MAX_BUCKETS).toBe(MAX_BUCKETS)
  })
})
