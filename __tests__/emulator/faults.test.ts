/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/** Fault injection, read-only tokens, rate-limit headers and the request statistics. */
import { parseFaults } from '../../tools/github-emulator/faults.js'
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import { AUTH, gql, rest, start, tinySeed } from './helpers.js'

const r = '/repos/acme/widgets'

describe('faults', () => {
  let emu: RunningEmulator
  beforeAll(async () => {
    emu = await start({ seed: tinySeed() })
  })
  afterEach(() => emu.setFaults([]))
  afterAll(async () => {
    await emu.stop()
  })

  test('secondary-rate-limit: every Nth request gets 403 then 429 with retry-after and GitHub message', async () => {
    emu.setFaults(['secondary-rate-limit:3'])
    const statuses: number[] = []
    const bodies: any[] = []
    for (let i = 0; i < 6; i++) {
      const res = await rest(emu, 'GET', `${r}/pulls`)
      statuses.push(res.status)
      if (res.status !== 200) {
        expect(res.headers.get('retry-after')).toBe('1')
        expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull()
        bodies.push(res.body)
      }
    }
    expect(statuses).toEqual([200, 200, 403, 200, 200, 429])
    expect(bodies[0].message).toMatch(/secondary rate limit/)
  })

  test('server-error: GraphQL pages above 25 nodes get 502 until the page is smaller', async () => {
    emu.setFaults(['server-error'])
    const q = (n: number) =>
      `{ repository(owner: "acme", name: "widgets") { pullRequests(first: ${n}) { totalCount } } }`
    const big = await gql(emu, q(50))
    expect(big.status).toBe(502)
    expect(big.body.errors?.[0].message).toMatch(/timeout/)
    const small = await gql(emu, q(25))
    expect(small.status).toBe(200)
    expect(small.body.data.repository.pullRequests.totalCount).toBe(2)
  })

  test('read-only-token: reads pass, REST writes and GraphQL mutations get 403', async () => {
    emu.setFaults(['read-only-token'])
    expect((await rest(emu, 'GET', `${r}/issues`)).status).toBe(200)
    const write = await rest(emu, 'POST', `${r}/issues`, { title: 'x' })
    expect(write.status).toBe(403)
    expect(write.body.message).toBe('Resource not accessible by integration')
    const mutation = await gql(
      emu,
      `mutation { addComment(input: {subjectId: "I_three", body: "x"}) { clientMutationId } }`
    )
    expect(mutation.status).toBe(403)
    const query = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { issue(number: 3) { title } } }`
    )
    expect(query.body.data.repository.issue.title).toBe('Broken')
  })

  test('a mutation is not emulated (an error naming it) when the token may write', async () => {
    const mutation = await gql(
      emu,
      `mutation { addComment(input: {subjectId: "I_three", body: "x"}) { clientMutationId } }`
    )
    expect(mutation.body.errors?.[0].message).toBe('Field "Mutation.addComment" is not emulated')
  })

  test('timeout: every Nth read is answered late with 504', async () => {
    emu.setFaults(['timeout:2:50'])
    const first = await rest(emu, 'GET', `${r}/labels`)
    const started = Date.now()
    const second = await rest(emu, 'GET', `${r}/labels`)
    expect(first.status).toBe(200)
    expect(second.status).toBe(504)
    expect(Date.now() - started).toBeGreaterThanOrEqual(40)
  })

  test('ref-race: another writer moves the ref just before the update, so a non-forced update is refused', async () => {
    const blob = await rest(emu, 'POST', `${r}/git/blobs`, { content: 'a', encoding: 'utf-8' })
    const tree = await rest(emu, 'POST', `${r}/git/trees`, {
      tree: [{ path: 'a.txt', mode: '100644', type: 'blob', sha: blob.body.sha }]
    })
    const c1 = await rest(emu, 'POST', `${r}/git/commits`, {
      message: 'one',
      tree: tree.body.sha,
      parents: []
    })
    expect(
      (await rest(emu, 'POST', `${r}/git/refs`, { ref: 'refs/heads/data', sha: c1.body.sha })).status
    ).toBe(201)
    const c2 = await rest(emu, 'POST', `${r}/git/commits`, {
      message: 'two',
      tree: tree.body.sha,
      parents: [c1.body.sha]
    })
    emu.setFaults(['ref-race'])
    const raced = await rest(emu, 'PATCH', `${r}/git/refs/heads/data`, { sha: c2.body.sha })
    expect(raced.status).toBe(422)
    const head = await rest(emu, 'GET', `${r}/git/ref/heads/data`)
    expect(head.body.object.sha).not.toBe(c1.body.sha)
    const c3 = await rest(emu, 'POST', `${r}/git/commits`, {
      message: 'three',
      tree: tree.body.sha,
      parents: [head.body.object.sha]
    })
    const retried = await rest(emu, 'PATCH', `${r}/git/refs/heads/data`, { sha: c3.body.sha })
    expect(retried.status).toBe(200)
  })

  test('faults are set over HTTP too, and unknown names are refused with the accepted list', async () => {
    const res = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ faults: ['read-only-token'] })
    })
    expect(await res.json()).toEqual({ faults: ['read-only-token'] })
    expect((await rest(emu, 'POST', `${r}/labels`, { name: 'x' })).status).toBe(403)
    const bad = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ faults: ['meteor'] })
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(
      /unknown fault "meteor".*secondary-rate-limit/
    )
    expect(() => parseFaults(['timeout:0'])).toThrow(/positive whole numbers/)
  })
})

describe('stats and rate limits', () => {
  let emu: RunningEmulator
  beforeAll(async () => {
    emu = await start({ seed: tinySeed(), rateLimit: 10 })
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('stats count REST and GraphQL requests by route template and sum GraphQL cost; reset clears', async () => {
    await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
    await rest(emu, 'GET', `${r}/pulls?state=all`)
    await rest(emu, 'GET', `${r}/pulls/1`)
    await rest(emu, 'GET', `${r}/pulls/2`)
    await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { pullRequests(first: 100) { nodes { reviews(first: 100) { totalCount } } } } }`
    )
    const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as any
    expect(stats).toEqual({
      requests: { total: 4, graphql: 1, rest: 3 },
      graphqlCost: 1,
      byRoute: {
        'GET /repos/{owner}/{repo}/pulls': 1,
        'GET /repos/{owner}/{repo}/pulls/{pull_number}': 2,
        'POST /graphql': 1
      },
      git: { forcedUpdates: 0 },
      // the one request with a body is the GraphQL query; every answer had a body
      traffic: {
        requestBytes: expect.any(Number),
        responseBytes: expect.any(Number),
        maxRequestBodyBytes: expect.any(Number)
      }
    })
    expect(stats.traffic.requestBytes).toBe(stats.traffic.maxRequestBodyBytes)
    expect(stats.traffic.responseBytes).toBeGreaterThan(stats.traffic.requestBytes)
    await rest(emu, 'POST', `${r}/git/blobs`, { content: 'x', encoding: 'utf-8' })
    await rest(emu, 'PATCH', `${r}/git/refs/heads/nope`, { sha: 'a'.repeat(40) })
    const more = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as any
    expect(more.byRoute['POST /repos/{owner}/{repo}/git/blobs']).toBe(1)
    expect(more.byRoute['PATCH /repos/{owner}/{repo}/git/refs/{ref}']).toBe(1)
    await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
    const cleared = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as any
    expect(cleared.requests.total).toBe(0)
  })

  test('/_emulator/seed describes the served repository (uncounted)', async () => {
    await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
    const seed = (await (await fetch(`${emu.url}/_emulator/seed`)).json()) as any
    expect(seed).toMatchObject({
      owner: 'acme',
      name: 'widgets',
      until: '2026-03-01T00:00:00Z',
      counts: { pulls: 2, issues: 1 }
    })
    const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as any
    expect(stats.requests.total).toBe(0)
  })

  test('rate-limit headers on every response; the primary limit runs out with 403', async () => {
    const statuses: number[] = []
    let last: Headers | undefined
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${emu.url}${r}/labels`, { headers: AUTH })
      statuses.push(res.status)
      last = res.headers
      expect(res.headers.get('x-ratelimit-resource')).toBe('core')
      expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/)
    }
    expect(statuses.filter((s) => s === 403).length).toBeGreaterThan(0)
    expect(last?.get('x-ratelimit-remaining')).toBe('0')
    const limits = (await (await fetch(`${emu.url}/rate_limit`, { headers: AUTH })).json()) as any
    expect(limits.resources.core.remaining).toBe(0)
    expect(limits.resources.graphql.limit).toBe(10)
  })
})
