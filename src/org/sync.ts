/**
 * Organization mode's shard: today's report pipeline once per repository of the shard, each with its
 * store in its own folder of the central data branch (`repos/OWNER/NAME/`), no notification (the
 * org report announces), within the shard's share of the credential's budget. Two passes: first each
 * repository gets enough for a warm report (a current repository is brought up to date), then what
 * is left goes to the backfills still partial, in equal parts. One repository's failure — no access,
 * GitHub's errors, a bad stored file — is recorded with its message and never stops the others; a
 * repository the budget did not reach is recorded as waiting. The next run resumes each where it
 * stopped, from its own cursor on the branch.
 */
import type { GitHubClient } from '../github/client.js'
import type { Logger } from '../log.js'
import type { ReportDeps, ReportOutcome } from '../pipeline/report.js'
import type { Settings } from '../settings-types.js'
import type { DataStore } from '../store/types.js'

export interface RepositoryRun {
  repository: string
  /** `current`: read to the end; `partial`: a backfill goes on next run; `failed`; `waiting`: not reached. */
  state: 'current' | 'partial' | 'failed' | 'waiting'
  /** Why it failed, or what it waits for. */
  message?: string
  /** Requests spent on it this run (both passes). */
  requests: number
  snapshotPath?: string
}

export interface ShardSyncOptions {
  repositories: readonly string[]
  /** Requests this shard may spend in all. */
  budget: number
  /** Requests the first pass gives each repository (default 40: a warm report, measured at 11–19). */
  warmRequests?: number
  /** The repository's settings; every repository gets the same window (the plan's `until`), so their values pool. */
  settingsFor: (repository: string) => Settings
  /** A reading client for the repository that stops at `budget` requests. */
  clientFor: (repository: string, budget: number) => GitHubClient
  /** The repository's store: its folder of the central data branch. */
  storeFor: (repository: string) => DataStore
  /** The report pipeline (src/pipeline/report.ts runReport), given the repository's history source. */
  report: (settings: Settings, deps: ReportDeps) => Promise<ReportOutcome>
  historyFor: (client: GitHubClient, repository: string) => ReportDeps['history']
  log: Logger
  now: () => Date
  /** After each repository's run (a batch of saves may be flushed here). */
  afterRepository?: (run: RepositoryRun) => Promise<void>
  /** After the warm pass when backfills follow, and after the backfill pass: what later runs read must be on the branch by then. */
  afterPass?: (pass: 'warm' | 'backfill') => Promise<void>
}

export const WARM_REQUESTS = 40

/** The message of a failure as the org report shows it (first line; a token never appears in it). */
function failureMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0].replace(/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]+/g, '***')
}

export async function syncShard(options: ShardSyncOptions): Promise<RepositoryRun[]> {
  const { log } = options
  const warm = options.warmRequests ?? WARM_REQUESTS
  let left = options.budget
  const runs = new Map<string, RepositoryRun>(
    options.repositories.map((repository) => [
      repository,
      { repository, state: 'waiting', message: 'the shard’s budget did not reach it', requests: 0 }
    ])
  )

  async function runOne(repository: string, budget: number): Promise<void> {
    const run = runs.get(repository) as RepositoryRun
    const client = options.clientFor(repository, budget)
    try {
      const outcome = await options.report(options.settingsFor(repository), {
        history: options.historyFor(client, repository),
        store: options.storeFor(repository),
        log,
        now: options.now()
      })
      run.state = outcome.complete ? 'current' : 'partial'
      run.snapshotPath = outcome.snapshotPath
      delete run.message
      if (!outcome.complete) run.message = 'the history is still being read; the next run continues'
    } catch (error) {
      run.state = 'failed'
      run.message = failureMessage(error)
      log.warning(`${repository}: ${run.message}`)
    } finally {
      const spent = client.requests().total
      run.requests += spent
      left -= spent
    }
    await options.afterRepository?.(run)
  }

  for (const repository of options.repositories) {
    if (left <= 0) break
    await runOne(repository, Math.min(warm, left))
  }
  const partial = () => [...runs.values()].filter((r) => r.state === 'partial')
  // the backfills re-read their stores: what the warm pass saved must be on the branch
  if (partial().length > 0 && left > 0) await options.afterPass?.('warm')
  for (const run of partial()) {
    const share = Math.floor(left / partial().filter((r) => r.requests <= warm).length || 1)
    if (left <= 0 || share <= 0) break
    await runOne(run.repository, Math.min(share, left))
  }
  await options.afterPass?.('backfill')
  const result = [...runs.values()]
  const count = (state: RepositoryRun['state']) => result.filter((r) => r.state === state).length
  log.info(
    `Shard: ${count('current')} current, ${count('partial')} partial, ${count('failed')} failed, ${count('waiting')} waiting (${options.budget - left} of ${options.budget} requests).`
  )
  return result
}
