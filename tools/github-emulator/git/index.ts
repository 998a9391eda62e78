/** The emulator's git object store and the Git Data API (REST and GraphQL views) over it. */
export { GitStore, GitError, hashObject, qualify } from './objects.js'
export type {
  TreeEntry,
  TreeMode,
  PathChange,
  CommitData,
  Signature,
  GitObject,
  ObjectType
} from './objects.js'
export { handleGitRest } from './rest.js'
export { resolveRef, resolveObject, objectView } from './graphql.js'
export type { GqlBlob, GqlTree, GqlTreeEntry, GqlCommit, GqlRef, GqlObject } from './graphql.js'
