import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGitHubClient, describeRateLimit, isLoopback } from '../../src/github/client.js'
import { memoryLogger } from '../../src/log.js'

const TOKEN = 'ghs_secretTOKEN123'

/** A tiny GitHub Enterprise Server lookalike: REST under /api/v3, GraphQL at /api/graphql. */
function ghes(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = []
  let flaky = 0
  let limited = 0
  const server = createServer((req, res) => {
    seen.push(
      `${req.method} ${req.url} ${req.headers.authorization === `token ${TOKEN}` ? 'auth' : 'noauth'}`
    )
    const headers = (resource: string) => ({
      'content-type': 'application/json',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '940',
      'x-ratelimit-used': '60',
      'x-ratelimit-reset': '1900000000',
      'x-ratelimit-resource': resource
    })
    if (req.method === 'POST' && req.url === '/api/graphql') {
      res.writeHead(200, headers('graphql'))
      res.end(
        JSON.stringify({
          data: {
            rateLimit: { limit: 1000, cost: 2, remaining: 940, resetAt: '2030-03-17T17:46:40Z', used: 60 }
          }
        })
      )
      return
    }
    if (req.url === '/api/v3/repos/acme/widgets/flaky' && flaky++ < 2) {
      res.writeHead(502, headers('core'))
      res.end(JSON.stringify({ message: 'Server Error' }))
      return
    }
    if (req.url === '/api/v3/repos/acme/widgets/limited' && limited++ < 1) {
      res.writeHead(403, { ...headers('core'), 'retry-after': '1' })
      res.end(
        JSON.stringify({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' })
      )
      return
    }
    if (req.url === '/api/v3/repos/acme/widgets/missing') {
      res.writeHead(404, headers('core'))
      res.end(JSON.stringify({ message: 'Not Found' }))
      return
    }
    res.writeHead(200, headers('core'))
    res.end(JSON.stringify({ ok: true }))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ server, url: `http://127.0.0.1:${port}`, seen })
    })
  )
}

describe('createGitHubClient', () => {
  let env: Awaited<ReturnType<typeof ghes>>
  beforeAll(async () => {
    env = await ghes()
  })
  afterAll(() => new Promise<void>((resolve) => env.server.close(() => resolve())))

  it('uses the GHES REST and GraphQL URLs, counts every request (retries too) and tracks the rate limit', async () => {
    const log = memoryLogger()
    const client = createGitHubClient({
      token: TOKEN,
      apiUrl: `${env.url}/api/v3`,
      graphqlUrl: `${env.url}/api/graphql`,
      budget: 10,
      reserve: 100,
      log
    })
    env.seen.length = 0
    const data = await client.graphql<{ rateLimit: { cost: number } }>('query { rateLimit { cost } }')
    expect(data.rateLimit.cost).toBe(2)
    await client.octokit.request('GET /repos/{owner}/{repo}/flaky', { owner: 'acme', repo: 'widgets' })
    await client.octokit.request('GET /repos/{owner}/{repo}/limited', { owner: 'acme', repo: 'widgets' })
    await expect(client.octokit.request('GET /repos/acme/widgets/missing')).rejects.toMatchObject({
      status: 404
    })

    expect(env.seen).toEqual([
      'POST /api/graphql auth',
      'GET /api/v3/repos/acme/widgets/flaky auth',
      'GET /api/v3/repos/acme/widgets/flaky auth',
      'GET /api/v3/repos/acme/widgets/flaky auth',
      'GET /api/v3/repos/acme/widgets/limited auth',
      'GET /api/v3/repos/acme/widgets/limited auth',
      'GET /api/v3/repos/acme/widgets/missing auth'
    ])
    expect(client.requests()).toEqual({ total: 7, graphql: 1, rest: 6 })
    expect(client.graphqlCost()).toBe(2)
    expect(client.rateLimit('graphql')).toEqual({
      resource: 'graphql',
      limit: 1000,
      remaining: 940,
      used: 60,
      resetAt: '2030-03-17T17:46:40.000Z'
    })
    // 10 - 7 requests left in the budget; the rate limit (940 - reserve 100) does not bind.
    expect(client.budget.remaining()).toBe(3)
    expect(client.budget.exhausted()).toBe(false)
    expect(log.lines.some((l) => l.includes('Secondary rate limit'))).toBe(true)
    expect(log.lines.join('\n')).not.toContain(TOKEN)
    expect(describeRateLimit(client.rateLimit('core'))).toContain('940 of 1000 left')
  })

  it('the rate-limit reserve ends the budget even without a request budget', async () => {
    const client = createGitHubClient({
      token: TOKEN,
      apiUrl: `${env.url}/api/v3`,
      graphqlUrl: `${env.url}/api/graphql`,
      budget: null,
      reserve: 940
    })
    expect(client.budget.remaining()).toBe(Infinity)
    await client.graphql('query { rateLimit { cost } }')
    expect(client.budget.exhausted()).toBe(true)
    // Default reserve: max(50, 5% of the limit).
    expect(client.budget.reserveFor(5000)).toBe(940)
    const other = createGitHubClient({
      token: TOKEN,
      apiUrl: env.url,
      graphqlUrl: `${env.url}/graphql`,
      budget: 3
    })
    expect(other.budget.reserveFor(5000)).toBe(250)
    expect(other.budget.reserveFor(100)).toBe(50)
  })

  it('rejects bad settings with a message naming the input', () => {
    expect(() =>
      createGitHubClient({ token: '', apiUrl: env.url, graphqlUrl: env.url, budget: null })
    ).toThrow(/token/)
    expect(() =>
      createGitHubClient({ token: TOKEN, apiUrl: 'api.github.com', graphqlUrl: env.url, budget: null })
    ).toThrow(/GITHUB_API_URL/)
    expect(() =>
      createGitHubClient({ token: TOKEN, apiUrl: env.url, graphqlUrl: env.url, budget: 0 })
    ).toThrow(/budget/)
  })

  it('knows loopback addresses (the emulator: no pacing)', () => {
    expect(isLoopback('http://127.0.0.1:4000')).toBe(true)
    expect(isLoopback('http://localhost:4000/api/v3')).toBe(true)
    expect(isLoopback('https://api.github.com')).toBe(false)
  })
})
