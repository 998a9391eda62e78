/**
 * The classification of GitHub's failure answers, pinned with the errors Octokit really throws:
 * `RequestError` (@octokit/request-error) for an HTTP error status, `GraphqlResponseError`
 * (@octokit/graphql) for a 200 with `errors[]`, the throttling plugin's "GraphQL Rate Limit Exceeded"
 * and @octokit/request's own error for a request that got no answer.
 */
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { GraphqlResponseError } from '@octokit/graphql'
import { request as octokitRequest } from '@octokit/request'
import { RequestError } from '@octokit/request-error'
import {
  asGitHubError,
  ConflictError,
  ForbiddenError,
  GitHubError,
  isTooBig,
  NetworkError,
  NotFoundError,
  OtherGitHubError,
  RateLimitedError,
  ResourceLimitsError,
  ServerError,
  TimedOutError,
  toGitHubError,
  UnauthorizedError,
  ValidationError
} from '../../src/github/errors.js'

const RESET = 1_900_000_000
const rateHeaders = (remaining: number, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json; charset=utf-8',
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': String(remaining),
  'x-ratelimit-used': String(5000 - remaining),
  'x-ratelimit-reset': String(RESET),
  'x-ratelimit-resource': 'core',
  ...extra
})

/** What @octokit/request throws for an HTTP error answer (the message as it builds it). */
function httpError(
  status: number,
  body: unknown,
  headers: Record<string, string> = rateHeaders(4000),
  request: { method: 'GET' | 'POST' | 'PATCH'; url: string } = {
    method: 'GET',
    url: 'https://api.github.com/repos/acme/widgets'
  }
): RequestError {
  const data = body as { message?: string; documentation_url?: string }
  const message =
    typeof body === 'string'
      ? body
      : `${data.message}${data.documentation_url ? ` - ${data.documentation_url}` : ''}`
  return new RequestError(message, status, {
    request: { ...request, headers: { authorization: 'token ghs_secret' } },
    response: { url: request.url, status, headers, data: body }
  })
}

/** What @octokit/graphql throws for a 200 answer that carries `errors`. */
function graphqlError(
  errors: Array<Record<string, unknown>>,
  data: unknown = null,
  headers: Record<string, string> = rateHeaders(4000, { 'x-ratelimit-resource': 'graphql' })
): GraphqlResponseError<unknown> {
  return new GraphqlResponseError(
    { method: 'POST', url: '/graphql', query: 'query { viewer { login } }' } as never,
    headers,
    { data, errors } as never
  )
}

const DOCS = 'https://docs.github.com/rest'
const graphqlRequest = { method: 'POST' as const, url: 'https://api.github.com/graphql' }

describe('toGitHubError: rate limits', () => {
  it('403 with x-ratelimit-remaining 0 is the primary limit, with its reset time', () => {
    const error = toGitHubError(
      httpError(
        403,
        { message: 'API rate limit exceeded for installation ID 42.', documentation_url: DOCS },
        rateHeaders(0)
      )
    )
    expect(error).toBeInstanceOf(RateLimitedError)
    expect(error).toMatchObject({
      kind: 'rate-limited',
      limit: 'primary',
      status: 403,
      retryAfterSeconds: null,
      resetAt: new Date(RESET * 1000).toISOString(),
      request: 'GET /repos/acme/widgets',
      message: 'API rate limit exceeded for installation ID 42.'
    })
  })

  it('403 "You have exceeded a secondary rate limit" is the secondary limit, retry-after absent or given', () => {
    const body = {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 1234.',
      documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`
    }
    const absent = toGitHubError(httpError(403, body))
    expect(absent).toBeInstanceOf(RateLimitedError)
    expect(absent).toMatchObject({ limit: 'secondary', retryAfterSeconds: null, status: 403 })
    const given = toGitHubError(httpError(403, body, rateHeaders(3000, { 'retry-after': '60' })))
    expect(given).toMatchObject({ limit: 'secondary', retryAfterSeconds: 60 })
  })

  it('429 is a rate limit with or without retry-after', () => {
    const body = { message: 'Too Many Requests' }
    const withAfter = toGitHubError(httpError(429, body, rateHeaders(3000, { 'retry-after': '30' })))
    expect(withAfter).toBeInstanceOf(RateLimitedError)
    expect(withAfter).toMatchObject({ limit: 'secondary', retryAfterSeconds: 30, status: 429 })
    const without = toGitHubError(httpError(429, body, rateHeaders(3000)))
    expect(without).toBeInstanceOf(RateLimitedError)
    expect(without).toMatchObject({ limit: 'secondary', retryAfterSeconds: null })
    const exhausted = toGitHubError(httpError(429, body, rateHeaders(0)))
    expect(exhausted).toMatchObject({ limit: 'primary' })
  })

  it('GraphQL type RATE_LIMITED (a 200 answer, as on GHES) and RATE_LIMIT are the primary limit', () => {
    for (const type of ['RATE_LIMITED', 'RATE_LIMIT']) {
      const error = toGitHubError(
        graphqlError(
          [{ type, message: 'API rate limit exceeded for user ID 1.' }],
          null,
          rateHeaders(0, { 'x-ratelimit-resource': 'graphql' })
        )
      )
      expect(error).toBeInstanceOf(RateLimitedError)
      expect(error).toMatchObject({
        limit: 'primary',
        status: null,
        resetAt: new Date(RESET * 1000).toISOString()
      })
    }
  })

  it('the throttling plugin’s "GraphQL Rate Limit Exceeded" (github.com) is the primary limit', () => {
    // @octokit/plugin-throttling throws this plain Error for a /graphql answer with type RATE_LIMITED.
    const body = {
      data: null,
      errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }]
    }
    const error = Object.assign(new Error('GraphQL Rate Limit Exceeded'), {
      response: { url: graphqlRequest.url, status: 200, headers: rateHeaders(0), data: body },
      data: body
    })
    const typed = toGitHubError(error)
    expect(typed).toBeInstanceOf(RateLimitedError)
    expect(typed).toMatchObject({ limit: 'primary', resetAt: new Date(RESET * 1000).toISOString() })
    expect(typed?.cause).toBe(error)
  })
})

describe('toGitHubError: timeouts, resource limits, server errors', () => {
  it.each([502, 504])('%i is a timeout', (status) => {
    const error = toGitHubError(
      httpError(
        status,
        status === 502
          ? { data: null, errors: [{ message: 'Something went wrong while executing your query.' }] }
          : {
              message: "We couldn't respond to your request in time. Sorry about that.",
              documentation_url: DOCS
            },
        rateHeaders(4000),
        graphqlRequest
      )
    )
    expect(error).toBeInstanceOf(TimedOutError)
    expect(error).toMatchObject({ kind: 'timed-out', status, request: 'POST /graphql' })
    expect(isTooBig(error as GitHubError)).toBe(true)
  })

  it('500 is a server error, not a timeout', () => {
    const error = toGitHubError(httpError(500, { message: 'Server Error' }))
    expect(error).toBeInstanceOf(ServerError)
    expect(error).toMatchObject({ status: 500, message: 'Server Error' })
    expect(isTooBig(error as GitHubError)).toBe(false)
  })

  it('a 200 with "Something went wrong … This may be the result of a timeout" is a timeout', () => {
    const error = toGitHubError(
      graphqlError([
        {
          message:
            'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `A1B2:3C4D` when reporting this issue.'
        }
      ])
    )
    expect(error).toBeInstanceOf(TimedOutError)
    expect(error?.status).toBeNull()
  })

  it('RESOURCE_LIMITS_EXCEEDED keeps the partial data', () => {
    const data = { repository: { pulls: null } }
    const error = toGitHubError(
      graphqlError(
        [{ type: 'RESOURCE_LIMITS_EXCEEDED', message: 'Resource limits for this query exceeded.' }],
        data
      )
    )
    expect(error).toBeInstanceOf(ResourceLimitsError)
    expect(error?.data).toBe(data)
    expect(isTooBig(error as GitHubError)).toBe(true)
  })
})

describe('toGitHubError: permissions, missing things, conflicts', () => {
  it('FORBIDDEN keeps the forbidden paths and the partial data', () => {
    const data = { organization: { t0: null } }
    const error = toGitHubError(
      graphqlError(
        [
          {
            type: 'FORBIDDEN',
            path: ['organization', 't0'],
            message: 'Resource not accessible by integration'
          }
        ],
        data
      )
    )
    expect(error).toBeInstanceOf(ForbiddenError)
    expect((error as ForbiddenError).paths).toEqual([['organization', 't0']])
    expect(error?.data).toBe(data)
  })

  it('a GraphQL answer with errors and an error status keeps the GraphQL data, not the whole body', () => {
    const body = {
      data: { repository: { deployments: null } },
      errors: [{ type: 'FORBIDDEN', path: ['repository', 'deployments'], message: 'Resource not accessible' }]
    }
    const error = toGitHubError(httpError(403, body, rateHeaders(4000), graphqlRequest))
    expect(error).toBeInstanceOf(ForbiddenError)
    expect(error).toMatchObject({ status: 403, data: body.data })
    expect((error as ForbiddenError).paths).toEqual([['repository', 'deployments']])
  })

  it('a REST 403 that is not a rate limit is forbidden', () => {
    const error = toGitHubError(
      httpError(403, { message: 'Resource not accessible by integration', documentation_url: DOCS })
    )
    expect(error).toBeInstanceOf(ForbiddenError)
    expect((error as ForbiddenError).paths).toEqual([])
  })

  it('GraphQL NOT_FOUND keeps the data; REST 404 is not found too', () => {
    const data = { n0: null, n1: { timelineItems: { nodes: [] } } }
    const graphql = toGitHubError(
      graphqlError(
        [
          {
            type: 'NOT_FOUND',
            path: ['n0'],
            message: "Could not resolve to a node with the global id of 'X'."
          }
        ],
        data
      )
    )
    expect(graphql).toBeInstanceOf(NotFoundError)
    expect(graphql?.data).toBe(data)
    expect(toGitHubError(httpError(404, { message: 'Not Found', documentation_url: DOCS }))).toBeInstanceOf(
      NotFoundError
    )
  })

  it('NOT_FOUND mixed with another error type is not a plain not-found', () => {
    const error = toGitHubError(graphqlError([{ type: 'NOT_FOUND' }, { type: 'SOMETHING_ELSE' }], {}))
    expect(error).toBeInstanceOf(OtherGitHubError)
  })

  it('409 and 422 "Update is not a fast forward" are conflicts; other 422s are validation errors', () => {
    const patch = {
      method: 'PATCH' as const,
      url: 'https://api.github.com/repos/acme/widgets/git/refs/heads/data'
    }
    expect(
      toGitHubError(httpError(409, { message: 'Git Repository is empty.' }, rateHeaders(10), patch))
    ).toBeInstanceOf(ConflictError)
    const ff = toGitHubError(
      httpError(
        422,
        { message: 'Update is not a fast forward', documentation_url: DOCS },
        rateHeaders(10),
        patch
      )
    )
    expect(ff).toBeInstanceOf(ConflictError)
    expect(ff).toMatchObject({ status: 422, request: 'PATCH /repos/acme/widgets/git/refs/heads/data' })
    const invalid = toGitHubError(
      httpError(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }]
      })
    )
    expect(invalid).toBeInstanceOf(ValidationError)
  })

  it('401 is unauthorized', () => {
    const error = toGitHubError(httpError(401, { message: 'Bad credentials', documentation_url: DOCS }))
    expect(error).toBeInstanceOf(UnauthorizedError)
    expect(error?.message).toBe('Bad credentials')
  })
})

describe('toGitHubError: no answer, and what is not a GitHub failure', () => {
  it('a fetch failure (connection refused) is a network error with Node’s code', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo
        server.close(() => resolve(free))
      })
    })
    const thrown = await octokitRequest('GET /repos/{owner}/{repo}', {
      owner: 'acme',
      repo: 'widgets',
      baseUrl: `http://127.0.0.1:${port}`
    }).catch((e: unknown) => e)
    expect((thrown as { status?: number }).status).toBe(500)
    const error = toGitHubError(thrown)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', status: null })
  })

  it('any request that got no answer is a network error, not a server error', () => {
    // @octokit/request's wrap of a failed fetch: status 500, no response, the fetch error as cause.
    const fetchFailure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' })
    })
    const error = new RequestError('Headers Timeout Error', 500, {
      request: { method: 'GET', url: 'https://api.github.com/rate_limit', headers: {} }
    })
    error.cause = fetchFailure
    expect(toGitHubError(error)).toMatchObject({ kind: 'network', code: 'UND_ERR_HEADERS_TIMEOUT' })
  })

  it('an error of the same shape as Octokit’s (a numeric status) is classified the same way', () => {
    expect(toGitHubError(Object.assign(new Error('502 Bad Gateway'), { status: 502 }))).toBeInstanceOf(
      TimedOutError
    )
    expect(
      toGitHubError(Object.assign(new Error('You have exceeded a secondary rate limit.'), { status: 403 }))
    ).toMatchObject({ kind: 'rate-limited', limit: 'secondary' })
  })

  it('is null for errors that are not GitHub’s, and returns a GitHubError unchanged', () => {
    expect(toGitHubError(new TypeError('x is undefined'))).toBeNull()
    expect(toGitHubError('boom')).toBeNull()
    expect(toGitHubError(null)).toBeNull()
    const typed = new TimedOutError('slow')
    expect(toGitHubError(typed)).toBe(typed)
  })

  it('asGitHubError rethrows what is not a GitHub failure', () => {
    const bug = new TypeError('x is undefined')
    expect(() => asGitHubError(bug)).toThrow(bug)
    expect(asGitHubError(httpError(500, { message: 'Server Error' }))).toBeInstanceOf(ServerError)
  })

  it('never keeps the token in what it reports', () => {
    const error = toGitHubError(httpError(401, { message: 'Bad credentials' })) as GitHubError
    expect(JSON.stringify({ message: error.message, request: error.request })).not.toContain('ghs_secret')
  })
})
