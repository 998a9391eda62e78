/**
 * One GraphQL request of the sync, with what GitHub's failures call for: a timeout or resource limit
 * shrinks the pages the request used and retries it, another server error (or no answer) is retried a
 * few times, a NOT_FOUND with data keeps the data (a node deleted while it was read). Anything else,
 * rate limits included, goes to the caller as Octokit threw it.
 */
import type { Logger } from '../log.js'
import type { GitHubClient } from './client.js'
import {
  asGitHubError,
  type GitHubError,
  isTooBig,
  NetworkError,
  NotFoundError,
  ResourceLimitsError,
  ServerError,
  toGitHubError
} from './errors.js'
import type { PagePart, PageSizeController } from './page-size.js'

export interface GraphqlCall {
  document: string
  variables: Record<string, unknown>
}

export interface GraphqlRequester {
  client: GitHubClient
  pages: PageSizeController
  log: Logger
}

/** Retries after timeouts or resource limits (each with smaller pages); other server errors: fewer. */
const MAX_TIMEOUTS = 6
const MAX_SERVER_ERRORS = 3

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The data of a GraphQL answer whose only errors are NOT_FOUND (a pull request or issue deleted
 * while it was being read): the rest of the answer is good. Null for any other error.
 */
export function notFoundPartialData<T>(error: unknown): T | null {
  const failure = toGitHubError(error)
  return failure instanceof NotFoundError && failure.data !== null ? (failure.data as T) : null
}

function tooBig(failure: GitHubError): string {
  if (failure instanceof ResourceLimitsError)
    return 'GitHub answered RESOURCE_LIMITS_EXCEEDED (too much asked)'
  return failure.status === null ? 'GitHub timed out' : `GitHub answered ${failure.status} (a timeout)`
}

/**
 * Sends the document `build` makes from the current page sizes (rebuilt for each attempt). `parts`:
 * the page sizes the document uses, shrunk on a timeout and counted toward recovery on success.
 */
export async function requestGraphql<T>(
  requester: GraphqlRequester,
  parts: readonly PagePart[],
  build: (size: (part: PagePart) => number) => GraphqlCall
): Promise<T> {
  const { client, pages, log } = requester
  const size = (part: PagePart) => pages.size(part)
  let failures = 0
  for (;;) {
    const { document, variables } = build(size)
    try {
      const data = await client.graphql<T>(document, variables, { retries: 0 })
      const grown = pages.succeeded(parts)
      if (grown.length > 0) log.debug(`Page sizes recover: ${pages.describe(grown)}.`)
      return data
    } catch (error) {
      const failure = asGitHubError(error)
      if (failure instanceof NotFoundError && failure.data !== null) return failure.data as T
      if (isTooBig(failure)) {
        if (++failures > MAX_TIMEOUTS) throw error
        const shrunk = pages.shrink(parts)
        log.warning(`${tooBig(failure)}: retrying with smaller pages (${pages.describe(shrunk)}).`)
        await sleep(100 * failures)
        continue
      }
      if (failure instanceof ServerError || (failure instanceof NetworkError && failure.retryable)) {
        if (++failures > MAX_SERVER_ERRORS) throw error
        const what =
          failure.status === null
            ? `GitHub did not answer (${failure.message})`
            : `GitHub answered ${failure.status}`
        log.warning(`${what}: retrying (${failures} of ${MAX_SERVER_ERRORS}).`)
        await sleep(200 * failures)
        continue
      }
      throw error
    }
  }
}
