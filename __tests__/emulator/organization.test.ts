/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/**
 * Several repositories in one emulator: each answers from its own history over REST and GraphQL
 * (also through aliases, nested objects and `node(id)`), writes stay in their repository, and the
 * organization's listings (REST `GET /orgs/{org}/repos`, `GET /users/{user}/repos`, teams;
 * GraphQL `organization { repositories }`) have GitHub's shapes, filters and paging.
 */
import { generateOrganization } from '../../tools/github-emulator/generate-org.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import { gql, rest, tinySeed } from './helpers.js'
import { openapiErrors } from './openapi.js'

const ORG = 'acme-labs'

/** Six generated repositories, with settings set so every listing filter has something to find. */
function orgSeeds(): SeedRepository[] {
  const seeds = generateOrganization({ repos: 6, prs: 80, seed: 5 })
  seeds[2] = { ...seeds[2], archived: true }
  seeds[3] = { ...seeds[3], fork: true, visibility: 'public' }
  seeds[4] = { ...seeds[4], visibility: 'internal', topics: ['go', 'infrastructure'] }
  return seeds
}

function user(): SeedRepository {
  return { ...tinySeed(), owner: 'octo-person', name: 'dotfiles', ownerIsOrganization: false, teams: [] }
}

describe('an emulator with several repositories', () => {
  let emu: RunningEmulator
  let seeds: SeedRepository[]
  beforeAll(async () => {
    seeds = orgSeeds()
    emu = await startEmulator({ seeds: [...seeds, user()], port: 0 })
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('each repository lists its own pull requests over REST; an unknown one is 404', async () => {
    for (const seed of seeds.slice(0, 3)) {
      const { status, body } = await rest(
        emu,
        'GET',
        `/repos/${ORG}/${seed.name}/pulls?state=all&per_page=100`
      )
      expect(status).toBe(200)
      expect(body.map((p: any) => p.number).sort((a: number, b: number) => a - b)).toEqual(
        seed.pulls.map((p) => p.number).sort((a, b) => a - b)
      )
      expect(new Set(body.map((p: any) => p.base.repo.full_name))).toEqual(new Set([`${ORG}/${seed.name}`]))
    }
    expect((await rest(emu, 'GET', `/repos/${ORG}/nothing-here`)).status).toBe(404)
    expect(emu.states.map((s) => s.name)).toEqual([...seeds.map((s) => s.name), 'dotfiles'])
    expect(emu.state).toBe(emu.repository(ORG, seeds[0].name))
  })

  test('GraphQL aliases answer each from its repository, down to nested reviews and back-links', async () => {
    const [a, b] = [seeds[0], seeds[1]]
    const pull = (s: SeedRepository) => s.pulls.find((p) => p.reviews.some((r) => r.state !== 'PENDING'))!
    const part = (s: SeedRepository) => `repository(owner: "${ORG}", name: "${s.name}") {
        nameWithOwner pullRequests(first: 100) { totalCount nodes { number repository { nameWithOwner } } }
        defaultBranchRef { target { ... on Commit { history(first: 3) { totalCount nodes { oid message } } } } }
        pullRequest(number: ${pull(s).number}) { id title reviews(first: 50) { totalCount nodes { databaseId } }
          repository { nameWithOwner } } }`
    const { body } = await gql(emu, `{ a: ${part(a)} b: ${part(b)} }`)
    expect(body.errors).toBeUndefined()
    for (const [key, s] of [
      ['a', a],
      ['b', b]
    ] as const) {
      const repo = body.data[key]
      expect(repo.nameWithOwner).toBe(`${ORG}/${s.name}`)
      expect(repo.pullRequests.totalCount).toBe(s.pulls.length)
      // Two levels below the repository: the commit object resolves its history from its own repository.
      expect(repo.defaultBranchRef.target.history.totalCount).toBe(s.commits.length)
      expect(repo.defaultBranchRef.target.history.nodes).toEqual(
        s.commits.slice(0, 3).map((c) => ({ oid: c.oid, message: c.message }))
      )
      expect(new Set(repo.pullRequests.nodes.map((n: any) => n.repository.nameWithOwner))).toEqual(
        new Set([`${ORG}/${s.name}`])
      )
      const seedPull = pull(s)
      expect(repo.pullRequest.title).toBe(seedPull.title)
      expect(repo.pullRequest.repository.nameWithOwner).toBe(`${ORG}/${s.name}`)
      expect(repo.pullRequest.reviews.nodes.map((r: any) => r.databaseId)).toEqual(
        seedPull.reviews.filter((r) => r.state !== 'PENDING').map((r) => r.databaseId)
      )
    }
    expect(a.pulls.length).not.toBe(b.pulls.length)
  })

  test('node ids are unique across the organization and node(id) finds the right repository', async () => {
    const ids = seeds.flatMap((s) => s.pulls.map((p) => p.id))
    expect(new Set(ids).size).toBe(ids.length)
    const target = seeds[2].pulls[0]
    const { body } = await gql(
      emu,
      `query($id: ID!) { node(id: $id) { ... on PullRequest { number title repository { nameWithOwner } } } }`,
      { id: target.id }
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.node).toEqual({
      number: target.number,
      title: target.title,
      repository: { nameWithOwner: `${ORG}/${seeds[2].name}` }
    })
  })

  test('writes stay in their repository (issues, git refs)', async () => {
    const [a, b] = [seeds[0].name, seeds[1].name]
    const before = emu.repository(ORG, a)!.issues.length
    const created = await rest(emu, 'POST', `/repos/${ORG}/${b}/issues`, { title: 'only in b' })
    expect(created.status).toBe(201)
    expect(created.body.repository_url).toMatch(new RegExp(`/repos/${ORG}/${b}$`))
    expect(emu.repository(ORG, a)!.issues.length).toBe(before)
    expect(emu.repository(ORG, b)!.issues.some((i) => i.title === 'only in b')).toBe(true)

    const blob = await rest(emu, 'POST', `/repos/${ORG}/${b}/git/blobs`, { content: 'x', encoding: 'utf-8' })
    const tree = await rest(emu, 'POST', `/repos/${ORG}/${b}/git/trees`, {
      tree: [{ path: 'x.txt', mode: '100644', type: 'blob', sha: blob.body.sha }]
    })
    const commit = await rest(emu, 'POST', `/repos/${ORG}/${b}/git/commits`, {
      message: 'data',
      tree: tree.body.sha,
      parents: []
    })
    const ref = await rest(emu, 'POST', `/repos/${ORG}/${b}/git/refs`, {
      ref: 'refs/heads/repo-metrics',
      sha: commit.body.sha
    })
    expect(ref.status).toBe(201)
    expect((await rest(emu, 'GET', `/repos/${ORG}/${b}/git/ref/heads/repo-metrics`)).status).toBe(200)
    expect((await rest(emu, 'GET', `/repos/${ORG}/${a}/git/ref/heads/repo-metrics`)).status).toBe(404)
    expect((await rest(emu, 'GET', `/repos/${ORG}/${a}/git/blobs/${blob.body.sha}`)).status).toBe(404)
  })

  test('GET /orgs/{org}/repos: GitHub shape, fields, type filters, sort, per_page and Link', async () => {
    const all = await rest(emu, 'GET', `/orgs/${ORG}/repos?per_page=100`)
    expect(all.status).toBe(200)
    expect(openapiErrors('/orgs/{org}/repos', 'GET', 200, all.body)).toEqual([])
    expect(all.body).toHaveLength(seeds.length)
    const byName = new Map<string, any>(all.body.map((r: any) => [r.name, r]))
    for (const seed of seeds) {
      const r = byName.get(seed.name)
      expect(r).toMatchObject({
        full_name: `${ORG}/${seed.name}`,
        archived: seed.archived === true,
        fork: seed.fork === true,
        visibility: seed.visibility ?? 'public',
        private: (seed.visibility ?? 'public') !== 'public',
        topics: seed.topics ?? [],
        default_branch: seed.defaultBranch,
        pushed_at: seed.commits[0].committedDate
      })
    }
    // Default sort: created, newest first (ties by id); full_name ascending by default.
    const created = all.body.map((r: any) => r.created_at)
    expect([...created].sort().reverse()).toEqual(created)
    const names = await rest(emu, 'GET', `/orgs/${ORG}/repos?sort=full_name&per_page=100`)
    expect(names.body.map((r: any) => r.name)).toEqual(seeds.map((s) => s.name).sort())
    const desc = await rest(emu, 'GET', `/orgs/${ORG}/repos?sort=full_name&direction=desc&per_page=100`)
    expect(desc.body.map((r: any) => r.name)).toEqual(
      seeds
        .map((s) => s.name)
        .sort()
        .reverse()
    )
    const pushed = await rest(emu, 'GET', `/orgs/${ORG}/repos?sort=pushed&per_page=100`)
    const times = pushed.body.map((r: any) => r.pushed_at)
    expect([...times].sort().reverse()).toEqual(times)

    const count = (pred: (s: SeedRepository) => boolean) => seeds.filter(pred).length
    const of = async (type: string) => (await rest(emu, 'GET', `/orgs/${ORG}/repos?type=${type}`)).body.length
    expect(await of('public')).toBe(count((s) => (s.visibility ?? 'public') === 'public'))
    expect(await of('private')).toBe(count((s) => (s.visibility ?? 'public') !== 'public'))
    expect(await of('forks')).toBe(1)
    expect(await of('sources')).toBe(seeds.length - 1)
    expect((await rest(emu, 'GET', `/orgs/${ORG}/repos?type=everything`)).status).toBe(422)

    const page1 = await rest(emu, 'GET', `/orgs/${ORG}/repos?sort=full_name&per_page=4`)
    expect(page1.body).toHaveLength(4)
    const link = page1.headers.get('link')!
    expect(link).toContain(`${emu.url}/orgs/${ORG}/repos?sort=full_name&per_page=4&page=2>; rel="next"`)
    expect(link).toContain('page=2>; rel="last"')
    const page2 = await rest(emu, 'GET', `/orgs/${ORG}/repos?sort=full_name&per_page=4&page=2`)
    expect([...page1.body, ...page2.body].map((r: any) => r.name)).toEqual(names.body.map((r: any) => r.name))
    expect(page2.headers.get('link')).toContain('rel="prev"')

    expect((await rest(emu, 'GET', '/orgs/no-such-org/repos')).status).toBe(404)
    expect((await rest(emu, 'GET', '/orgs/octo-person/repos')).status).toBe(404)
  })

  test('GET /users/{user}/repos lists the public repositories of a user (and of an organization)', async () => {
    const mine = await rest(emu, 'GET', '/users/octo-person/repos')
    expect(mine.status).toBe(200)
    expect(openapiErrors('/users/{username}/repos', 'GET', 200, mine.body)).toEqual([])
    expect(mine.body.map((r: any) => [r.full_name, r.owner.type])).toEqual([['octo-person/dotfiles', 'User']])
    const org = await rest(emu, 'GET', `/users/${ORG}/repos?per_page=100`)
    expect(org.body.map((r: any) => r.name)).toEqual(
      seeds
        .filter((s) => (s.visibility ?? 'public') === 'public')
        .map((s) => s.name)
        .sort()
    )
  })

  test('teams: GET /orgs/{org}/teams and members, GraphQL organization.teams', async () => {
    const teams = await rest(emu, 'GET', `/orgs/${ORG}/teams`)
    expect(teams.status).toBe(200)
    expect(openapiErrors('/orgs/{org}/teams', 'GET', 200, teams.body)).toEqual([])
    const slugs = [...new Set(seeds.flatMap((s) => s.teams.map((t) => t.slug)))].sort()
    expect(teams.body.map((t: any) => t.slug)).toEqual(slugs)
    const team = seeds[0].teams[0]
    const members = await rest(emu, 'GET', `/orgs/${ORG}/teams/${team.slug}/members?per_page=100`)
    expect(members.body.map((m: any) => m.login)).toEqual(team.members)
    const { body } = await gql(
      emu,
      `{ organization(login: "${ORG}") { teams(first: 100) { totalCount nodes { slug members(first: 100) { totalCount } } } } }`
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.organization.teams.nodes.map((t: any) => t.slug)).toEqual(slugs)
    expect(body.data.organization.teams.nodes[slugs.indexOf(team.slug)].members.totalCount).toBe(
      team.members.length
    )
  })

  test('GraphQL organization.repositories: filters, order, totalCount, paging with after', async () => {
    const page = (after: string | null) =>
      gql(
        emu,
        `query($after: String) { organization(login: "${ORG}") { repositories(first: 2, after: $after, isFork: false, isArchived: false, orderBy: {field: NAME, direction: ASC}) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { name nameWithOwner isArchived isFork isPrivate visibility pushedAt
            defaultBranchRef { name } repositoryTopics(first: 10) { nodes { topic { name } } }
            pullRequests(first: 1) { totalCount } } } } }`,
        { after }
      )
    const wanted = seeds.filter((s) => !s.fork && !s.archived).sort((x, y) => (x.name < y.name ? -1 : 1))
    const seen: any[] = []
    let after: string | null = null
    for (let i = 0; i < 10; i++) {
      const { body } = await page(after)
      expect(body.errors).toBeUndefined()
      const conn = body.data.organization.repositories
      expect(conn.totalCount).toBe(wanted.length)
      seen.push(...conn.nodes)
      if (!conn.pageInfo.hasNextPage) break
      after = conn.pageInfo.endCursor
    }
    expect(seen.map((n) => n.name)).toEqual(wanted.map((s) => s.name))
    for (const [i, s] of wanted.entries()) {
      expect(seen[i]).toEqual({
        name: s.name,
        nameWithOwner: `${ORG}/${s.name}`,
        isArchived: false,
        isFork: false,
        isPrivate: (s.visibility ?? 'public') !== 'public',
        visibility: (s.visibility ?? 'public').toUpperCase(),
        pushedAt: s.commits[0].committedDate,
        defaultBranchRef: { name: s.defaultBranch },
        repositoryTopics: { nodes: (s.topics ?? []).map((name) => ({ topic: { name } })) },
        pullRequests: { totalCount: s.pulls.length }
      })
    }
    const archived = await gql(
      emu,
      `{ organization(login: "${ORG}") { repositories(first: 10, isArchived: true) { totalCount nodes { name } } } }`
    )
    expect(archived.body.data.organization.repositories.nodes.map((n: any) => n.name)).toEqual([
      seeds[2].name
    ])
    const internal = await gql(
      emu,
      `{ organization(login: "${ORG}") { repositories(first: 10, visibility: INTERNAL) { nodes { name } } } }`
    )
    expect(internal.body.data.organization.repositories.nodes.map((n: any) => n.name)).toEqual([
      seeds[4].name
    ])
    const owners = await gql(
      emu,
      `{ user(login: "octo-person") { login repositories(first: 5) { totalCount nodes { nameWithOwner isPrivate } } }
         repositoryOwner(login: "${ORG}") { __typename login ... on Organization { repositories(first: 1) { totalCount } } }
         ownerOfRepo: repositoryOwner(login: "octo-person") { __typename } }`
    )
    expect(owners.body.errors).toBeUndefined()
    expect(owners.body.data).toEqual({
      user: {
        login: 'octo-person',
        repositories: { totalCount: 1, nodes: [{ nameWithOwner: 'octo-person/dotfiles', isPrivate: false }] }
      },
      repositoryOwner: { __typename: 'Organization', login: ORG, repositories: { totalCount: seeds.length } },
      ownerOfRepo: { __typename: 'User' }
    })
    const notUser = await gql(emu, `{ user(login: "${ORG}") { login } }`)
    expect(notUser.body.errors?.[0]).toMatchObject({ type: 'NOT_FOUND' })
    const missing = await gql(emu, `{ organization(login: "nobody") { login } }`)
    expect(missing.body.errors?.[0]).toMatchObject({ type: 'NOT_FOUND' })
  })
})

describe('per-repository faults and stats with several repositories', () => {
  let emu: RunningEmulator
  let seeds: SeedRepository[]
  beforeAll(async () => {
    seeds = orgSeeds()
    emu = await startEmulator({ seeds, port: 0 })
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('a broken repository also fails node(id) and nodes(ids) follow-ups for its objects', async () => {
    const [web, api] = [seeds[1], seeds[2]]
    emu.setFaults([`server-error@${ORG}/${api.name}`])
    const ask = (ids: string[]) =>
      fetch(`${emu.url}/graphql`, {
        method: 'POST',
        headers: { authorization: 'token test-token' },
        body: JSON.stringify({
          query: 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on PullRequest { number } } }',
          variables: { ids }
        })
      })
    expect((await ask([web.pulls[0].id])).status).toBe(200)
    expect((await ask([web.pulls[0].id, api.pulls[0].id])).status).toBe(500)
    const literal = await gql(emu, `{ node(id: "${api.pulls[0].id}") { id } }`)
    expect(literal.status).toBe(500)
    emu.setFaults([])
    expect((await ask([api.pulls[0].id])).status).toBe(200)
  })

  test('/_emulator/stats counts requests and GraphQL points per repository', async () => {
    await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
    const [platform, web] = [seeds[0], seeds[1]]
    await rest(emu, 'GET', `/repos/${ORG}/${web.name}/pulls`)
    await rest(emu, 'GET', `/repos/${ORG}/${web.name}/issues`)
    await rest(emu, 'GET', `/repos/${ORG}/no-such-repo/issues`)
    await gql(
      emu,
      `{ repository(owner: "${ORG}", name: "${platform.name}") { pullRequests(first: 100) { totalCount } } }`
    )
    await gql(
      emu,
      `{ a: repository(owner: "${ORG}", name: "${platform.name}") { name } b: repository(owner: "${ORG}", name: "${web.name}") { name } }`
    )
    await rest(emu, 'GET', `/orgs/${ORG}/repos`)
    const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as any
    expect(stats.byRepository).toEqual({
      [`${ORG}/${platform.name}`]: { requests: 2, graphqlCost: 1 },
      [`${ORG}/${web.name}`]: { requests: 3, graphqlCost: 0 }
    })
    expect(stats.requests.total).toBe(6)
  })
})

describe('one repository answers as before', () => {
  test('a single seed is the only and primary repository; /_emulator/seed has no repositories list', async () => {
    const emu = await startEmulator({ seed: tinySeed(), port: 0 })
    try {
      expect(emu.states).toEqual([emu.state])
      const res = await fetch(`${emu.url}/_emulator/seed`)
      const body = (await res.json()) as Record<string, unknown>
      expect(body.owner).toBe('acme')
      expect(body.repositories).toBeUndefined()
      await rest(emu, 'GET', '/repos/acme/widgets/pulls')
      const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as Record<string, unknown>
      expect(stats.byRepository).toBeUndefined()
      const listing = await rest(emu, 'GET', '/orgs/acme/repos')
      expect(listing.body.map((r: any) => r.full_name)).toEqual(['acme/widgets'])
    } finally {
      await emu.stop()
    }
  })
})
