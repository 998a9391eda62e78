/**
 * History sync: reads the repository's history into normalized records with as few requests as the
 * API allows, incrementally (checkpoints per collection in meta.checkpoints) and resumably: a spent
 * request budget, a rate limit of any form or pages that cannot shrink below one item stop the run
 * cleanly (complete: false, a note saying why and when the limit resets), a collection the token may
 * not read is skipped with a note naming the permission, and the next run continues where it stopped.
 *
 * The collections are data (./collections): each descriptor carries its walk and checkpoint, its part
 * of a round, its normalizer and the stored collection its records go to. The sync is a sequence of
 * phases over them:
 * 1. plan: the descriptors the settings call for, each with its walker resumed from its checkpoint;
 * 2. GraphQL rounds: one request per round carries the next page of every collection still being read
 *    (./rounds.ts);
 * 3. timeline follow-ups: timelines longer than one page are completed (batched across rounds; what
 *    still waits is read now, even on a spent budget) (./timelines.ts);
 * 4. REST collections (workflow runs);
 * 5. the deployment source (`auto` chooses from the data) and derived collections (merges);
 * 6. team membership;
 * 7. checkpoints and the result.
 */
import type { Logger } from '../log.js'
import type { CollectionName, DeploymentSource } from '../model.js'
import type { DeploymentSourceSetting } from '../settings-types.js'
import type { Checkpoint, HistoryUpdate } from '../store/types.js'
import { describeRateLimit, type GitHubClient, type RequestCounts } from './client.js'
import { planCollections, type SyncPlan } from './collections/index.js'
import type { SyncBudget, SyncContext } from './collections/types.js'
import { DEFAULT_PAGE_SIZES, PageSizeController, type PageSizes } from './page-size.js'
import { SYNCED_COLLECTIONS, SyncRecords } from './records.js'
import { stopsTheSync } from './errors.js'
import { readRounds } from './rounds.js'
import { noteStop } from './stops.js'
import { TimelineFollowUps } from './timelines.js'

export { CHECKPOINT_KEYS } from './checkpoints.js'
export { notFoundPartialData } from './graphql-request.js'
export { DEFAULT_PAGE_SIZES, MIN_PAGE_SIZES, type PageSizes } from './page-size.js'

export interface SyncOptions {
  client: GitHubClient
  owner: string
  repo: string
  /** meta.checkpoints as stored (the sync reads its own keys and ignores others). */
  checkpoints: Record<string, Checkpoint>
  /** Records stored per collection (for the log). */
  stored?: Partial<Record<CollectionName, number>>
  /** meta.teams as stored, so the update can carry the merged team map. */
  storedTeams?: Record<string, string[]> | null
  deploymentSource: DeploymentSourceSetting
  deploymentEnvironment: string
  /** Oldest history the run needs (null: all). */
  since: string | null
  /** End of the report window. The store keeps complete history, so it does not cut the sync. */
  until: string | null
  log: Logger
  /**
   * Requests to leave in the budget for the rest of the run (store writes, report commit, notification).
   * Default: half the request budget, at most 12 (0 without a budget). Each run still reads at least
   * one round, so even a tiny budget makes progress.
   */
  keepRequests?: number
  pageSizes?: Partial<PageSizes>
  /** Clock (tests). */
  now?: () => Date
}

export interface SyncResult {
  /** Records read, new checkpoints, teams and default branch: hand it to DataStore.save. */
  update: HistoryUpdate
  /** False when the budget (or rate-limit reserve) stopped the sync: the data is partial, the next run resumes. */
  complete: boolean
  /** The deployment source the records come from (for `auto`, the one it chose). */
  deploymentSource: DeploymentSource
  /** Notices to show once (in the log, and in the report when the integrator wants). */
  notes: string[]
  /** Requests this sync made. */
  requests: RequestCounts
  /** Per collection: records read in this run, and whether it is up to date. */
  collections: Record<string, { read: number; complete: boolean }>
}

function diffCounts(a: RequestCounts, b: RequestCounts): RequestCounts {
  return { total: a.total - b.total, graphql: a.graphql - b.graphql, rest: a.rest - b.rest }
}

function syncBudget(client: GitHubClient, keepRequests: number | undefined): SyncBudget {
  const limit = client.budget.limit
  const keep = keepRequests ?? (limit === null ? 0 : Math.min(12, Math.floor(limit / 2)))
  const left = () => client.budget.remaining() - keep
  const rateLimitLow = () => {
    const info = client.rateLimit('graphql') ?? client.rateLimit()
    return info !== null && info.remaining <= client.budget.reserveFor(info.limit)
  }
  return { left, rateLimitLow, allows: () => left() > 0 && !rateLimitLow() }
}

function syncContext(opts: SyncOptions): SyncContext {
  const { client, log } = opts
  const pages = new PageSizeController({ ...DEFAULT_PAGE_SIZES, ...opts.pageSizes })
  return {
    client,
    owner: opts.owner,
    repo: opts.repo,
    log,
    now: opts.now ?? (() => new Date()),
    stored: opts.checkpoints ?? {},
    since: opts.since,
    setting: opts.deploymentSource,
    environment: opts.deploymentEnvironment,
    pages,
    records: new SyncRecords(),
    followUps: new TimelineFollowUps({ client, pages, log }),
    budget: syncBudget(client, opts.keepRequests),
    notes: [],
    repository: { found: false, defaultBranch: null },
    stop: { reason: null }
  }
}

function logPlan(ctx: SyncContext, plan: SyncPlan, opts: SyncOptions): void {
  const { log } = ctx
  for (const { walker } of plan.all) {
    if (walker?.reset) log.info(`Sync of ${walker.name} starts over: ${walker.reset}.`)
  }
  if (opts.stored) {
    const parts = Object.entries(opts.stored).map(([k, v]) => `${v} ${k}`)
    if (parts.length) log.debug(`Stored before the sync: ${parts.join(', ')}.`)
  }
  if (opts.until)
    log.debug(
      `until ${opts.until}: the sync still reads everything up to now (the store keeps full history).`
    )
}

/** Why the budget check stopped the sync: the request budget, or the rate limit down to its reserve. */
function budgetNote(ctx: SyncContext, requests: RequestCounts): string {
  const partial = 'the report is partial and the next run continues where this one stopped.'
  if (ctx.budget.rateLimitLow()) {
    const info = ctx.client.rateLimit('graphql') ?? ctx.client.rateLimit()
    return (
      `GitHub's rate limit is down to the reserve kept for the rest of the run (${info?.remaining} of ` +
      `${info?.limit} left) and stopped the history sync; the budget resets at ${info?.resetAt}: ${partial}`
    )
  }
  return `The request budget stopped the history sync after ${requests.total} requests: ${partial}`
}

/** Phase 7: the update (records, checkpoints, teams, default branch) and the run's summary. */
function result(
  ctx: SyncContext,
  plan: SyncPlan,
  run: { stopped: boolean; chosen: DeploymentSource; requests: RequestCounts }
): SyncResult {
  const { log, records, notes } = ctx
  const { stopped, chosen, requests } = run
  const complete = !stopped && plan.all.every((c) => c.complete()) && plan.teams.complete()
  const checkpoints: Record<string, Checkpoint | null> = Object.assign(
    {},
    ...plan.all.map((c) => c.checkpoints()),
    plan.source.checkpoints(chosen),
    plan.teams.checkpoints()
  )
  if (stopped || !plan.teams.complete()) {
    const message = ctx.stop.reason ?? budgetNote(ctx, requests)
    log.notice(message)
    notes.push(message)
  }
  const collections: SyncResult['collections'] = {}
  for (const name of SYNCED_COLLECTIONS) {
    const writers = plan.all.filter((c) => c.records === name)
    collections[name] = { read: records.count(name), complete: writers.every((c) => c.complete()) }
  }
  log.info(
    `Synced ${records.count('pulls')} pull requests, ${records.count('issues')} issues, ` +
      `${records.count('commits')} commits and ${records.count('deployments')} deployments (${chosen}) in ` +
      `${requests.total} requests (${requests.graphql} GraphQL, ${requests.rest} REST)` +
      `${complete ? '' : '; partial, to be continued'}.`
  )
  log.info(
    `${describeRateLimit(ctx.client.rateLimit('graphql') ?? ctx.client.rateLimit())} (at the end of the sync).`
  )
  const update: HistoryUpdate = {
    pulls: records.values('pulls'),
    issues: records.values('issues'),
    commits: records.values('commits'),
    deployments: records.values('deployments'),
    checkpoints
  }
  if (plan.teams.teams !== undefined) update.teams = plan.teams.teams
  if (ctx.repository.found) update.defaultBranch = ctx.repository.defaultBranch
  return { update, complete, deploymentSource: chosen, notes, requests, collections }
}

/**
 * Runs a phase; a failure that stops the sync (a rate limit, the spent budget, pages at one item) is
 * noted and answers true, anything else is thrown.
 */
async function stopsCleanly(ctx: SyncContext, phase: () => Promise<void>): Promise<boolean> {
  try {
    await phase()
    return false
  } catch (error) {
    if (!stopsTheSync(error)) throw error
    noteStop(ctx, error)
    return true
  }
}

export async function syncHistory(opts: SyncOptions): Promise<SyncResult> {
  // The sync never sends a request past the request budget (retries included).
  const held = opts.client.budget.enforced
  opts.client.budget.enforce(true)
  try {
    return await sync(opts)
  } finally {
    opts.client.budget.enforce(held)
  }
}

async function sync(opts: SyncOptions): Promise<SyncResult> {
  const startCounts = opts.client.requests()
  const ctx = syncContext(opts)
  // 1. Plan: the collections the settings call for, resumed from their checkpoints.
  const plan = planCollections(ctx, opts.storedTeams ?? null)
  logPlan(ctx, plan, opts)
  // 2. GraphQL rounds, and 3. the timeline follow-ups still waiting (read even on a spent budget).
  let stopped = await readRounds(ctx, plan.rounds)
  stopped = (await stopsCleanly(ctx, () => ctx.followUps.flush())) || stopped
  // 4. REST collections.
  for (const collection of plan.rest) {
    if (stopped) break
    let early = false
    stopped = (await stopsCleanly(ctx, async () => void (early = await collection.read()))) || early
  }
  // 5. The deployment source, and what derives from the records read.
  const chosen = plan.source.choose(plan.all)
  for (const collection of plan.derived) collection.derive(chosen)
  // 6. Team membership (the run that completes the walks reads it even on a spent budget).
  await plan.teams.read(!stopped && plan.all.every((c) => !c.walker || c.walker.complete))
  // 7. Checkpoints and the result.
  return result(ctx, plan, { stopped, chosen, requests: diffCounts(opts.client.requests(), startCounts) })
}
