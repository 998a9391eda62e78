/**
 * A record run costs the same however many parts the open items fill (issue 13: record runs flat at
 * 300,000 pull requests): meta.json's openParts names each part's first key, so the run reads one
 * part with the listing and one read. Saves keep the index; without it (a branch of an earlier
 * version) or with one that disagrees with the parts (a hand edit), every part is read and the record
 * is still found.
 */
import { gzipSync } from 'node:zlib'
import type { PullRequest } from '../../src/model.js'
import { recordEvent } from '../../src/record/index.js'
import { withInbox } from '../../src/store/inbox.js'
import { openPartIndex } from '../../src/store/layout.js'
import { emptyMeta, serializeMeta } from '../../src/store/meta.js'
import { serializeMonthParts, shardPath } from '../../src/store/shards.js'
import { memoryLogger } from '../../src/log.js'
import { useStrictEmulator } from '../emulator/helpers.js'
import { pull } from '../store/fixtures.js'
import { emulatorGitStore, measuredOn, reviewPayloadFor } from './emulator-branch.js'

/** About 3 MB of open pull requests: eight parts of open.json. */
const OPEN_PULLS = 6000

const env = useStrictEmulator()

const open = Array.from({ length: OPEN_PULLS }, (_, i) =>
  pull(i + 1, `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, {
    updatedAt: '2026-11-29T10:00:00Z',
    closedAt: null,
    mergedAt: null
  })
)
const parts = serializeMonthParts('pulls', open)
const ALL_PARTS_GZIPPED = parts.reduce((sum, text) => sum + gzipSync(text).length, 0)

let branches = 0
/** A branch with the open pull requests in their parts, meta.json as `meta` makes it. */
function seedBranch(meta: (files: Map<string, string>) => object): string {
  const branch = `open-parts-${++branches}`
  const files = new Map(parts.map((text, i) => [shardPath('pulls', 'open', i + 1), text]))
  env.git.commitFiles(
    branch,
    { ...Object.fromEntries(files), 'meta.json': serializeMeta(meta(files) as never) },
    'seed'
  )
  return branch
}
/** The first pull request number of part `n` (1-based). */
const partFirst = (n: number) => (JSON.parse(parts[n - 1]) as PullRequest[])[0].number
const indexed = (files: Map<string, string>) => ({
  ...emptyMeta('acme/widgets'),
  openParts: openPartIndex(files)
})

let clock = Date.parse('2026-12-01T00:00:00Z')
async function recordReview(branch: string, number: number) {
  return measuredOn(env.emu, () =>
    recordEvent({
      store: withInbox(emulatorGitStore(env.emu, branch)),
      eventName: 'pull_request_review',
      payload: reviewPayloadFor(open[number - 1], 'carol', '2026-11-30T08:00:00Z'),
      deployWorkflow: null,
      deploymentEnvironment: 'production',
      log: memoryLogger(),
      now: () => new Date((clock += 1000))
    })
  )
}
function recorded(branch: string): PullRequest {
  const entries = env.git.listFiles(branch).filter((p) => p.startsWith('inbox/'))
  expect(entries).toHaveLength(1)
  return (JSON.parse(env.git.readFile(branch, entries[0]) as string) as { pulls: PullRequest[] }).pulls[0]
}
const withReview = (number: number) => [
  ...open[number - 1].reviews,
  { author: 'carol', state: 'APPROVED', submittedAt: '2026-11-30T08:00:00Z' }
]

it('splits the seeded open items into eight parts, indexed by their first keys', () => {
  expect(parts).toHaveLength(8)
  const index = openPartIndex(new Map(parts.map((text, i) => [shardPath('pulls', 'open', i + 1), text])))
  expect(index.pulls).toHaveLength(7)
  const firsts = parts.slice(1).map((text) => String((JSON.parse(text) as PullRequest[])[0].number))
  expect(index.pulls).toEqual(firsts)
})

describe('a record run on open items in eight parts', () => {
  it('reads only the part that holds the record: three requests, one part of bytes', async () => {
    const branch = seedBranch(indexed)
    const number = OPEN_PULLS - 1500 // in part 6 of 8
    const { result, stats } = await recordReview(branch, number)
    expect(result.committed).toBe(true)
    expect(stats.requests.total).toBe(3)
    // one part and the listing: under a third of all parts' bytes (as sent, gzip-compressed)
    expect(stats.traffic.responseBytes).toBeLessThan(ALL_PARTS_GZIPPED / 3)
    expect(recorded(branch).reviews).toEqual(withReview(number))
  })

  it('finds the first and the last record (the parts’ edges)', async () => {
    for (const number of [1, OPEN_PULLS]) {
      const branch = seedBranch(indexed)
      const { stats } = await recordReview(branch, number)
      expect(stats.requests.total).toBe(3)
      expect(recorded(branch).reviews).toEqual(withReview(number))
    }
  })

  it('reads every part without the index, and finds the record', async () => {
    const branch = seedBranch(() => emptyMeta('acme/widgets'))
    const number = OPEN_PULLS - 1500
    const { stats } = await recordReview(branch, number)
    expect(stats.requests.total).toBe(3)
    expect(stats.traffic.responseBytes).toBeGreaterThan(ALL_PARTS_GZIPPED * 0.8)
    expect(recorded(branch).reviews).toEqual(withReview(number))
  })

  it('reads every part when the index disagrees with the parts (a hand edit), and finds the record', async () => {
    const shifted = (files: Map<string, string>) => {
      const meta = indexed(files)
      return { ...meta, openParts: { pulls: meta.openParts.pulls!.map((k) => String(Number(k) + 7)) } }
    }
    const branch = seedBranch(shifted)
    // just after part 4's first key: the shifted index names part 3, whose first key is not its entry
    const target = partFirst(4) + 3
    const { stats } = await recordReview(branch, target)
    expect(stats.requests.total).toBeGreaterThan(3)
    expect(recorded(branch).reviews).toEqual(withReview(target))
  })
})

describe('saves keep the index', () => {
  it('writes openParts with the parts a save rewrites, and drops it when the open items fit one part', async () => {
    const branch = seedBranch(() => emptyMeta('acme/widgets'))
    const store = withInbox(emulatorGitStore(env.emu, branch))
    await store.load({ since: '2026-11' })
    // a new open pull request lands in open.json's parts: the save writes the index with them
    await store.save(
      { pulls: [pull(OPEN_PULLS + 1, '2026-11-30T10:00:00Z', { closedAt: null, mergedAt: null })] },
      [],
      'report'
    )
    const meta = JSON.parse(env.git.readFile(branch, 'meta.json') as string) as {
      openParts?: Record<string, string[]>
    }
    const files = new Map(
      env.git
        .listFiles(branch)
        .filter((p) => p.startsWith('history/pulls/open'))
        .map((p) => [p, env.git.readFile(branch, p) as string])
    )
    expect(files.size).toBe(8)
    expect(meta.openParts).toEqual(openPartIndex(files))

    // every open pull request but one is closed: one part, no index
    const closed = open
      .slice(1)
      .map((p) => ({ ...p, closedAt: '2026-11-30T12:00:00Z', updatedAt: '2026-11-30T12:00:00Z' }))
    const next = withInbox(emulatorGitStore(env.emu, branch))
    await next.load({ since: '2026-11' })
    await next.save({ pulls: closed }, [], 'report')
    const after = JSON.parse(env.git.readFile(branch, 'meta.json') as string) as { openParts?: unknown }
    expect(after.openParts).toBeUndefined()
    expect(env.git.listFiles(branch).filter((p) => p.startsWith('history/pulls/open'))).toEqual([
      'history/pulls/open.json'
    ])
  })
})
