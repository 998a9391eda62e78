/**
 * Record and ingest against the local GitHub emulator through the real data-branch store (Git Data
 * API): the request budget of a record run, a fork's read-only token, and concurrent ingest calls
 * whose audit lines must all survive.
 */
import { readFileSync } from 'node:fs'
import { getOctokit } from '@actions/github'
import { ingest } from '../../src/ingest/index.js'
import { memoryLogger } from '../../src/log.js'
import { recordEvent } from '../../src/record/index.js'
import { createGitDataStore } from '../../src/store/index.js'
import { withInbox } from '../../src/store/inbox.js'
import { ReadOnlyStoreError } from '../../src/store/types.js'
import { newestReviewEvent } from '../../tools/demo/payloads.js'
import { generateRepository } from '../../tools/github-emulator/generate.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'

const sample = readFileSync(new URL('../ingest/fixtures/deployments-sample.json', import.meta.url), 'utf8')

let emulator: RunningEmulator
let seed: SeedRepository
beforeAll(async () => {
  seed = generateRepository({ prs: 6, seed: 3 })
  emulator = await startEmulator({ seed, port: 0 })
})
afterAll(async () => {
  await emulator.stop()
})

let branches = 0
/** A store on a new (missing) branch, folding the inbox on load as the action's stores do. */
const store = () =>
  withInbox(
    createGitDataStore({
      octokit: getOctokit('test-token', { baseUrl: emulator.url }),
      owner: seed.owner,
      repo: seed.name,
      branch: `metrics-${++branches}`,
      backoffMs: 5
    })
  )

async function requestsDuring<T>(work: () => Promise<T>): Promise<{ result: T; requests: number }> {
  emulator.stats.reset()
  const result = await work()
  return { result, requests: emulator.stats.snapshot().requests.total }
}

const reviewEvent = () => {
  const event = newestReviewEvent(seed, emulator.url, emulator.url)
  if (!event) throw new Error('the generated repository has no review')
  return event.payload
}

const record = (s: ReturnType<typeof store>) =>
  recordEvent({
    store: s,
    eventName: 'pull_request_review',
    payload: reviewEvent(),
    deployWorkflow: null,
    deploymentEnvironment: 'production',
    log: memoryLogger()
  })

describe('record and ingest on the emulator', () => {
  it('records a review on a missing branch within 8 requests (creating it), and a replay costs two reads and no commit', async () => {
    const s = store()
    const first = await requestsDuring(() => record(s))
    expect(first.result.committed).toBe(true)
    expect(first.requests).toBeLessThanOrEqual(8)
    const { history } = await s.load()
    const payload = reviewEvent() as { pull_request: { number: number }; review: { submitted_at: string } }
    const pr = history.pulls.find((p) => p.number === payload.pull_request.number)
    expect(pr?.reviews.map((r) => r.submittedAt)).toContain(payload.review.submitted_at)

    const again = await requestsDuring(() => record(s))
    expect(again.result.committed).toBe(false)
    expect(again.requests).toBeLessThanOrEqual(2)
  })

  it('writes nothing with a read-only token (a fork) and reports it as ReadOnlyStoreError', async () => {
    const s = store()
    emulator.setFaults(['read-only-token'])
    try {
      await expect(record(s)).rejects.toBeInstanceOf(ReadOnlyStoreError)
    } finally {
      emulator.setFaults([])
    }
    expect(await s.list('history/')).toEqual([])
    expect((await s.load()).head).toBeNull()
  })

  it('keeps every audit line when ingest calls from separate runs race', async () => {
    const branch = `metrics-${++branches}`
    const runStore = () =>
      createGitDataStore({
        octokit: getOctokit('test-token', { baseUrl: emulator.url }),
        owner: seed.owner,
        repo: seed.name,
        branch,
        backoffMs: 5
      })
    const log = memoryLogger()
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        ingest({
          store: runStore(),
          kind: 'deployments',
          text: sample,
          now: new Date(`2026-11-23T04:00:0${i}Z`),
          dryRun: false,
          log
        })
      )
    )
    const s = runStore()
    expect(results.map((r) => [r.accepted, r.rejected])).toEqual([
      [3, 3],
      [3, 3],
      [3, 3]
    ])
    const audit = (await s.readFile('ingest/2026-11-23.jsonl')) as string
    expect(audit.trim().split('\n')).toHaveLength(3)
    expect((await s.load()).history.deployments).toHaveLength(3)
  })
})
