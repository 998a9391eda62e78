/**
 * Organization mode's plan: what each repository is expected to cost this run, shards of about equal
 * cost for the matrix jobs, and each shard's share of the one credential's hourly budget. Every job
 * draws on the same installation's budget, so shares are fixed up front; a shard spends its share on
 * bringing each of its repositories up to date first, then on backfills (see DESIGN.md, organization
 * mode).
 */
import { fullName, type ListedRepository } from './select.js'

/** Where a repository stands after the runs so far (the org meta keeps one per repository). */
export interface RepositoryStatus {
  /** `current`: its history is read to the end; `partial`: a backfill is under way; `failed`: the last run failed. */
  state: 'current' | 'partial' | 'failed'
  /** When a run last brought it up to date (ISO), or null. */
  lastCompleteAt: string | null
}

/** GraphQL points a warm report of one repository spends (measured: 7–13 on the demo and the bench). */
export const WARM_POINTS = 15
/** Backfill points per 1,000 pull requests and per 1,000 issues (generated history: about 60 and 20). */
export const POINTS_PER_1000_PULLS = 60
export const POINTS_PER_1000_ISSUES = 20

/** A repository with what the listing says of its size (GraphQL totalCount), when known. */
export interface PlannedRepository extends ListedRepository {
  pullRequests?: number
  issues?: number
}

/**
 * The points a run is expected to spend on the repository: a warm report when it is current, else a
 * backfill of its whole history by its pull request and issue counts (a repository of unknown size
 * counts as 1,000 of each, so it is never planned as free).
 */
export function expectedPoints(repo: PlannedRepository, status: RepositoryStatus | undefined): number {
  if (status?.state === 'current') return WARM_POINTS
  const pulls = repo.pullRequests ?? 1000
  const issues = repo.issues ?? 1000
  return WARM_POINTS + Math.ceil((pulls * POINTS_PER_1000_PULLS + issues * POINTS_PER_1000_ISSUES) / 1000)
}

export interface Shard {
  /** 0-based, the matrix job's index. */
  index: number
  repositories: string[]
  points: number
}

/**
 * Shards of about equal expected cost: the costliest repository first, each to the shard with the
 * least so far (ties: the lower index), names breaking cost ties, so the same inputs give the same
 * plan. No more shards than repositories; every repository in exactly one shard.
 */
export function balanceShards(
  costs: ReadonlyArray<{ repository: string; points: number }>,
  shardCount: number
): Shard[] {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new Error(`Internal: shard count ${shardCount}`)
  const count = Math.max(1, Math.min(shardCount, costs.length))
  const shards: Shard[] = Array.from({ length: count }, (_, index) => ({
    index,
    repositories: [],
    points: 0
  }))
  const ordered = [...costs].sort((a, b) => b.points - a.points || (a.repository < b.repository ? -1 : 1))
  for (const { repository, points } of ordered) {
    let least = shards[0]
    for (const shard of shards) if (shard.points < least.points) least = shard
    least.repositories.push(repository)
    least.points += points
  }
  for (const shard of shards) shard.repositories.sort()
  return shards
}

/**
 * Each shard's share of `remaining` points (what the credential has left this hour, less a reserve):
 * first enough for a warm report of each of its repositories, then the rest in proportion to what its
 * backfills are expected to cost. The shares never add up to more than `remaining`.
 */
export function budgetShares(
  shards: readonly Shard[],
  remaining: number,
  repositoryCount: (s: Shard) => number = (s) => s.repositories.length
): number[] {
  const floors = shards.map((s) => Math.min(s.points, repositoryCount(s) * WARM_POINTS))
  const floorTotal = floors.reduce((a, b) => a + b, 0)
  if (floorTotal >= remaining) {
    // not even every warm report fits: shares in proportion to the floors
    return floors.map((f) => (floorTotal === 0 ? 0 : Math.floor((remaining * f) / floorTotal)))
  }
  const extra = shards.map((s, i) => s.points - floors[i])
  const extraTotal = extra.reduce((a, b) => a + b, 0)
  const spare = remaining - floorTotal
  return floors.map((f, i) => f + (extraTotal === 0 ? 0 : Math.floor((spare * extra[i]) / extraTotal)))
}

/** The plan of one run: shards with their budget shares, for the matrix. */
export interface OrgPlan {
  shards: Array<Shard & { budget: number }>
}

export function planRun(
  repos: readonly PlannedRepository[],
  statuses: Readonly<Record<string, RepositoryStatus>>,
  shardCount: number,
  remainingPoints: number
): OrgPlan {
  const costs = repos.map((r) => ({
    repository: fullName(r),
    points: expectedPoints(r, statuses[fullName(r)])
  }))
  const shards = balanceShards(costs, shardCount)
  const shares = budgetShares(shards, remainingPoints)
  return { shards: shards.map((s, i) => ({ ...s, budget: shares[i] })) }
}
