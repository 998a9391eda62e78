/** The git store's options, and what its read and commit parts share: where the branch is, the log. */
import type { getOctokit } from '@actions/github'
import type { Logger } from '../../log.js'

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
  graphqlUrl?: string
  /** One line per recovered problem. */
  log: (message: string) => void
}

function lineLogger(log: GitDataStoreOptions['log']): (message: string) => void {
  if (log === undefined) return () => undefined
  if (typeof log === 'function') return log
  return (message) => log.info(message)
}

export function gitContext(options: GitDataStoreOptions): GitContext {
  const { octokit, owner, repo, branch } = options
  const repository = `${owner}/${repo}`
  return {
    octokit,
    owner,
    repo,
    branch,
    repository,
    description: `branch ${branch} of ${repository}`,
    qualified: `refs/heads/${branch}`,
    graphqlUrl: options.graphqlUrl,
    log: lineLogger(options.log)
  }
}
