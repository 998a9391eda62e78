/**
 * A fork's pull request runs with a read-only token: record mode writes nothing (the store refuses,
 * the caller logs a notice and succeeds), and the next report run's sync, which reads the same facts
 * from history, loses nothing — with or without the event having been recorded first.
 */
import { memoryLogger } from '../../src/log.js'
import type { PullRequest } from '../../src/model.js'
import { recordEvent } from '../../src/record/index.js'
import { ReadOnlyStoreError } from '../../src/store/types.js'
import { memoryStore } from '../ingest/memory-store.js'
import { example, storedReads } from './examples.js'

const forkPayload = () => {
  const payload = example('pull_request_review', 'submitted')
  payload.review.state = 'approved'
  payload.review.user = { ...payload.review.user, login: 'octocat', id: 583231 }
  payload.pull_request.head.repo = {
    ...payload.pull_request.head.repo,
    full_name: 'octocat/Hello-World',
    fork: true
  }
  return payload
}

/** What the sync builds from history for the same pull request (timeline times, every field). */
const fullRecord: PullRequest = {
  number: 2,
  title: 'Update the README with new information.',
  author: 'Codertocat',
  createdAt: '2019-05-15T15:20:33Z',
  updatedAt: '2019-05-15T15:20:38Z',
  closedAt: null,
  mergedAt: null,
  isDraft: false,
  draftEvents: [],
  firstCommitAt: '2019-05-15T15:19:00Z',
  mergeCommitSha: null,
  baseRef: 'master',
  labels: [],
  additions: 1,
  deletions: 1,
  reviewRequests: [{ type: 'requested', at: '2019-05-15T15:20:34Z', reviewer: 'octocat' }],
  reviews: [{ author: 'octocat', state: 'APPROVED', submittedAt: '2019-05-15T15:20:38Z' }],
  comments: []
}

const record = (store: ReturnType<typeof memoryStore>) =>
  recordEvent({
    store,
    eventName: 'pull_request_review',
    payload: forkPayload(),
    deployWorkflow: null,
    deploymentEnvironment: 'production',
    log: memoryLogger(),
    // the examples' events are from May 2019
    now: () => new Date('2019-05-20T00:00:00Z')
  })

describe('record: a fork pull request with a read-only token', () => {
  it('writes nothing and passes the refusal to the caller', async () => {
    const store = memoryStore({}, { readOnly: true })
    await expect(record(store)).rejects.toBeInstanceOf(ReadOnlyStoreError)
    expect(store.commits).toBe(0)
    expect([...store.files.keys()]).toEqual([])
    // it read the inbox listing and the month's shard, and tried one save
    expect(store.calls).toEqual([
      ...storedReads('pulls', '2019-05', 'open'),
      expect.stringMatching(/^save Record pull request #2/)
    ])
  })

  it('loses nothing: the next sync stores the full record, as if the event had been recorded', async () => {
    const refused = memoryStore({}, { readOnly: true })
    await expect(record(refused)).rejects.toBeInstanceOf(ReadOnlyStoreError)
    refused.readOnly = false // the scheduled report run has a writable token
    await refused.save({ pulls: [fullRecord] }, [], 'sync')

    const recorded = memoryStore()
    await record(recorded)
    expect(recorded.history().pulls[0].reviews).toEqual(fullRecord.reviews)
    await recorded.save({ pulls: [fullRecord] }, [], 'sync')

    expect(refused.history()).toEqual(recorded.history())
    expect(refused.history().pulls).toEqual([fullRecord])
  })

  it('recording after the sync changes nothing (the demo replays a stored review)', async () => {
    const store = memoryStore({ pulls: [fullRecord] })
    const result = await record(store)
    expect(result).toMatchObject({ committed: false })
    expect(store.history().pulls).toEqual([fullRecord])
    expect(store.commits).toBe(0)
  })
})
