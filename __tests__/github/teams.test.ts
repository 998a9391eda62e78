import { GraphqlResponseError } from '@octokit/graphql'
import { RequestError } from '@octokit/request-error'
import type { GitHubClient } from '../../src/github/client.js'
import { readTeams, TeamsUnavailableError } from '../../src/github/teams.js'

/** What Octokit throws for an HTTP error answer to a GraphQL request. */
function httpFailure(status: number, message: string): RequestError {
  const request = { method: 'POST' as const, url: 'https://api.github.com/graphql', headers: {} }
  return new RequestError(message, status, {
    request,
    response: { url: request.url, status, headers: {}, data: { message } }
  })
}

const MESSAGES: Record<number, string> = {
  403: 'Resource not accessible by integration',
  500: 'Server Error',
  502: 'Bad Gateway',
  504: "We couldn't respond to your request in time."
}

/** A GraphQL edge that fails with the given statuses first, then answers with the teams. */
function fakeClient(failures: Array<number | Error>, teams: Record<string, string[]>) {
  const documents: string[] = []
  const client = {
    async graphql(document: string, variables: Record<string, unknown>) {
      documents.push(document)
      const failure = failures.shift()
      if (failure instanceof Error) throw failure
      if (failure !== undefined) throw httpFailure(failure, MESSAGES[failure] ?? `HTTP ${failure}`)
      const organization: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(variables)) {
        const match = /^slug(\d+)$/.exec(key)
        if (!match) continue
        const members = teams[value as string]
        organization[`t${match[1]}`] = members
          ? {
              slug: value,
              members: {
                totalCount: members.length,
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: members.map((login) => ({ login }))
              }
            }
          : null
      }
      return { organization }
    }
  } as unknown as GitHubClient
  return { client, documents }
}

describe('readTeams', () => {
  it('retries a server error with smaller member pages and reads the teams', async () => {
    const { client, documents } = fakeClient([502], { core: ['bob', 'alice'] })
    const result = await readTeams(client, 'acme', ['core'], () => true)
    expect(result).toMatchObject({ readable: true, members: { core: ['alice', 'bob'] }, missing: [] })
    expect(documents[0]).toContain('members(first: 100')
    expect(documents[1]).toContain('members(first: 50')
  })

  it('gives up for this run on repeated server errors, without calling the teams unreadable', async () => {
    const { client } = fakeClient([502, 504, 502, 500, 502], { core: ['bob'] })
    await expect(readTeams(client, 'acme', ['core'], () => true)).rejects.toBeInstanceOf(
      TeamsUnavailableError
    )
  })

  it('calls the teams unreadable when GitHub refuses them (not a server error)', async () => {
    const { client } = fakeClient([403], { core: ['bob'] })
    expect((await readTeams(client, 'acme', ['core'], () => true)).readable).toBe(false)
  })

  it('calls the teams unreadable when GitHub answers FORBIDDEN for them (the Actions token)', async () => {
    const forbidden = new GraphqlResponseError({ method: 'POST', url: '/graphql' } as never, {}, {
      data: { organization: { t0: null } },
      errors: [
        { type: 'FORBIDDEN', path: ['organization', 't0'], message: 'Resource not accessible by integration' }
      ]
    } as never)
    const { client } = fakeClient([forbidden], { core: ['bob'] })
    const result = await readTeams(client, 'acme', ['core'], () => true)
    expect(result).toMatchObject({ readable: false, missing: ['core'], members: {} })
  })

  it('lets a rate limit through to the sync (which stops cleanly)', async () => {
    const limited = new RequestError('API rate limit exceeded for installation ID 1.', 403, {
      request: { method: 'POST', url: 'https://api.github.com/graphql', headers: {} },
      response: {
        url: 'https://api.github.com/graphql',
        status: 403,
        headers: { 'x-ratelimit-remaining': '0' },
        data: { message: 'API rate limit exceeded for installation ID 1.' }
      }
    })
    const { client } = fakeClient([limited], { core: ['bob'] })
    await expect(readTeams(client, 'acme', ['core'], () => true)).rejects.toBe(limited)
  })
})
