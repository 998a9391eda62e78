/**
 * Shared shapes inside the emulator. The HTTP server (server.ts) turns each request into an
 * EmulatorRequest and hands repository routes to the modules that own them (git/ owns the Git Data
 * API and the data-branch object store).
 */
export interface EmulatorRequest {
  method: string
  /** Path after `/repos/{owner}/{repo}`, e.g. `/git/refs/heads/main`; no query string. */
  path: string
  query: URLSearchParams
  /** Parsed JSON body (undefined when none). */
  body: unknown
  headers: Record<string, string | string[] | undefined>
  /** Base URL of the emulator, e.g. `http://127.0.0.1:4567` (for `url` fields in responses). */
  baseUrl: string
  owner: string
  repo: string
}

export interface EmulatorResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * The emulator's seed: one repository's history in GitHub's own terms. Produced by the dataset
 * loader (dataset.ts, from ../shared/datasets layout) or by the generator (generate.ts); served by
 * the GraphQL and REST layers. Arrays are in time order (oldest first) unless said otherwise.
 */
export type ActorType = 'User' | 'Bot' | 'Mannequin'

export interface SeedActor {
  /** As GitHub's GraphQL shows it: a Bot's login has no `[bot]` suffix here (REST adds it). */
  login: string
  type: ActorType
}

export type SeedRequestedReviewer =
  { type: 'User' | 'Bot' | 'Mannequin'; login: string } | { type: 'Team'; slug: string }

export type SeedTimelineItem =
  | {
      type: 'ReviewRequestedEvent'
      createdAt: string
      actor: SeedActor | null
      reviewer: SeedRequestedReviewer
    }
  | {
      type: 'ReviewRequestRemovedEvent'
      createdAt: string
      actor: SeedActor | null
      reviewer: SeedRequestedReviewer
    }
  | { type: 'ReadyForReviewEvent'; createdAt: string; actor: SeedActor | null }
  | { type: 'ConvertToDraftEvent'; createdAt: string; actor: SeedActor | null }
  | { type: 'ClosedEvent' | 'ReopenedEvent' | 'MergedEvent'; createdAt: string; actor: SeedActor | null }
  | { type: 'TransferredEvent'; createdAt: string; actor: SeedActor | null; fromRepository: string | null }

export type SeedReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING'

export interface SeedReview {
  databaseId: number
  author: SeedActor | null
  state: SeedReviewState
  /** null only for PENDING reviews. */
  submittedAt: string | null
  createdAt: string
  commitOid: string | null
}

export interface SeedComment {
  databaseId: number
  author: SeedActor | null
  createdAt: string
}

export interface SeedCommitRef {
  oid: string
  authoredDate: string
  committedDate: string
}

export interface SeedPull {
  number: number
  /** GraphQL node id. */
  id: string
  databaseId: number
  title: string
  author: SeedActor | null
  createdAt: string
  updatedAt: string
  closedAt: string | null
  mergedAt: string | null
  mergedBy: SeedActor | null
  isDraft: boolean
  baseRefName: string
  headRefName: string
  additions: number
  deletions: number
  mergeCommitOid: string | null
  labels: string[]
  /** The pull request's own commits, oldest first (may be empty when unknown). */
  commits: SeedCommitRef[]
  reviews: SeedReview[]
  comments: SeedComment[]
  /** Events other than reviews and comments (those are timeline items too, derived from the arrays above). */
  events: SeedTimelineItem[]
}

export interface SeedIssue {
  number: number
  id: string
  databaseId: number
  title: string
  author: SeedActor | null
  createdAt: string
  updatedAt: string
  closedAt: string | null
  labels: string[]
  comments: SeedComment[]
  events: SeedTimelineItem[]
}

export interface SeedCommit {
  oid: string
  parents: string[]
  authoredDate: string
  committedDate: string
  authorName: string
  message: string
}

export interface SeedDeploymentStatus {
  id: number
  state: 'SUCCESS' | 'FAILURE' | 'ERROR' | 'INACTIVE' | 'IN_PROGRESS' | 'PENDING' | 'QUEUED' | 'WAITING'
  createdAt: string
}

export interface SeedDeployment {
  databaseId: number
  id: string
  environment: string
  sha: string
  ref: string
  task: string
  createdAt: string
  updatedAt: string
  creator: SeedActor
  statuses: SeedDeploymentStatus[]
}

export interface SeedRelease {
  databaseId: number
  id: string
  tagName: string
  name: string
  tagCommitOid: string
  createdAt: string
  publishedAt: string | null
  isDraft: boolean
  isPrerelease: boolean
  author: SeedActor | null
}

export interface SeedWorkflow {
  id: number
  name: string
  /** `.github/workflows/deploy.yml` */
  path: string
  state: 'active'
}

export interface SeedWorkflowRun {
  id: number
  workflowId: number
  name: string
  headSha: string
  headBranch: string
  event: string
  status: 'completed' | 'in_progress' | 'queued'
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | null
  runNumber: number
  runAttempt: number
  createdAt: string
  updatedAt: string
  runStartedAt: string
  actor: SeedActor
}

export interface SeedTeam {
  slug: string
  name: string
  members: string[]
}

export interface SeedLabel {
  name: string
  color: string
  description: string | null
}

export interface SeedRepository {
  owner: string
  name: string
  /** Owner is an organization (teams are only served for organizations). */
  ownerIsOrganization: boolean
  defaultBranch: string
  createdAt: string
  /** The moment the history ends (dataset archive time, or generator end). */
  until: string
  labels: SeedLabel[]
  teams: SeedTeam[]
  pulls: SeedPull[]
  issues: SeedIssue[]
  /** Default-branch commits, newest first (as `git log` lists them). */
  commits: SeedCommit[]
  deployments: SeedDeployment[]
  releases: SeedRelease[]
  workflows: SeedWorkflow[]
  workflowRuns: SeedWorkflowRun[]
  /** Absent: `public` (as every single-repository seed was). */
  visibility?: RepositoryVisibility
  /** Absent: false. */
  archived?: boolean
  /** Absent: false (a fork's history is served like any other). */
  fork?: boolean
  /** Absent: none. */
  topics?: string[]
  /** Absent: null. */
  description?: string | null
}

export type RepositoryVisibility = 'public' | 'private' | 'internal'
