/**
 * Several stores' saves in one commit: organization mode keeps each repository's store in its own
 * folder of one branch (`repos/OWNER/NAME/`), and a shard that committed once per repository would
 * spend three or more content-creating requests on each (tree, commit, ref) — 600 for 200
 * repositories, over GitHub's 500 an hour. Instead each store given the batch (GitDataStoreOptions
 * `batch`) plans its save as usual — reading what it needs, merging its records, checking sizes — and
 * hands the planned writes to the batch; `flush()` then commits them all: as one commit, or, for more
 * content than a commit should carry, several with the history shards first and every meta.json last,
 * so a stop between them leaves no checkpoint ahead of its records.
 *
 * The folders of one batch are disjoint from every other writer's (each repository belongs to one
 * shard), so when another shard moved the branch first the same writes are committed again on the
 * new head: nothing another writer wrote is dropped, and nothing is forced. Writes not yet flushed
 * when the process dies are lost as writes only: the stores' checkpoints did not move either, so the
 * next run reads the same history again.
 */
import type { Logger } from '../../log.js'
import { COMMIT_CONTENT_BYTES, splitIntoCommits } from './bounds.js'
import { committerFor, type Writes } from './commit.js'
import { gitContext, type GitDataStoreOptions } from './context.js'
import { readHeadAndFiles } from './read.js'

export interface CommitBatch {
  /** Adds one save's writes (paths from the branch's root); `shards` are its history shard paths. */
  add(writes: Writes, shards: ReadonlySet<string>, message: string): void
  /** What is waiting for `flush()`. */
  pending(): { saves: number; files: number; bytes: number }
  /** Commits everything added so far; resolves with the commits made (0 when nothing was waiting). */
  flush(title: string): Promise<{ commits: number; paths: string[] }>
}

export type CommitBatchOptions = Omit<GitDataStoreOptions, 'root' | 'filesOnly' | 'log'> & {
  log?: Logger | ((message: string) => void)
}

const backoff = (attempt: number, base: number, random: () => number): number =>
  Math.round(Math.min(5000, base * 2 ** (attempt - 1)) * (0.5 + random()))

export function createCommitBatch(options: CommitBatchOptions): CommitBatch {
  const ctx = gitContext({ ...options, root: undefined })
  const maxAttempts = options.maxAttempts ?? 8
  const backoffMs = options.backoffMs ?? 100
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const commitBytes = options.commitBytes ?? COMMIT_CONTENT_BYTES
  const { commit, checkSizes } = committerFor(ctx, options)
  let writes: Writes = new Map()
  let shards = new Set<string>()
  let saves: string[] = []

  return {
    add(more, moreShards, message) {
      for (const [path, text] of more) writes.set(path, text)
      for (const path of moreShards) shards.add(path)
      saves.push(message)
    },

    pending() {
      let bytes = 0
      for (const text of writes.values()) bytes += text === null ? 0 : Buffer.byteLength(text, 'utf8')
      return { saves: saves.length, files: writes.size, bytes }
    },

    async flush(title) {
      if (writes.size === 0) {
        saves = []
        return { commits: 0, paths: [] }
      }
      const taken = writes
      const takenShards = shards
      const message = `${title}\n\n${saves.join('\n')}`
      writes = new Map()
      shards = new Set()
      saves = []
      checkSizes(taken)
      const parts = splitIntoCommits(taken, (path) => takenShards.has(path), commitBytes)
      let done = 0
      let commits = 0
      /** The commit refused last: a repeated ref update of a commit that had landed is refused too. */
      let refused: string | null = null
      for (let attempt = 1; ; attempt++) {
        let state = (await readHeadAndFiles(ctx, [], false)).state
        if (refused !== null && state.head === refused) {
          done++
          commits++
        }
        refused = null
        for (const [i, part] of parts.entries()) {
          if (i < done) continue
          const outcome = await commit(
            state,
            part.writes,
            parts.length === 1 ? message : `${message}\n\n(part ${i + 1} of ${parts.length})`
          )
          if ('conflict' in outcome) {
            refused = outcome.conflict
            break
          }
          state = { ...state, head: outcome.sha, tree: outcome.tree }
          done = i + 1
          commits++
        }
        if (refused === null) return { commits, paths: [...taken.keys()].sort() }
        if (attempt >= maxAttempts) {
          throw new Error(
            `Could not save to ${ctx.description}: other writers moved the branch ${attempt} times in a row. Nothing was forced; run the job again.`
          )
        }
        const wait = backoff(attempt, backoffMs, random)
        ctx.log(
          `${ctx.description} moved while saving a batch (attempt ${attempt}); committing again in ${wait} ms`
        )
        await sleep(wait)
      }
    }
  }
}
