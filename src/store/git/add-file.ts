/**
 * `DataStore.addFile` for the git store: one new file committed on the branch head with GitHub's
 * contents API (`PUT /repos/{owner}/{repo}/contents/{path}` with `branch`), one request. GitHub makes
 * the commit on whatever the head is when the request lands and moves the branch without force, so
 * a new path needs no read of the head and no ref race of its own; a branch that moved during the
 * request is answered 409 and tried again. A path that is already there (422 `"sha" wasn't
 * supplied`) is read: the same content is no commit, other content an error (an existing file is
 * never replaced). A missing branch goes to `createBranch` (the store's save, which creates it as it
 * always has).
 */
import {
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  ServerError,
  TimedOutError,
  ValidationError,
  toGitHubError
} from '../../github/errors.js'
import { checkFileChanges } from '../plan.js'
import { ReadOnlyStoreError, type SaveResult } from '../types.js'
import type { GitContext } from './context.js'
import { readFiles } from './read.js'

export interface AddFileOptions {
  /** Requests before giving up on a branch that keeps moving or a server that keeps failing (default 4). */
  maxAttempts?: number
  backoffMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Commits the file when the branch does not exist yet (the store's save creates it). */
  createBranch: (path: string, content: string, message: string) => Promise<SaveResult>
}

/** GitHub's answer for a path that exists when no `sha` was sent. */
const EXISTS = /"?sha"? wasn't supplied/i
/** GitHub's answer for a `branch` that does not exist. */
const NO_BRANCH = /branch .*not found|no commit found for the ref|branch not found/i

export function createAddFile(ctx: GitContext, options: AddFileOptions) {
  const maxAttempts = options.maxAttempts ?? 4
  const backoffMs = options.backoffMs ?? 100
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  return async function addFile(path: string, content: string, message: string): Promise<SaveResult> {
    checkFileChanges([{ path, content }])
    /** True once a request may have landed without an answer (a server error or no answer). */
    let mayHaveLanded = false
    for (let attempt = 1; ; attempt++) {
      try {
        const { data } = await ctx.octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
          owner: ctx.owner,
          repo: ctx.repo,
          path: ctx.root + path,
          branch: ctx.branch,
          message,
          content: Buffer.from(content, 'utf8').toString('base64')
        })
        return { committed: true, commitSha: data.commit.sha ?? null, retries: attempt - 1, paths: [path] }
      } catch (e) {
        const typed = toGitHubError(e)
        if (typed instanceof ForbiddenError) {
          throw new ReadOnlyStoreError(
            `Cannot write to ${ctx.description}: the token may not write (${typed.message}). A pull request from a fork gets a read-only token; ` +
              'nothing was saved, and the next scheduled run records this history from GitHub.'
          )
        }
        if (
          (typed instanceof NotFoundError || typed instanceof ValidationError) &&
          NO_BRANCH.test(typed.message)
        )
          return options.createBranch(path, content, message)
        if (typed instanceof NotFoundError) {
          throw new Error(
            `Cannot write to ${ctx.description} (create ${path}: 404 Not Found): give the workflow "permissions: contents: write" or use a token that can push to ${ctx.repository}`
          )
        }
        if (typed instanceof ValidationError && EXISTS.test(typed.message)) {
          const stored = (await readFiles(ctx, [path])).get(path) ?? null
          if (stored === content)
            return {
              committed: mayHaveLanded,
              commitSha: null,
              retries: attempt - 1,
              paths: mayHaveLanded ? [path] : []
            }
          throw new Error(
            `Cannot write ${path} to ${ctx.description}: a different file is already stored there, and it is not replaced.`
          )
        }
        const retry =
          typed instanceof ConflictError ||
          typed instanceof ServerError ||
          typed instanceof TimedOutError ||
          typed instanceof NetworkError
        if (!retry || attempt >= maxAttempts) throw e
        if (!(typed instanceof ConflictError)) mayHaveLanded = true
        const wait = Math.round(Math.min(5000, backoffMs * 2 ** (attempt - 1)) * (0.5 + Math.random()))
        ctx.log(`${ctx.description}: adding ${path} failed (${typed.message}); retrying in ${wait} ms`)
        await sleep(wait)
      }
    }
  }
}
