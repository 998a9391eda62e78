import {
  actorLogin,
  deploymentStatus,
  firstComments,
  normalizeDeployment,
  normalizeIssue,
  normalizePull,
  normalizeRelease,
  type GqlPullNode
} from '../../src/github/normalize.js'
import { mergeDeployments, normalizeRun } from '../../src/github/deployments.js'

const user = (login: string) => ({ __typename: 'User', login })

function pullNode(timeline: GqlPullNode['timelineItems']['nodes']): GqlPullNode {
  return {
    id: 'PR_1',
    number: 1,
    title: 'Add things',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-03T00:00:00Z',
    closedAt: '2025-01-03T00:00:00Z',
    mergedAt: '2025-01-03T00:00:00Z',
    isDraft: false,
    baseRefName: 'main',
    additions: 10,
    deletions: 2,
    author: { __typename: 'Bot', login: 'renovate' },
    mergeCommit: { oid: 'a'.repeat(40) },
    labels: { totalCount: 1, nodes: [{ name: 'deps' }] },
    commits: { totalCount: 3, nodes: [{ commit: { authoredDate: '2024-12-31T10:00:00Z' } }] },
    timelineItems: { totalCount: timeline.length, nodes: timeline }
  }
}

describe('normalization of GraphQL nodes', () => {
  it('appends [bot] to bot logins and maps deleted accounts to null', () => {
    expect(actorLogin({ __typename: 'Bot', login: 'dependabot' })).toBe('dependabot[bot]')
    expect(actorLogin({ __typename: 'Bot', login: 'dependabot[bot]' })).toBe('dependabot[bot]')
    expect(actorLogin(user('octocat'))).toBe('octocat')
    expect(actorLogin(null)).toBeNull()
    expect(actorLogin(user('ghost'))).toBeNull()
  })

  it('builds a pull request: requests (user and team), reviews, draft events, first comments', () => {
    const pull = normalizePull(
      pullNode([
        { __typename: 'IssueComment', createdAt: '2025-01-02T05:00:00Z', author: user('bob') },
        {
          __typename: 'ReviewRequestedEvent',
          createdAt: '2025-01-01T02:00:00Z',
          requestedReviewer: { __typename: 'Team', slug: 'core' }
        },
        {
          __typename: 'ReviewRequestedEvent',
          createdAt: '2025-01-01T01:00:00Z',
          requestedReviewer: { __typename: 'User', login: 'bob' }
        },
        {
          __typename: 'ReviewRequestRemovedEvent',
          createdAt: '2025-01-01T03:00:00Z',
          requestedReviewer: { __typename: 'Bot', login: 'copilot' }
        },
        { __typename: 'ReviewRequestedEvent', createdAt: '2025-01-01T03:30:00Z', requestedReviewer: null },
        { __typename: 'ConvertToDraftEvent', createdAt: '2025-01-01T00:10:00Z' },
        { __typename: 'ReadyForReviewEvent', createdAt: '2025-01-01T00:50:00Z' },
        {
          __typename: 'PullRequestReview',
          createdAt: '2025-01-02T00:00:00Z',
          submittedAt: '2025-01-02T01:00:00Z',
          state: 'APPROVED',
          author: user('bob')
        },
        {
          __typename: 'PullRequestReview',
          createdAt: '2025-01-01T23:00:00Z',
          submittedAt: null,
          state: 'PENDING',
          author: user('carol')
        },
        { __typename: 'IssueComment', createdAt: '2025-01-02T04:00:00Z', author: user('bob') },
        { __typename: 'IssueComment', createdAt: '2025-01-02T03:00:00Z', author: null },
        { __typename: 'IssueComment', createdAt: '2025-01-02T06:00:00Z', author: null }
      ])
    )
    expect(pull.author).toBe('renovate[bot]')
    expect(pull.reviewRequests).toEqual([
      { type: 'requested', at: '2025-01-01T01:00:00Z', reviewer: 'bob' },
      { type: 'requested', at: '2025-01-01T02:00:00Z', reviewer: 'team:core' },
      { type: 'removed', at: '2025-01-01T03:00:00Z', reviewer: 'copilot[bot]' }
    ])
    expect(pull.draftEvents).toEqual([
      { type: 'draft', at: '2025-01-01T00:10:00Z' },
      { type: 'ready', at: '2025-01-01T00:50:00Z' }
    ])
    expect(pull.reviews).toEqual([
      { author: 'carol', state: 'PENDING', submittedAt: '2025-01-01T23:00:00Z' },
      { author: 'bob', state: 'APPROVED', submittedAt: '2025-01-02T01:00:00Z' }
    ])
    expect(pull.comments).toEqual([
      { author: null, at: '2025-01-02T03:00:00Z' },
      { author: 'bob', at: '2025-01-02T04:00:00Z' }
    ])
    expect(pull.firstCommitAt).toBe('2024-12-31T10:00:00Z')
    expect(pull.mergeCommitSha).toBe('a'.repeat(40))
    expect(pull.labels).toEqual(['deps'])
    expect(pull.baseRef).toBe('main')
  })

  it('keeps the first comment of each author only', () => {
    expect(
      firstComments([
        { __typename: 'IssueComment', createdAt: '2025-01-02T00:00:00Z', author: user('a') },
        { __typename: 'IssueComment', createdAt: '2025-01-01T00:00:00Z', author: user('a') },
        { __typename: 'TransferredEvent', createdAt: '2024-01-01T00:00:00Z' }
      ])
    ).toEqual([{ author: 'a', at: '2025-01-01T00:00:00Z' }])
  })

  it('builds an issue with transfers', () => {
    const issue = normalizeIssue({
      id: 'I_1',
      number: 9,
      title: 'Broken',
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-02T00:00:00Z',
      closedAt: null,
      author: user('eve'),
      labels: { totalCount: 0, nodes: [] },
      timelineItems: {
        nodes: [
          {
            __typename: 'TransferredEvent',
            createdAt: '2025-01-01T00:01:00Z',
            fromRepository: { nameWithOwner: 'acme/old' }
          },
          { __typename: 'TransferredEvent', createdAt: '2025-01-01T00:02:00Z', fromRepository: null },
          { __typename: 'IssueComment', createdAt: '2025-01-01T01:00:00Z', author: user('eve') }
        ]
      }
    })
    expect(issue.transfers).toEqual([
      { at: '2025-01-01T00:01:00Z', from: 'acme/old' },
      { at: '2025-01-01T00:02:00Z', from: null }
    ])
    expect(issue.comments).toEqual([{ author: 'eve', at: '2025-01-01T01:00:00Z' }])
  })

  it('maps deployment states, counting a superseded (inactive) deployment as a success', () => {
    expect(deploymentStatus('SUCCESS')).toBe('success')
    expect(deploymentStatus('INACTIVE')).toBe('success')
    expect(deploymentStatus('FAILURE')).toBe('failure')
    expect(deploymentStatus('ERROR')).toBe('error')
    for (const s of ['IN_PROGRESS', 'QUEUED', 'PENDING', 'WAITING'])
      expect(deploymentStatus(s)).toBe('in_progress')
    expect(deploymentStatus(null)).toBe('pending')
    const d = normalizeDeployment({
      id: 'DE_1',
      databaseId: 42,
      environment: 'production',
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-05T00:00:00Z',
      commitOid: 'b'.repeat(40),
      state: 'INACTIVE',
      latestStatus: { state: 'INACTIVE', createdAt: '2025-01-05T00:00:00Z' },
      statuses: {
        nodes: [
          { state: 'INACTIVE', createdAt: '2025-01-05T00:00:00Z' },
          { state: 'SUCCESS', createdAt: '2025-01-01T00:03:00Z' },
          { state: 'IN_PROGRESS', createdAt: '2025-01-01T00:01:00Z' }
        ]
      }
    })
    expect(d).toEqual({
      source: 'deployment',
      id: '42',
      environment: 'production',
      sha: 'b'.repeat(40),
      status: 'success',
      createdAt: '2025-01-01T00:00:00Z',
      finishedAt: '2025-01-01T00:03:00Z'
    })
    // A failed deployment that a later one made inactive stays failed.
    const failed = normalizeDeployment({
      id: 'DE_2',
      databaseId: 43,
      environment: 'production',
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-05T00:00:00Z',
      commitOid: 'c'.repeat(40),
      state: 'INACTIVE',
      latestStatus: { state: 'INACTIVE', createdAt: '2025-01-05T00:00:00Z' },
      statuses: {
        nodes: [
          { state: 'INACTIVE', createdAt: '2025-01-05T00:00:00Z' },
          { state: 'FAILURE', createdAt: '2025-01-01T00:04:00Z' }
        ]
      }
    })
    expect(failed).toMatchObject({ status: 'failure', finishedAt: '2025-01-01T00:04:00Z' })
  })

  it('keeps the environment a deployment names, as GitHub spells it, and null when it names none', () => {
    const node = {
      id: 'DE_3',
      databaseId: 44,
      environment: 'Staging-EU' as string | null,
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
      commitOid: 'd'.repeat(40),
      state: 'SUCCESS',
      latestStatus: { state: 'SUCCESS', createdAt: '2025-01-01T00:02:00Z' },
      statuses: { nodes: [{ state: 'SUCCESS', createdAt: '2025-01-01T00:02:00Z' }] }
    }
    expect(normalizeDeployment(node).environment).toBe('Staging-EU')
    expect(normalizeDeployment({ ...node, environment: null }).environment).toBeNull()
  })

  it('turns published releases, runs and merges into deployments', () => {
    const release = {
      id: 'RE_1',
      databaseId: 7,
      tagName: 'v1.0.0',
      name: 'One',
      createdAt: '2025-01-01T00:00:00Z',
      publishedAt: '2025-01-02T00:00:00Z',
      isDraft: false,
      isPrerelease: false,
      tagCommit: { oid: 'c'.repeat(40) }
    }
    expect(normalizeRelease(release)).toMatchObject({
      source: 'release',
      id: '7',
      environment: null,
      sha: 'c'.repeat(40),
      status: 'success',
      createdAt: '2025-01-02T00:00:00Z'
    })
    expect(normalizeRelease({ ...release, isDraft: true })).toBeNull()
    const run = {
      id: 5,
      head_sha: 'd'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:10:00Z',
      html_url: 'https://github.com/acme/w/actions/runs/5'
    }
    expect(normalizeRun(run)).toMatchObject({
      source: 'workflow_run',
      id: '5',
      environment: null,
      status: 'failure'
    })
    expect(normalizeRun({ ...run, conclusion: 'skipped' })).toBeNull()
    const pulls = [
      { mergedAt: '2025-01-01T00:00:00Z', baseRef: 'main', mergeCommitSha: 'e'.repeat(40) },
      { mergedAt: '2025-01-01T00:00:00Z', baseRef: 'release', mergeCommitSha: 'f'.repeat(40) },
      { mergedAt: null, baseRef: 'main', mergeCommitSha: null }
    ] as Parameters<typeof mergeDeployments>[0]
    expect(mergeDeployments(pulls, 'main')).toEqual([
      {
        source: 'merge',
        id: 'e'.repeat(40),
        environment: null,
        sha: 'e'.repeat(40),
        status: 'success',
        createdAt: '2025-01-01T00:00:00Z',
        finishedAt: '2025-01-01T00:00:00Z'
      }
    ])
  })
})
