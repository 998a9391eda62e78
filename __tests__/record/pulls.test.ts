import type {
  PullRequestClosedEvent,
  PullRequestReviewRequestedEvent,
  PullRequestReviewSubmittedEvent
} from '@octokit/webhooks-types'
import { memoryLogger } from '../../src/log.js'
import type { PullRequest } from '../../src/model.js'
import { recordEvent } from '../../src/record/index.js'
import { memoryStore, type MemoryStore } from '../ingest/memory-store.js'
import { example, storedReads } from './examples.js'

const run = (store: MemoryStore, eventName: string, payload: unknown) =>
  recordEvent({
    store,
    eventName,
    payload,
    deployWorkflow: null,
    deploymentEnvironment: 'production',
    log: memoryLogger(),
    // the examples' events are from May 2019
    now: () => new Date('2019-05-20T00:00:00Z')
  })

const stored = (store: MemoryStore, n = 2): PullRequest | undefined =>
  store.history().pulls.find((p) => p.number === n)

/** What the sync stores for the example repository's pull request #2 (GraphQL timeline times). */
const synced = (over: Partial<PullRequest> = {}): PullRequest => ({
  number: 2,
  title: 'Update the README with new information.',
  author: 'Codertocat',
  createdAt: '2019-05-15T15:20:33Z',
  updatedAt: '2019-05-15T15:20:33Z',
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
  reviewRequests: [],
  reviews: [],
  comments: [{ author: 'octocat', at: '2019-05-15T15:20:35Z' }],
  ...over
})

describe('record: pull_request', () => {
  it('builds the record from an opened payload when nothing is stored, in one listing, one read and one save', async () => {
    const store = memoryStore()
    const result = await run(store, 'pull_request', example('pull_request', 'opened'))
    expect(result).toEqual({ folded: 'pull request #2: opened at 2019-05-15T15:20:33Z', committed: true })
    expect(store.calls).toEqual([
      ...storedReads('pulls', '2019-05', 'open'),
      'save Record pull request #2: opened at 2019-05-15T15:20:33Z'
    ])
    expect(stored(store)).toEqual({
      number: 2,
      title: 'Update the README with new information.',
      author: 'Codertocat',
      createdAt: '2019-05-15T15:20:33Z',
      updatedAt: '2019-05-15T15:20:33Z',
      closedAt: null,
      mergedAt: null,
      isDraft: false,
      draftEvents: [],
      firstCommitAt: null,
      mergeCommitSha: null,
      baseRef: 'master',
      labels: [],
      additions: 1,
      deletions: 1,
      reviewRequests: [],
      reviews: [],
      comments: []
    })
  })

  it('appends a review request to the stored record and keeps what the payload does not carry', async () => {
    const store = memoryStore({ pulls: [synced()] })
    const result = await run(store, 'pull_request', example('pull_request', 'review_requested'))
    expect(result.folded).toBe('pull request #2: review requested from octocat at 2019-05-15T15:20:33Z')
    const pr = stored(store) as PullRequest
    expect(pr.reviewRequests).toEqual([
      { type: 'requested', at: '2019-05-15T15:20:33Z', reviewer: 'octocat' }
    ])
    expect(pr.labels).toEqual(['bug'])
    expect(pr.firstCommitAt).toBe('2019-05-15T15:19:00Z')
    expect(pr.comments).toEqual([{ author: 'octocat', at: '2019-05-15T15:20:35Z' }])
  })

  it('is idempotent: the same event twice gives the same record and no second commit', async () => {
    const store = memoryStore()
    const payload = example('pull_request', 'review_requested')
    await run(store, 'pull_request', payload)
    const first = store.history()
    const again = await run(store, 'pull_request', payload)
    expect(again.committed).toBe(false)
    expect(store.history()).toEqual(first)
    expect(store.commits).toBe(1)
    expect(store.calls.filter((c) => c.startsWith('save'))).toHaveLength(1)
  })

  it('does not duplicate a request the sync already stored with its exact timeline time', async () => {
    const store = memoryStore({
      pulls: [
        synced({ reviewRequests: [{ type: 'requested', at: '2019-05-15T15:20:32Z', reviewer: 'octocat' }] })
      ]
    })
    const payload = example('pull_request', 'review_requested')
    payload.pull_request.labels = []
    const result = await run(store, 'pull_request', payload)
    expect(result.committed).toBe(false)
    expect(stored(store)?.reviewRequests).toHaveLength(1)
  })

  it('keeps a genuine re-request after a removal', async () => {
    const store = memoryStore()
    const requested = example('pull_request', 'review_requested')
    await run(store, 'pull_request', requested)
    const removed = example('pull_request', 'review_request_removed')
    removed.pull_request.updated_at = '2019-05-15T15:20:50Z'
    await run(store, 'pull_request', removed)
    requested.pull_request.updated_at = '2019-05-15T15:21:10Z'
    await run(store, 'pull_request', requested)
    expect(stored(store)?.reviewRequests).toEqual([
      { type: 'requested', at: '2019-05-15T15:20:33Z', reviewer: 'octocat' },
      { type: 'removed', at: '2019-05-15T15:20:50Z', reviewer: 'octocat' },
      { type: 'requested', at: '2019-05-15T15:21:10Z', reviewer: 'octocat' }
    ])
  })

  it('records a team request as team:SLUG', async () => {
    const store = memoryStore()
    const payload = example('pull_request', 'review_requested') as PullRequestReviewRequestedEvent &
      Record<string, unknown>
    delete payload.requested_reviewer
    payload.requested_team = { name: 'Core Devs', slug: 'core-devs', id: 1 }
    await run(store, 'pull_request', payload)
    expect(stored(store)?.reviewRequests).toEqual([
      { type: 'requested', at: '2019-05-15T15:20:33Z', reviewer: 'team:core-devs' }
    ])
  })

  it('records draft transitions', async () => {
    const store = memoryStore()
    await run(store, 'pull_request', example('pull_request', 'converted_to_draft'))
    expect(stored(store)).toMatchObject({
      isDraft: true,
      draftEvents: [{ type: 'draft', at: '2019-05-15T15:21:18Z' }]
    })
    const ready = example('pull_request', 'ready_for_review')
    ready.pull_request.updated_at = '2019-05-15T16:00:00Z'
    await run(store, 'pull_request', ready)
    expect(stored(store)).toMatchObject({
      isDraft: false,
      draftEvents: [
        { type: 'draft', at: '2019-05-15T15:21:18Z' },
        { type: 'ready', at: '2019-05-15T16:00:00Z' }
      ]
    })
  })

  it('records closing, merging and reopening', async () => {
    const store = memoryStore({ pulls: [synced()] })
    const closed = example('pull_request', 'closed')
    await run(store, 'pull_request', closed)
    expect(stored(store)).toMatchObject({
      closedAt: '2019-05-15T15:21:18Z',
      mergedAt: null,
      mergeCommitSha: null
    })

    const reopened = example('pull_request', 'reopened')
    reopened.pull_request.updated_at = '2019-05-15T15:30:00Z'
    const result = await run(store, 'pull_request', reopened)
    expect(result.folded).toBe('pull request #2: reopened at 2019-05-15T15:30:00Z')
    expect(stored(store)).toMatchObject({ closedAt: null, mergedAt: null })

    const merged = example('pull_request', 'closed') as PullRequestClosedEvent
    Object.assign(merged.pull_request, {
      updated_at: '2019-05-15T16:00:00Z',
      closed_at: '2019-05-15T16:00:00Z',
      merged_at: '2019-05-15T16:00:00Z',
      merged: true
    })
    expect((await run(store, 'pull_request', merged)).folded).toBe(
      'pull request #2: merged at 2019-05-15T16:00:00Z'
    )
    expect(stored(store)).toMatchObject({
      closedAt: '2019-05-15T16:00:00Z',
      mergedAt: '2019-05-15T16:00:00Z',
      mergeCommitSha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85'
    })
  })

  it('keeps the stored label order when the labels are the same', async () => {
    const store = memoryStore({ pulls: [synced({ labels: ['enhancement', 'bug'] })] })
    const payload = example('pull_request', 'closed')
    payload.pull_request.labels = [
      ...payload.pull_request.labels,
      { ...payload.pull_request.labels[0], name: 'enhancement' }
    ]
    await run(store, 'pull_request', payload)
    expect(stored(store)?.labels).toEqual(['enhancement', 'bug'])
  })

  it('treats pull_request_target like pull_request', async () => {
    const a = memoryStore()
    const b = memoryStore()
    await run(a, 'pull_request', example('pull_request', 'review_requested'))
    await run(b, 'pull_request_target', example('pull_request', 'review_requested'))
    expect(b.history()).toEqual(a.history())
  })

  it('does not let an older event overwrite a newer stored state, but still adds its event', async () => {
    const store = memoryStore({
      pulls: [
        synced({ updatedAt: '2019-05-16T00:00:00Z', closedAt: '2019-05-16T00:00:00Z', labels: ['done'] })
      ]
    })
    await run(store, 'pull_request', example('pull_request', 'review_requested'))
    expect(stored(store)).toMatchObject({
      updatedAt: '2019-05-16T00:00:00Z',
      closedAt: '2019-05-16T00:00:00Z',
      labels: ['done'],
      reviewRequests: [{ type: 'requested', at: '2019-05-15T15:20:33Z', reviewer: 'octocat' }]
    })
  })

  it('skips actions and events it does not record, without touching the store', async () => {
    const store = memoryStore()
    const labeled = await run(store, 'pull_request', example('pull_request', 'labeled'))
    expect(labeled).toMatchObject({
      committed: false,
      skipped: expect.stringContaining('action "labeled" is not recorded')
    })
    const push = await run(store, 'push', { ref: 'refs/heads/main' })
    expect(push.skipped).toMatch(/the push event is not recorded/)
    expect(store.calls).toEqual([])
  })

  it('names the problem when the payload lacks its pull request', async () => {
    await expect(run(memoryStore(), 'pull_request', { action: 'opened' })).rejects.toThrow(
      /pull_request event payload has no "pull_request" object/
    )
  })
})

describe('record: pull_request_review', () => {
  it('appends a submitted review with its state in upper case, once', async () => {
    const store = memoryStore({ pulls: [synced()] })
    const payload = example('pull_request_review', 'submitted')
    const result = await run(store, 'pull_request_review', payload)
    expect(result.folded).toBe('pull request #2: review by Codertocat (COMMENTED) at 2019-05-15T15:20:38Z')
    expect(stored(store)?.reviews).toEqual([
      { author: 'Codertocat', state: 'COMMENTED', submittedAt: '2019-05-15T15:20:38Z' }
    ])
    // review payloads carry no line counts: the stored ones stay
    expect(stored(store)).toMatchObject({
      additions: 1,
      deletions: 1,
      comments: [{ author: 'octocat', at: '2019-05-15T15:20:35Z' }]
    })
    expect((await run(store, 'pull_request_review', payload)).committed).toBe(false)
    expect(stored(store)?.reviews).toHaveLength(1)
  })

  it('keeps two reviews by one person a few seconds apart', async () => {
    const store = memoryStore()
    const comment = example('pull_request_review', 'submitted')
    await run(store, 'pull_request_review', comment)
    const approve = example('pull_request_review', 'submitted') as PullRequestReviewSubmittedEvent
    approve.review.state = 'approved'
    approve.review.submitted_at = '2019-05-15T15:20:50Z'
    await run(store, 'pull_request_review', approve)
    expect(stored(store)?.reviews.map((r) => r.state)).toEqual(['COMMENTED', 'APPROVED'])
  })

  it('adds the [bot] suffix to a bot reviewer', async () => {
    const store = memoryStore()
    const payload = example('pull_request_review', 'submitted')
    payload.review.user = { ...payload.review.user, login: 'review-helper', type: 'Bot' }
    await run(store, 'pull_request_review', payload)
    expect(stored(store)?.reviews[0].author).toBe('review-helper[bot]')
  })

  it('stores the review of a deleted account (ghost) with a null author, as the sync does', async () => {
    const store = memoryStore()
    const payload = example('pull_request_review', 'submitted')
    payload.review.user = { ...payload.review.user, login: 'ghost', id: 10137, type: 'User' }
    const result = await run(store, 'pull_request_review', payload)
    expect(result.folded).toMatch(/review by a deleted account/)
    expect(stored(store)?.reviews[0].author).toBeNull()
  })

  it('marks a dismissed review DISMISSED, and a replayed submission does not undo it', async () => {
    const store = memoryStore()
    const submitted = example('pull_request_review', 'submitted') as PullRequestReviewSubmittedEvent
    submitted.review.state = 'changes_requested'
    await run(store, 'pull_request_review', submitted)
    const result = await run(store, 'pull_request_review', example('pull_request_review', 'dismissed'))
    expect(result.folded).toBe(
      'pull request #2: review by Codertocat submitted at 2019-05-15T15:20:38Z dismissed'
    )
    expect(stored(store)?.reviews).toEqual([
      { author: 'Codertocat', state: 'DISMISSED', submittedAt: '2019-05-15T15:20:38Z' }
    ])
    await run(store, 'pull_request_review', submitted)
    expect(stored(store)?.reviews).toEqual([
      { author: 'Codertocat', state: 'DISMISSED', submittedAt: '2019-05-15T15:20:38Z' }
    ])
  })

  it('skips edited reviews', async () => {
    const payload = { ...example('pull_request_review', 'submitted'), action: 'edited' }
    expect((await run(memoryStore(), 'pull_request_review', payload)).skipped).toMatch(
      /action "edited" is not recorded/
    )
  })
})
