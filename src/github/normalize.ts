/**
 * GraphQL nodes → normalized records (src/model.ts). Pure functions: no requests, no clock.
 */
import type {
  Commit,
  Deployment,
  DeploymentStatus,
  DraftEvent,
  FirstComment,
  Issue,
  IssueTransfer,
  PullRequest,
  Review,
  ReviewRequestEvent,
  ReviewState
} from '../model.js'

export interface GqlActor {
  __typename?: string
  login?: string | null
}

export interface GqlPageInfo {
  hasNextPage: boolean
  endCursor: string | null
}

export interface GqlTimelineItem {
  __typename: string
  createdAt?: string
  submittedAt?: string | null
  state?: string
  author?: GqlActor | null
  requestedReviewer?: { __typename: string; login?: string; slug?: string } | null
  fromRepository?: { nameWithOwner: string } | null
}

export interface GqlConnection<T> {
  totalCount?: number
  pageInfo?: GqlPageInfo
  nodes: T[]
}

export interface GqlPullNode {
  id: string
  number: number
  title: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  mergedAt: string | null
  isDraft: boolean
  baseRefName: string
  additions: number
  deletions: number
  author: GqlActor | null
  mergeCommit: { oid: string } | null
  labels: GqlConnection<{ name: string }> | null
  commits: GqlConnection<{ commit: { authoredDate: string } }> | null
  timelineItems: GqlConnection<GqlTimelineItem>
}

export interface GqlIssueNode {
  id: string
  number: number
  title: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  author: GqlActor | null
  labels: GqlConnection<{ name: string }> | null
  timelineItems: GqlConnection<GqlTimelineItem>
}

export interface GqlCommitNode {
  oid: string
  committedDate: string
  parents: GqlConnection<{ oid: string }>
}

export interface GqlDeploymentNode {
  id: string
  databaseId: number | null
  environment: string | null
  createdAt: string
  updatedAt: string
  commitOid: string
  state: string | null
  latestStatus: { state: string; createdAt: string } | null
  statuses: GqlConnection<{ state: string; createdAt: string }> | null
}

export interface GqlReleaseNode {
  id: string
  databaseId: number | null
  tagName: string
  name: string | null
  createdAt: string
  publishedAt: string | null
  isDraft: boolean
  isPrerelease: boolean
  tagCommit: { oid: string } | null
}

/**
 * A login as the model stores it: bots get `[bot]` appended (GraphQL omits it), a deleted account
 * (no actor, or GitHub's `ghost` placeholder) is null.
 */
export function actorLogin(actor: GqlActor | null | undefined): string | null {
  if (!actor || !actor.login) return null
  if (actor.login === 'ghost' && actor.__typename !== 'Bot') return null
  if (actor.__typename === 'Bot' && !actor.login.endsWith('[bot]')) return `${actor.login}[bot]`
  return actor.login
}

/** `login`, `login[bot]` or `team:slug`; null for a reviewer whose account is gone. */
export function reviewerName(reviewer: GqlTimelineItem['requestedReviewer']): string | null {
  if (!reviewer) return null
  if (reviewer.__typename === 'Team') return reviewer.slug ? `team:${reviewer.slug}` : null
  return actorLogin({ __typename: reviewer.__typename, login: reviewer.login })
}

const byTime =
  <T>(at: (x: T) => string) =>
  (a: T, b: T) =>
    at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0

/** The first comment of each distinct author (a deleted author counts as one author), time order. */
export function firstComments(items: GqlTimelineItem[]): FirstComment[] {
  const comments = items
    .filter((i) => i.__typename === 'IssueComment' && i.createdAt)
    .map((i) => ({ author: actorLogin(i.author), at: i.createdAt as string }))
    .sort(byTime((c) => c.at))
  const seen = new Set<string | null>()
  const out: FirstComment[] = []
  for (const c of comments) {
    if (seen.has(c.author)) continue
    seen.add(c.author)
    out.push(c)
  }
  return out
}

const REVIEW_STATES = new Set<ReviewState>([
  'APPROVED',
  'CHANGES_REQUESTED',
  'COMMENTED',
  'DISMISSED',
  'PENDING'
])

export function normalizePull(
  node: GqlPullNode,
  timeline: GqlTimelineItem[] = node.timelineItems.nodes
): PullRequest {
  const reviewRequests: ReviewRequestEvent[] = []
  const reviews: Review[] = []
  const draftEvents: DraftEvent[] = []
  for (const item of timeline) {
    switch (item.__typename) {
      case 'ReviewRequestedEvent':
      case 'ReviewRequestRemovedEvent': {
        const reviewer = reviewerName(item.requestedReviewer)
        if (reviewer === null || !item.createdAt) break
        reviewRequests.push({
          type: item.__typename === 'ReviewRequestedEvent' ? 'requested' : 'removed',
          at: item.createdAt,
          reviewer
        })
        break
      }
      case 'ReadyForReviewEvent':
      case 'ConvertToDraftEvent':
        if (item.createdAt) {
          draftEvents.push({
            type: item.__typename === 'ReadyForReviewEvent' ? 'ready' : 'draft',
            at: item.createdAt
          })
        }
        break
      case 'PullRequestReview': {
        const at = item.submittedAt ?? item.createdAt
        const state = item.state as ReviewState
        if (!at || !REVIEW_STATES.has(state)) break
        reviews.push({ author: actorLogin(item.author), state, submittedAt: at })
        break
      }
    }
  }
  reviewRequests.sort(byTime((r) => r.at))
  reviews.sort(byTime((r) => r.submittedAt))
  draftEvents.sort(byTime((d) => d.at))
  return {
    number: node.number,
    title: node.title,
    author: actorLogin(node.author),
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    closedAt: node.closedAt,
    mergedAt: node.mergedAt,
    isDraft: node.isDraft,
    draftEvents,
    firstCommitAt: node.commits?.nodes[0]?.commit.authoredDate ?? null,
    mergeCommitSha: node.mergeCommit?.oid ?? null,
    baseRef: node.baseRefName,
    labels: (node.labels?.nodes ?? []).map((l) => l.name),
    additions: node.additions,
    deletions: node.deletions,
    reviewRequests,
    reviews,
    comments: firstComments(timeline)
  }
}

export function normalizeIssue(
  node: GqlIssueNode,
  timeline: GqlTimelineItem[] = node.timelineItems.nodes
): Issue {
  const transfers: IssueTransfer[] = timeline
    .filter((i) => i.__typename === 'TransferredEvent' && i.createdAt)
    .map((i) => ({ at: i.createdAt as string, from: i.fromRepository?.nameWithOwner ?? null }))
    .sort(byTime((t) => t.at))
  return {
    number: node.number,
    title: node.title,
    author: actorLogin(node.author),
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    closedAt: node.closedAt,
    labels: (node.labels?.nodes ?? []).map((l) => l.name),
    comments: firstComments(timeline),
    transfers
  }
}

export function normalizeCommit(node: GqlCommitNode): Commit {
  return { oid: node.oid, parents: node.parents.nodes.map((p) => p.oid), committedAt: node.committedDate }
}

/**
 * GitHub deployment status → model status. INACTIVE marks a deployment that succeeded and was later
 * superseded by a newer one to the same environment, so it counts as a success.
 */
export function deploymentStatus(state: string | null | undefined): DeploymentStatus {
  switch (state) {
    case 'SUCCESS':
    case 'INACTIVE':
      return 'success'
    case 'FAILURE':
      return 'failure'
    case 'ERROR':
      return 'error'
    case 'IN_PROGRESS':
    case 'QUEUED':
    case 'PENDING':
    case 'WAITING':
      return 'in_progress'
    default:
      return 'pending'
  }
}

/** A deployment's status is final (it will not change any more on its own). */
export function isFinal(status: DeploymentStatus): boolean {
  return status === 'success' || status === 'failure' || status === 'error' || status === 'cancelled'
}

/** A GitHub Deployment as GitHub says it: its environment, outcome and when it finished. */
export function normalizeDeployment(node: GqlDeploymentNode): Deployment {
  const statuses = [...(node.statuses?.nodes ?? [])].sort(byTime((s) => s.createdAt))
  // INACTIVE only says a later deployment replaced this one: the outcome is the last status before
  // it (a failed deployment that became inactive stays failed).
  const outcome = [...statuses].reverse().find((s) => s.state !== 'INACTIVE')
  const latest =
    node.latestStatus?.state === 'INACTIVE' && outcome && outcome.state !== 'SUCCESS'
      ? outcome
      : (node.latestStatus ?? null)
  const status = deploymentStatus(latest?.state)
  // When it finished: the first status that reached the final outcome (a deployment that is inactive
  // now finished when it first succeeded, not when it was superseded).
  let finishedAt: string | null = null
  if (isFinal(status)) {
    const target = status === 'success' ? ['SUCCESS', 'INACTIVE'] : [latest?.state ?? '']
    finishedAt = statuses.find((s) => target.includes(s.state))?.createdAt ?? latest?.createdAt ?? null
  }
  return {
    source: 'deployment',
    id: String(node.databaseId ?? node.id),
    environment: node.environment ?? null,
    sha: node.commitOid || null,
    status,
    createdAt: node.createdAt,
    finishedAt
  }
}

/**
 * A published (non-draft) release is a successful deployment of its tag's commit; null for drafts.
 * GitHub gives a release no environment, so the record names none.
 */
export function normalizeRelease(node: GqlReleaseNode): Deployment | null {
  if (node.isDraft) return null
  const at = node.publishedAt ?? node.createdAt
  return {
    source: 'release',
    id: String(node.databaseId ?? node.id),
    environment: null,
    sha: node.tagCommit?.oid ?? null,
    status: 'success',
    createdAt: at,
    finishedAt: at
  }
}
