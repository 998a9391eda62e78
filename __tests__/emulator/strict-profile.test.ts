/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/**
 * The emulator's `github` profile: every github.com limit it models answers in GitHub's shape
 * (status, headers, body or `errors[].type`). Limits are overridden small where reaching GitHub's
 * numbers would take thousands of requests; the defaults are asserted separately.
 */
import { GITHUB_PROFILE, type ProfileOption } from '../../tools/github-emulator/profile.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { CredentialSpec } from '../../tools/github-emulator/credentials.js'
import { tinySeed } from './helpers.js'

const r = '/repos/acme/widgets'
const ACTIONS = 'ghs_actions_test'
const PAT = 'ghp_test'
const APP = 'ghs_app_test'

async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  token = ACTIONS
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
}

const query = (emu: RunningEmulator, q: string, token = ACTIONS) =>
  call(emu, 'POST', '/graphql', { query: q }, token)

async function advance(emu: RunningEmulator, seconds: number): Promise<void> {
  const res = await fetch(`${emu.url}/_emulator/clock`, {
    method: 'POST',
    body: JSON.stringify({ advanceSeconds: seconds })
  })
  expect(res.status).toBe(200)
}

const open: RunningEmulator[] = []
async function strict(
  overrides: Partial<Omit<typeof GITHUB_PROFILE, 'name'>> = {},
  credentials?: Record<string, CredentialSpec>
): Promise<RunningEmulator> {
  const profile: ProfileOption = { name: 'github', ...overrides }
  const emu = await startEmulator({ seed: tinySeed(), port: 0, profile, credentials })
  open.push(emu)
  return emu
}
afterAll(async () => {
  await Promise.all(open.map((e) => e.stop()))
})

const PRS = '{ repository(owner: "acme", name: "widgets") { pullRequests(first: 2) { totalCount } } }'

describe('credentials and their hourly budgets', () => {
  test('each kind of token has its own budget: Actions 1,000 REST + 1,000 points, PAT 5,000, App 12,500', async () => {
    const emu = await strict()
    const limitOf = async (token: string, path: string) =>
      (
        await call(
          emu,
          path === '/graphql' ? 'POST' : 'GET',
          path,
          path === '/graphql' ? { query: PRS } : undefined,
          token
        )
      ).headers
    const actionsRest = await limitOf(ACTIONS, `${r}/issues`)
    expect(actionsRest.get('x-ratelimit-limit')).toBe('1000')
    expect(actionsRest.get('x-ratelimit-resource')).toBe('core')
    const actionsGql = await limitOf(ACTIONS, '/graphql')
    expect(actionsGql.get('x-ratelimit-limit')).toBe('1000')
    expect(actionsGql.get('x-ratelimit-resource')).toBe('graphql')
    expect((await limitOf(PAT, `${r}/issues`)).get('x-ratelimit-limit')).toBe('5000')
    expect((await limitOf('github_pat_x', `${r}/issues`)).get('x-ratelimit-limit')).toBe('5000')
    expect((await limitOf(APP, `${r}/issues`)).get('x-ratelimit-limit')).toBe('12500')
    // Another Actions token does not share the first one's budget.
    expect(actionsRest.get('x-ratelimit-used')).toBe('1')
    expect((await limitOf('ghs_other', `${r}/issues`)).get('x-ratelimit-used')).toBe('1')
    // /rate_limit reports the asking token's budgets.
    const overview = await call(emu, 'GET', '/rate_limit', undefined, APP)
    expect(overview.body.resources.core.limit).toBe(12500)
    expect(overview.body.resources.graphql.limit).toBe(12500)
  })

  test('the credentials option names a token kind and its permissions', async () => {
    const emu = await strict({}, { 'plain-token': { kind: 'app' } })
    const res = await call(emu, 'GET', `${r}/issues`, undefined, 'plain-token')
    expect(res.headers.get('x-ratelimit-limit')).toBe('12500')
  })

  test('REST exhaustion: 403 with remaining 0 until the emulator clock starts a new hour', async () => {
    const emu = await strict({ budgets: { ...GITHUB_PROFILE.budgets, actions: { core: 2, graphql: 1000 } } })
    expect((await call(emu, 'GET', `${r}/issues`)).status).toBe(200)
    expect((await call(emu, 'GET', `${r}/issues`)).status).toBe(200)
    const refused = await call(emu, 'GET', `${r}/issues`)
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/^API rate limit exceeded/)
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0')
    const reset = Number(refused.headers.get('x-ratelimit-reset'))
    await advance(emu, 3600)
    const again = await call(emu, 'GET', `${r}/issues`)
    expect(again.status).toBe(200)
    expect(again.headers.get('x-ratelimit-remaining')).toBe('1')
    expect(Number(again.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(reset + 3600)
  })

  test('GraphQL exhaustion: HTTP 200 with errors[].type RATE_LIMITED, then RATE_LIMIT', async () => {
    const emu = await strict({ budgets: { ...GITHUB_PROFILE.budgets, actions: { core: 1000, graphql: 1 } } })
    const first = await query(emu, PRS)
    expect(first.status).toBe(200)
    expect(first.body.data.repository.pullRequests.totalCount).toBe(2)
    const limited = await query(emu, PRS)
    expect(limited.status).toBe(200)
    expect(limited.body.data).toBeUndefined()
    expect(limited.body.errors[0].type).toBe('RATE_LIMITED')
    expect(limited.body.errors[0].message).toMatch(/rate limit/i)
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    expect((await query(emu, PRS)).body.errors[0].type).toBe('RATE_LIMIT')
    await advance(emu, 3600)
    expect((await query(emu, PRS)).body.data.repository.pullRequests.totalCount).toBe(2)
  })
})

describe('processing time', () => {
  // 100 pulls × 100 reviews × 10 comments = 110,100 requested nodes: 50 + 0.5 ms each, far over 10 s.
  const BIG =
    '{ repository(owner: "acme", name: "widgets") { pullRequests(first: 100) { totalCount nodes { number reviews(first: 100) { nodes { comments(first: 10) { totalCount } } } } } } }'

  test('the default model lets ordinary pages through and times out huge ones', async () => {
    const emu = await strict()
    expect((await query(emu, PRS)).status).toBe(200)
    const slow = await query(emu, BIG)
    expect(slow.status).toBe(502)
    expect(slow.body.errors[0].message).toMatch(/^Something went wrong while executing your query/)
  })

  test('timed-out queries answer in each of GitHub forms, in turn, and still cost their points', async () => {
    const emu = await strict()
    const seen: Array<{ status: number; body: any }> = []
    let used = 0
    for (let i = 0; i < 5; i++) {
      const res = await query(emu, BIG)
      seen.push({ status: res.status, body: res.body })
      const nowUsed = Number(res.headers.get('x-ratelimit-used'))
      expect(nowUsed).toBeGreaterThan(used) // charged although it timed out
      used = nowUsed
    }
    expect(seen.map((s) => s.status)).toEqual([502, 504, 500, 200, 200])
    expect(seen[0].body).toEqual({ data: null, errors: [{ message: expect.stringMatching(/timeout/) }] })
    expect(seen[1].body.message).toMatch(/couldn't respond to your request in time/)
    expect(seen[2].body.message).toBe('Server Error')
    expect(seen[3].body.data).toBeNull()
    expect(seen[3].body.errors[0].message).toMatch(/^Something went wrong while executing your query/)
    expect(seen[4].body.errors[0].type).toBe('RESOURCE_LIMITS_EXCEEDED')
    // Partial data: the outer page is there, connections nested in its nodes are not.
    const pulls = seen[4].body.data.repository.pullRequests
    expect(pulls.totalCount).toBe(2)
    expect(pulls.nodes.map((n: any) => n.number)).toEqual([1, 2])
    expect(pulls.nodes[0].reviews).toBeNull()
    // The stats name what was cut, for finding what broke a run.
    const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as any
    expect(stats.refusals).toEqual({
      'timeout 500': 1,
      'timeout 502': 1,
      'timeout 504': 1,
      'timeout resource-limits': 1,
      'timeout something-went-wrong': 1
    })
  })

  test('a test can ask for one form; mutations are never timed out by the model', async () => {
    const emu = await strict({ processing: { ...GITHUB_PROFILE.processing, limitMs: 0, forms: ['504'] } })
    expect((await query(emu, PRS)).status).toBe(504)
    const mutation = await query(
      emu,
      'mutation { addComment(input: {subjectId: "I_three", body: "x"}) { clientMutationId } }'
    )
    expect(mutation.status).toBe(200)
  })
})

describe('secondary limits', () => {
  test('REST points per minute: refused 403 with retry-after, then 429 without, until the next minute', async () => {
    const emu = await strict({ secondary: { ...GITHUB_PROFILE.secondary, restPointsPerMinute: 3 } })
    await advance(emu, 60 - ((Date.now() / 1000) % 60) + 1) // start at a minute's beginning
    for (let i = 0; i < 3; i++) expect((await call(emu, 'GET', `${r}/issues`)).status).toBe(200)
    const first = await call(emu, 'GET', `${r}/issues`)
    expect(first.status).toBe(403)
    expect(first.headers.get('retry-after')).toBe('60')
    expect(first.body.message).toMatch(/secondary rate limit/)
    expect(first.headers.get('x-ratelimit-remaining')).not.toBe('0')
    const second = await call(emu, 'GET', `${r}/issues`)
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBeNull()
    // GraphQL has its own points.
    expect((await query(emu, PRS)).status).toBe(200)
    await advance(emu, 60)
    expect((await call(emu, 'GET', `${r}/issues`)).status).toBe(200)
  })

  test('a write costs 5 REST points; GraphQL points per minute are counted apart', async () => {
    const emu = await strict({
      secondary: { ...GITHUB_PROFILE.secondary, restPointsPerMinute: 5, graphqlPointsPerMinute: 2 }
    })
    await advance(emu, 60 - ((Date.now() / 1000) % 60) + 1)
    expect((await call(emu, 'POST', `${r}/issues`, { title: 'a' })).status).toBe(201)
    expect((await call(emu, 'GET', `${r}/issues`)).status).toBe(403)
    expect((await query(emu, PRS)).status).toBe(200)
    expect((await query(emu, PRS)).status).toBe(200)
    // The second secondary answer of the rotation (403 with retry-after, 429 without, 403 without).
    expect((await query(emu, PRS)).status).toBe(429)
  })

  test('more requests in flight than allowed are refused', async () => {
    const emu = await strict({ secondary: { ...GITHUB_PROFILE.secondary, concurrent: 0 } })
    const res = await call(emu, 'GET', `${r}/issues`)
    expect(res.status).toBe(403)
    expect(res.body.message).toMatch(/secondary rate limit/)
  })

  test('content creation: 80 a minute, 500 an hour (here 2 and 3), retry-after mostly absent', async () => {
    const emu = await strict({
      contentCreation: { ...GITHUB_PROFILE.contentCreation, perMinute: 2, perHour: 3 }
    })
    await advance(emu, 3600 - ((Date.now() / 1000) % 3600) + 1)
    expect((await call(emu, 'POST', `${r}/issues`, { title: 'a' })).status).toBe(201)
    expect((await call(emu, 'POST', `${r}/issues/1/comments`, { body: 'b' })).status).toBe(201)
    const blocked = await call(emu, 'POST', `${r}/issues`, { title: 'c' })
    expect(blocked.status).toBe(403)
    expect(blocked.headers.get('retry-after')).toBeNull()
    expect(blocked.body.message).toMatch(/temporarily blocked from content creation/)
    expect((await call(emu, 'GET', `${r}/issues`)).status).toBe(200) // reads still pass
    await advance(emu, 60)
    // The minute is new, but the hour already saw 3 creations.
    const hourly = await call(emu, 'POST', `${r}/issues`, { title: 'd' })
    expect(hourly.status).toBe(429)
    expect(hourly.headers.get('retry-after')).toBe('60')
    await advance(emu, 3600)
    expect((await call(emu, 'POST', `${r}/issues`, { title: 'e' })).status).toBe(201)
  })

  test('the GitHub numbers are the defaults', () => {
    expect(GITHUB_PROFILE.secondary).toMatchObject({
      concurrent: 100,
      restPointsPerMinute: 900,
      graphqlPointsPerMinute: 2000
    })
    expect(GITHUB_PROFILE.contentCreation).toMatchObject({ perMinute: 80, perHour: 500 })
    expect(GITHUB_PROFILE.processing.limitMs).toBe(10_000)
    expect(GITHUB_PROFILE.clientPayload).toEqual({ maxKeys: 10, maxBytes: 65536 })
  })
})

describe('sizes', () => {
  test('a large POST git/trees body times out: 502, then 422 "request timed out"', async () => {
    const emu = await strict({ treeBodyBytes: 1000 })
    const tree = { tree: [{ path: 'x'.repeat(2000), mode: '100644', type: 'blob', content: 'y' }] }
    const first = await call(emu, 'POST', `${r}/git/trees`, tree)
    expect(first.status).toBe(502)
    const second = await call(emu, 'POST', `${r}/git/trees`, tree)
    expect(second.status).toBe(422)
    expect(second.body.message).toBe('request timed out')
    const small = await call(emu, 'POST', `${r}/git/trees`, {
      tree: [{ path: 'a.txt', mode: '100644', type: 'blob', content: 'y' }]
    })
    expect(small.status).toBe(201)
  })

  test('a blob body over the limit is refused with 422', async () => {
    const emu = await strict({ blobBodyBytes: 1000 })
    const res = await call(emu, 'POST', `${r}/git/blobs`, { content: 'z'.repeat(2000), encoding: 'utf-8' })
    expect(res.status).toBe(422)
    expect(res.body.message).toMatch(/^Invalid request/)
  })

  test('Blob.text is cut at 512,000 bytes with isTruncated', async () => {
    const emu = await strict()
    const created = await call(emu, 'POST', `${r}/git/blobs`, {
      content: 'q'.repeat(600_000),
      encoding: 'utf-8'
    })
    expect(created.status).toBe(201)
    const res = await query(
      emu,
      `{ repository(owner: "acme", name: "widgets") { object(oid: "${created.body.sha}") { ... on Blob { text byteSize isTruncated } } } }`
    )
    const blob = res.body.data.repository.object
    expect(blob.byteSize).toBe(600_000)
    expect(blob.isTruncated).toBe(true)
    expect(blob.text.length).toBe(512_000)
  })

  test('client_payload: at most 10 top-level keys, under 64 KB', async () => {
    const emu = await strict()
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))
    const ok = await call(emu, 'POST', `${r}/dispatches`, { event_type: 'x', client_payload: keys(10) })
    expect(ok.status).toBe(204)
    const many = await call(emu, 'POST', `${r}/dispatches`, { event_type: 'x', client_payload: keys(11) })
    expect(many.status).toBe(422)
    expect(many.body.message).toMatch(/11 properties/)
    const big = await call(emu, 'POST', `${r}/dispatches`, {
      event_type: 'x',
      client_payload: { a: 'x'.repeat(64 * 1024) }
    })
    expect(big.status).toBe(422)
    expect(big.body.message).toMatch(/65536/)
  })
})

describe('permissions', () => {
  const TEAM =
    '{ organization(login: "acme") { login team(slug: "core") { members(first: 10) { totalCount } } } }'

  test('the Actions token can never read org teams: FORBIDDEN with partial data (GraphQL), 403 (REST)', async () => {
    const emu = await strict()
    const res = await query(emu, TEAM)
    expect(res.status).toBe(200)
    expect(res.body.data.organization).toEqual({ login: 'acme', team: null })
    expect(res.body.errors[0]).toMatchObject({
      type: 'FORBIDDEN',
      path: ['organization', 'team'],
      message: 'Resource not accessible by integration'
    })
    const restTeam = await call(emu, 'GET', '/orgs/acme/teams/core/members')
    expect(restTeam.status).toBe(403)
    expect(restTeam.body.message).toBe('Resource not accessible by integration')
    // A PAT or an App installation with members: read can.
    expect((await query(emu, TEAM, PAT)).body.data.organization.team.members.totalCount).toBe(3)
    expect((await call(emu, 'GET', '/orgs/acme/teams/core/members', undefined, APP)).status).toBe(200)
  })

  test('a field needing a permission the token lacks is FORBIDDEN, that field only', async () => {
    const emu = await strict(
      {},
      { ghs_no_deployments: { kind: 'actions', permissions: { pull_requests: 'read' } } }
    )
    const res = await query(
      emu,
      '{ repository(owner: "acme", name: "widgets") { name pullRequests(first: 1) { totalCount } deployments(first: 1) { totalCount } } }',
      'ghs_no_deployments'
    )
    expect(res.status).toBe(200)
    expect(res.body.errors.map((e: any) => [e.type, e.path.join('.')])).toEqual([
      ['FORBIDDEN', 'repository.deployments']
    ])
    // Repository.deployments is non-null in GitHub's schema, so the null reaches `repository`, as on GitHub.
    expect(res.body.data).toEqual({ repository: null })
  })
})

describe('what GitHub accepts', () => {
  test('a connection asked only for totalCount needs no first/last (github profile)', async () => {
    const emu = await strict()
    const res = await query(
      emu,
      '{ repository(owner: "acme", name: "widgets") { pullRequests { totalCount } } }'
    )
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.repository.pullRequests.totalCount).toBe(2)
    const nodes = await query(
      emu,
      '{ repository(owner: "acme", name: "widgets") { pullRequests { nodes { number } } } }'
    )
    expect(nodes.body.errors[0].message).toMatch(/must provide a `first` or `last` value/)
  })
})

describe('the lenient profile (default) keeps today', () => {
  test('one 5,000 budget shared by every token, no strict answers', async () => {
    const emu = await startEmulator({ seed: tinySeed(), port: 0 })
    open.push(emu)
    const a = await call(emu, 'GET', `${r}/issues`, undefined, ACTIONS)
    expect(a.headers.get('x-ratelimit-limit')).toBe('5000')
    const b = await call(emu, 'GET', `${r}/issues`, undefined, APP)
    expect(b.headers.get('x-ratelimit-used')).toBe('2')
    expect(
      (await query(emu, '{ organization(login: "acme") { team(slug: "core") { slug } } }')).body.errors
    ).toBeUndefined()
    expect((await call(emu, 'GET', '/_emulator/profile')).body.name).toBe('lenient')
  })

  test('the clock endpoint refuses a bad body and names the fix', async () => {
    const emu = await strict()
    const res = await fetch(`${emu.url}/_emulator/clock`, { method: 'POST', body: '{"advanceSeconds": -1}' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).message).toMatch(/advanceSeconds/)
  })
})
