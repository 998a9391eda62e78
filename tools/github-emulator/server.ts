/**
 * The local GitHub emulator's HTTP server: REST at the root as on api.github.com, GraphQL at
 * `POST /graphql`, emulator controls under `/_emulator/`. Startable and stoppable in-process.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { Credentials, EmulatorClock, type Credential, type CredentialSpec } from './credentials.js'
import { Faults, parseFaults } from './faults.js'
import { handleGraphql, inspectGraphql, type GraphqlStrictness } from './graphql/index.js'
import { resolveProfile, type Profile, type ProfileOption } from './profile.js'
import { githubSchema } from './graphql/schema.js'
import { handleRest, routeTemplate } from './rest/routes.js'
import type { EmulatorState, GitModule } from './state.js'
import { RateLimits, Stats } from './stats.js'
import { CONTENT_ROUTES, describeQuery, StrictChecks, timeoutAnswer } from './strict.js'
import type { EmulatorResponse, SeedRepository } from './types.js'
import { EmulatorWorld, fullName } from './world.js'
import { loadDataset } from './dataset.js'
import { intoOrganization } from './generate-org.js'
import * as gitModule from './git/index.js'

export interface EmulatorOptions {
  /** The repository served (or the first of `seeds`, then the primary one). */
  seed?: SeedRepository
  /** Further repositories, each with its own history (organization mode); `seed` comes first. */
  seeds?: SeedRepository[]
  /** Dataset folders (../shared/datasets layout), each one more repository, after `seed` and `seeds`. */
  datasets?: string[]
  /** Every repository above becomes this organization's (owners renamed); absent: owners as they are. */
  organization?: string
  /** 0 or absent: any free port. */
  port?: number
  /** Fault names (see faults.ts), e.g. `['secondary-rate-limit', 'server-error']`. */
  faults?: string[]
  /** Primary rate limit per hour (REST requests / GraphQL points); default 5000 (lenient profile only). */
  rateLimit?: number
  /** `lenient` (default: today's behaviour) or `github` (github.com's limits; see profile.ts), with overrides. */
  profile?: ProfileOption
  /** Tokens and their credentials (kind, permissions); others are identified by prefix (credentials.ts). */
  credentials?: Record<string, CredentialSpec>
}

export interface RunningEmulator {
  url: string
  port: number
  /** The primary repository (the only one without `seeds`). */
  state: EmulatorState
  /** Every repository, the primary one first. */
  states: EmulatorState[]
  /** A repository by owner and name (any case), or undefined. */
  repository(owner: string, name: string): EmulatorState | undefined
  world: EmulatorWorld
  stats: Stats
  /** The budget every token shares under the lenient profile. */
  rateLimits: RateLimits
  profile: Profile
  credentials: Credentials
  clock: EmulatorClock
  setFaults(list: string[]): void
  stop(): Promise<void>
}

const DOCS = 'https://docs.github.com/rest'
const MAX_BODY = 50 * 1024 * 1024

/** Whether an `accept-encoding` header accepts gzip (a `q=0` refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '')
  return text.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';')
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean)
    return !q || Number(q[1]) > 0
  })
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) reject(new Error('request body too large'))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Organization team routes: an Actions token (no `members` permission) gets 403 for each. */
const TEAM_ROUTES = new Set(['GET /orgs/{org}/teams', 'GET /orgs/{org}/teams/{team_slug}/members'])

function seedSummary(state: EmulatorState): Record<string, unknown> {
  const seed = state.seed
  return {
    owner: seed.owner,
    name: seed.name,
    defaultBranch: seed.defaultBranch,
    createdAt: seed.createdAt,
    until: seed.until,
    counts: {
      pulls: state.pulls.length,
      issues: state.issues.length,
      commits: state.commits.length,
      deployments: state.deployments.length,
      releases: state.releases.length,
      workflowRuns: seed.workflowRuns.length
    }
  }
}

function isWrite(method: string): boolean {
  return method === 'POST' || method === 'PATCH' || method === 'PUT' || method === 'DELETE'
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const given = [
    ...(options?.seed ? [options.seed] : []),
    ...(options?.seeds ?? []),
    ...(options?.datasets ?? []).map((dir) => loadDataset(dir))
  ]
  if (!given.length)
    throw new Error(
      'startEmulator: options.seed (a SeedRepository), options.seeds or options.datasets is required'
    )
  const seeds = options.organization ? intoOrganization(given, options.organization) : given
  githubSchema()
  const world = new EmulatorWorld(seeds)
  const state = world.primary
  const stats = new Stats()
  const profile = resolveProfile(options.profile)
  const clock = new EmulatorClock()
  const rateLimits = new RateLimits(options.rateLimit ?? 5000, clock.now)
  const strictProfile = profile.name === 'github'
  const credentials = new Credentials(
    profile,
    clock,
    options.credentials,
    strictProfile ? undefined : rateLimits,
    world
  )
  const checks = new StrictChecks(profile, clock.now)
  const maxBody = Math.max(MAX_BODY, (profile.blobBodyBytes ?? 0) * 1.4 + 1024 * 1024)
  for (const repository of world.states) {
    repository.gitModule = gitModule as unknown as GitModule
    const gitStore = new gitModule.GitStore()
    gitStore.blobTextLimit = profile.blobTextBytes
    repository.git = gitStore
  }
  const faults = new Faults(options.faults ?? [])
  // EMULATOR_TRACE=1 prints every answer the github profile refuses or cuts (for finding what broke).
  const trace = process.env.EMULATOR_TRACE === '1'

  // API answers (not the emulator's own routes) are counted in the traffic stats and gzipped when the
  // client accepts it, as github.com does.
  const apiResponses = new WeakMap<ServerResponse, { gzip: boolean }>()

  const send = (res: ServerResponse, answer: EmulatorResponse, extra: Record<string, string> = {}) => {
    const api = apiResponses.get(res)
    const headers: Record<string, string> = {
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': createHash('sha1')
        .update(String(Math.random()))
        .digest('hex')
        .slice(0, 16)
        .toUpperCase(),
      ...extra,
      ...(answer.headers ?? {})
    }
    if (answer.body === undefined || answer.status === 204 || answer.status === 304) {
      res.writeHead(answer.status, headers)
      res.end()
      return
    }
    const text = Buffer.from(JSON.stringify(answer.body), 'utf8')
    const wire = api?.gzip ? gzipSync(text) : text
    headers['content-type'] = 'application/json; charset=utf-8'
    headers['content-length'] = String(wire.length)
    if (api) {
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding'
      if (api.gzip) headers['content-encoding'] = 'gzip'
      stats.sent(wire.length)
    }
    res.writeHead(answer.status, headers)
    res.end(wire)
  }

  const emulatorRoute = async (req: IncomingMessage, res: ServerResponse, path: string, raw: string) => {
    if (path === '/_emulator/stats' && req.method === 'GET') {
      // Forced ref updates are counted too: the data branch must never see one.
      const forcedUpdates = world.states.reduce(
        (sum, s) => sum + ((s.git as { forcedUpdates?: number } | undefined)?.forcedUpdates ?? 0),
        0
      )
      return send(res, { status: 200, body: { ...stats.snapshot(), git: { forcedUpdates } } })
    }
    if (path === '/_emulator/stats/reset' && req.method === 'POST') {
      stats.reset()
      return send(res, { status: 200, body: stats.snapshot() })
    }
    if (path === '/_emulator/faults' && req.method === 'GET')
      return send(res, { status: 200, body: { faults: faults.list() } })
    if (path === '/_emulator/faults' && req.method === 'POST') {
      try {
        const body = raw ? (JSON.parse(raw) as { faults?: unknown }) : {}
        if (!Array.isArray(body.faults) || body.faults.some((f) => typeof f !== 'string'))
          return send(res, {
            status: 400,
            body: { message: 'send {"faults": ["secondary-rate-limit", ...]} (an empty list clears)' }
          })
        faults.set(body.faults as string[])
        return send(res, { status: 200, body: { faults: faults.list() } })
      } catch (error) {
        return send(res, { status: 400, body: { message: (error as Error).message } })
      }
    }
    if (path === '/_emulator/clock' && req.method === 'GET')
      return send(res, { status: 200, body: clock.snapshot() })
    if (path === '/_emulator/clock' && req.method === 'POST') {
      let advance: unknown
      try {
        advance = raw ? (JSON.parse(raw) as { advanceSeconds?: unknown }).advanceSeconds : undefined
      } catch {
        advance = undefined
      }
      if (typeof advance !== 'number' || !Number.isFinite(advance) || advance < 0)
        return send(res, {
          status: 400,
          body: { message: 'send {"advanceSeconds": N} with N ≥ 0 (3600 starts a new rate-limit hour)' }
        })
      clock.advance(advance)
      return send(res, { status: 200, body: clock.snapshot() })
    }
    if (path === '/_emulator/access' && req.method === 'POST') {
      let change: { token?: unknown; repositories?: unknown; unreadable?: unknown } = {}
      try {
        change = raw ? (JSON.parse(raw) as typeof change) : {}
      } catch {
        change = {}
      }
      const names = (v: unknown) =>
        v === undefined || v === null || (Array.isArray(v) && v.every((x) => typeof x === 'string'))
      if (typeof change.token !== 'string' || !names(change.repositories) || !names(change.unreadable))
        return send(res, {
          status: 400,
          body: {
            message:
              'send {"token": T, "unreadable": ["OWNER/NAME", ...]} and/or "repositories": [...] (null clears)'
          }
        })
      credentials.restrict(change.token, {
        repositories: change.repositories as string[] | null | undefined,
        unreadable: change.unreadable as string[] | null | undefined
      })
      return send(res, { status: 200, body: { ok: true } })
    }
    if (path === '/_emulator/profile' && req.method === 'GET')
      return send(res, { status: 200, body: profile })
    const chosen = () => {
      const name = new URL(req.url ?? '/', state.baseUrl).searchParams.get('repository')
      return name ? world.byFullName(name) : state
    }
    if (path === '/_emulator/dispatches' && req.method === 'GET') {
      const target = chosen()
      if (!target) return send(res, { status: 404, body: { message: 'no such repository' } })
      return send(res, { status: 200, body: target.dispatches })
    }
    if (path === '/_emulator/seed' && req.method === 'GET') {
      const target = chosen()
      if (!target) return send(res, { status: 404, body: { message: 'no such repository' } })
      const body: Record<string, unknown> = seedSummary(target)
      if (world.multi) body.repositories = world.states.map(seedSummary)
      return send(res, { status: 200, body })
    }
    return send(res, { status: 404, body: { message: 'Not Found' } })
  }

  // A GraphQL query is about the repositories it names and those of the nodes it asks for by id.
  const graphqlTargets = (named: string[], ids: string[]): string[] => {
    if (!ids.length) return named
    const out = new Set(named)
    for (const id of ids) {
      const owner = world.states.find((s) => s.nodes.has(id))
      if (owner) out.add(fullName(owner.owner, owner.name))
    }
    return [...out]
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let entered: Credential | undefined
    try {
      await answer(req, res, (c) => (entered = c))
    } finally {
      if (entered) checks.release(entered)
    }
  }

  const answer = async (req: IncomingMessage, res: ServerResponse, enter: (c: Credential) => void) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', state.baseUrl)
    // GitHub Enterprise Server serves REST under /api/v3 and GraphQL at /api/graphql: both work here.
    const ghes = url.pathname.startsWith('/api/v3/')
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/\/+$/, '') || '/'
    const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req, maxBody)
    if (path.startsWith('/_emulator/')) return emulatorRoute(req, res, path, raw)
    apiResponses.set(res, { gzip: acceptsGzip(req.headers['accept-encoding']) })
    stats.received(Buffer.byteLength(raw))

    const isGraphql = path === '/graphql' || path === '/api/graphql'
    const resource = isGraphql ? 'graphql' : 'core'
    stats.count(
      isGraphql ? `${method} /graphql` : `${method} ${routeTemplate(method, path)}`,
      isGraphql ? 'graphql' : 'rest'
    )

    let body: unknown = undefined
    if (raw) {
      try {
        body = JSON.parse(raw)
      } catch {
        return send(
          res,
          { status: 400, body: { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' } },
          rateLimits.headers(resource)
        )
      }
    }
    if (!req.headers.authorization)
      return send(
        res,
        { status: 401, body: { message: 'Requires authentication', documentation_url: DOCS, status: '401' } },
        rateLimits.headers(resource)
      )
    const credential = credentials.get(String(req.headers.authorization))
    const limits = credential.limits
    if (path === '/rate_limit' && method === 'GET')
      return send(res, { status: 200, body: limits.overview() }, limits.headers('core'))

    const gql =
      isGraphql && method === 'POST' ? ((body as Record<string, unknown> | undefined) ?? {}) : undefined
    const inspected = gql ? inspectGraphql(gql, profile.totalCountWithoutPage) : undefined
    // The repositories this request is about (for faults aimed at one of them).
    const repoPath = /^\/repos\/([^/]+)\/([^/]+)/.exec(path)
    const targets = gql
      ? graphqlTargets(inspected?.repositories ?? [], inspected?.nodeIds ?? [])
      : repoPath && world.repository(repoPath[1], repoPath[2])
        ? [fullName(repoPath[1], repoPath[2])]
        : []
    if (world.multi && targets.length) stats.countRepositories(targets)
    const writes = isGraphql ? inspected?.isMutation === true : isWrite(method)
    const template = isGraphql ? '' : `${method} ${routeTemplate(method, path)}`
    enter(credential)
    const crowded = checks.enter(credential)
    const refuse = (kind: string, what: EmulatorResponse) => {
      stats.refuse(kind)
      if (trace)
        console.error(
          `emulator[github]: ${kind} → ${what.status} for ${method} ${path}${gql ? ` ${describeQuery(gql)} (${inspected?.nodeCount ?? 0} nodes, cost ${inspected?.cost ?? 0})` : ''}`
        )
      return send(res, what, limits.headers(resource))
    }
    if (crowded) return refuse('secondary concurrent', crowded)
    const secondary = faults.secondaryLimit(targets)
    if (secondary) return send(res, secondary, limits.headers(resource))
    const labelled = (kind: string, answer: EmulatorResponse | undefined) =>
      answer ? { kind, answer } : undefined
    const refused =
      labelled(`secondary ${resource}/min`, checks.perMinute(credential, isGraphql, writes)) ??
      labelled('request body', checks.body(method, path, Buffer.byteLength(raw))) ??
      labelled('client_payload', checks.clientPayload(method, path, body)) ??
      labelled(
        'content creation',
        checks.contentCreation(credential, isGraphql ? writes : CONTENT_ROUTES.has(template))
      )
    if (refused) return refuse(refused.kind, refused.answer)
    if (!writes) {
      const delay = faults.timeout(targets)
      if (delay !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, delay))
        return send(
          res,
          {
            status: 504,
            body: {
              message:
                "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
              documentation_url: DOCS,
              status: '504'
            }
          },
          limits.headers(resource)
        )
      }
    }
    if (writes && faults.readOnly(targets))
      return send(
        res,
        {
          status: 403,
          body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' }
        },
        limits.headers(resource)
      )

    if (TEAM_ROUTES.has(template) && !['read', 'write'].includes(credential.permissions.members ?? 'none'))
      return refuse('FORBIDDEN teams', {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' }
      })

    const limit = limits.state(resource)
    // The strict profile answers GraphQL exhaustion as GitHub does: 200 with RATE_LIMITED.
    if (limit.remaining <= 0 && !(gql && strictProfile)) {
      const exhausted: EmulatorResponse = {
        status: 403,
        body: {
          message: `API rate limit exceeded for installation. (But here's the good news: the emulator resets it at ${new Date(limit.reset * 1000).toISOString()}.)`,
          documentation_url: DOCS,
          status: '403'
        }
      }
      return strictProfile
        ? refuse(`rate limit ${resource}`, exhausted)
        : send(res, exhausted, limits.headers(resource))
    }

    if (faults.broken(targets)) {
      stats.refuse('fault server-error@repository')
      return send(res, timeoutAnswer('500'), limits.headers(resource))
    }

    if (gql) {
      if (inspected && faults.serverError(inspected.largestPage, targets))
        return send(
          res,
          {
            status: 502,
            body: {
              data: null,
              errors: [
                {
                  message:
                    'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `EMULATOR` when reporting this issue.'
                }
              ]
            }
          },
          limits.headers('graphql')
        )
      const strictness: GraphqlStrictness | undefined = strictProfile
        ? {
            totalCountWithoutPage: profile.totalCountWithoutPage,
            permissions: credential.permissions,
            rateLimited: () => checks.rateLimited(),
            timeoutForm: (nodes) => checks.timeoutForm(nodes)
          }
        : undefined
      const outcome = await handleGraphql(
        state,
        gql,
        {
          limit: limit.limit,
          used: limit.used,
          resetAt: new Date(limit.reset * 1000).toISOString()
        },
        strictness,
        { world, viewer: credential.viewer }
      )
      limits.spend('graphql', outcome.cost)
      stats.addCost(outcome.cost)
      if (world.multi) stats.addRepositoryCost(targets, outcome.cost)
      if (outcome.refusal) return refuse(outcome.refusal, { status: outcome.status, body: outcome.body })
      return send(res, { status: outcome.status, body: outcome.body }, limits.headers('graphql'))
    }
    if (isGraphql)
      return send(
        res,
        { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } },
        limits.headers('graphql')
      )

    if (method === 'PATCH' && /^\/repos\/[^/]+\/[^/]+\/git\/refs\//.test(path) && faults.refRace(targets))
      (repoPath ? world.repository(repoPath[1], repoPath[2]) : state)?.git?.raceNextRefUpdate?.()
    const answer = await handleRest(state, {
      method,
      path,
      query: url.searchParams,
      body,
      headers: req.headers,
      baseUrl: ghes ? `${state.baseUrl}/api/v3` : state.baseUrl,
      world,
      viewer: credential.viewer,
      kind: credential.kind
    })
    if (method === 'GET' && answer.status === 200 && answer.body !== undefined) {
      const etag = `W/"${createHash('sha1').update(JSON.stringify(answer.body)).digest('hex')}"`
      const match = String(req.headers['if-none-match'] ?? '')
        .split(',')
        .map((t) => t.trim())
      if (match.includes(etag) || match.includes(etag.slice(2)))
        return send(
          res,
          { status: 304, headers: { etag, ...(answer.headers ?? {}) } },
          limits.headers('core')
        )
      answer.headers = { ...(answer.headers ?? {}), etag }
    }
    limits.spend('core', 1)
    return send(res, answer, limits.headers('core'))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: `emulator error: ${error.message}` } })
      else res.end()
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  world.baseUrl = `http://127.0.0.1:${port}`
  return {
    url: state.baseUrl,
    port,
    state,
    states: world.states,
    repository: (owner, name) => world.repository(owner, name),
    world,
    stats,
    rateLimits,
    profile,
    credentials,
    clock,
    setFaults: (list: string[]) => {
      parseFaults(list)
      faults.set(list)
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}
