/**
 * The Git Data API backend: the data branch read with one GraphQL request (./read.ts), written as one
 * commit (./commit.ts). When another writer moved the branch first, the save re-reads the new head,
 * re-applies the same upserts and files on it and tries again after a jittered backoff. It never
 * forces a ref update, so no other writer's records are ever dropped.
 */
import {
  type DataStore,
  type FileChange,
  type HistoryUpdate,
  type LoadedState,
  type SaveResult
} from '../types.js'
import { META_PATH, parseMeta } from '../meta.js'
import { type SavePlan, checkFileChanges, filesToRead, planSave } from '../plan.js'
import { historyFromShards, withShardChanges } from '../shards.js'
import { type GitDataStoreOptions, gitContext } from './context.js'
import {
  type BranchState,
  type ReadResult,
  createHistoryReader,
  listFiles,
  readFiles,
  readHeadAndFiles
} from './read.js'
import { createCommitter } from './commit.js'

export type { GitDataStoreOptions, Octokit } from './context.js'
export { buildReadQuery, LIST_QUERY } from './queries.js'
export type { ReadQueryOptions } from './queries.js'

/** The jittered backoff before retry `attempt` (1-based): doubling from `base`, capped at 5 s, ±50%. */
function backoffDelay(attempt: number, base: number, random: () => number): number {
  const step = Math.min(5000, base * 2 ** (attempt - 1))
  return Math.round(step * (0.5 + random()))
}

/** The state cached after a commit that landed. */
function stateAfter(state: BranchState, plan: SavePlan, landed: { sha: string; tree: string }): BranchState {
  return {
    head: landed.sha,
    tree: landed.tree,
    metaText: plan.writes.has(META_PATH) ? (plan.writes.get(META_PATH) as string) : state.metaText,
    shards: withShardChanges(state.shards, plan.shardChanges)
  }
}

export function createGitDataStore(options: GitDataStoreOptions): DataStore {
  const ctx = gitContext(options)
  const { description, repository } = ctx
  const filesOnly = options.filesOnly ?? false
  const maxAttempts = options.maxAttempts ?? 8
  const backoffMs = options.backoffMs ?? 100
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const readFull = createHistoryReader(ctx, { splitThreshold: options.splitThreshold ?? 8_000_000 })
  const { commit } = createCommitter(ctx, {
    inlineLimit: options.inlineLimit ?? 400_000,
    currentHead: async () => (await readHeadAndFiles(ctx, [], false)).state.head
  })
  /** What load() or the last save saw, so a save right after reads only the head and its files. */
  let cache: BranchState | null = null

  async function readForSave(files: FileChange[], firstAttempt: boolean): Promise<ReadResult> {
    const wanted = filesToRead(files)
    if (firstAttempt && cache) {
      if (wanted.length === 0) return { state: cache, files: new Map() }
      const probe = await readHeadAndFiles(ctx, wanted, false)
      if (probe.state.head === cache.head) return { state: cache, files: probe.files }
    }
    return readFull(wanted)
  }

  async function save(update: HistoryUpdate, files: FileChange[], message: string): Promise<SaveResult> {
    checkFileChanges(files)
    let retries = 0
    let refused: { sha: string; paths: string[] } | null = null
    for (let attempt = 1; ; attempt++) {
      const { state, files: current } = await readForSave(files, attempt === 1)
      if (refused !== null && state.head === refused.sha) {
        // a retried request had landed after all (the refusal was for its repeat): done
        cache = state
        return { committed: true, commitSha: refused.sha, retries, paths: refused.paths }
      }
      // refuses a newer schema before anything is written
      const plan = planSave(state, update, files, current, description, repository, filesOnly)
      if (plan.writes.size === 0) {
        cache = state
        return { committed: false, commitSha: state.head, retries, paths: [] }
      }
      const paths = [...plan.writes.keys()].sort()
      const outcome = await commit(state, plan, message)
      if (!('conflict' in outcome)) {
        cache = stateAfter(state, plan, outcome)
        return { committed: true, commitSha: outcome.sha, retries, paths }
      }
      retries++
      cache = null
      refused = { sha: outcome.conflict, paths }
      if (attempt >= maxAttempts) {
        throw new Error(
          `Could not save to ${description}: other writers moved the branch ${retries} times in a row. Nothing was lost or forced; run the job again.`
        )
      }
      const wait = backoffDelay(attempt, backoffMs, random)
      ctx.log(`${description} moved while saving (attempt ${attempt}); re-reading and retrying in ${wait} ms`)
      await sleep(wait)
    }
  }

  return {
    description,

    async load(): Promise<LoadedState> {
      const { state } = await readFull([])
      const { meta } = parseMeta(state.metaText, description, repository)
      cache = state
      return { meta, history: historyFromShards(state.shards, meta), head: state.head }
    },

    async readFile(path: string): Promise<string | null> {
      return (await readFiles(ctx, [path])).get(path) ?? null
    },

    readFiles: (paths) => readFiles(ctx, paths),

    async list(prefix: string): Promise<string[]> {
      const clean = prefix.replace(/^\/+|\/+$/g, '')
      return (await listFiles(ctx, clean)).sort()
    },

    save
  }
}
