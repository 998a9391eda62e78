/** The data-branch store: backends behind the DataStore interface (./types.ts) and their shared logic. */
export * from './types.js'
export { createGitDataStore, buildReadQuery, LIST_QUERY } from './git/index.js'
export { createCommitBatch, type CommitBatch } from './git/batch.js'
export type { GitDataStoreOptions, Octokit, ReadQueryOptions } from './git/index.js'
export { createDirectoryStore } from './directory.js'
export type { DirectoryStoreOptions } from './directory.js'
export { exportStoreToDirectory } from './export.js'
export { META_PATH, emptyMeta, parseMeta, serializeMeta, applyMetaUpdate } from './meta.js'
export {
  COLLECTIONS,
  shardPath,
  parseShardPath,
  serializeShard,
  parseShard,
  stableStringify,
  applyHistoryUpdate,
  historyFromShards
} from './shards.js'
export { planSave, gitBlobSha } from './plan.js'
export { mergeHistory, mergeRecords, isOlderThanStored, repositoryFields } from './merge.js'
