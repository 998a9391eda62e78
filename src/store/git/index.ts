/**
 * The Git Data API backend: the data branch read through GraphQL (./read.ts) — whole, or for a report
 * only the months its spans need and the open items (LoadOptions.since) — written as one
 * commit (./commit.ts), or for a large save as several, history shards first and meta.json with the
 * caller's files last (./bounds.ts), so a run stopped between them leaves a consistent branch whose
 * checkpoints have not moved. When another writer moved the branch first, the save re-reads the new
 * head, re-applies the same upserts and files on it and tries again after a jittered backoff. It
 * never forces a ref update, so no other writer's records are ever dropped.
 */
import type { CollectionName } from '../../model.js'
import {
  type DataStore,
  type FileChange,
  type HistoryUpdate,
  type LoadOptions,
  type LoadedState,
  type RecordShards,
  type SaveResult
} from '../types.js'
import { collectionUpdate } from '../merge.js'
import { META_PATH, parseMeta } from '../meta.js'
import { checkFileChanges, filesToRead, gitBlobSha, planSave } from '../plan.js'
import {
  COLLECTIONS,
  OPEN_SHARD,
  historyFromShards,
  parseShardPath,
  recordProblem,
  shardMonth,
  withShardChanges
} from '../shards.js'
import { openPartOf, unreadMonths } from '../layout.js'
import { type GitContext, type GitDataStoreOptions, gitContext } from './context.js'
import {
  type BranchState,
  type ListedShard,
  type ReadResult,
  type WantedFile,
  listFiles,
  readBranch,
  readFiles,
  readHeadAndFiles,
  readShardTexts
} from './read.js'
import { type Writes, committerFor } from './commit.js'
import { COMMIT_CONTENT_BYTES, splitIntoCommits } from './bounds.js'
import { createAddFile } from './add-file.js'
import type { CommitBatch } from './batch.js'

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
  const written = new Map([...writes].filter(([path]) => shardChanges.has(path)))
  const listed = new Map(state.listed)
  for (const [path, text] of written) {
    if (text === null) listed.delete(path)
    else listed.set(path, { oid: gitBlobSha(text), size: Buffer.byteLength(text, 'utf8') })
  }
  return {
    head: landed.sha,
    tree: landed.tree,
    metaText: writes.has(META_PATH) ? (writes.get(META_PATH) as string) : state.metaText,
    shards: withShardChanges(state.shards, written),
    listed,
    partial: state.partial
  }
}

/** The store has not been loaded: a save reads only the shards its update needs. */
const UNLOADED = Symbol('unloaded')

/**
 * Which shards a read takes: after a load with `since`, the months from it on and the open items;
 * before any load (a save alone: ingest, prune), none — the save then reads what its update needs;
 * after a whole load, all. A branch still in the creation-month layout of earlier versions (by its
 * meta.json) is read whole: its next save lays it out again.
 */
function shardSelector(
  since: string | null | typeof UNLOADED,
  where: string,
  repository: string
): ((path: string, metaText: string | null) => boolean) | undefined {
  if (since === null) return undefined
  let activity: boolean | null = null
  return (path, metaText) => {
    activity ??= parseMeta(metaText, where, repository).meta.layout === 'activity'
    if (!activity) return true
    // a save without a load (ingest, prune): the listing only; the save reads what the update needs
    if (since === UNLOADED) return false
    const parsed = parseShardPath(path)
    return parsed !== null && (parsed.month === OPEN_SHARD || parsed.month >= since)
  }
}

/**
 * The listed shards a save of `update` must read first: for a collection with upserts, every part of
 * the earliest month one lands in and of every later month (a stored copy may sit in any month from
 * its old activity on, open.json included, and must be seen to be replaced); for a collection with
 * removals, all of its shards (a removed key may be anywhere).
 */
function shardsToRead(state: BranchState, update: HistoryUpdate): string[] {
  if (!state.partial) return []
  const need = new Set<string>()
  const listed = [...state.listed.keys()]
  for (const collection of COLLECTIONS) {
    const { upserts, removals } = collectionUpdate(update, collection)
    let from: string | null = null
    for (const record of upserts) {
      // a malformed record is refused by the plan, with its message
      if (recordProblem(collection, record) !== null) continue
      const month = shardMonth(collection, record)
      if (from === null || month < from) from = month
    }
    if (removals.length > 0) from = ''
    if (from === null) continue
    for (const path of listed) {
      const parsed = parseShardPath(path)
      if (parsed?.collection === collection && parsed.month >= (from as string)) need.add(path)
    }
  }
  return [...need].filter((path) => !state.shards.has(path))
}

/** A commit's message: the caller's, marked with its part when the save is split. */
function partMessage(message: string, part: number, parts: number, final: boolean): string {
  if (parts === 1) return message
  return `${message} (part ${part} of ${parts}${final ? '' : ': history'})`
}

/** Adds the texts of listed shards to a state (and so to the cache when it is the cache). */
async function readMissingShards(ctx: GitContext, state: BranchState, paths: string[]): Promise<void> {
  if (paths.length === 0) return
  const texts = await readShardTexts(
    ctx,
    paths.map((path) => ({ path, ...(state.listed.get(path) as ListedShard) }))
  )
  for (const [path, text] of texts) state.shards.set(path, text)
  state.partial = state.shards.size < state.listed.size
}

/** The records of some months of one collection at the state's head (read into it when not yet). */
async function readMonths(
  ctx: GitContext,
  state: BranchState,
  collection: CollectionName,
  months: string[]
): Promise<unknown[]> {
  const wanted = new Set(months)
  const paths = [...state.listed.keys()].filter((path) => {
    const parsed = parseShardPath(path)
    return parsed?.collection === collection && wanted.has(parsed.month)
  })
  await readMissingShards(
    ctx,
    state,
    paths.filter((path) => !state.shards.has(path))
  )
  const texts = new Map(paths.map((path) => [path, state.shards.get(path) as string]))
  return historyFromShards(texts, { repository: ctx.repository, defaultBranch: null, teams: null })[
    collection
  ]
}

/**
 * A record run's shards (DataStore.readRecordShards): the listing with meta.json and the inbox, then
 * the chosen shards' texts — two requests, however many parts the open items fill.
 */
async function readRecordShards(
  ctx: GitContext,
  collection: CollectionName,
  months: string[],
  key: string
): Promise<RecordShards> {
  const wanted = new Set(months)
  let firsts: string[] | null | undefined
  const { state } = await readBranch(ctx, [], (path, metaText) => {
    const parsed = parseShardPath(path)
    if (parsed?.collection !== collection || !wanted.has(parsed.month)) return false
    if (parsed.month !== OPEN_SHARD) return true
    firsts ??= parseMeta(metaText, ctx.description, ctx.repository).meta.openParts?.[collection] ?? null
    return firsts === null || parsed.part === openPartOf(firsts, key)
  })
  const openPart = firsts ? openPartOf(firsts, key) : null
  return {
    shards: state.shards,
    inbox: state.inbox ?? new Map(),
    openPart,
    openPartFirstKey: firsts && openPart !== null && openPart > 1 ? firsts[openPart - 2] : null
  }
}

/** What a load returns from the state it read. */
function loadedState(state: BranchState, description: string, repository: string): LoadedState {
  const { meta } = parseMeta(state.metaText, description, repository)
  return {
    meta,
    history: historyFromShards(state.shards, meta),
    head: state.head,
    unread: unreadMonths(state.listed.keys(), state.shards),
    inbox: state.inbox
  }
}

/** A planned save's writes, rooted at the branch's root, into the batch that commits them (./batch.ts). */
function handToBatch(
  batch: CommitBatch,
  root: string,
  plan: { writes: Writes; shardChanges: ReadonlyMap<string, string | null> },
  message: string
): void {
  const rooted = (path: string) => root + path
  batch.add(
    new Map([...plan.writes].map(([path, text]) => [rooted(path), text])),
    new Set([...plan.writes.keys()].filter((path) => plan.shardChanges.has(path)).map(rooted)),
    message
  )
}

export function createGitDataStore(options: GitDataStoreOptions): DataStore {
  const ctx = gitContext(options)
  const { description, repository } = ctx
  const filesOnly = options.filesOnly ?? false
  const maxAttempts = options.maxAttempts ?? 8
  const backoffMs = options.backoffMs ?? 100
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  /** The months the last load read from (null: all), so a re-read after a conflict reads the same. */
  let since: string | null | typeof UNLOADED = UNLOADED
  const readFull = (wanted: WantedFile[]): Promise<ReadResult> =>
    readBranch(ctx, wanted, shardSelector(since, description, repository))
  const commitBytes = options.commitBytes ?? COMMIT_CONTENT_BYTES
  const { commit, checkSizes } = committerFor(ctx, options)
  /** What load() or the last save saw, so a save right after reads only the head and its files. */
  let cache: BranchState | null = null

  async function readForSave(
    update: HistoryUpdate,
    files: FileChange[],
    firstAttempt: boolean
  ): Promise<ReadResult> {
    const wanted = filesToRead(files)
    let read: ReadResult | null = null
    if (firstAttempt && cache) {
      const probe = wanted.length === 0 ? null : await readHeadAndFiles(ctx, wanted, false)
      if (!probe || probe.state.head === cache.head) read = { state: cache, files: probe?.files ?? new Map() }
    }
    read ??= await readFull(wanted)
    await readMissingShards(ctx, read.state, shardsToRead(read.state, update))
    return read
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
      const read = await readForSave(update, files, attempt === 1)
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
      if (options.batch) {
        handToBatch(options.batch, ctx.root, plan, message)
        // the branch has not moved yet: the next save reads it again
        cache = null
        for (const path of plan.writes.keys()) written.add(path)
        return result(null)
      }
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

    async load(loadOptions?: LoadOptions): Promise<LoadedState> {
      since = loadOptions?.since ?? null
      cache = (await readFull([])).state
      return loadedState(cache, description, repository)
    },

    async loadMonths(collection: CollectionName, months: string[]): Promise<unknown[]> {
      if (!cache) throw new Error(`Internal: ${description} was not loaded before loadMonths`)
      return readMonths(ctx, cache, collection, months)
    },

    async readFile(path: string): Promise<string | null> {
      return (await readFiles(ctx, [path])).get(path) ?? null
    },

    readFiles: (paths) => readFiles(ctx, paths),

    readRecordShards: (collection, months, key) => readRecordShards(ctx, collection, months, key),

    list: (prefix) => listFiles(ctx, prefix.replace(/^\/+|\/+$/g, '')).then((paths) => paths.sort()),

    save,

    // one new file (a record run's inbox entry) in one request; a missing branch is created by save
    addFile: createAddFile(ctx, {
      backoffMs,
      sleep,
      createBranch: (path, content, message) => save({}, [{ path, content }], message)
    })
  }
}
