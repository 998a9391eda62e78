/**
 * Bounded record runs (issue 13, "Bounded writes", item 3) on the emulator's github profile: a record
 * run lists the inbox, reads its month's shard parts and earlier entries in one batch, and adds one
 * small inbox file with one request, never rewriting a shard; the next load folds the inbox in, and
 * the save after it writes the shards and deletes the folded entries in one commit, so the stored
 * history ends exactly as if the record runs had saved to the shards themselves.
 */
import { getOctokit } from '@actions/github'
import { memoryLogger } from '../../src/log.js'
import type { PullRequest } from '../../src/model.js'
import { recordEvent } from '../../src/record/index.js'
import { createGitDataStore } from '../../src/store/index.js'
import { INBOX_FOLDER, inboxEntry, readInbox, withInbox } from '../../src/store/inbox.js'
import { emptyMeta, serializeMeta } from '../../src/store/meta.js'
import { serializeMonthParts, shardPath } from '../../src/store/shards.js'
import type { DataStore } from '../../src/store/types.js'
import { useStrictEmulator } from '../emulator/helpers.js'
import { emulatorGitStore, measuredOn, reviewPayloadFor } from './emulator-branch.js'
import { pull } from '../store/fixtures.js'

/** The target: a record run's requests and request-body bytes. */
const MAX_REQUESTS = 5
const MAX_BYTES_SENT = 20_000
/** Pull requests in the seeded month: about 600 kB of shard, two parts. */
const MONTH_PULLS = 1500

const env = useStrictEmulator()

const month = Array.from({ length: MONTH_PULLS }, (_, i) =>
  pull(i + 1, `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, {
    updatedAt: '2026-11-29T10:00:00Z',
    closedAt: null,
    mergedAt: null
  })
)

let branches = 0
/** A data branch holding 1,500 open pull requests in shard parts of open.json, as a sync stores them. */
function seedBranch(): string {
  const branch = `metrics-${++branches}`
  const files: Record<string, string> = { 'meta.json': serializeMeta(emptyMeta('acme/widgets')) }
  serializeMonthParts('pulls', month).forEach((text, i) => (files[shardPath('pulls', 'open', i + 1)] = text))
  env.git.commitFiles(branch, files, 'seed')
  return branch
}

const gitStore = (branch: string): DataStore => emulatorGitStore(env.emu, branch)
/** The store as the action makes it. */
const store = (branch: string) => withInbox(gitStore(branch))

/** A real-shaped pull_request_review submitted event on pull request `number` of the seeded month. */
const reviewPayload = (number: number, reviewer: string, submittedAt: string) =>
  reviewPayloadFor(month[number - 1], reviewer, submittedAt)

let clock = Date.parse('2026-12-01T00:00:00Z')
const record = (s: DataStore, payload: Record<string, unknown>) =>
  recordEvent({
    store: s,
    eventName: 'pull_request_review',
    payload,
    deployWorkflow: null,
    deploymentEnvironment: 'production',
    log: memoryLogger(),
    now: () => new Date((clock += 1000))
  })

const measured = <T>(work: () => Promise<T>) => measuredOn(env.emu, work)

const inboxFiles = (branch: string) =>
  env.git.listFiles(branch).filter((p) => p.startsWith(`${INBOX_FOLDER}/`))
const shardFiles = (branch: string) =>
  Object.fromEntries(
    env.git
      .listFiles(branch)
      .filter((p) => p.startsWith('history/'))
      .map((p) => [p, env.git.readFile(branch, p)])
  )
const head = (branch: string) => env.git.getRef(`refs/heads/${branch}`) as string

describe('a record run on a large data branch', () => {
  it(`makes at most ${MAX_REQUESTS} requests, sends at most ${MAX_BYTES_SENT} bytes and rewrites no shard`, async () => {
    const branch = seedBranch()
    const shardsBefore = shardFiles(branch)
    expect(Object.keys(shardsBefore)).toEqual(['history/pulls/open.2.json', 'history/pulls/open.json'])
    // the pull request is in open.json's second part
    const number = MONTH_PULLS - 3
    expect(shardsBefore['history/pulls/open.2.json']).toContain(`"number":${number},`)

    const { result, stats } = await measured(() =>
      record(store(branch), reviewPayload(number, 'carol', '2026-11-30T08:00:00Z'))
    )
    expect(result.committed).toBe(true)
    expect(stats.requests.total).toBeLessThanOrEqual(MAX_REQUESTS)
    expect(stats.requests.total).toBe(3)
    expect(stats.byRoute['PUT /repos/{owner}/{repo}/contents/{path+}']).toBe(1)
    expect(stats.traffic.requestBytes).toBeLessThanOrEqual(MAX_BYTES_SENT)
    expect(stats.traffic.maxRequestBodyBytes).toBeLessThanOrEqual(MAX_BYTES_SENT)
    expect(stats.refusals).toBeUndefined()

    expect(shardFiles(branch)).toEqual(shardsBefore)
    const [entry] = inboxFiles(branch)
    expect(inboxFiles(branch)).toHaveLength(1)
    const recorded = JSON.parse(env.git.readFile(branch, entry) as string) as { pulls: PullRequest[] }
    // the stored record from part 2, with the review added (nothing it held is lost)
    expect(recorded.pulls[0].reviews).toEqual([
      ...month[number - 1].reviews,
      { author: 'carol', state: 'APPROVED', submittedAt: '2026-11-30T08:00:00Z' }
    ])
    expect(recorded.pulls[0].reviewRequests).toEqual(month[number - 1].reviewRequests)
  })

  it('writes nothing when the same event is recorded again', async () => {
    const branch = seedBranch()
    const payload = reviewPayload(7, 'carol', '2026-11-30T08:00:00Z')
    await record(store(branch), payload)
    const before = head(branch)
    const { result, stats } = await measured(() => record(store(branch), payload))
    expect(result.committed).toBe(false)
    expect(stats.requests.total).toBe(2)
    expect(stats.requests.rest).toBe(0)
    expect(head(branch)).toBe(before)
    expect(inboxFiles(branch)).toHaveLength(1)
  })

  it('lands two record runs for different pull requests at once, and one that raced another writer', async () => {
    const branch = seedBranch()
    const results = await Promise.all([
      record(store(branch), reviewPayload(3, 'carol', '2026-11-30T08:00:00Z')),
      record(store(branch), reviewPayload(4, 'dave', '2026-11-30T08:00:01Z'))
    ])
    expect(results.map((r) => r.committed)).toEqual([true, true])
    expect(inboxFiles(branch)).toHaveLength(2)

    // the branch moves under the next one's request: GitHub answers 409, the run tries again
    env.git.raceNextRefUpdate()
    const { result, stats } = await measured(() =>
      record(store(branch), reviewPayload(5, 'erin', '2026-11-30T08:00:02Z'))
    )
    expect(result.committed).toBe(true)
    expect(stats.requests.total).toBeLessThanOrEqual(MAX_REQUESTS)
    expect(stats.byRoute['PUT /repos/{owner}/{repo}/contents/{path+}']).toBe(2)
    expect(inboxFiles(branch)).toHaveLength(3)
    expect(env.git.getCommit(head(branch))?.parents).toHaveLength(1)
  })

  it('builds on the entry an earlier record run left for the same pull request', async () => {
    const branch = seedBranch()
    await record(store(branch), reviewPayload(9, 'carol', '2026-11-30T08:00:00Z'))
    await record(store(branch), reviewPayload(9, 'dave', '2026-11-30T09:00:00Z'))
    const pr = (await store(branch).load()).history.pulls.find((p) => p.number === 9) as PullRequest
    expect(pr.reviews.map((r) => r.author)).toEqual(['bob', 'carol', 'dave'])
  })

  it('creates a missing data branch through the full save, with the entry on it', async () => {
    const branch = `metrics-missing-${++branches}`
    const result = await record(store(branch), reviewPayload(2, 'carol', '2026-11-30T08:00:00Z'))
    expect(result.committed).toBe(true)
    expect(env.git.listFiles(branch)).toEqual(['inbox/' + inboxFiles(branch)[0].slice(6), 'meta.json'].sort())
    const pr = (await store(branch).load()).history.pulls
    expect(pr.map((p) => [p.number, p.reviews.map((r) => r.author)])).toEqual([[2, ['carol']]])
  })
})

describe('the next run folds the inbox', () => {
  it('sees the records on load, and its save writes the shards and deletes the entries in one commit', async () => {
    const branch = seedBranch()
    await record(store(branch), reviewPayload(3, 'carol', '2026-11-30T08:00:00Z'))
    await record(store(branch), reviewPayload(MONTH_PULLS, 'dave', '2026-11-30T08:00:01Z'))
    const entries = inboxFiles(branch)
    expect(entries).toHaveLength(2)

    const next = store(branch)
    const state = await next.load()
    const byNumber = new Map(state.history.pulls.map((p) => [p.number, p]))
    expect(byNumber.get(3)?.reviews.map((r) => r.author)).toEqual(['bob', 'carol'])
    expect(byNumber.get(MONTH_PULLS)?.reviews.map((r) => r.author)).toEqual(['bob', 'dave'])
    expect(state.history.pulls).toHaveLength(MONTH_PULLS)

    const before = head(branch)
    const saved = await next.save(
      { lastRun: { at: '2026-12-01T06:00:00Z', mode: 'report', complete: true } },
      [],
      'report'
    )
    expect(saved.committed).toBe(true)
    expect(env.git.getCommit(head(branch))?.parents).toEqual([before])
    expect(inboxFiles(branch)).toEqual([])
    expect(saved.paths).toEqual(expect.arrayContaining([...entries, 'history/pulls/open.json']))
    const after = (await store(branch).load()).history.pulls
    expect(after.find((p) => p.number === MONTH_PULLS)?.reviews.map((r) => r.author)).toEqual(['bob', 'dave'])
  })

  it('ends with exactly the shards record runs saving directly would have written', async () => {
    const viaInbox = seedBranch()
    const direct = seedBranch()
    const events = [
      reviewPayload(3, 'carol', '2026-11-30T08:00:00Z'),
      reviewPayload(3, 'dave', '2026-11-30T08:30:00Z'),
      reviewPayload(MONTH_PULLS - 1, 'erin', '2026-11-30T09:00:00Z')
    ]
    // a store without addFile gets the record through save(), as before the inbox
    const saving = (): DataStore => ({ ...gitStore(direct), addFile: undefined })
    for (const payload of events) {
      await record(store(viaInbox), payload)
      await record(saving(), payload)
    }
    expect(inboxFiles(direct)).toEqual([])
    const folded = store(viaInbox)
    const [a, b] = [await folded.load(), await store(direct).load()]
    expect(a.history).toEqual(b.history)
    await folded.save({}, [], 'report')
    expect(inboxFiles(viaInbox)).toEqual([])
    expect(shardFiles(viaInbox)).toEqual(shardFiles(direct))
  })

  it('reports a damaged entry as a data problem, folds the others and leaves it in place', async () => {
    const branch = seedBranch()
    await record(store(branch), reviewPayload(3, 'carol', '2026-11-30T08:00:00Z'))
    const damaged = 'inbox/20261130T000000000Z-pulls-8-0123456789ab.json'
    env.git.commitFiles(branch, { [damaged]: '{"pulls": [{"number": 8}]}\n' }, 'a hand edit')
    const next = store(branch)
    const state = await next.load()
    expect(state.problems).toEqual([
      {
        kind: 'inbox',
        message: expect.stringContaining(
          `The recorded event ${damaged} on the data branch holds a pulls record that`
        )
      }
    ])
    expect(state.history.pulls.find((p) => p.number === 3)?.reviews.map((r) => r.author)).toEqual([
      'bob',
      'carol'
    ])
    await next.save({}, [], 'report')
    expect(inboxFiles(branch)).toEqual([damaged])
  })

  it('reads 500 entries with one listing and five batched reads', async () => {
    const branch = seedBranch()
    const files: Record<string, string> = {}
    for (let n = 1; n <= 500; n++) {
      const e = inboxEntry(
        'pulls',
        [{ ...month[n - 1], title: `recorded ${n}`, updatedAt: '2026-11-30T00:00:00Z' }],
        new Date(clock + n).toISOString()
      )
      files[e.path] = e.content
    }
    env.git.commitFiles(branch, files, 'a busy week of record runs')
    const { result, stats } = await measured(() => readInbox(gitStore(branch)))
    expect(result.paths).toHaveLength(500)
    expect(result.problems).toEqual([])
    expect(stats.requests.total).toBe(6)
    expect(stats.refusals).toBeUndefined()

    const next = store(branch)
    const state = await next.load()
    expect(state.history.pulls.filter((p) => p.title.startsWith('recorded '))).toHaveLength(500)
    await next.save({}, [], 'report')
    expect(inboxFiles(branch)).toEqual([])
    expect(
      (await store(branch).load()).history.pulls.filter((p) => p.title.startsWith('recorded '))
    ).toHaveLength(500)
  })
})

describe("the git store's addFile", () => {
  it('adds a new file in one request, does nothing for the same content and never replaces other content', async () => {
    const branch = seedBranch()
    const s = gitStore(branch)
    const first = await measured(() => s.addFile!('inbox/x.json', '{"a":1}\n', 'add x'))
    expect(first.result).toMatchObject({ committed: true, paths: ['inbox/x.json'], retries: 0 })
    expect(first.result.commitSha).toBe(head(branch))
    expect(first.stats.requests.total).toBe(1)

    const before = head(branch)
    // the path exists: GitHub answers 422, the store reads the file and finds the same content
    const again = await measured(() => s.addFile!('inbox/x.json', '{"a":1}\n', 'add x'))
    expect(again.result).toMatchObject({ committed: false, paths: [] })
    expect(again.stats.requests.total).toBe(2)
    await expect(s.addFile!('inbox/x.json', '{"a":2}\n', 'add x')).rejects.toThrow(
      /a different file is already stored there/
    )
    expect(head(branch)).toBe(before)
    expect(env.git.readFile(branch, 'inbox/x.json')).toBe('{"a":1}\n')
    // files the store manages never go this way
    await expect(s.addFile!('history/pulls/open.json', '[]\n', 'm')).rejects.toThrow(/managed by the store/)
    await expect(s.addFile!('meta.json', '{}\n', 'm')).rejects.toThrow(/managed by the store/)
  })

  it('gives up after a few tries on a branch that keeps moving, without forcing', async () => {
    const branch = seedBranch()
    const s = createGitDataStore({
      octokit: getOctokit('test-token', { baseUrl: env.emu.url }),
      owner: 'acme',
      repo: 'widgets',
      branch,
      backoffMs: 1
    })
    for (let i = 0; i < 4; i++) env.git.raceNextRefUpdate()
    await expect(s.addFile!('inbox/y.json', 'y', 'add y')).rejects.toThrow(/but expected/)
    expect(env.git.readFile(branch, 'inbox/y.json')).toBeNull()
    expect((env.git as unknown as { forcedUpdates: number }).forcedUpdates).toBe(0)
  })
})
