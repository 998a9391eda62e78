/**
 * Writing one commit on the data branch through the Git Data API: a tree on `base_tree` with inline
 * contents (large files uploaded as blobs first; more entries than fit one request body go in several
 * tree requests, each on the tree before), a commit, then a non-forced ref update (an orphan commit
 * and a new ref when the branch is missing). No request body is larger than the limit (./bounds.ts).
 * It never forces: a branch another writer moved first is reported as a conflict for the caller to
 * re-read and retry.
 */
import {
  ConflictError,
  ForbiddenError,
  type GitHubError,
  NetworkError,
  NotFoundError,
  ServerError,
  TimedOutError,
  ValidationError,
  toGitHubError
} from '../../github/errors.js'
import { parseShardPath } from '../shards.js'
import { ReadOnlyStoreError } from '../types.js'
import { REQUEST_BODY_LIMIT, blobBody, bodyBytes, treeEnvelopeBytes, treeRequestGroups } from './bounds.js'
import type { GitContext } from './context.js'
import { readHeadAndFiles, type BranchState } from './read.js'

/** The commit that landed, or (`conflict`, the commit that did not land) when the branch moved first. */
export type CommitOutcome = { sha: string; tree: string } | { conflict: string }

export interface CommitOptions {
  /** Inline contents above this many bytes are uploaded as blobs first. */
  inlineLimit: number
  /** No request body is larger than this many bytes (serialized JSON). */
  bodyLimit: number
  /** The branch head now (null when missing), to see whether a failed ref update landed after all. */
  currentHead: () => Promise<string | null>
}

type TreeEntry = { path: string; mode: '100644'; type: 'blob'; sha?: string | null; content?: string }

/** Path → new text, or null to delete. */
export type Writes = Map<string, string | null>

function formatBytes(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * A refused ref update that means "another writer got there first". GitHub's 422 "Reference update
 * failed" (a concurrent update of the same ref) is typed ValidationError by src/github/errors.ts, so
 * it is recognized here.
 */
function isRefConflict(error: GitHubError | null): boolean {
  if (error instanceof ConflictError) return true
  return error instanceof ValidationError && /reference update failed/i.test(error.message)
}

/** A failure after which the request may still have been carried out (no answer, or a server error). */
function mayHaveLanded(error: GitHubError | null): boolean {
  return error instanceof ServerError || error instanceof TimedOutError || error instanceof NetworkError
}

/** True when a file goes as a blob: above the inline limit, or too big for a tree body inline. */
function needsBlob(path: string, text: string, options: CommitOptions): boolean {
  if (Buffer.byteLength(text, 'utf8') > options.inlineLimit) return true
  const inline: TreeEntry = { path, mode: '100644', type: 'blob', content: text }
  return treeEnvelopeBytes() + bodyBytes(inline) > options.bodyLimit
}

/**
 * Refuses, before anything is written, a file that no request body can carry: one bigger than the
 * limit even as a blob upload. History shards (one collection's month) are normally far smaller.
 */
function checkSizes(writes: Writes, options: CommitOptions, description: string): void {
  for (const [path, text] of [...writes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (text === null || !needsBlob(path, text, options)) continue
    const blob = blobBody(text)
    if (blob.bytes <= options.bodyLimit) continue
    const shard = parseShardPath(path)
    const what = shard
      ? `the history shard ${path} (the ${shard.collection} records of ${shard.month})`
      : `the file ${path}`
    throw new Error(
      `Cannot save to ${description}: ${what} is ${formatBytes(Buffer.byteLength(text, 'utf8'))} bytes, ` +
        `${formatBytes(blob.bytes)} bytes as an upload, over the ${formatBytes(options.bodyLimit)}-byte limit ` +
        'of one request to GitHub (larger bodies time out). The save stopped before writing it; meta.json and its sync checkpoints were not changed.'
    )
  }
}

export function createCommitter(ctx: GitContext, options: CommitOptions) {
  const { octokit, owner, repo, branch, description, repository } = ctx

  async function write<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (e) {
      const typed = toGitHubError(e)
      if (typed instanceof ForbiddenError) {
        throw new ReadOnlyStoreError(
          `Cannot write to ${description}: the token may not write (${typed.message}). A pull request from a fork gets a read-only token; ` +
            'nothing was saved, and the next scheduled run records this history from GitHub.'
        )
      }
      if (typed instanceof NotFoundError) {
        throw new Error(
          `Cannot write to ${description} (${what}: 404 Not Found): give the workflow "permissions: contents: write" or use a token that can push to ${repository}`
        )
      }
      throw e
    }
  }

  /** Tree entries of the writes, in path order (deletions only on an existing branch). */
  async function treeEntries(state: BranchState, writes: Writes): Promise<TreeEntry[]> {
    const tree: TreeEntry[] = []
    for (const [relative, text] of [...writes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const path = ctx.root + relative
      if (text === null) {
        if (state.head !== null) tree.push({ path, mode: '100644', type: 'blob', sha: null })
      } else if (needsBlob(path, text, options)) {
        const blob = blobBody(text)
        if (blob.bytes > options.bodyLimit) checkSizes(new Map([[path, text]]), options, description)
        const { data } = await write('create blob', () =>
          octokit.request('POST /repos/{owner}/{repo}/git/blobs', {
            owner,
            repo,
            content: blob.content,
            encoding: blob.encoding
          })
        )
        tree.push({ path, mode: '100644', type: 'blob', sha: data.sha })
      } else {
        tree.push({ path, mode: '100644', type: 'blob', content: text })
      }
    }
    return tree
  }

  /** The tree of the head with the entries applied: one request, or several chained on each other. */
  async function createTree(state: BranchState, entries: TreeEntry[]): Promise<string> {
    let base = state.tree
    for (const group of treeRequestGroups(entries, options.bodyLimit)) {
      const { data } = await write('create tree', () =>
        octokit.request('POST /repos/{owner}/{repo}/git/trees', {
          owner,
          repo,
          tree: group,
          ...(base !== null ? { base_tree: base } : {})
        })
      )
      base = data.sha
    }
    return base as string
  }

  /** Points the branch at `sha`: creates it when it was missing, else a non-forced update. */
  async function moveRef(state: BranchState, sha: string): Promise<void> {
    if (state.head === null) {
      await write('create branch', () =>
        octokit.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: ctx.qualified, sha })
      )
    } else {
      await write('update branch', () =>
        octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
          owner,
          repo,
          ref: `heads/${branch}`,
          sha,
          force: false
        })
      )
    }
  }

  /** One commit attempt on the head `state` was read at. */
  async function commit(state: BranchState, writes: Writes, message: string): Promise<CommitOutcome> {
    const tree = await createTree(state, await treeEntries(state, writes))
    const { data: newCommit } = await write('create commit', () =>
      octokit.request('POST /repos/{owner}/{repo}/git/commits', {
        owner,
        repo,
        message,
        tree,
        parents: state.head !== null ? [state.head] : []
      })
    )
    try {
      await moveRef(state, newCommit.sha)
    } catch (e) {
      const typed = toGitHubError(e)
      if (isRefConflict(typed)) return { conflict: newCommit.sha }
      if (mayHaveLanded(typed)) {
        // the update may have landed before the error: look before reporting a failure
        const head = await options.currentHead().catch(() => null)
        if (head === newCommit.sha) return { sha: newCommit.sha, tree }
      }
      throw e
    }
    return { sha: newCommit.sha, tree }
  }

  return {
    commit,
    /** Throws, naming the file, when a write cannot fit any request body (call before writing). */
    checkSizes: (writes: Writes) => checkSizes(writes, options, description)
  }
}

/** The committer with a store's size options (GitDataStoreOptions `inlineLimit`, `requestBodyLimit`). */
export function committerFor(
  ctx: GitContext,
  sizes: { inlineLimit?: number; requestBodyLimit?: number }
): ReturnType<typeof createCommitter> {
  return createCommitter(ctx, {
    inlineLimit: sizes.inlineLimit ?? 400_000,
    bodyLimit: sizes.requestBodyLimit ?? REQUEST_BODY_LIMIT,
    currentHead: async () => (await readHeadAndFiles(ctx, [], false)).state.head
  })
}
