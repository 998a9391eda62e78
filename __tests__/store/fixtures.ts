import type { Commit, Deployment, PullRequest } from '../../src/model.js'

/**
 * A merged pull request: merged and closed when created, so it is stored in its creation month (an open
 * one, `{ closedAt: null, mergedAt: null }`, is stored in open.json).
 */
export function pull(number: number, createdAt: string, extra: Partial<PullRequest> = {}): PullRequest {
  return {
    number,
    title: `Pull ${number}`,
    author: 'alice',
    createdAt,
    updatedAt: createdAt,
    closedAt: createdAt,
    mergedAt: createdAt,
    isDraft: false,
    draftEvents: [],
    firstCommitAt: null,
    mergeCommitSha: null,
    baseRef: 'main',
    labels: [],
    additions: 10,
    deletions: 2,
    reviewRequests: [{ type: 'requested', at: createdAt, reviewer: 'bob' }],
    reviews: [{ author: 'bob', state: 'APPROVED', submittedAt: createdAt }],
    comments: [],
    ...extra
  }
}

export function deployment(
  id: string,
  createdAt: string,
  status: Deployment['status'] = 'success'
): Deployment {
  return {
    source: 'deployment',
    id,
    environment: 'production',
    sha: null,
    status,
    createdAt,
    finishedAt: createdAt
  }
}

export function commit(oid: string, committedAt: string): Commit {
  return { oid, parents: [], committedAt }
}
