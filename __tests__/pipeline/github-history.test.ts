/** The GitHub HistorySource: what it says about the rate limit and the requests of the run. */
import type { GitHubClient, RateLimitInfo } from '../../src/github/client.js'
import { memoryLogger } from '../../src/log.js'
import { createGitHubHistory } from '../../src/pipeline/github-history.js'

function clientSeeing(limits: Record<string, RateLimitInfo>): GitHubClient {
  return {
    rateLimit: (resource?: string) => (resource ? (limits[resource] ?? null) : null),
    requests: () => ({ total: 5, graphql: 3, rest: 2 })
  } as unknown as GitHubClient
}

const source = (client: GitHubClient) =>
  createGitHubHistory({
    client,
    owner: 'o',
    repo: 'r',
    apiUrl: 'https://api.github.com',
    log: memoryLogger()
  })

describe('createGitHubHistory', () => {
  it('names the repository and the API it reads', () => {
    expect(source(clientSeeing({})).description).toBe('o/r on https://api.github.com')
  })

  it('describes every rate limit seen, GraphQL first, and says so when none was seen yet', () => {
    const graphql = {
      resource: 'graphql',
      limit: 5000,
      remaining: 4990,
      used: 10,
      resetAt: '2026-12-01T07:00:00.000Z'
    }
    const core = {
      resource: 'core',
      limit: 1000,
      remaining: 997,
      used: 3,
      resetAt: '2026-12-01T07:00:00.000Z'
    }
    expect(source(clientSeeing({ core, graphql })).rateLimit()).toBe(
      'graphql rate limit: 4990 of 5000 left, resets at 2026-12-01T07:00:00.000Z; ' +
        'core rate limit: 997 of 1000 left, resets at 2026-12-01T07:00:00.000Z'
    )
    expect(source(clientSeeing({})).rateLimit()).toBe('rate limit not known yet')
  })

  it("counts the client's requests (the whole run's, not only the sync's)", () => {
    expect(source(clientSeeing({})).requests()).toEqual({ total: 5, graphql: 3, rest: 2 })
  })
})
