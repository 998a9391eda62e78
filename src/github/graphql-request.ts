/**
 * One GraphQL request of the sync, with what GitHub's failures call for: a timeout in any of its forms
 * (502, 504, 500, a 200 "Something went wrong … timeout") or RESOURCE_LIMITS_EXCEEDED (its partial
 * data discarded) shrinks the pages the request used and retries it, down to one item per page; when
 * nothing can shrink any more it throws PagesExhaustedError, which stops the sync cleanly. Another
 * server error (or no answer) is retried a few times, a NOT_FOUND with data keeps the data (a node
 * deleted while it was read). Anything else, rate limits and a spent budget included, goes to the
 * caller as it was thrown. No retry is sent when the request budget cannot pay for it.
 */
import type { Logger } from '../log.js'
import type { GitHubClient } from './client.js'
import {
  asGitHubError,
  type GitHubError,
  isTooBigQuery,
  NetworkError,
  NotFoundError,
  PagesExhaustedError,
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

/** Retries after other server errors (timeouts retry while some page can still shrink). */
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
  if (failure.status === null) return 'GitHub timed out'
  return `GitHub answered ${failure.status} (a timeout)`
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
  let serverErrors = 0
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
      if (isTooBigQuery(failure)) {
        failures++
        if (!pages.canShrink(parts)) {
          throw new PagesExhaustedError(
            `${tooBig(failure)} with every page at one item (${pages.describe(parts)})`,
            { status: failure.status, request: failure.request, cause: failure }
          )
        }
        // The partial data of RESOURCE_LIMITS_EXCEEDED is dropped: the smaller pages read it again.
        const shrunk = pages.shrink(parts)
        log.warning(`${tooBig(failure)}: retrying with smaller pages (${pages.describe(shrunk)}).`)
        await sleep(Math.min(1000, 100 * failures))
        continue
      }
      if (failure instanceof ServerError || (failure instanceof NetworkError && failure.retryable)) {
        if (++serverErrors > MAX_SERVER_ERRORS) throw error
        const what =
          failure.status === null
            ? `GitHub did not answer (${failure.message})`
            : `GitHub answered ${failure.status}`
        log.warning(`${what}: retrying (${failures} of ${MAX_SERVER_ERRORS}).`)
        await sleep(200 * serverErrors)
        continue
      }
      throw error
    }
  }
}
