/** Request statistics served at `GET /_emulator/stats` (emulator routes themselves are not counted). */
export interface StatsSnapshot {
  requests: { total: number; graphql: number; rest: number }
  graphqlCost: number
  byRoute: Record<string, number>
  /**
   * Bytes of API requests (emulator routes not counted): request bodies as received, response bodies
   * as sent on the wire (gzip-compressed when the client accepted it, as github.com does); headers
   * are not counted.
   */
  traffic: { requestBytes: number; responseBytes: number; maxRequestBodyBytes: number }
  /** Present when the github profile refused or cut answers (e.g. `timeout 502`, `RATE_LIMITED`, `FORBIDDEN`), by kind. */
  refusals?: Record<string, number>
  /**
   * Present when several repositories are served: per `owner/name` (lower case), the API requests
   * about it (REST under `/repos/OWNER/NAME`, GraphQL naming it) and the GraphQL points of queries
   * about it alone.
   */
  byRepository?: Record<string, { requests: number; graphqlCost: number }>
  /**
   * Present once a REST request wrote (POST, PATCH, PUT or DELETE, whatever the answer): how many,
   * by route. GraphQL requests are all `POST /graphql` and are not counted here.
   */
  writes?: { total: number; byRoute: Record<string, number> }
}

const WRITE_METHODS = /^(POST|PATCH|PUT|DELETE) /

export class Stats {
  private total = 0
  private graphql = 0
  private rest = 0
  private cost = 0
  private routes = new Map<string, number>()
  private writeRoutes = new Map<string, number>()
  private writeCount = 0
  private refused = new Map<string, number>()
  private requestBytes = 0
  private responseBytes = 0
  private maxRequestBody = 0
  private repositories = new Map<string, { requests: number; graphqlCost: number }>()

  /** A request about these repositories (`owner/name`, lower case). */
  countRepositories(names: readonly string[]): void {
    for (const name of names) this.repository(name).requests++
  }

  /** GraphQL points of a query about these repositories: counted when it is about one only. */
  addRepositoryCost(names: readonly string[], cost: number): void {
    if (names.length === 1) this.repository(names[0]).graphqlCost += cost
  }

  private repository(name: string): { requests: number; graphqlCost: number } {
    let entry = this.repositories.get(name)
    if (!entry) this.repositories.set(name, (entry = { requests: 0, graphqlCost: 0 }))
    return entry
  }

  /** `route` is `METHOD /template`, e.g. `GET /repos/{owner}/{repo}/pulls` or `POST /graphql`. */
  count(route: string, kind: 'graphql' | 'rest'): void {
    this.total++
    if (kind === 'graphql') this.graphql++
    else this.rest++
    this.routes.set(route, (this.routes.get(route) ?? 0) + 1)
    if (kind === 'rest' && WRITE_METHODS.test(route)) {
      this.writeCount++
      this.writeRoutes.set(route, (this.writeRoutes.get(route) ?? 0) + 1)
    }
  }

  /** A request body of `bytes` bytes (0 for none). */
  received(bytes: number): void {
    this.requestBytes += bytes
    if (bytes > this.maxRequestBody) this.maxRequestBody = bytes
  }

  /** A response body of `bytes` bytes as sent (after compression). */
  sent(bytes: number): void {
    this.responseBytes += bytes
  }

  refuse(kind: string): void {
    this.refused.set(kind, (this.refused.get(kind) ?? 0) + 1)
  }

  addCost(cost: number): void {
    this.cost += cost
  }

  reset(): void {
    this.total = this.graphql = this.rest = this.cost = 0
    this.requestBytes = this.responseBytes = this.maxRequestBody = 0
    this.routes.clear()
    this.writeCount = 0
    this.writeRoutes.clear()
    this.refused.clear()
    this.repositories.clear()
  }

  snapshot(): StatsSnapshot {
    return {
      requests: { total: this.total, graphql: this.graphql, rest: this.rest },
      graphqlCost: this.cost,
      byRoute: Object.fromEntries([...this.routes].sort(([a], [b]) => a.localeCompare(b))),
      traffic: {
        requestBytes: this.requestBytes,
        responseBytes: this.responseBytes,
        maxRequestBodyBytes: this.maxRequestBody
      },
      // Only the github profile refuses; the lenient profile's snapshot keeps its old shape.
      ...(this.refused.size
        ? { refusals: Object.fromEntries([...this.refused].sort(([a], [b]) => a.localeCompare(b))) }
        : {}),
      ...(this.repositories.size
        ? {
            byRepository: Object.fromEntries(
              [...this.repositories].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }])
            )
          }
        : {}),
      // Absent until something writes, so that a read-only snapshot keeps its old shape.
      ...(this.writeCount
        ? {
            writes: {
              total: this.writeCount,
              byRoute: Object.fromEntries([...this.writeRoutes].sort(([a], [b]) => a.localeCompare(b)))
            }
          }
        : {})
    }
  }
}

/** Primary rate limits per resource (`core` for REST, `graphql` points), reset every hour. */
export class RateLimits {
  private used = { core: 0, graphql: 0 }
  private resetAt = 0
  readonly graphqlLimit: number

  /** `now` is the emulator clock (the strict profile's clock can be advanced). */
  constructor(
    readonly limit = 5000,
    private readonly now: () => number = Date.now,
    graphqlLimit?: number
  ) {
    this.graphqlLimit = graphqlLimit ?? limit
  }

  private roll(now: number): void {
    if (now >= this.resetAt) {
      this.used = { core: 0, graphql: 0 }
      this.resetAt = Math.floor(now / 1000) * 1000 + 3600_000
    }
  }

  limitOf(resource: 'core' | 'graphql'): number {
    return resource === 'core' ? this.limit : this.graphqlLimit
  }

  state(resource: 'core' | 'graphql', now = this.now()) {
    this.roll(now)
    const used = this.used[resource]
    const limit = this.limitOf(resource)
    return {
      limit,
      used,
      remaining: Math.max(0, limit - used),
      reset: Math.floor(this.resetAt / 1000)
    }
  }

  spend(resource: 'core' | 'graphql', amount: number, now = this.now()): void {
    this.roll(now)
    this.used[resource] += amount
  }

  headers(resource: 'core' | 'graphql'): Record<string, string> {
    const s = this.state(resource)
    return {
      'x-ratelimit-limit': String(s.limit),
      'x-ratelimit-remaining': String(s.remaining),
      'x-ratelimit-used': String(s.used),
      'x-ratelimit-reset': String(s.reset),
      'x-ratelimit-resource': resource
    }
  }

  overview() {
    const rate = (r: 'core' | 'graphql') => {
      const s = this.state(r)
      return { limit: s.limit, used: s.used, remaining: s.remaining, reset: s.reset }
    }
    const fixed = (limit: number) => ({ limit, used: 0, remaining: limit, reset: this.state('core').reset })
    return {
      resources: {
        core: rate('core'),
        graphql: rate('graphql'),
        search: fixed(30),
        code_search: fixed(10),
        integration_manifest: fixed(5000),
        source_import: fixed(100),
        actions_runner_registration: fixed(10000),
        scim: fixed(15000),
        dependency_snapshots: fixed(100)
      },
      rate: rate('core')
    }
  }
}
