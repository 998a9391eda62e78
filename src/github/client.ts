/**
 * The one Octokit factory of a run: @actions/github's Octokit with the throttling and retry plugins,
 * base URLs for github.com or GitHub Enterprise Server, a request counter that sees every HTTP
 * request (retries included, since it sits innermost in the hook chain) and the request budget.
 *
 * The store, the notifier and the sync all use the same `octokit`, so `request-budget` covers the
 * whole run. The budget is a hard cap for the sync and for every retry: the counter refuses
 * (BudgetSpentError, nothing sent) a retry of the retry or throttling plugins past it, and any request
 * past it while the sync holds the cap (`budget.enforce`), and the throttling plugin does not wait for
 * a retry the budget cannot pay for. The sync stops early enough that the store can still save
 * (`keepRequests`); the first attempts of the store and the notifier after the sync are still sent,
 * so a run that read data always saves it.
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Logger } from '../log.js'
import { BudgetSpentError, NetworkError, RateLimitedError, toGitHubError } from './errors.js'

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
  /** While on, no request at all is sent past the budget (the sync holds it); retries never are. */
  enforce(on: boolean): void
  /** The budget refuses every request past it now. */
  readonly enforced: boolean
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

function checkOptions(opts: ClientOptions): void {
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
}

/** The rate limits seen in response headers, per resource. */
class RateLimits {
  private readonly limits = new Map<string, RateLimitInfo>()
  private last: string | null = null

  note(headers: Record<string, unknown> | undefined): void {
    const limit = headerValue(headers, 'x-ratelimit-limit')
    const remaining = headerValue(headers, 'x-ratelimit-remaining')
    if (limit === undefined || remaining === undefined) return
    const resource = headerValue(headers, 'x-ratelimit-resource') ?? 'core'
    const reset = Number(headerValue(headers, 'x-ratelimit-reset') ?? 0)
    this.limits.set(resource, {
      resource,
      limit: Number(limit),
      remaining: Number(remaining),
      used: Number(headerValue(headers, 'x-ratelimit-used') ?? Number(limit) - Number(remaining)),
      resetAt: new Date(reset * 1000).toISOString()
    })
    this.last = resource
  }

  /** The given resource's, else the one seen last. */
  get(resource?: string): RateLimitInfo | null {
    const key = resource ?? this.last
    return key === null ? null : (this.limits.get(key) ?? null)
  }

  all(): Iterable<RateLimitInfo> {
    return this.limits.values()
  }
}

type Wrap = (name: 'request', hook: (request: never, options: never) => Promise<unknown>) => void

/**
 * An Octokit plugin that counts every HTTP request and notes its rate-limit headers. Registered
 * before the throttling and retry plugins, so its wrap is the innermost: it runs once per HTTP
 * request, retries included.
 */
function countingPlugin(
  counts: RequestCounts,
  graphqlPath: string,
  limits: RateLimits,
  limit: number | null,
  enforced: () => boolean
) {
  return (octokit: { hook: { wrap: Wrap } }): Record<string, never> => {
    const sent = new WeakSet<object>()
    octokit.hook.wrap(
      'request',
      async (
        request: (o: unknown) => Promise<{ headers: Record<string, unknown> }>,
        options: { url: string; baseUrl?: string }
      ) => {
        const url = options.url.startsWith('http') ? options.url : `${options.baseUrl ?? ''}${options.url}`
        let path = url
        try {
          path = new URL(url).pathname
        } catch {
          /* a relative URL: keep it */
        }
        // The retry and throttling plugins send a retry with the same options object again.
        const retry = sent.has(options)
        sent.add(options)
        if (limit !== null && counts.total >= limit && (retry || enforced())) {
          throw new BudgetSpentError(
            `The request budget of ${limit} requests is spent: not sending ${path}.`,
            limit,
            { request: path }
          )
        }
        counts.total++
        if (path === graphqlPath || path.endsWith('/graphql')) counts.graphql++
        else counts.rest++
        try {
          const response = await request(options)
          limits.note(response.headers)
          return response
        } catch (error) {
          limits.note((error as { response?: { headers?: Record<string, unknown> } }).response?.headers)
          // No answer that no retry can fix: typed here, so neither the retry plugin (it retries what
          // octokit reports as a 500 for a failed fetch) nor a caller retrying 5xx spends time on it.
          const typed = toGitHubError(error)
          throw typed instanceof NetworkError && !typed.retryable ? typed : error
        }
      }
    )
    return {}
  }
}

/** The throttling plugin's options: log and bound its retries; without pacing, writes are not spaced. */
function throttleOptions(
  log: Logger,
  secondaryRetries: number,
  pacing: boolean,
  /** Another request fits in the request budget (a retry the budget cannot pay for is not waited for). */
  affordable: () => boolean
): Record<string, unknown> {
  const throttle: Record<string, unknown> = {
    onSecondaryRateLimit: (
      retryAfter: number,
      options: { method: string; url: string },
      _o: unknown,
      n: number
    ) => {
      const again = n < secondaryRetries && affordable()
      log.warning(
        `Secondary rate limit on ${options.method} ${options.url}: ` +
          (again ? `retrying after ${retryAfter} s (retry ${n + 1} of ${secondaryRetries}).` : 'giving up.')
      )
      return again
    },
    onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, n: number) => {
      const again = n < 1 && retryAfter <= 60 && affordable()
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
  return throttle
}

function requestBudget(
  limit: number | null,
  counts: RequestCounts,
  limits: RateLimits,
  reserve: number | undefined
): RequestBudget {
  const reserveFor = (rateLimit: number): number => reserve ?? Math.max(50, Math.ceil(rateLimit * 0.05))
  let enforced = false
  const budget: RequestBudget = {
    enforce: (on) => {
      enforced = on
    },
    get enforced() {
      return enforced
    },
    limit,
    used: () => counts.total,
    remaining: () => {
      let left = limit === null ? Infinity : limit - counts.total
      for (const info of limits.all()) left = Math.min(left, info.remaining - reserveFor(info.limit))
      return Math.max(0, left)
    },
    exhausted: () => budget.remaining() <= 0,
    reserveFor
  }
  return budget
}

export function createGitHubClient(opts: ClientOptions): GitHubClient {
  checkOptions(opts)
  const log = opts.log ?? silent
  const loopback = isLoopback(opts.apiUrl)
  const counts: RequestCounts = { total: 0, graphql: 0, rest: 0 }
  const limits = new RateLimits()
  let cost = 0
  let budget: RequestBudget | null = null

  const octokit = getOctokit(
    opts.token,
    {
      baseUrl: opts.apiUrl.replace(/\/+$/, ''),
      userAgent: 'repo-metrics-report',
      throttle: throttleOptions(
        log,
        opts.secondaryRetries ?? 3,
        opts.pacing ?? !loopback,
        () => opts.budget === null || counts.total < opts.budget
      ) as never,
      retry: { retryAfterBaseValue: opts.retryBaseMs ?? (loopback ? 100 : 1000) },
      log: {
        debug: (m: string) => log.debug(m),
        info: (m: string) => log.debug(m),
        warn: (m: string) => log.warning(m),
        error: (m: string) => log.warning(m)
      }
    },
    countingPlugin(
      counts,
      new URL(opts.graphqlUrl).pathname,
      limits,
      opts.budget,
      () => budget?.enforced ?? false
    ) as never,
    throttling as never,
    retry as never
  )

  budget = requestBudget(opts.budget, counts, limits, opts.reserve)
  return {
    octokit,
    log,
    budget,
    requests: () => ({ ...counts }),
    rateLimit: (resource) => limits.get(resource),
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
 * the sync stops cleanly as for a spent budget, and the next run resumes. (Kept for callers outside
 * src/github; the typed check is `toGitHubError(error) instanceof RateLimitedError`.)
 */
export function isRateLimitError(error: unknown): boolean {
  return toGitHubError(error) instanceof RateLimitedError
}
