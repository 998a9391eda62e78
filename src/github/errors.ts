/**
 * GitHub's failure answers as a small hierarchy of typed errors. Octokit throws `RequestError`
 * (REST, and GraphQL over HTTP errors) and `GraphqlResponseError` (HTTP 200 with `errors[]`); this
 * module is the one place that reads their status codes, headers and messages. Callers branch on the
 * class (`instanceof TimedOutError`) and read the fields they need, never `status` or the message.
 *
 * What GitHub answers (../shared/DESIGN.md "Living with github.com"):
 * - primary rate limit: 403/429 with `x-ratelimit-remaining: 0`; GraphQL 200 with `type: RATE_LIMITED`
 *   (also `RATE_LIMIT`) or the message "API rate limit exceeded";
 * - secondary rate limit: 403/429 mentioning "secondary rate limit" or "abuse", `retry-after` often absent;
 * - timeouts: 502 / 504, a 200 "Something went wrong while executing your query. This may be the result
 *   of a timeout", 422 "request timed out" on large git bodies;
 * - resource limits: `RESOURCE_LIMITS_EXCEEDED` (200, with partial data);
 * - forbidden: 403 (not a rate limit), GraphQL `FORBIDDEN` (200, partial data, the forbidden `path`s);
 * - not found: 404, GraphQL `NOT_FOUND`; conflict: 409, 422 on a non-fast-forward ref update.
 */

/** Fields every GitHub failure carries. */
export interface GitHubErrorDetails {
  /** HTTP status, or null for a GraphQL error inside a 200 answer or a failure with no answer. */
  status?: number | null
  /** The request it answered, e.g. "POST /graphql", when known. */
  request?: string | null
  /** Data that came with the failure (GraphQL partial results). */
  data?: unknown
  cause?: unknown
}

export abstract class GitHubError extends Error {
  /** A short, stable name of the kind, for logs and tests. */
  abstract readonly kind: string
  readonly status: number | null
  readonly request: string | null
  /** Partial GraphQL data, when GitHub sent some with the failure. */
  readonly data: unknown
  override readonly cause: unknown

  constructor(message: string, details: GitHubErrorDetails = {}) {
    super(message)
    this.name = new.target.name
    this.status = details.status ?? null
    this.request = details.request ?? null
    this.data = details.data ?? null
    this.cause = details.cause
  }
}

/** A primary (hourly budget) or secondary (abuse / per-minute) rate limit. */
export class RateLimitedError extends GitHubError {
  readonly kind = 'rate-limited'
  constructor(
    message: string,
    readonly limit: 'primary' | 'secondary',
    /** Seconds GitHub asked to wait (`retry-after`), null when it did not say. */
    readonly retryAfterSeconds: number | null,
    /** When the primary limit resets (`x-ratelimit-reset`), null when unknown. */
    readonly resetAt: string | null,
    details?: GitHubErrorDetails
  ) {
    super(message, details)
  }
}

/** GitHub gave up on the request in time (502, 504, a 200 "Something went wrong … timeout", 422 "timed out"). */
export class TimedOutError extends GitHubError {
  readonly kind = 'timed-out'
}

/** GraphQL `RESOURCE_LIMITS_EXCEEDED`: the query asked for too much; `data` may hold a partial answer. */
export class ResourceLimitsError extends GitHubError {
  readonly kind = 'resource-limits'
}

/** The token may not do this: 403 (not a rate limit) or GraphQL `FORBIDDEN` on some fields. */
export class ForbiddenError extends GitHubError {
  readonly kind = 'forbidden'
  constructor(
    message: string,
    /** GraphQL paths of the forbidden fields (e.g. ["repository", "deployments"]); empty for REST. */
    readonly paths: ReadonlyArray<ReadonlyArray<string | number>>,
    details?: GitHubErrorDetails
  ) {
    super(message, details)
  }
}

/** The token is missing, expired or wrong (401). */
export class UnauthorizedError extends GitHubError {
  readonly kind = 'unauthorized'
}

/** 404, 410 or GraphQL `NOT_FOUND`. */
export class NotFoundError extends GitHubError {
  readonly kind = 'not-found'
}

/** 409, or 422 on a ref update that is not a fast forward / a ref that already exists. */
export class ConflictError extends GitHubError {
  readonly kind = 'conflict'
}

/** 422 for any other reason: GitHub refused the content of the request. */
export class ValidationError extends GitHubError {
  readonly kind = 'validation'
}

/** 500, 503 and other server failures that are not a timeout. */
export class ServerError extends GitHubError {
  readonly kind = 'server-error'
}

/** No answer at all: connection refused, unknown host, reset (`code` is Node's, e.g. ECONNREFUSED). */
export class NetworkError extends GitHubError {
  readonly kind = 'network'
  constructor(
    message: string,
    readonly code: string | null,
    details?: GitHubErrorDetails,
    /** False when trying again cannot help (nothing listens, no such host, an untrusted certificate). */
    readonly retryable: boolean = true
  ) {
    super(message, details)
  }
}

/**
 * The run's request budget (`request-budget`) is spent: the client refused to send the request.
 * Nothing reached GitHub; the sync stops cleanly and the next run resumes.
 */
export class BudgetSpentError extends GitHubError {
  readonly kind = 'budget-spent'
  constructor(
    message: string,
    readonly limit: number,
    details?: GitHubErrorDetails
  ) {
    super(message, details)
  }
}

/**
 * A GraphQL request kept timing out (or hitting the resource limits) with every page it uses at one
 * item: nothing smaller can be asked, so the sync stops cleanly here and a later run tries again.
 */
export class PagesExhaustedError extends GitHubError {
  readonly kind = 'pages-exhausted'
}

/** Anything else GitHub answered (an unexpected status or GraphQL error type). */
export class OtherGitHubError extends GitHubError {
  readonly kind = 'other'
}

interface GraphqlErrorEntry {
  type?: string
  message?: string
  path?: Array<string | number>
  extensions?: { code?: string }
}

interface ErrorShape {
  name?: string
  status?: number
  message?: string
  code?: string
  errors?: GraphqlErrorEntry[]
  data?: unknown
  headers?: Record<string, unknown>
  request?: { method?: string; url?: string; query?: string }
  response?: { headers?: Record<string, unknown>; data?: unknown; status?: number }
  cause?: unknown
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET'
])

/**
 * Codes (and undici's message for a blocked port) of a request that got no answer and never will by
 * retrying: nothing listens there, the host has no address, the port is one fetch refuses, the TLS
 * certificate is not trusted. Resets, timeouts and temporary DNS failures stay retryable.
 */
const HOPELESS_CODES =
  /^(ECONNREFUSED|ENOTFOUND|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY)_)/
const HOPELESS_MESSAGES = /^bad port$/

/** Whether the cause chain of a failure with no answer says that no retry can help. */
function hopeless(error: unknown): boolean {
  let current: unknown = (error as { cause?: unknown }).cause
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && HOPELESS_CODES.test(code)) return true
    if (typeof message === 'string' && HOPELESS_MESSAGES.test(message)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

const TIMEOUT_TEXT = /something went wrong while executing your query|timed? ?out|timeout/i
const SECONDARY_TEXT = /secondary rate limit|abuse/i
const RATE_LIMIT_TEXT = /rate limit/i

function header(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name]
  return value === undefined || value === null ? null : String(value)
}

function describeRequest(shape: ErrorShape): string | null {
  const method = shape.request?.method
  const url = shape.request?.url
  if (!method || !url) return null
  let path = url
  try {
    path = new URL(url).pathname
  } catch {
    /* keep it as given */
  }
  return `${method} ${path}`
}

/** The message GitHub sent (REST `data.message`), else the error's own. */
function githubMessage(shape: ErrorShape): string {
  const data = shape.response?.data as { message?: unknown } | undefined
  if (data && typeof data.message === 'string' && data.message) return data.message
  return shape.message ?? 'unknown error'
}

/**
 * The network error code somewhere in the cause chain (fetch wraps it in "fetch failed"): a known
 * one, or with `anyCode` the first code found.
 */
function networkCode(error: unknown, anyCode = false): string | null {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && (anyCode || NETWORK_CODES.has(code))) return code
    current = (current as { cause?: unknown }).cause
  }
  return null
}

function rateLimitFromHttp(
  shape: ErrorShape,
  message: string,
  details: GitHubErrorDetails
): RateLimitedError | null {
  const headers = shape.response?.headers
  const remaining = header(headers, 'x-ratelimit-remaining')
  const retryAfter = header(headers, 'retry-after')
  const reset = header(headers, 'x-ratelimit-reset')
  const secondary = SECONDARY_TEXT.test(message)
  const primary = remaining === '0' || (!secondary && RATE_LIMIT_TEXT.test(message))
  if (!secondary && !primary && !(shape.status === 429)) return null
  return new RateLimitedError(
    message,
    secondary || (!primary && shape.status === 429) ? 'secondary' : 'primary',
    retryAfter === null || !Number.isFinite(Number(retryAfter)) ? null : Number(retryAfter),
    reset === null || !Number.isFinite(Number(reset)) ? null : new Date(Number(reset) * 1000).toISOString(),
    details
  )
}

function fromGraphqlErrors(shape: ErrorShape, details: GitHubErrorDetails): GitHubError {
  const errors = shape.errors ?? []
  const message = errors.map((e) => e.message ?? e.type ?? 'error').join('; ') || githubMessage(shape)
  const types = errors.map((e) => (e.type ?? e.extensions?.code ?? '').toUpperCase())
  const headers = shape.headers ?? shape.response?.headers
  if (types.some((t) => t === 'RATE_LIMITED' || t === 'RATE_LIMIT') || RATE_LIMIT_TEXT.test(message)) {
    const reset = header(headers, 'x-ratelimit-reset')
    const retryAfter = header(headers, 'retry-after')
    return new RateLimitedError(
      message,
      SECONDARY_TEXT.test(message) ? 'secondary' : 'primary',
      retryAfter === null ? null : Number(retryAfter),
      reset === null ? null : new Date(Number(reset) * 1000).toISOString(),
      details
    )
  }
  if (types.includes('RESOURCE_LIMITS_EXCEEDED')) return new ResourceLimitsError(message, details)
  if (TIMEOUT_TEXT.test(message) && !types.some((t) => t === 'FORBIDDEN' || t === 'NOT_FOUND')) {
    return new TimedOutError(message, details)
  }
  if (types.length > 0 && types.every((t) => t === 'FORBIDDEN')) {
    return new ForbiddenError(
      message,
      errors.map((e) => e.path ?? []),
      details
    )
  }
  if (types.length > 0 && types.every((t) => t === 'NOT_FOUND')) return new NotFoundError(message, details)
  return new OtherGitHubError(message, details)
}

/**
 * The typed form of any failure of a GitHub request; null when `error` is not one (a bug, a type
 * error), so the caller rethrows it unchanged. An error that already is a GitHubError is returned as is.
 */
export function toGitHubError(error: unknown): GitHubError | null {
  if (error instanceof GitHubError) return error
  if (!error || typeof error !== 'object') return null
  const shape = error as ErrorShape
  const request = describeRequest(shape)
  const details: GitHubErrorDetails = { request, cause: error }

  // Octokit reports a request that got no answer as an HttpError with status 500 and the network
  // failure as its cause: no answer is not a server error.
  const code = networkCode(error)
  const noAnswer = shape.name === 'HttpError' && shape.cause !== undefined
  if ((code !== null || noAnswer) && shape.response === undefined) {
    const anyCode = code ?? networkCode(shape.cause, true)
    return new NetworkError(
      shape.message || (anyCode ?? 'no answer'),
      anyCode,
      { ...details, status: null },
      !hopeless(error)
    )
  }
  if (Array.isArray(shape.errors) && (shape.name === 'GraphqlResponseError' || shape.status === undefined)) {
    return fromGraphqlErrors(shape, { ...details, status: null, data: shape.data ?? null })
  }
  // The throttling plugin's "GraphQL Rate Limit Exceeded": a plain Error carrying the 200 answer.
  const answer = shape.response?.data as { data?: unknown; errors?: GraphqlErrorEntry[] } | undefined
  if (shape.status === undefined && Array.isArray(answer?.errors)) {
    return fromGraphqlErrors(
      { ...shape, errors: answer.errors },
      { ...details, status: null, data: answer.data ?? null }
    )
  }
  // Octokit's RequestError is named HttpError; an error of its shape (a numeric HTTP error status)
  // is read the same way.
  if (typeof shape.status === 'number' && (shape.name === 'HttpError' || shape.status >= 400)) {
    const status = shape.status
    const message = githubMessage(shape)
    const withStatus = { ...details, status, data: null }
    // A GraphQL answer with errors and a non-200 status (GHES answers some limits this way).
    const body = shape.response?.data as { data?: unknown; errors?: GraphqlErrorEntry[] } | undefined
    if (Array.isArray(body?.errors) && status < 500 && status !== 401 && status !== 404) {
      const typed = fromGraphqlErrors(
        { ...shape, errors: body.errors },
        { ...withStatus, data: body.data ?? null }
      )
      if (!(typed instanceof OtherGitHubError)) return typed
    }
    if (status === 403 || status === 429) {
      const limited = rateLimitFromHttp(shape, message, withStatus)
      if (limited) return limited
      return new ForbiddenError(message, [], withStatus)
    }
    if (status === 401) return new UnauthorizedError(message, withStatus)
    if (status === 404 || status === 410) return new NotFoundError(message, withStatus)
    if (status === 409) return new ConflictError(message, withStatus)
    if (status === 422) {
      if (/fast forward|already exists|reference cannot be updated|does not exist/i.test(message)) {
        return new ConflictError(message, withStatus)
      }
      if (TIMEOUT_TEXT.test(message)) return new TimedOutError(message, withStatus)
      return new ValidationError(message, withStatus)
    }
    if (status === 502 || status === 504) return new TimedOutError(message, withStatus)
    if (status >= 500) {
      if (TIMEOUT_TEXT.test(message)) return new TimedOutError(message, withStatus)
      return new ServerError(message, withStatus)
    }
    return new OtherGitHubError(message, withStatus)
  }
  return null
}

/** toGitHubError, or the error itself rethrown when it is not a GitHub failure. */
export function asGitHubError(error: unknown): GitHubError {
  const typed = toGitHubError(error)
  if (typed === null) throw error
  return typed
}

/** True for failures that a smaller page (or a later attempt) may avoid: timeouts and resource limits. */
export function isTooBig(error: GitHubError): boolean {
  return error instanceof TimedOutError || error instanceof ResourceLimitsError
}

/**
 * True for a GraphQL failure a smaller page may avoid: a timeout, the resource limits, and a 500,
 * which GitHub answers for a GraphQL query that ran too long as often as 502 / 504.
 */
export function isTooBigQuery(error: GitHubError): boolean {
  return isTooBig(error) || (error instanceof ServerError && error.status === 500)
}

/**
 * Failures after which the sync stops cleanly with its cursors kept (the next run resumes): rate
 * limits of every form, a spent request budget, pages that cannot shrink any further.
 */
export function stopsTheSync(
  error: unknown
): error is RateLimitedError | BudgetSpentError | PagesExhaustedError {
  const typed = toGitHubError(error)
  return (
    typed instanceof RateLimitedError ||
    typed instanceof BudgetSpentError ||
    typed instanceof PagesExhaustedError
  )
}
