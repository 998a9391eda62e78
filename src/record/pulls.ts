/**
 * Folding one pull_request / pull_request_target / pull_request_review event into the stored pull
 * request record. Pure: stored record (or null) + payload → new record.
 *
 * Rules:
 * - The payload's pull request is the current state at the event: title, labels, draft, closed and
 *   merged times replace the stored ones, unless the stored record is newer (updatedAt later than the
 *   payload's; webhooks can arrive out of order), in which case only the event is added.
 * - The event itself is appended to its list: a review request or its removal (at the pull request's
 *   `updated_at`, which is when the request changed it), a draft transition, or a review (at its
 *   `submitted_at`). An entry already present is not added again — a request or draft event of the
 *   same type and reviewer within two minutes with no opposite event between, a review with the same
 *   author and submission time — so replaying an event, or one the sync already stored with its exact
 *   timeline time, changes nothing.
 * - A dismissal marks the stored review DISMISSED (found by author and submission time).
 * - Fields a payload does not carry (first commit time, first comments) are kept from the stored
 *   record; the next report run reconciles the whole record from history anyway.
 */
import type { DraftEvent, PullRequest, Review, ReviewRequestEvent, ReviewState } from '../model.js'
import { loginOf, need, sha40, utc, utcOrNull, type PayloadUser } from './payload.js'

export const PULL_REQUEST_ACTIONS = [
  'opened',
  'ready_for_review',
  'converted_to_draft',
  'review_requested',
  'review_request_removed',
  'closed',
  'reopened'
] as const
export const PULL_REQUEST_REVIEW_ACTIONS = ['submitted', 'dismissed'] as const

/** Two entries of the same kind this close together are one event seen twice. */
export const SAME_EVENT_SECONDS = 120

interface PayloadPullRequest {
  number: number
  title?: string
  user?: PayloadUser | null
  created_at: string
  updated_at: string
  closed_at?: string | null
  merged_at?: string | null
  merge_commit_sha?: string | null
  draft?: boolean
  labels?: Array<{ name?: string }>
  additions?: number
  deletions?: number
  base?: { ref?: string }
}

interface PayloadReview {
  user?: PayloadUser | null
  state?: string
  submitted_at?: string | null
}

export type PullFold = { record: PullRequest; folded: string } | { skipped: string }

/** Why this pull_request(_target) / pull_request_review action is not recorded, or null when it is. */
export function unrecordedAction(eventName: string, action: unknown): string | null {
  const list: readonly string[] =
    eventName === 'pull_request_review' ? PULL_REQUEST_REVIEW_ACTIONS : PULL_REQUEST_ACTIONS
  return list.includes(String(action))
    ? null
    : `${eventName} action "${String(action)}" is not recorded (recorded: ${list.join(', ')})`
}

/** The pull request the event is about (for reading its shard before folding). */
export function payloadPull(
  eventName: string,
  payload: Record<string, unknown>
): { number: number; createdAt: string } {
  const pr = need<PayloadPullRequest>(payload, 'pull_request', eventName)
  if (typeof pr.number !== 'number')
    throw new Error(`The ${eventName} event payload's pull_request has no number`)
  return { number: pr.number, createdAt: utc(pr.created_at, 'pull_request.created_at') }
}

/** The record a payload alone describes (no history of events). */
export function pullFromPayload(pr: PayloadPullRequest): PullRequest {
  const mergedAt = utcOrNull(pr.merged_at, 'pull_request.merged_at')
  return {
    number: pr.number,
    title: pr.title ?? '',
    author: loginOf(pr.user),
    createdAt: utc(pr.created_at, 'pull_request.created_at'),
    updatedAt: utc(pr.updated_at, 'pull_request.updated_at'),
    closedAt: utcOrNull(pr.closed_at, 'pull_request.closed_at'),
    mergedAt,
    isDraft: pr.draft === true,
    draftEvents: [],
    firstCommitAt: null,
    mergeCommitSha: mergedAt ? sha40(pr.merge_commit_sha) : null,
    baseRef: pr.base?.ref ?? '',
    labels: (pr.labels ?? []).map((l) => l.name).filter((n): n is string => typeof n === 'string'),
    additions: typeof pr.additions === 'number' ? pr.additions : 0,
    deletions: typeof pr.deletions === 'number' ? pr.deletions : 0,
    reviewRequests: [],
    reviews: [],
    comments: []
  }
}

/** Same members, any order (REST and GraphQL may list labels differently). */
function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000')
}

/** Current-state fields from the payload over the stored record (when the payload is not older). */
function mergeState(stored: PullRequest | null, fresh: PullRequest, pr: PayloadPullRequest): PullRequest {
  if (!stored) return fresh
  if (Date.parse(stored.updatedAt) > Date.parse(fresh.updatedAt)) return { ...stored }
  return {
    ...stored,
    title: fresh.title || stored.title,
    author: stored.author ?? fresh.author,
    updatedAt: fresh.updatedAt,
    closedAt: fresh.closedAt,
    mergedAt: fresh.mergedAt,
    isDraft: fresh.isDraft,
    mergeCommitSha: fresh.mergedAt ? (fresh.mergeCommitSha ?? stored.mergeCommitSha) : null,
    baseRef: fresh.baseRef || stored.baseRef,
    labels: pr.labels && !sameSet(fresh.labels, stored.labels) ? fresh.labels : stored.labels,
    // review payloads carry a short pull request without line counts
    additions: typeof pr.additions === 'number' ? pr.additions : stored.additions,
    deletions: typeof pr.deletions === 'number' ? pr.deletions : stored.deletions
  }
}

const near = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_EVENT_SECONDS * 1000

/**
 * Whether a typed event (a request or removal for one reviewer, a draft transition) is already in the
 * list: an entry of the same type and subject close in time, with no opposite entry between the two
 * (requested, removed, requested again within a minute are three events, not two).
 */
function alreadyListed<T extends { type: string; at: string }>(
  list: T[],
  entry: T,
  subject: (e: T) => boolean
): boolean {
  const at = Date.parse(entry.at)
  return list.some((e) => {
    if (e.type !== entry.type || !subject(e) || !near(e.at, entry.at)) return false
    const [lo, hi] = [Math.min(at, Date.parse(e.at)), Math.max(at, Date.parse(e.at))]
    return !list.some(
      (o) => o.type !== entry.type && subject(o) && Date.parse(o.at) >= lo && Date.parse(o.at) <= hi
    )
  })
}

/** A copy of the list with the entry inserted in time order (after entries at the same time). */
function insertOnce<T>(list: T[], entry: T, time: (t: T) => string): T[] {
  const at = Date.parse(time(entry))
  let index = list.length
  while (index > 0 && Date.parse(time(list[index - 1])) > at) index--
  return [...list.slice(0, index), entry, ...list.slice(index)]
}

function requestedReviewer(payload: Record<string, unknown>): string | null {
  const team = payload.requested_team as { slug?: string; name?: string } | undefined
  if (team && (team.slug || team.name)) return `team:${team.slug ?? String(team.name).toLowerCase()}`
  return loginOf(payload.requested_reviewer as PayloadUser | undefined)
}

/** Folds a pull_request or pull_request_target event. */
export function foldPullRequestEvent(
  stored: PullRequest | null,
  eventName: string,
  payload: Record<string, unknown>
): PullFold {
  const action = String(payload.action)
  const skipped = unrecordedAction(eventName, action)
  if (skipped) return { skipped }
  const pr = need<PayloadPullRequest>(payload, 'pull_request', eventName)
  const fresh = pullFromPayload(pr)
  const record = mergeState(stored, fresh, pr)
  const at = fresh.updatedAt
  const label = `pull request #${fresh.number}`
  switch (action) {
    case 'review_requested':
    case 'review_request_removed': {
      const reviewer = requestedReviewer(payload)
      if (reviewer === null) return { skipped: `${eventName} ${action} names no reviewer or team` }
      const type = action === 'review_requested' ? 'requested' : 'removed'
      const entry: ReviewRequestEvent = { type, at, reviewer }
      if (!alreadyListed(record.reviewRequests, entry, (e) => e.reviewer === reviewer)) {
        record.reviewRequests = insertOnce(record.reviewRequests, entry, (e) => e.at)
      }
      return {
        record,
        folded: `${label}: review ${type} ${type === 'requested' ? 'from' : 'for'} ${reviewer} at ${at}`
      }
    }
    case 'ready_for_review':
    case 'converted_to_draft': {
      const type = action === 'ready_for_review' ? 'ready' : 'draft'
      const entry: DraftEvent = { type, at }
      if (!alreadyListed(record.draftEvents, entry, () => true)) {
        record.draftEvents = insertOnce(record.draftEvents, entry, (e) => e.at)
      }
      return {
        record,
        folded: `${label}: ${type === 'ready' ? 'ready for review' : 'converted to draft'} at ${at}`
      }
    }
    case 'closed':
      return {
        record,
        folded: `${label}: ${fresh.mergedAt ? `merged at ${fresh.mergedAt}` : `closed at ${fresh.closedAt ?? at}`}`
      }
    case 'reopened':
      return { record, folded: `${label}: reopened at ${at}` }
    default:
      return { record, folded: `${label}: opened at ${fresh.createdAt}${fresh.isDraft ? ' as a draft' : ''}` }
  }
}

const REVIEW_STATES: Record<string, ReviewState> = {
  approved: 'APPROVED',
  changes_requested: 'CHANGES_REQUESTED',
  commented: 'COMMENTED',
  dismissed: 'DISMISSED',
  pending: 'PENDING'
}

/** Folds a pull_request_review event. */
export function foldPullRequestReviewEvent(
  stored: PullRequest | null,
  payload: Record<string, unknown>
): PullFold {
  const eventName = 'pull_request_review'
  const action = String(payload.action)
  const skipped = unrecordedAction(eventName, action)
  if (skipped) return { skipped }
  const pr = need<PayloadPullRequest>(payload, 'pull_request', eventName)
  const review = need<PayloadReview>(payload, 'review', eventName)
  const fresh = pullFromPayload(pr)
  const record = mergeState(stored, fresh, pr)
  const label = `pull request #${fresh.number}`
  const author = loginOf(review.user)
  const submittedAt = utcOrNull(review.submitted_at, 'review.submitted_at')
  if (submittedAt === null)
    return { skipped: `${eventName} ${action}: the review has no submission time (pending)` }
  const state = REVIEW_STATES[String(review.state).toLowerCase()]
  if (!state)
    return { skipped: `${eventName} ${action}: unknown review state ${JSON.stringify(review.state)}` }
  // the same review: same author and submission second (REST and GraphQL report the same time);
  // two reviews by one person a minute apart (a comment, then an approval) are two reviews
  const sameReview = (r: Review) =>
    r.author === author && Date.parse(r.submittedAt) === Date.parse(submittedAt)
  const who = author ?? 'a deleted account'
  if (action === 'dismissed') {
    const index = record.reviews.findIndex(sameReview)
    if (index >= 0) {
      record.reviews = record.reviews.map((r, i) => (i === index ? { ...r, state: 'DISMISSED' } : r))
    } else {
      record.reviews = insertOnce(
        record.reviews,
        { author, state: 'DISMISSED', submittedAt },
        (r) => r.submittedAt
      )
    }
    return { record, folded: `${label}: review by ${who} submitted at ${submittedAt} dismissed` }
  }
  // submitted: a review already stored (maybe since dismissed) is left as it is
  if (!record.reviews.some(sameReview)) {
    record.reviews = insertOnce(record.reviews, { author, state, submittedAt }, (r) => r.submittedAt)
  }
  return { record, folded: `${label}: review by ${who} (${state}) at ${submittedAt}` }
}
