/**
 * The org bench's measuring parts against the real emulator: the emulator's count of REST writes by
 * route, and the GraphQL proxy that counts per job, operation and repository (and tells mutations
 * from queries, which the emulator's stats cannot); then the pure helpers the scenario decides with.
 */
import { generateOrganization } from '../../tools/github-emulator/generate-org.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import {
  allCurrent,
  describeGraphqlRequest,
  emptyTally,
  graphqlBreakdown,
  matrixShards,
  spread,
  startGraphqlProxy,
  summarizeCoverage,
  tallyGraphql,
  withoutTokens
} from '../../tools/bench/org.js'

const PAT = 'ghp_orgbenchtesttoken000000000000000000'

interface Stats {
  requests: { total: number; graphql: number; rest: number }
  graphqlCost: number
  writes?: { total: number; byRoute: Record<string, number> }
}

describe('the org bench against the emulator', () => {
  let emu: RunningEmulator
  beforeAll(async () => {
    emu = await startEmulator({
      seeds: generateOrganization({ repos: 3, prs: 30, seed: 3 }),
      port: 0,
      profile: 'github'
    })
  })
  afterAll(async () => {
    await emu.stop()
  })
  const stats = async () => (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as Stats
  const call = (method: string, path: string, body?: unknown, base = emu.url) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `token ${PAT}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })

  test('the stats count REST writes by route, and only once something wrote', async () => {
    const [first, second] = emu.states
    await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
    expect((await call('GET', `/repos/${first.owner}/${first.name}/pulls?per_page=1`)).status).toBe(200)
    expect((await stats()).writes).toBeUndefined()

    const issue = await call('POST', `/repos/${first.owner}/${first.name}/issues`, { title: 'x' })
    expect(issue.status).toBe(201)
    const number = ((await issue.json()) as { number: number }).number
    await call('POST', `/repos/${first.owner}/${first.name}/issues/${number}/comments`, { body: 'y' })
    await call('POST', `/repos/${second.owner}/${second.name}/issues`, { title: 'z' })
    // A refused write is still a write the client sent.
    const refused = await call('PATCH', `/repos/${first.owner}/${first.name}/git/refs/heads/nope`, {
      sha: 'a'.repeat(40)
    })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    const after = await stats()
    expect(after.writes).toEqual({
      total: 4,
      byRoute: {
        'PATCH /repos/{owner}/{repo}/git/refs/{ref}': 1,
        'POST /repos/{owner}/{repo}/issues': 2,
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 1
      }
    })
    expect(after.requests.rest).toBe(5)
    await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
    expect((await stats()).writes).toBeUndefined()
  })

  test('the proxy forwards GraphQL as it came and counts it per job, operation and repository', async () => {
    const proxy = await startGraphqlProxy(emu.url)
    try {
      const [first, second] = emu.states
      const query = `query PullCount($owner: String!, $name: String!) {
        rateLimit { cost }
        repository(owner: $owner, name: $name) { pullRequests { totalCount } }
      }`
      const ask = async (base: string, repo: typeof first) => {
        const response = await call(
          'POST',
          '/graphql',
          { query, variables: { owner: repo.owner, name: repo.name } },
          base
        )
        expect(response.status).toBe(200)
        return (await response.json()) as { data: { repository: { pullRequests: { totalCount: number } } } }
      }
      await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
      const direct = await ask(emu.url, first)
      const proxied = await ask(`${proxy.url}/shard-1`, first)
      expect(proxied).toEqual(direct)
      expect(proxied.data.repository.pullRequests.totalCount).toBe(first.pulls.length)
      await ask(`${proxy.url}/shard-2`, second)
      await ask(`${proxy.url}/shard-2`, second)
      const anonymous = await call('POST', '/graphql', { query: '{ viewer { login } }' }, `${proxy.url}/plan`)
      expect(anonymous.status).toBe(200)

      // The emulator saw every proxied request (and the direct one).
      expect((await stats()).requests.graphql).toBe(5)
      const tally = proxy.tally()
      expect(tally.requests).toBe(4)
      expect(tally.mutations).toBe(0)
      expect(tally.byJob).toEqual({ 'shard-1': 1, 'shard-2': 2, plan: 1 })
      expect(tally.byOperation).toEqual({ PullCount: 3, '(anonymous)': 1 })
      const key = (r: typeof first) => `${r.owner}/${r.name}`.toLowerCase()
      expect(tally.byRepository).toEqual({ [key(first)]: 1, [key(second)]: 2, '(none)': 1 })
      expect(tally.pointsByOperation.PullCount).toBeGreaterThanOrEqual(3)
      expect(graphqlBreakdown(tally, 2)[0]).toEqual({
        operation: 'PullCount',
        requests: 3,
        perRepository: 1.5,
        points: tally.pointsByOperation.PullCount,
        repositories: 2
      })
      proxy.reset()
      expect(proxy.tally().requests).toBe(0)
    } finally {
      await proxy.stop()
    }
  })
})

describe('the org bench helpers', () => {
  test('a GraphQL request is a query or a mutation, named, about the repository its variables name', () => {
    expect(
      describeGraphqlRequest({
        query: '# read\nquery SyncRound($owner: String!, $name: String!) { x }',
        variables: { owner: 'Acme', name: 'Web' }
      })
    ).toEqual({ kind: 'query', operation: 'SyncRound', repository: 'acme/web' })
    expect(
      describeGraphqlRequest({ query: 'mutation { addComment(input: {}) { clientMutationId } }' })
    ).toEqual({
      kind: 'mutation',
      operation: '(anonymous)',
      repository: null
    })
    expect(
      describeGraphqlRequest({ query: 'mutation Commit { x }', variables: { owner: 'a', repo: 'b' } })
    ).toEqual({
      kind: 'mutation',
      operation: 'Commit',
      repository: 'a/b'
    })
    expect(describeGraphqlRequest(null)).toEqual({
      kind: 'query',
      operation: '(anonymous)',
      repository: null
    })
    const tally = emptyTally()
    tallyGraphql(tally, 'report', { query: 'mutation Commit { x }' }, null)
    expect(tally).toMatchObject({ requests: 1, mutations: 1, byJob: { report: 1 }, pointsByOperation: {} })
  })

  test('the matrix output gives the shard numbers, or nothing when it is not a matrix', () => {
    expect(matrixShards('{"shard":[1,2,3]}')).toEqual([1, 2, 3])
    expect(matrixShards('{"shard":[]}')).toEqual([])
    expect(matrixShards('{"shard":[0]}')).toBeNull()
    expect(matrixShards('not json')).toBeNull()
    expect(matrixShards(undefined)).toBeNull()
  })

  test('coverage counts states, and is complete only when every planned repository is current', () => {
    const file = {
      period: 'p',
      repositories: [
        { repository: 'o/a', state: 'current', requests: 3, pooled: true },
        { repository: 'o/b', state: 'partial', message: 'still reading', requests: 40, pooled: true },
        { repository: 'o/c', state: 'current', requests: 2, pooled: true }
      ]
    }
    const coverage = summarizeCoverage('p', file)
    expect(coverage).toEqual({
      period: 'p',
      states: { 'o/a': 'current', 'o/b': 'partial', 'o/c': 'current' },
      counts: { current: 2, partial: 1 },
      messages: { 'o/b': 'still reading' }
    })
    expect(allCurrent(coverage, 3)).toBe(false)
    file.repositories[1].state = 'current'
    expect(allCurrent(summarizeCoverage('p', file), 3)).toBe(true)
    // A repository the plan had but the coverage does not name is not current.
    expect(allCurrent(summarizeCoverage('p', file), 4)).toBe(false)
    expect(allCurrent(summarizeCoverage(null, null), 0)).toBe(false)
  })

  test('a log tail keeps no token', () => {
    expect(withoutTokens('::add-mask::ghs_secret\nread with ghs_app_bench_1_plan and ghp_abc, done')).toBe(
      'read with *** and ***, done'
    )
  })

  test('spread picks the first, the last and evenly between', () => {
    expect(spread(['a', 'b', 'c', 'd', 'e'], 3)).toEqual(['a', 'c', 'e'])
    expect(spread(['a', 'b'], 3)).toEqual(['a', 'b'])
    expect(spread(['a', 'b', 'c'], 1)).toEqual(['a'])
  })
})
