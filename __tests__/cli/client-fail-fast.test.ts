/** The client gives up at once on a request no retry can answer, and still retries a dropped connection. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGitHubClient } from '../../src/github/client.js'
import { NetworkError } from '../../src/github/errors.js'
import { closedPort } from './helpers.js'

const clientFor = (apiUrl: string) =>
  createGitHubClient({ token: 't', apiUrl, graphqlUrl: `${apiUrl}/graphql`, budget: null, retryBaseMs: 1 })

describe('requests that get no answer', () => {
  it('connection refused: one attempt, a NetworkError with the code, REST and GraphQL alike', async () => {
    const client = clientFor(`http://127.0.0.1:${await closedPort()}`)
    const rest = await client.octokit.request('GET /rate_limit').catch((e: unknown) => e)
    expect(rest).toBeInstanceOf(NetworkError)
    expect(rest).toMatchObject({ code: 'ECONNREFUSED', status: null, request: 'GET /rate_limit' })
    const graphql = await client.graphql('{ viewer { login } }').catch((e: unknown) => e)
    expect(graphql).toMatchObject({ code: 'ECONNREFUSED', request: 'POST /graphql' })
    expect(client.requests()).toEqual({ total: 2, graphql: 1, rest: 1 })
  })

  it('a connection dropped without an answer is still retried', async () => {
    let attempts = 0
    const server = createServer((req) => {
      attempts++
      req.socket.destroy()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const client = clientFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
      const error = await client.octokit.request('GET /rate_limit').catch((e: unknown) => e)
      expect(error).not.toBeInstanceOf(NetworkError)
      expect(attempts).toBeGreaterThan(1)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
