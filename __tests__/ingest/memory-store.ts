/**
 * An in-memory DataStore for tests at the edge: shards folded with the store's own shard rules
 * (src/store/shards.ts), files with append semantics, a read-only switch (a fork's token) and a log
 * of the calls made.
 */
import type { History } from '../../src/model.js'
import { applyHistoryUpdate, historyFromShards, withShardChanges } from '../../src/store/shards.js'
import {
  ReadOnlyStoreError,
  SCHEMA_VERSION,
  type DataStore,
  type FileChange,
  type HistoryUpdate,
  type LoadedState,
  type SaveResult
} from '../../src/store/types.js'

export interface MemoryStore extends DataStore {
  files: Map<string, string>
  calls: string[]
  commits: number
  readOnly: boolean
  history(): History
}

export function memoryStore(initial: HistoryUpdate = {}, opts: { readOnly?: boolean } = {}): MemoryStore {
  const calls: string[] = []
  const store: MemoryStore = {
    description: 'memory store',
    files: new Map<string, string>(),
    calls,
    commits: 0,
    readOnly: opts.readOnly ?? false,
    history() {
      return historyFromShards(store.files, { repository: 'o/r', defaultBranch: 'main', teams: null })
    },
    async load(): Promise<LoadedState> {
      calls.push('load')
      return {
        meta: {
          schemaVersion: SCHEMA_VERSION,
          repository: 'o/r',
          defaultBranch: 'main',
          checkpoints: {},
          teams: null,
          lastRun: null
        },
        history: store.history(),
        head: store.commits ? `c${store.commits}` : null
      }
    },
    async readFile(path: string) {
      calls.push(`readFile ${path}`)
      return store.files.get(path) ?? null
    },
    async readFiles(paths: string[]) {
      calls.push(`readFiles ${paths.join(' ')}`)
      return new Map(paths.map((path) => [path, store.files.get(path) ?? null]))
    },
    async list(prefix: string) {
      calls.push(`list ${prefix}`)
      return [...store.files.keys()].filter((p) => p.startsWith(prefix)).sort()
    },
    async save(update: HistoryUpdate, changes: FileChange[], message: string): Promise<SaveResult> {
      calls.push(`save ${message}`)
      if (store.readOnly) throw new ReadOnlyStoreError('Resource not accessible by integration (403)')
      const shardChanges = applyHistoryUpdate(store.files, update)
      let next = withShardChanges(store.files, shardChanges)
      const paths = [...shardChanges.keys()]
      for (const change of changes) {
        next = new Map(next)
        if ('append' in change) next.set(change.path, (next.get(change.path) ?? '') + change.append)
        else if ('delete' in change) next.delete(change.path)
        else next.set(change.path, change.content)
        paths.push(change.path)
      }
      if (paths.length === 0) return { committed: false, commitSha: null, retries: 0, paths }
      store.files = next
      store.commits++
      return { committed: true, commitSha: `c${store.commits}`, retries: 0, paths }
    }
  }
  if (Object.keys(initial).length) {
    const changes = applyHistoryUpdate(store.files, initial)
    store.files = withShardChanges(store.files, changes)
  }
  return store
}
