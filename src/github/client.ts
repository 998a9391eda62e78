/**
 * The one Octokit factory of a run: @actions/github's Octokit with the throttling and retry plugins,
 * base URLs for github.com or GitHub Enterprise Server, a request counter that sees every HTTP
 * request (retries included, since it sits innermost in the hook chain) and the request budget.
 *
 * The store, the notifier and the sync all use the same `octokit`, so `request-budget` covers the
 * whole run. The budget is advisory: the client never refuses a request, the sync checks
 * `budget.exhausted()` before each of its requests and stops cleanly, so the store can still save.
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Logger } from '../log.js'
import { NetworkError } from './errors.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface RequestCounts {
  total: number
  graphql: number
  rest: number
}

export interface RateLimitInfo {
  /** `core`, `graphql`, ... (x-ratelimit-resource). */
  resource: string
  limit: number
  remaining: number
  used: number
  /** ISO time. */
  resetAt: string
}

export interface RequestBudget {
  /** Requests this run may make (request-budget); null = no limit beyond the rate-limit reserve. */
  readonly limit: number | null
  /** Requests made so far. */
  used(): number
  /**
   * Requests still allowed: the smaller of the budget left and the rate limit left above the reserve.
   * Infinity when neither bounds it (yet).
   */
  remaining(): number
  exhausted(): boolean
  /** The rate-limit reserve for a resource with this limit. */
  reserveFor(limit: number): number
}

export interface GitHubClient {
  octokit: Octokit
  /** A GraphQL query through the same octokit (counted, throttled); `options.retries` overrides the retry plugin. */
  graphql<T>(
    document: string,
    variables?: Record<string, unknown>,
    options?: { retries?: number }
  ): Promise<T>
  requests(): RequestCounts
  budget: RequestBudget
  /** The latest rate limit seen (the given resource, else the one seen last); null before any response. */
  rateLimit(resource?: string): RateLimitInfo | null
  /** Sum of GraphQL `rateLimit.cost` values seen. */
  graphqlCost(): number
  log: Logger
}

export interface ClientOptions {
  token: string
  apiUrl: string
  graphqlUrl: string
  /** request-budget; null = none. */
  budget: number | null
  /** Rate-limit requests to keep unspent; default max(50, 5% of the limit). */
  reserve?: number
  log?: Logger
  /**
   * Pacing of writes and GraphQL requests by the throttling plugin (1 s between writes, 3 s between
   * notifying writes, as GitHub asks). Default: on, except for a loopback apiUrl (the emulator).
   */
  pacing?: boolean
  /** Base of the retry plugin's backoff (retry n waits n² × this); default 1000 ms, 100 ms on loopback. */
  retryBaseMs?: number
  /** Retries of the throttling plugin after a secondary rate limit; default 3. */
  secondaryRetries?: number
}

const silent: Logger = { info: () => {}, debug: () => {}, notice: () => {}, warning: () => {} }

export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1'
  } catch {
    return false
  }
}

/** A limiter group that does not pace (the throttling plugin's `write` / `notifications` groups). */
function unpacedGroup(): unknown {
  const limiter = {
    schedule: (...args: unknown[]) => {
      const at = typeof args[0] === 'function' ? 0 : 1
      const fn = args[at] as (...a: unknown[]) => unknown
      return Promise.resolve().then(() => fn(...args.slice(at + 1)))
    }
  }
  return { key: () => limiter }
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name]
  return value === undefined || value === null ? undefined : String(value)
}

/**
 * Node codes (and undici's message for a blocked port) of a request that got no answer and never will
 * by retrying: nothing listens there, the host has no address, the port is one fetch refuses, the TLS
 * certificate is not trusted. Resets, timeouts and temporary DNS failures stay retryable.
 */
const HOPELESS_CODES =
  /^(ECONNREFUSED|ENOTFOUND|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY)_)/
const HOPELESS_MESSAGES = /^bad port$/

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

/**
 * A NetworkError for a request that got no answer and no retry can fix, so neither the retry plugin
 * (it retries what octokit reports as a 500 for a failed fetch) nor a caller retrying 5xx spends
 * time on it; null for anything else.
 */
function hopelessFailure(error: unknown): NetworkError | null {
  if (!error || typeof error !== 'object' || (error as { response?: unknown }).response !== undefined)
    return null
  let current: unknown = (error as { cause?: unknown }).cause
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown }
    const known = typeof code === 'string' && HOPELESS_CODES.test(code)
    if (known || (typeof message === 'string' && HOPELESS_MESSAGES.test(message))) {
      const request = (error as { request?: { method?: string; url?: string } }).request
      return new NetworkError(
        (error as Error).message || String(code ?? message),
        known ? (code as string) : null,
        {
          request: request?.method && request.url ? `${request.method} ${pathOf(request.url)}` : null,
          cause: error
        }
      )
    }
    current = (current as { cause?: unknown }).cause
  }
  return null
}

export function createGitHubClient(opts: ClientOptions): GitHubClient {
  if (!opts.token) throw new Error('No GitHub token: set the `token` input (the default is github.token).')
  for (const [name, url] of [
    ['apiUrl (GITHUB_API_URL)', opts.apiUrl],
    ['graphqlUrl (GITHUB_GRAPHQL_URL)', opts.graphqlUrl]
  ] as const) {
    if (!/^https?:\/\/[^/]+/.test(url ?? '')) {
      throw new Error(`Invalid ${name} '${url}'. Expected an http(s) URL such as https://api.github.com.`)
    }
  }
  if (opts.budget !== null && (!Number.isInteger(opts.budget) || opts.budget < 1)) {
    throw new Error(`Invalid request budget '${opts.budget}'. Expected a positive whole number, or none.`)
  }
  const log = opts.log ?? silent
  const loopback = isLoopback(opts.apiUrl)
  const pacing = opts.pacing ?? !loopback
  const retryBaseMs = opts.retryBaseMs ?? (loopback ? 100 : 1000)
  const secondaryRetries = opts.secondaryRetries ?? 3

  const counts: RequestCounts = { total: 0, graphql: 0, rest: 0 }
  const limits = new Map<string, RateLimitInfo>()
  let lastResource: string | null = null
  let cost = 0
  const graphqlPath = new URL(opts.graphqlUrl).pathname

  const noteHeaders = (headers: Record<string, unknown> | undefined): void => {
    const limit = headerValue(headers, 'x-ratelimit-limit')
    const remaining = headerValue(headers, 'x-ratelimit-remaining')
    if (limit === undefined || remaining === undefined) return
    const resource = headerValue(headers, 'x-ratelimit-resource') ?? 'core'
    const reset = Number(headerValue(headers, 'x-ratelimit-reset') ?? 0)
    limits.set(resource, {
      resource,
      limit: Number(limit),
      remaining: Number(remaining),
      used: Number(headerValue(headers, 'x-ratelimit-used') ?? Number(limit) - Number(remaining)),
      resetAt: new Date(reset * 1000).toISOString()
    })
    lastResource = resource
  }

  // Registered before the throttling and retry plugins, so its wrap is the innermost: it runs once
  // per HTTP request, retries included.
  type Wrap = (name: 'request', hook: (request: never, options: never) => Promise<unknown>) => void
  const counting = (octokit: { hook: { wrap: Wrap } }): Record<string, never> => {
    octokit.hook.wrap(
      'request',
      async (
        request: (o: unknown) => Promise<{ headers: Record<string, unknown> }>,
        options: { url: string; baseUrl?: string }
      ) => {
        counts.total++
        const url = options.url.startsWith('http') ? options.url : `${options.baseUrl ?? ''}${options.url}`
        let path = url
        try {
          path = new URL(url).pathname
        } catch {
          /* a relative URL: keep it */
        }
        if (path === graphqlPath || path.endsWith('/graphql')) counts.graphql++
        else counts.rest++
        try {
          const response = await request(options)
          noteHeaders(response.headers)
          return response
        } catch (error) {
          noteHeaders((error as { response?: { headers?: Record<string, unknown> } }).response?.headers)
          throw hopelessFailure(error) ?? error
        }
      }
    )
    return {}
  }

  const throttle: Record<string, unknown> = {
    onSecondaryRateLimit: (
      retryAfter: number,
      options: { method: string; url: string },
      _o: unknown,
      n: number
    ) => {
      const again = n < secondaryRetries
      log.warning(
        `Secondary rate limit on ${options.method} ${options.url}: ` +
          (again ? `retrying after ${retryAfter} s (retry ${n + 1} of ${secondaryRetries}).` : 'giving up.')
      )
      return again
    },
    onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, n: number) => {
      const again = n < 1 && retryAfter <= 60
      log.warning(
        `Rate limit exhausted on ${options.method} ${options.url}; it resets in ${retryAfter} s` +
          (again ? ': waiting and retrying once.' : '.')
      )
      return again
    }
  }
  if (!pacing) {
    throttle.write = unpacedGroup()
    throttle.notifications = unpacedGroup()
  }

  const octokit = getOctokit(
    opts.token,
    {
      baseUrl: opts.apiUrl.replace(/\/+$/, ''),
      userAgent: 'repo-metrics-report',
      throttle: throttle as never,
      retry: { retryAfterBaseValue: retryBaseMs },
      log: {
        debug: (m: string) => log.debug(m),
        info: (m: string) => log.debug(m),
        warn: (m: string) => log.warning(m),
        error: (m: string) => log.warning(m)
      }
    },
    counting as never,
    throttling as never,
    retry as never
  )

  const reserveFor = (limit: number): number => opts.reserve ?? Math.max(50, Math.ceil(limit * 0.05))

  const budget: RequestBudget = {
    limit: opts.budget,
    used: () => counts.total,
    remaining: () => {
      let left = opts.budget === null ? Infinity : opts.budget - counts.total
      for (const info of limits.values()) left = Math.min(left, info.remaining - reserveFor(info.limit))
      return Math.max(0, left)
    },
    exhausted: () => budget.remaining() <= 0,
    reserveFor
  }

  return {
    octokit,
    log,
    budget,
    requests: () => ({ ...counts }),
    rateLimit: (resource) => {
      const key = resource ?? lastResource
      return key === null ? null : (limits.get(key) ?? null)
    },
    graphqlCost: () => cost,
    graphql: async <T>(
      document: string,
      variables: Record<string, unknown> = {},
      options: { retries?: number } = {}
    ) => {
      const data = await octokit.graphql<T>({
        query: document,
        ...variables,
        url: opts.graphqlUrl,
        ...(options.retries === undefined ? {} : { request: { retries: options.retries } })
      })
      const rate = (data as { rateLimit?: { cost?: number } } | null)?.rateLimit
      if (rate && typeof rate.cost === 'number') cost += rate.cost
      return data
    }
  }
}

/** One line for the log: "graphql 4,321 of 5,000 left, resets 12:00:00Z". Never includes the token. */
export function describeRateLimit(info: RateLimitInfo | null): string {
  if (info === null) return 'rate limit not known yet'
  return `${info.resource} rate limit: ${info.remaining} of ${info.limit} left, resets at ${info.resetAt}`
}

/**
 * GitHub refused for a rate limit (primary or secondary) even after the throttling plugin's retries:
 * the sync stops cleanly as for a spent budget, and the next run resumes.
 */
export function isRateLimitError(error: unknown): boolean {
  const e = error as {
    status?: number
    message?: string
    response?: { headers?: Record<string, unknown> }
  } | null
  if (!e) return false
  if (/GraphQL Rate Limit Exceeded/.test(e.message ?? '')) return true
  if (e.status !== 403 && e.status !== 429) return false
  return /rate limit/i.test(e.message ?? '') || String(e.response?.headers?.['x-ratelimit-remaining']) === '0'
}
