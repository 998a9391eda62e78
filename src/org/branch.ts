/**
 * What organization mode's jobs keep on the central branch — the plan, each shard's result, the org
 * meta — with their readers, and what every job is given (OrgDeps).
 */
import type { GitHubClient } from '../github/client.js'
import type { Logger } from '../log.js'
import type { IssueApi } from '../notify/index.js'
import type { HistorySource } from '../pipeline/types.js'
import type { Settings } from '../settings-types.js'
import type { CommitBatch } from '../store/git/batch.js'
import type { DataStore } from '../store/types.js'
import type { RepositoryStatus } from './plan.js'
import type { RepositoryRun } from './sync.js'

export const PLAN_PATH = 'org/plan.json'
export const META_PATH = 'org/meta.json'
export const shardResultPath = (shard: number) => `org/runs/shard-${shard}.json`
/** A repository's folder on the central branch. */
export const repositoryRoot = (repository: string) => `repos/${repository}`

export interface OrgPlanFile {
  version: 1
  organization: string
  generatedAt: string
  /** The `until` every shard measures to (the plan's time, or the `until` input). */
  until: string
  /** The period and the window's end as the plan resolved them (a calendar window ends before `until`). */
  period: string
  windowUntil: string
  layout: Settings['org']['layout']
  /** 1-based `shard`, as the matrix names it. */
  shards: Array<{ shard: number; repositories: string[]; points: number; budget: number }>
  skipped: Array<{ repository: string; reason: string }>
  /**
   * Repositories the org meta tracks that the listing no longer shows the read token (access taken
   * away, the App's installation narrowed, renamed or deleted): the report names them as failed.
   */
  missing?: Array<{ repository: string; reason: string }>
  budget: { remaining: number | null; planned: number }
}

export interface ShardResultFile {
  version: 1
  planGeneratedAt: string
  shard: number
  finishedAt: string
  runs: RepositoryRun[]
}

/** Per repository, where it stands after the last roll-up; the cursor of its history is its own meta.json. */
export interface OrgMetaFile {
  version: 1
  updatedAt: string
  repositories: Record<string, RepositoryStatus & { lastRunAt: string; message?: string; requests: number }>
  /** What the notifications of a period got to, for the next run to continue (src/org/notify.ts). */
  notifications?: unknown
}

export interface OrgDeps {
  settings: Settings
  log: Logger
  now: Date
  /** A client that reads the organization (the read token), stopping at `budget` requests when given. */
  readClient: (budget: number | null) => GitHubClient
  /** The central branch's own files (org/, reports/). */
  central: DataStore
  /** A repository's store; its saves go to `batch` when one is given. */
  repositoryStore: (repository: string, batch: CommitBatch | null) => DataStore
  /** A batch of saves on the central branch, or null where saves are committed one by one. */
  newBatch: () => CommitBatch | null
  historyFor: (client: GitHubClient, repository: string) => HistorySource
  setOutput: (name: string, value: string) => void
  /** A file of the metrics repository's default branch (the groups file), or null when absent. */
  readRepositoryFile: (path: string) => Promise<string | null>
  /** Writes the central issue (the workflow's token) and, when asked, the repositories' issues (the read token). */
  issues: { central: IssueApi; repositories: IssueApi }
}

export function parseJson<T>(text: string, path: string, fix: string): T {
  try {
    return JSON.parse(text) as T
  } catch (error) {
    throw new Error(`${path} on the data branch is not valid JSON (${(error as Error).message}): ${fix}`)
  }
}

export async function readMeta(central: DataStore): Promise<OrgMetaFile | null> {
  const text = await central.readFile(META_PATH)
  return text === null
    ? null
    : parseJson<OrgMetaFile>(text, META_PATH, 'delete it; the next run writes it again.')
}

export async function readPlan(central: DataStore, description: string): Promise<OrgPlanFile> {
  const text = await central.readFile(PLAN_PATH)
  if (text === null) {
    throw new Error(
      `No plan: ${PLAN_PATH} is missing on ${description}. Run mode org-plan first (the plan job of the organization workflow), or mode org for all three steps in one job.`
    )
  }
  const plan = parseJson<OrgPlanFile>(text, PLAN_PATH, 'run mode org-plan again.')
  if (plan.version !== 1 || !Array.isArray(plan.shards)) {
    throw new Error(
      `${PLAN_PATH} is not a plan this build reads (version ${String(plan.version)}): run mode org-plan again.`
    )
  }
  return plan
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
