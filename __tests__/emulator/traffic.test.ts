/** The emulator's wire traffic: gzip as github.com sends it, and the byte counts in its stats. */
import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { createGitHubClient } from '../../src/github/client.js'
import { generateRepository } from '../../tools/github-emulator/generate.js'
import { acceptsGzip, startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'

let emulator: RunningEmulator
const seed = generateRepository({ prs: 30, seed: 3 })
const repoPath = `/repos/${seed.owner}/${seed.name}`

beforeAll(async () => {
  emulator = await startEmulator({ seed, port: 0 })
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.stats.reset())

/** One raw HTTP exchange: the bytes as they came over the socket, undecoded. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string
): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(`${emulator.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) })
      )
    })
    req.on('error', fail)
    req.end(body)
  })
}

async function traffic() {
  const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
    traffic: { requestBytes: number; responseBytes: number; maxRequestBodyBytes: number }
  }
  return stats.traffic
}

test('accept-encoding parsing: gzip, *, and q=0 refusals', () => {
  expect(acceptsGzip('gzip, deflate')).toBe(true)
  expect(acceptsGzip('deflate, br')).toBe(false)
  expect(acceptsGzip('gzip;q=0, deflate')).toBe(false)
  expect(acceptsGzip('*')).toBe(true)
  expect(acceptsGzip(undefined)).toBe(false)
})

test('answers are gzipped when asked, and the compressed bytes are what is counted', async () => {
  const zipped = await raw('GET', `${repoPath}/pulls?per_page=100&state=all`, {
    authorization: 'token ghp_test',
    'accept-encoding': 'gzip'
  })
  expect(zipped.status).toBe(200)
  expect(zipped.headers['content-encoding']).toBe('gzip')
  const text = gunzipSync(zipped.bytes).toString('utf8')
  expect((JSON.parse(text) as unknown[]).length).toBe(30)
  expect(zipped.bytes.length).toBeLessThan(Buffer.byteLength(text) / 3)

  const plain = await raw('GET', `${repoPath}/pulls?per_page=100&state=all`, {
    authorization: 'token ghp_test'
  })
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.bytes.toString('utf8')).toBe(text)

  // The stats route itself is not counted.
  expect(await traffic()).toEqual({
    requestBytes: 0,
    responseBytes: zipped.bytes.length + plain.bytes.length,
    maxRequestBodyBytes: 0
  })
})

test('request bodies are counted, with the largest one, and the reset clears them', async () => {
  const small = JSON.stringify({ title: 'one' })
  const large = JSON.stringify({ title: 'two', body: 'x'.repeat(5000) })
  const first = await raw('POST', `${repoPath}/issues`, { authorization: 'token ghp_test' }, small)
  const second = await raw('POST', `${repoPath}/issues`, { authorization: 'token ghp_test' }, large)
  expect([first.status, second.status]).toEqual([201, 201])
  const counted = await traffic()
  expect(counted.requestBytes).toBe(small.length + large.length)
  expect(counted.maxRequestBodyBytes).toBe(large.length)
  expect(counted.responseBytes).toBe(first.bytes.length + second.bytes.length)

  await fetch(`${emulator.url}/_emulator/stats/reset`, { method: 'POST' })
  expect(await traffic()).toEqual({ requestBytes: 0, responseBytes: 0, maxRequestBodyBytes: 0 })
})

test("the project's client (Octokit over fetch) asks for gzip and decompresses it transparently", async () => {
  const client = createGitHubClient({
    token: 'ghp_test',
    apiUrl: emulator.url,
    graphqlUrl: `${emulator.url}/graphql`,
    budget: null
  })
  const pulls = await client.octokit.rest.pulls.list({
    owner: seed.owner,
    repo: seed.name,
    state: 'all',
    per_page: 100
  })
  expect(pulls.data.map((p) => p.number).sort((a, b) => a - b)).toEqual(
    seed.pulls.map((p) => p.number).sort((a, b) => a - b)
  )
  const data = await client.graphql<{ repository: { pullRequests: { totalCount: number } } }>(
    'query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { pullRequests(first: 1) { totalCount } } }',
    { owner: seed.owner, name: seed.name }
  )
  expect(data.repository.pullRequests.totalCount).toBe(30)
  // Compressed on the wire: fewer bytes than the JSON the client parsed.
  const counted = await traffic()
  expect(counted.responseBytes).toBeGreaterThan(0)
  expect(counted.responseBytes).toBeLessThan(JSON.stringify(pulls.data).length / 3)
  expect(counted.requestBytes).toBeGreaterThan(0)
})
