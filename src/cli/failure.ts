/**
 * A failed run in the command line's terms: what failed (the URL, host, port or path) and how to fix
 * it (the flag to check). Network failures (no answer at all), GitHub's answers (typed by
 * src/github/errors.ts) and the folder store's file-system errors each get their own message; a
 * message is never empty and never holds the token.
 */
import {
  BudgetSpentError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  toGitHubError,
  type GitHubError
} from '../github/errors.js'

export interface FailureContext {
  apiUrl: string
  graphqlUrl: string
  /** --graphql-url was given (else it was derived from --api-url). */
  graphqlGiven: boolean
  /** `owner/name`. */
  repository: string
  /** The folder store's absolute path; null for --store github. */
  storeDir: string | null
}

export type FailureKind =
  | 'network'
  | 'unauthorized'
  | 'not-found'
  | 'forbidden'
  | 'rate-limited'
  | 'budget'
  | 'github'
  | 'store'
  | 'failed'

export interface Failure {
  kind: FailureKind
  message: string
}

type Shape = {
  code?: unknown
  message?: unknown
  path?: unknown
  syscall?: unknown
  cause?: unknown
  errors?: unknown
  request?: unknown
}

/** The error, its causes and an AggregateError's first errors, outermost first. */
function chainOf(error: unknown): Shape[] {
  const out: Shape[] = []
  const queue: unknown[] = [error]
  while (queue.length > 0 && out.length < 12) {
    const current = queue.shift()
    if (!current || typeof current !== 'object' || out.includes(current as Shape)) continue
    const shape = current as Shape
    out.push(shape)
    if (shape.cause !== undefined) queue.push(shape.cause)
    if (Array.isArray(shape.errors)) queue.push(...shape.errors.slice(0, 2))
  }
  return out
}

const FS_CODES = new Set([
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EISDIR',
  'EEXIST',
  'ENOENT'
])
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|EPROTO$)/

/** The first code in the chain, e.g. ECONNREFUSED; the message 'bad port' (undici's) counts as BAD_PORT. */
function codeIn(chain: Shape[]): string | null {
  for (const shape of chain) {
    if (typeof shape.code === 'string' && shape.code) return shape.code
    if (shape.message === 'bad port') return 'BAD_PORT'
  }
  return null
}

/** The URL of the request that failed, from octokit's error (never with credentials). */
function failedUrl(chain: Shape[]): string | null {
  for (const shape of chain) {
    const url = (shape.request as { url?: unknown } | undefined)?.url
    if (typeof url === 'string' && /^https?:/.test(url)) return url
  }
  return null
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '')
}

function hostPort(url: string): { host: string; port: string } {
  try {
    const parsed = new URL(url)
    return { host: parsed.hostname, port: parsed.port || (parsed.protocol === 'https:' ? '443' : '80') }
  } catch {
    return { host: url, port: '' }
  }
}

/** Which endpoint failed, in words, and the flag that sets it. */
function endpoint(chain: Shape[], ctx: FailureContext): { where: string; url: string; flag: string } {
  const url = failedUrl(chain) ?? ctx.apiUrl
  if (sameUrl(url, ctx.graphqlUrl) && ctx.graphqlGiven) {
    return { where: `the GitHub GraphQL endpoint at ${ctx.graphqlUrl}`, url, flag: '--graphql-url' }
  }
  return { where: `the GitHub API at ${ctx.apiUrl}`, url, flag: '--api-url' }
}

function networkMessage(chain: Shape[], ctx: FailureContext): string {
  const { where, url, flag } = endpoint(chain, ctx)
  const { host, port } = hostPort(url)
  const code = codeIn(chain)
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${where} (connection refused: nothing listens on ${host} port ${port}). Is the server running? Check ${flag}.`
    case 'ENOTFOUND':
      return (
        `Cannot reach ${where}: the host ${host} was not found (ENOTFOUND). Check the host name in ${flag} ` +
        '(github.com: https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3).'
      )
    case 'EAI_AGAIN':
      return `Cannot reach ${where}: looking up the host ${host} failed for now (EAI_AGAIN). Check your network and DNS, and the host name in ${flag}.`
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Cannot reach ${where}: ${host} port ${port} did not answer in time (${code}). Check the host and port in ${flag}, and any proxy or firewall on the way.`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot reach ${where}: there is no route to ${host} (${code}). Check your network and the host in ${flag}.`
    case 'BAD_PORT':
      return `Cannot reach ${where}: port ${port} is one that Node's fetch refuses to connect to (a "bad port"). Serve the API on another port and change ${flag}.`
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `The connection to ${where} was closed before GitHub answered (${code}). Try again; if the server speaks plain http, use http:// in ${flag}.`
  }
  if (code !== null && TLS_CODE.test(code)) {
    const detail = chain.map((s) => s.message).find((m) => typeof m === 'string' && m && m !== 'fetch failed')
    return (
      `The TLS connection to ${host} port ${port} failed (${code}${detail ? `: ${String(detail)}` : ''}). ` +
      `For a server with a private certificate authority set NODE_EXTRA_CA_CERTS to its certificate; for a plain-http server use http:// in ${flag}.`
    )
  }
  return `Cannot reach ${where} (${code ?? 'no answer'}). Check ${flag}.`
}

function storeMessage(shape: Shape, ctx: FailureContext): string {
  const path = String(shape.path)
  const folder = ctx.storeDir ? `the store folder ${ctx.storeDir}` : 'a local folder'
  const fix = 'Give a folder you can write with --store.'
  switch (shape.code) {
    case 'ENOTDIR':
      return `Cannot write ${path} in ${folder}: a part of that path is a file, not a folder (ENOTDIR). Give --store a folder.`
    case 'EACCES':
    case 'EPERM':
      return `Cannot write ${path} in ${folder}: permission denied (${shape.code}). ${fix}`
    case 'EROFS':
      return `Cannot write ${path} in ${folder}: the file system is read-only (EROFS). ${fix}`
    case 'ENOSPC':
    case 'EDQUOT':
      return `Cannot write ${path} in ${folder}: the disk is full (${shape.code}). Free some space or give --store another folder.`
    default:
      return `Cannot use ${path} in ${folder} (${String(shape.code)}: ${String(shape.message)}). ${fix}`
  }
}

function isGraphqlRequest(error: GitHubError, chain: Shape[], ctx: FailureContext): boolean {
  const url = failedUrl(chain)
  if (url !== null) return sameUrl(url, ctx.graphqlUrl)
  try {
    return error.request === `POST ${new URL(ctx.graphqlUrl).pathname}`
  } catch {
    return false
  }
}

function answerMessage(error: GitHubError, chain: Shape[], ctx: FailureContext): Failure | null {
  const what = error.request ? ` for ${error.request}` : ''
  if (error instanceof UnauthorizedError) {
    return {
      kind: 'unauthorized',
      message:
        `The GitHub API at ${ctx.apiUrl} refused the token (401 ${error.message}). Check --token, $GITHUB_TOKEN or $GH_TOKEN: ` +
        'the token may be expired or revoked, or made for another server (a github.com token does not work on GitHub Enterprise Server).'
    }
  }
  if (error instanceof NotFoundError && error.status === 404 && isGraphqlRequest(error, chain, ctx)) {
    const fix = ctx.graphqlGiven
      ? 'Check --graphql-url'
      : `It was derived from --api-url ${ctx.apiUrl}: check --api-url, or give --graphql-url`
    return {
      kind: 'not-found',
      message:
        `The GraphQL endpoint ${ctx.graphqlUrl} answered 404 Not Found: GitHub's GraphQL API is not there. ${fix} ` +
        '(github.com: https://api.github.com/graphql; GitHub Enterprise Server: https://HOST/api/graphql).'
    }
  }
  if (error instanceof NotFoundError) {
    const status = error.status === null ? '' : ` ${error.status}`
    return {
      kind: 'not-found',
      message: `GitHub answered${status} Not Found${what} (${error.message}). Check --repo ${ctx.repository}, that the token can read it, and --api-url ${ctx.apiUrl}.`
    }
  }
  if (error instanceof ForbiddenError) {
    return {
      kind: 'forbidden',
      message:
        `GitHub refused${what} (${error.status ?? 'FORBIDDEN'}: ${error.message}): the token lacks a permission. ` +
        'Reading needs contents, pull-requests and issues: read; --store github also needs contents: write and issues: write.'
    }
  }
  if (error instanceof BudgetSpentError) {
    return {
      kind: 'budget',
      message:
        `The request budget of ${error.limit} requests was spent before${what.replace(' for', '')} could be sent: ` +
        'raise --request-budget (the sync leaves some requests for saving; a budget this small cannot).'
    }
  }
  if (error instanceof RateLimitedError) {
    const reset = error.resetAt ? `; it resets at ${error.resetAt}` : ''
    return {
      kind: 'rate-limited',
      message: `GitHub's ${error.limit} rate limit stopped the run (${error.message})${reset}. Run again later, or spend less with --request-budget.`
    }
  }
  if (error.status !== null) {
    return {
      kind: 'github',
      message: `GitHub at ${ctx.apiUrl} answered ${error.status}${what}: ${error.message || error.kind}. Try again later.`
    }
  }
  return null
}

/** What to tell the user about a run that threw `error`. */
export function describeFailure(error: unknown, ctx: FailureContext): Failure {
  const chain = chainOf(error)
  const fsError = chain.find(
    (s) =>
      typeof s.code === 'string' &&
      FS_CODES.has(s.code) &&
      typeof s.path === 'string' &&
      typeof s.syscall === 'string'
  )
  if (fsError) return { kind: 'store', message: storeMessage(fsError, ctx) }
  const typed = toGitHubError(error)
  const code = codeIn(chain)
  // Octokit reports a fetch that got no answer as a 500 whose cause is undici's "fetch failed".
  const unanswered =
    chain.length > 0 &&
    (chain[0] as { response?: unknown }).response === undefined &&
    chain.some((s) => s.message === 'fetch failed')
  const noAnswer =
    typed instanceof NetworkError ||
    unanswered ||
    (code !== null && (code === 'BAD_PORT' || TLS_CODE.test(code)))
  if (noAnswer) return { kind: 'network', message: networkMessage(chain, ctx) }
  if (typed !== null) {
    const answered = answerMessage(typed, chain, ctx)
    if (answered) return answered
  }
  const message = error instanceof Error ? error.message : String(error)
  if (message.trim()) return { kind: 'failed', message }
  const name = error instanceof Error ? error.name : typeof error
  return {
    kind: 'failed',
    message: `${name}${code ? ` (${code})` : ''} with no message. Run again with RUNNER_DEBUG=1 for details.`
  }
}
