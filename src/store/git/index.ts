/**
 * The Git Data API backend: the data branch read with one GraphQL request (./read.ts), written as one
 * commit (./commit.ts), or for a large save as several, history shards first and meta.json with the
 * caller's files last (./bounds.ts), so a run stopped between them leaves a consistent branch whose
 * checkpoints have not moved. When another writer moved the branch first, the save re-reads the new
 * head, re-applies the same upserts and files on it and tries again after a jittered backoff. It
 * never forces a ref update, so no other writer's records are ever dropped.
 */
import {
  type DataStore,
  type FileChange,
  type HistoryUpdate,
  type LoadedState,
  type SaveResult
} from '../types.js'
import { META_PATH, parseMeta } from '../meta.js'
import { checkFileChanges, filesToRead, planSave } from '../plan.js'
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
import { type Writes, createCommitter } from './commit.js'
import { COMMIT_CONTENT_BYTES, REQUEST_BODY_LIMIT, splitIntoCommits } from './bounds.js'
import { createAddFile } from './add-file.js'

export type { GitDataStoreOptions, Octokit } from './context.js'
export { buildReadQuery, LIST_QUERY } from './queries.js'
export type { ReadQueryOptions } from './queries.js'

/** The jittered backoff before retry `attempt` (1-based): doubling from `base`, capped at 5 s, ±50%. */
function backoffDelay(attempt: number, base: number, random: () => number): number {
  const step = Math.min(5000, base * 2 ** (attempt - 1))
  return Math.round(step * (0.5 + random()))
}

/** The state after a commit of `writes` landed (`shardChanges`: the save's shard writes). */
function stateAfter(
  state: BranchState,
  writes: Writes,
  shardChanges: Map<string, string | null>,
  landed: { sha: string; tree: string }
): BranchState {
  return {
    head: landed.sha,
    tree: landed.tree,
    metaText: writes.has(META_PATH) ? (writes.get(META_PATH) as string) : state.metaText,
    shards: withShardChanges(state.shards, new Map([...writes].filter(([path]) => shardChanges.has(path))))
  }
}

/** A commit's message: the caller's, marked with its part when the save is split. */
function partMessage(message: string, part: number, parts: number, final: boolean): string {
  if (parts === 1) return message
  return `${message} (part ${part} of ${parts}${final ? '' : ': history'})`
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
  const commitBytes = options.commitBytes ?? COMMIT_CONTENT_BYTES
  const { commit, checkSizes } = createCommitter(ctx, {
    inlineLimit: options.inlineLimit ?? 400_000,
    bodyLimit: options.requestBodyLimit ?? REQUEST_BODY_LIMIT,
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
    /** Conflicts since the last commit that landed. */
    let inARow = 0
    /** The commit refused last: a repeat of a request that had landed may be refused. */
    let refused: { sha: string; paths: string[]; final: boolean } | null = null
    /** Paths of the commits of this save that landed. */
    const written = new Set<string>()
    const result = (commitSha: string | null): SaveResult => ({
      committed: written.size > 0,
      commitSha,
      retries,
      paths: [...written].sort()
    })
    for (let attempt = 1; ; attempt++) {
      const read = await readForSave(files, attempt === 1)
      let state = read.state
      if (refused !== null && state.head === refused.sha) {
        // a retried request had landed after all (the refusal was for its repeat)
        for (const path of refused.paths) written.add(path)
        if (refused.final) {
          cache = state
          return result(refused.sha)
        }
      }
      refused = null
      // refuses a newer schema before anything is written
      const plan = planSave(state, update, files, read.files, description, repository, filesOnly)
      if (plan.writes.size === 0) {
        cache = state
        return result(state.head)
      }
      checkSizes(plan.writes)
      const batches = splitIntoCommits(plan.writes, (path) => plan.shardChanges.has(path), commitBytes)
      for (const [i, batch] of batches.entries()) {
        const outcome = await commit(
          state,
          batch.writes,
          partMessage(message, i + 1, batches.length, batch.final)
        )
        const paths = [...batch.writes.keys()]
        if ('conflict' in outcome) {
          refused = { sha: outcome.conflict, paths, final: batch.final }
          break
        }
        state = stateAfter(state, batch.writes, plan.shardChanges, outcome)
        cache = state
        inARow = 0
        for (const path of paths) written.add(path)
        if (batch.final) return result(outcome.sha)
      }
      // a commit was refused: another writer moved the branch
      retries++
      inARow++
      cache = null
      if (inARow >= maxAttempts) {
        throw new Error(
          `Could not save to ${description}: other writers moved the branch ${inARow} times in a row. Nothing was lost or forced; run the job again.`
        )
      }
      const wait = backoffDelay(inARow, backoffMs, random)
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

    save,

    // one new file (a record run's inbox entry) in one request; a missing branch is created by save
    addFile: createAddFile(ctx, {
      backoffMs,
      sleep,
      createBranch: (path, content, message) => save({}, [{ path, content }], message)
    })
  }
}
