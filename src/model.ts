/**
 * Normalized history records: what the sync produces, the data branch stores and the metrics read.
 *
 * Records are compact: no bodies, nothing derivable. All times are UTC ISO 8601 strings
 * (`2025-07-28T03:00:11Z`). Logins of bot accounts always end in `[bot]` (GraphQL returns a Bot's
 * login without the suffix; the sync adds it), so "is a bot" is `login.endsWith('[bot]')`.
 * A login is `null` when the account was deleted ("ghost").
 */

export type IsoTime = string
export type Login = string

/** A review request made or withdrawn. `reviewer` is a user login, or `team:SLUG` for a team. */
export interface ReviewRequestEvent {
  type: 'requested' | 'removed'
  at: IsoTime
  reviewer: string
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING'

export interface Review {
  author: Login | null
  state: ReviewState
  submittedAt: IsoTime
}

/** The first comment of one author on a pull request or issue (only the first per author is kept). */
export interface FirstComment {
  author: Login | null
  at: IsoTime
}

/** Draft transitions in time order: `ready` = ReadyForReviewEvent, `draft` = ConvertToDraftEvent. */
export interface DraftEvent {
  type: 'ready' | 'draft'
  at: IsoTime
}

export interface PullRequest {
  number: number
  title: string
  author: Login | null
  createdAt: IsoTime
  updatedAt: IsoTime
  closedAt: IsoTime | null
  mergedAt: IsoTime | null
  /** Draft now (at the time of the sync). */
  isDraft: boolean
  draftEvents: DraftEvent[]
  /** Authored time of the pull request's first (oldest) commit; null when unknown. */
  firstCommitAt: IsoTime | null
  mergeCommitSha: string | null
  baseRef: string
  labels: string[]
  additions: number
  deletions: number
  /** Time order. */
  reviewRequests: ReviewRequestEvent[]
  /** Time order (by submittedAt). */
  reviews: Review[]
  /** First comment per distinct author, time order. */
  comments: FirstComment[]
}

export interface IssueTransfer {
  at: IsoTime
  /** `owner/name` the issue came from, when known. */
  from: string | null
}

export interface Issue {
  number: number
  title: string
  author: Login | null
  createdAt: IsoTime
  updatedAt: IsoTime
  closedAt: IsoTime | null
  labels: string[]
  /** First comment per distinct author, time order. */
  comments: FirstComment[]
  transfers: IssueTransfer[]
}

/** A commit on the default branch (for lead time for changes). */
export interface Commit {
  oid: string
  parents: string[]
  committedAt: IsoTime
}

export type DeploymentStatus =
  'success' | 'failure' | 'error' | 'cancelled' | 'in_progress' | 'inactive' | 'pending'

/** Where a deployment record came from. */
export type DeploymentSource = 'deployment' | 'workflow_run' | 'release' | 'merge' | 'ingest'

export interface Deployment {
  source: DeploymentSource
  /** Id within the source: GitHub's deployment / run / release id, a tag or merge sha, or the CI's own id. */
  id: string
  /** For `ingest`: the sending system's `source` field (e.g. `custom-ci`); absent otherwise. */
  provider?: string
  /**
   * As GitHub or the CI names it: the environment of a GitHub Deployment (`deployment`; null when GitHub
   * names none) or what the CI sent (`ingest`). Releases, merges and workflow runs have none: null
   * (records stored before may hold the configured environment of the day, which means nothing).
   * Which environment is production is decided when the metrics are made (src/metrics/deployment-facts.ts).
   */
  environment: string | null
  /** 40-hex commit sha, null when unknown. */
  sha: string | null
  /** Final (or latest) status. */
  status: DeploymentStatus
  createdAt: IsoTime
  finishedAt: IsoTime | null
  url?: string
}

export interface Incident {
  source: 'ingest' | 'issue'
  id: string
  provider?: string
  title: string
  status: 'open' | 'resolved'
  createdAt: IsoTime
  resolvedAt: IsoTime | null
  deploymentId?: string
  url?: string
}

/** Everything the metrics read. */
export interface History {
  repository: string
  defaultBranch: string | null
  pulls: PullRequest[]
  issues: Issue[]
  commits: Commit[]
  deployments: Deployment[]
  incidents: Incident[]
  /** Team slug → member logins; null when the token could not read team membership. */
  teams: Record<string, Login[]> | null
}

export type CollectionName = 'pulls' | 'issues' | 'commits' | 'deployments' | 'incidents'

/**
 * One part of a deployment or incident key: `%` and `:` percent-encoded, so that parts joined by `:`
 * split back one way only. Parts without either character are unchanged, so the keys of records
 * from GitHub (numeric ids, shas, tags) and of most ingested ones are the keys stored before.
 */
function keyPart(text: string): string {
  return text.replace(/%/g, '%25').replace(/:/g, '%3A')
}

/**
 * The key a record is upserted by, unique within its collection. Deployments and incidents are keyed
 * by source, provider and id, each part encoded (keyPart): (provider `ci:east`, id `42`) and (provider
 * `ci`, id `east:42`) are two records. Keys are never stored with the records (shards hold the records
 * and the key is derived on every read), so records written under the earlier, ambiguous keys take
 * the new ones when read: nothing on the data branch needs rewriting.
 */
export function recordKey(collection: CollectionName, record: unknown): string {
  switch (collection) {
    case 'pulls':
    case 'issues':
      return String((record as { number: number }).number)
    case 'commits':
      return (record as Commit).oid
    case 'deployments':
    case 'incidents': {
      const r = record as { source: string; provider?: string; id: string }
      return `${keyPart(r.source)}:${keyPart(r.provider ?? '')}:${keyPart(r.id)}`
    }
  }
}

/** The UTC month (`YYYY-MM`) a record is sharded by. */
export function recordMonth(collection: CollectionName, record: unknown): string {
  const time =
    collection === 'commits' ? (record as Commit).committedAt : (record as { createdAt: IsoTime }).createdAt
  return time.slice(0, 7)
}

export function isBot(login: Login | null): boolean {
  return login !== null && login.endsWith('[bot]')
}
