/**
 * The main job end to end: dist/index.js against the emulator seeded with a real repository's
 * history (ietf-tls-esni; generated history when ../shared/datasets is absent).
 */
import { readFileSync } from 'node:fs'
import { SNAPSHOT_SCHEMA_VERSION } from '../../src/metrics/types.js'
import { newestReviewEvent } from '../../tools/demo/payloads.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import {
  api,
  distExists,
  hasDatasets,
  resetStats,
  run,
  seedFor,
  startWith,
  stats,
  TOKEN,
  type Emulator
} from './helpers.js'

const maybe = distExists ? describe : describe.skip
if (!hasDatasets) console.warn('../shared/datasets is absent: the end-to-end flow runs on generated history')

interface IssueRest {
  number: number
  title: string
  body: string | null
  state: string
  labels: Array<{ name: string }>
}

async function readBranchFile(
  url: string,
  repo: string,
  branch: string,
  path: string
): Promise<string | null> {
  const response = await fetch(`${url}/repos/${repo}/contents/${path}?ref=${branch}`, {
    headers: { authorization: `token ${TOKEN}` }
  })
  if (response.status === 404) return null
  const body = (await response.json()) as { content: string }
  return Buffer.from(body.content, 'base64').toString('utf8')
}

maybe('report flow on the emulator', () => {
  let seed: SeedRepository
  let emulator: Emulator
  let repo: string
  let coldMetrics: unknown

  beforeAll(async () => {
    seed = await seedFor(hasDatasets ? 'esni' : 'generated')
    emulator = await startWith(seed)
    repo = `${seed.owner}/${seed.name}`
  })
  afterAll(async () => {
    await emulator?.stop()
  })

  it('cold run: syncs, commits the report and snapshot, opens one labelled issue, within 60 requests', async () => {
    await resetStats(emulator.url)
    const cold = await run(emulator, seed, 'schedule', {}, {})
    // The runner consumes `::add-mask::` itself; everything else must never show the token.
    const visible = (cold.stdout + cold.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'))
    expect(visible.join('\n')).not.toContain(TOKEN)
    expect(cold.exitCode).toBe(0)
    const used = await stats(emulator.url)
    expect(used.requests.total).toBeLessThanOrEqual(60)
    expect(cold.outputs['api-requests']).toBe(String(used.requests.total))
    expect(cold.outputs['sync-complete']).toBe('true')

    const reportPath = cold.outputs['report-path']
    expect(reportPath).toMatch(/^reports\/[^/]+\/README\.md$/)
    const report = await readBranchFile(emulator.url, repo, 'repo-metrics', reportPath)
    expect(report).not.toBeNull()
    const charts = [...(report as string).matchAll(/\(([^)\s]+\.svg)\)/g)].map((m) => m[1])
    expect(charts.length).toBeGreaterThan(0)
    const folder = reportPath.replace(/README\.md$/, '')
    const svg = await readBranchFile(emulator.url, repo, 'repo-metrics', folder + charts[0])
    expect(svg).toMatch(/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/)
    expect(svg).not.toMatch(/<script/i)

    const snapshot = JSON.parse(
      (await readBranchFile(emulator.url, repo, 'repo-metrics', cold.outputs['snapshot-path'])) as string
    )
    expect(snapshot.schemaVersion).toBe(SNAPSHOT_SCHEMA_VERSION)
    coldMetrics = snapshot.metrics
    expect(snapshot.repository).toBe(repo)
    const metricsJson = JSON.parse(cold.outputs['metrics-json'])
    expect(typeof metricsJson).toBe('object')

    const index = await readBranchFile(emulator.url, repo, 'repo-metrics', 'reports/README.md')
    expect(index).toContain(folder.replace(/^reports\//, '').replace(/\/$/, ''))

    const open = await api<IssueRest[]>(
      emulator.url,
      `/repos/${repo}/issues?state=open&labels=metrics-report`
    )
    expect(open).toHaveLength(1)
    expect(open[0].body).toContain('reports/')
    expect(String(open[0].number)).toBe(cold.outputs['issue-number'])
    expect(open[0].body ?? '').not.toMatch(/(^|\s)@[A-Za-z0-9]/)
  })

  it('record run: folds a pull_request_review event in at most 8 requests', async () => {
    const event = newestReviewEvent(seed, emulator.url, emulator.url)
    expect(event).not.toBeNull()
    await resetStats(emulator.url)
    const recorded = await run(emulator, seed, 'pull_request_review', event?.payload, {})
    expect(recorded.exitCode).toBe(0)
    expect((await stats(emulator.url)).requests.total).toBeLessThanOrEqual(8)
  })

  it('warm run: nothing new costs at most 15 requests, updates the same issue, keeps the figures', async () => {
    const before = await api<IssueRest[]>(
      emulator.url,
      `/repos/${repo}/issues?state=open&labels=metrics-report`
    )
    await resetStats(emulator.url)
    const warm = await run(emulator, seed, 'schedule', {}, {})
    expect(warm.exitCode).toBe(0)
    expect((await stats(emulator.url)).requests.total).toBeLessThanOrEqual(15)
    const after = await api<IssueRest[]>(
      emulator.url,
      `/repos/${repo}/issues?state=open&labels=metrics-report`
    )
    expect(after).toHaveLength(1)
    expect(after[0].number).toBe(before[0].number)
    const snapshot = JSON.parse(
      (await readBranchFile(emulator.url, repo, 'repo-metrics', warm.outputs['snapshot-path'])) as string
    )
    expect(snapshot.metrics).toEqual(coldMetrics)
  })

  it('ingest run: 3 valid and 3 invalid records → 3 accepted, 3 rejected with reasons, exit 0, audit copy', async () => {
    // The same records as ../shared/checks/deployments-sample.json, kept here so the test needs no ../shared.
    const sample = readFileSync(
      new URL('../ingest/fixtures/deployments-sample.json', import.meta.url),
      'utf8'
    )
    const ingested = await run(
      emulator,
      seed,
      'workflow_dispatch',
      {},
      { mode: 'ingest-deployments', deployments: sample }
    )
    expect(ingested.exitCode).toBe(0)
    expect(ingested.outputs.accepted).toBe('3')
    expect(ingested.outputs.rejected).toBe('3')
    const errors = JSON.parse(ingested.outputs.errors) as Array<{ index: number; message: string }>
    expect(errors.map((e) => e.index).sort()).toEqual([3, 4, 5])
    expect(ingested.stdout).toMatch(/::warning/)
    const ref = await api<{ object: { sha: string } }>(
      emulator.url,
      `/repos/${repo}/git/ref/heads/repo-metrics`
    )
    const commit = await api<{ tree: { sha: string } }>(
      emulator.url,
      `/repos/${repo}/git/commits/${ref.object.sha}`
    )
    const tree = await api<{ tree: Array<{ path: string }> }>(
      emulator.url,
      `/repos/${repo}/git/trees/${commit.tree.sha}?recursive=1`
    )
    expect(tree.tree.some((entry) => entry.path.startsWith('ingest/'))).toBe(true)
  })

  it('an unreadable ingest payload is a warning, not a failed step, unless fail-on-invalid', async () => {
    const lenient = await run(
      emulator,
      seed,
      'workflow_dispatch',
      {},
      { mode: 'ingest-deployments', deployments: '{oops' }
    )
    expect(lenient.exitCode).toBe(0)
    expect(lenient.stdout).toMatch(/::warning title=Nothing ingested::/)
    const strict = await run(
      emulator,
      seed,
      'workflow_dispatch',
      {},
      { mode: 'ingest-deployments', deployments: '{oops', 'fail-on-invalid': 'true' }
    )
    expect(strict.exitCode).toBe(1)
  })

  it('a read-only token (a fork) records nothing and succeeds', async () => {
    const event = newestReviewEvent(seed, emulator.url, emulator.url)
    // A review the history does not have yet, so the run has something to write.
    const payload = structuredClone(event?.payload) as { review: { id: number; submitted_at: string } }
    payload.review.id += 1_000_000
    payload.review.submitted_at = new Date(Date.parse(payload.review.submitted_at) + 3_600_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
    const head = await api<{ object: { sha: string } }>(
      emulator.url,
      `/repos/${repo}/git/ref/heads/repo-metrics`
    )
    emulator.setFaults?.(['read-only-token'])
    try {
      const recorded = await run(emulator, seed, 'pull_request_review', payload, {})
      expect(recorded.exitCode).toBe(0)
      expect(recorded.stdout).toMatch(/::notice::.*read-only/)
    } finally {
      emulator.setFaults?.([])
    }
    const after = await api<{ object: { sha: string } }>(
      emulator.url,
      `/repos/${repo}/git/ref/heads/repo-metrics`
    )
    expect(after.object.sha).toBe(head.object.sha)
  })

  it('a report run with a read-only token fails and says which permission is missing', async () => {
    emulator.setFaults?.(['read-only-token'])
    try {
      const report = await run(emulator, seed, 'schedule', {}, {})
      expect(report.exitCode).toBe(1)
      expect(report.stdout).toMatch(/::error::.*contents: write/)
      expect(report.summary).toBe('')
    } finally {
      emulator.setFaults?.([])
    }
  })

  it('dry-run: a record run writes nothing and says what it would have saved', async () => {
    const event = newestReviewEvent(seed, emulator.url, emulator.url)
    const payload = structuredClone(event?.payload) as { review: { id: number; submitted_at: string } }
    payload.review.id += 2_000_000
    payload.review.submitted_at = new Date(Date.parse(payload.review.submitted_at) + 7_200_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
    const ref = `/repos/${repo}/git/ref/heads/repo-metrics`
    const head = await api<{ object: { sha: string } }>(emulator.url, ref)
    const recorded = await run(emulator, seed, 'pull_request_review', payload, { 'dry-run': 'true' })
    expect(recorded.exitCode).toBe(0)
    expect(recorded.stdout).toMatch(/::notice::dry-run: would save/)
    const after = await api<{ object: { sha: string } }>(emulator.url, ref)
    expect(after.object.sha).toBe(head.object.sha)
  })
})
