/** The git store's options, and what its read and commit parts share: where the branch is, the log. */
import type { getOctokit } from '@actions/github'
import type { Logger } from '../../log.js'
import type { CommitBatch } from './batch.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface GitDataStoreOptions {
  /**
   * Reports only (a `reports-branch` other than the data branch): caller files are written, meta.json
   * and history are neither read as data nor written.
   */
  filesOnly?: boolean
  octokit: Octokit
  owner: string
  repo: string
  branch: string
  /**
   * A folder of the branch that holds this store (organization mode's central layout:
   * `repos/OWNER/NAME`); its meta.json, history/, inbox/ and the caller's files are under it, and
   * paths the store takes and returns are relative to it. Default: the branch's root.
   */
  root?: string
  /**
   * Organization mode: the save plans its writes (reads, merges, size checks) and hands them to this
   * batch instead of committing (./batch.ts); the caller flushes the batch. The save then reports
   * `committed: true` with no commit yet: committed means accepted into the batch.
   */
  batch?: CommitBatch
  /** Full GraphQL endpoint when it is not `{baseUrl}/graphql` (GitHub Enterprise Server derives it itself). */
  graphqlUrl?: string
  /** Save attempts before giving up on a branch that keeps moving (default 8). */
  maxAttempts?: number
  /** First backoff step in ms (default 100); each retry doubles it, with ±50% jitter, capped at 5 s. */
  backoffMs?: number
  /** Inline contents above this many bytes are uploaded as blobs first (default 400 kB). */
  inlineLimit?: number
  /**
   * No request body (serialized JSON) is larger than this (default 1,048,576): files that do not fit
   * a tree request inline go as blobs, and the entries are spread over several tree requests.
   */
  requestBodyLimit?: number
  /**
   * A save with more content than this many bytes (default 8 MB) is split into several commits:
   * history shards first, meta.json and the caller's files in the last.
   */
  commitBytes?: number
  /** Shard bytes above which the history is read one collection per request (default 8 MB). */
  splitThreshold?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /**
   * Receives one line per recovered problem (a retried conflict, a fallback read): a Logger (the
   * action passes `coreLogger()`; lines go to `info`) or a plain callback.
   */
  log?: Logger | ((message: string) => void)
}

/** Where the branch is and how to report, shared by the store's parts. */
export interface GitContext {
  octokit: Octokit
  owner: string
  repo: string
  branch: string
  /** `owner/name`. */
  repository: string
  /** "branch NAME of owner/name", for messages. */
  description: string
  /** `refs/heads/NAME`. */
  qualified: string
  /** The store's folder with a trailing `/`, or '' at the branch's root. */
  root: string
  graphqlUrl?: string
  /** One line per recovered problem. */
  log: (message: string) => void
}

function lineLogger(log: GitDataStoreOptions['log']): (message: string) => void {
  if (log === undefined) return () => undefined
  if (typeof log === 'function') return log
  return (message) => log.info(message)
}

/** The root option as a path prefix ('' or `a/b/`); refuses anything but plain relative folders. */
function rootPrefix(root: string | undefined): string {
  if (root === undefined || root === '') return ''
  const parts = root.split('/')
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) {
    throw new Error(
      `Internal: the store root ${JSON.stringify(root)} must be a relative folder like repos/owner/name`
    )
  }
  return `${root}/`
}

export function gitContext(options: GitDataStoreOptions): GitContext {
  const { octokit, owner, repo, branch } = options
  const repository = `${owner}/${repo}`
  const root = rootPrefix(options.root)
  return {
    octokit,
    owner,
    repo,
    branch,
    repository,
    description:
      root === ''
        ? `branch ${branch} of ${repository}`
        : `${root.slice(0, -1)} on branch ${branch} of ${repository}`,
    qualified: `refs/heads/${branch}`,
    root,
    graphqlUrl: options.graphqlUrl,
    log: lineLogger(options.log)
  }
}
