/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/**
 * Credentials across several repositories, as on github.com: an App installation's tokens share one
 * budget over all its repositories; the Actions token belongs to its own repository (other private
 * ones are "Not Found", other public ones read-only); a repository can be made unreadable for a
 * token. Faults can aim at one repository (`name@OWNER/NAME`).
 */
import type { CredentialSpec } from '../../tools/github-emulator/credentials.js'
import { parseFaults } from '../../tools/github-emulator/faults.js'
import type { ProfileOption } from '../../tools/github-emulator/profile.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import { tinySeed } from './helpers.js'
import { openapiErrors } from './openapi.js'

const ACTIONS = 'ghs_actions_test'
const APP_ONE = 'ghs_app_one'
const APP_TWO = 'ghs_app_two'
const PAT = 'ghp_test'

/** acme/a (public, primary), acme/b (private), acme/c (public). */
function seeds(): SeedRepository[] {
  return [
    { ...tinySeed(), name: 'a' },
    { ...tinySeed(), name: 'b', visibility: 'private' },
    { ...tinySeed(), name: 'c' }
  ]
}

async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  token: string,
  body?: unknown
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
}

const query = (emu: RunningEmulator, token: string, q: string, variables?: unknown) =>
  call(emu, 'POST', '/graphql', token, { query: q, variables })

const repoQuery = (name: string) => `{ repository(owner: "acme", name: "${name}") { nameWithOwner } }`

async function withEmulator(
  options: { profile?: ProfileOption; credentials?: Record<string, CredentialSpec>; faults?: string[] },
  run: (emu: RunningEmulator) => Promise<void>
): Promise<void> {
  const [seed, ...rest] = seeds()
  const emu = await startEmulator({ seed, seeds: rest, port: 0, ...options })
  try {
    await run(emu)
  } finally {
    await emu.stop()
  }
}

describe('budgets across repositories (github profile)', () => {
  test("an installation's tokens share one budget over all its repositories; another installation has its own", () =>
    withEmulator(
      { profile: 'github', credentials: { ghs_other: { kind: 'app', installation: 7 } } },
      async (emu) => {
        const used = (r: { headers: Headers }) => Number(r.headers.get('x-ratelimit-used'))
        expect(used(await call(emu, 'GET', '/repos/acme/a', APP_ONE))).toBe(1)
        expect(used(await call(emu, 'GET', '/repos/acme/b', APP_TWO))).toBe(2)
        const third = await call(emu, 'GET', '/repos/acme/c/pulls', APP_ONE)
        expect(used(third)).toBe(3)
        expect(third.headers.get('x-ratelimit-limit')).toBe('12500')
        expect(used(await call(emu, 'GET', '/repos/acme/a', 'ghs_other'))).toBe(1)
        expect(used(await call(emu, 'GET', '/repos/acme/a', PAT))).toBe(1)
        // GraphQL points too: the second token sees what the first one spent.
        await query(emu, APP_ONE, repoQuery('b'))
        const seen = await query(emu, APP_TWO, '{ rateLimit { used limit } }')
        expect(seen.body.data.rateLimit).toEqual({ used: 2, limit: 12500 })
        const rate = await call(emu, 'GET', '/rate_limit', APP_TWO)
        expect(rate.body.resources.core.used).toBe(3)
      }
    ))
})

describe('the Actions token belongs to its repository (github profile)', () => {
  test('its own repository is read and written; another private one is Not Found, another public one read-only', () =>
    withEmulator({ profile: 'github' }, async (emu) => {
      expect((await call(emu, 'GET', '/repos/acme/a/pulls', ACTIONS)).status).toBe(200)
      expect((await call(emu, 'POST', '/repos/acme/a/issues', ACTIONS, { title: 'ok' })).status).toBe(201)
      const hidden = await call(emu, 'GET', '/repos/acme/b/pulls', ACTIONS)
      expect(hidden.status).toBe(404)
      expect(hidden.body.message).toBe('Not Found')
      expect((await call(emu, 'GET', '/repos/acme/c/pulls', ACTIONS)).status).toBe(200)
      // The repository shows what the token may do there.
      expect((await call(emu, 'GET', '/repos/acme/c', ACTIONS)).body.permissions.push).toBe(false)
      expect((await call(emu, 'GET', '/repos/acme/a', ACTIONS)).body.permissions.push).toBe(true)
      const write = await call(emu, 'POST', '/repos/acme/c/issues', ACTIONS, { title: 'no' })
      expect(write.status).toBe(403)
      expect(write.body.message).toBe('Resource not accessible by integration')

      const gql = await query(
        emu,
        ACTIONS,
        `{ b: ${repoQuery('b').slice(1, -1)} c: ${repoQuery('c').slice(1, -1)} }`
      )
      expect(gql.status).toBe(200)
      expect(gql.body.data).toEqual({ b: null, c: { nameWithOwner: 'acme/c' } })
      expect(gql.body.errors).toEqual([
        expect.objectContaining({
          type: 'NOT_FOUND',
          path: ['b'],
          message: "Could not resolve to a Repository with the name 'acme/b'."
        })
      ])
      const listing = await call(emu, 'GET', '/orgs/acme/repos?sort=full_name', ACTIONS)
      expect(listing.body.map((r: any) => r.name)).toEqual(['a', 'c'])
      const org = await query(
        emu,
        ACTIONS,
        '{ organization(login: "acme") { repositories(first: 10) { totalCount } } }'
      )
      expect(org.body.data.organization.repositories.totalCount).toBe(2)
      // The PAT sees all three.
      expect((await call(emu, 'GET', '/orgs/acme/repos', PAT)).body).toHaveLength(3)
      expect((await call(emu, 'GET', '/installation/repositories', ACTIONS)).status).toBe(403)
      // Organization teams are never readable with it (REST 403, as for the team members).
      expect((await call(emu, 'GET', '/orgs/acme/teams', ACTIONS)).status).toBe(403)
      expect((await call(emu, 'GET', '/orgs/acme/teams', PAT)).status).toBe(200)
    }))

  test('a token whose workflow runs in acme/b writes there and only reads acme/a', () =>
    withEmulator(
      { profile: 'github', credentials: { ghs_b: { kind: 'actions', repository: 'acme/b' } } },
      async (emu) => {
        expect((await call(emu, 'GET', '/repos/acme/b', 'ghs_b')).status).toBe(200)
        expect((await call(emu, 'POST', '/repos/acme/b/issues', 'ghs_b', { title: 'x' })).status).toBe(201)
        expect((await call(emu, 'GET', '/repos/acme/a', 'ghs_b')).status).toBe(200)
        expect((await call(emu, 'POST', '/repos/acme/a/issues', 'ghs_b', { title: 'x' })).status).toBe(403)
      }
    ))

  test('the lenient profile keeps every repository open to any token', () =>
    withEmulator({}, async (emu) => {
      expect((await call(emu, 'GET', '/repos/acme/b/pulls', ACTIONS)).status).toBe(200)
      expect((await call(emu, 'POST', '/repos/acme/c/issues', ACTIONS, { title: 'x' })).status).toBe(201)
    }))
})

describe('per-repository access', () => {
  test('a repository made unreadable for a token is Not Found for it over REST, GraphQL and listings', () =>
    withEmulator({ profile: 'github' }, async (emu) => {
      expect((await call(emu, 'GET', '/repos/acme/c', PAT)).status).toBe(200)
      emu.credentials.restrict(PAT, { unreadable: ['acme/c'] })
      expect((await call(emu, 'GET', '/repos/acme/c', PAT)).status).toBe(404)
      expect((await call(emu, 'GET', '/repos/acme/c/git/refs', PAT)).status).toBe(404)
      const gql = await query(emu, PAT, repoQuery('c'))
      expect(gql.body.errors?.[0]).toMatchObject({ type: 'NOT_FOUND' })
      const listing = await call(emu, 'GET', '/orgs/acme/repos?sort=full_name', PAT)
      expect(listing.body.map((r: any) => r.name)).toEqual(['a', 'b'])
      expect((await call(emu, 'GET', '/repos/acme/c', APP_ONE)).status).toBe(200)
      emu.credentials.restrict(PAT, { unreadable: null })
      expect((await call(emu, 'GET', '/repos/acme/c', PAT)).status).toBe(200)
      // The same over the emulator route (for an emulator in another process).
      const access = (body: unknown) =>
        fetch(`${emu.url}/_emulator/access`, { method: 'POST', body: JSON.stringify(body) })
      expect((await access({ token: PAT, unreadable: ['acme/a'] })).status).toBe(200)
      expect((await call(emu, 'GET', '/repos/acme/a', PAT)).status).toBe(404)
      expect((await call(emu, 'GET', '/repos/acme/c', PAT)).status).toBe(200)
      expect((await access({ unreadable: ['acme/a'] })).status).toBe(400)
      expect((await access({ token: PAT, unreadable: null })).status).toBe(200)
      expect((await call(emu, 'GET', '/repos/acme/a', PAT)).status).toBe(200)
    }))

  test('the option works for a single repository too', async () => {
    const emu = await startEmulator({
      seed: tinySeed(),
      port: 0,
      credentials: { 'test-token': { kind: 'pat', unreadable: ['acme/widgets'] } }
    })
    try {
      expect((await call(emu, 'GET', '/repos/acme/widgets/pulls', 'test-token')).status).toBe(404)
      expect((await call(emu, 'GET', '/repos/acme/widgets/pulls', 'other-token')).status).toBe(200)
    } finally {
      await emu.stop()
    }
  })

  test('GET /installation/repositories: every repository of the account, or the selected ones', () =>
    withEmulator(
      {
        profile: 'github',
        credentials: { ghs_sel: { kind: 'app', installation: 9, repositories: ['acme/a'] } }
      },
      async (emu) => {
        const all = await call(emu, 'GET', '/installation/repositories', APP_ONE)
        expect(all.status).toBe(200)
        expect(openapiErrors('/installation/repositories', 'GET', 200, all.body)).toEqual([])
        expect(all.body.total_count).toBe(3)
        expect(all.body.repository_selection).toBe('all')
        expect(all.body.repositories.map((r: any) => r.full_name)).toEqual(['acme/a', 'acme/b', 'acme/c'])
        const paged = await call(emu, 'GET', '/installation/repositories?per_page=2', APP_ONE)
        expect(paged.body.repositories).toHaveLength(2)
        expect(paged.body.total_count).toBe(3)
        expect(paged.headers.get('link')).toContain(
          '/installation/repositories?per_page=2&page=2>; rel="next"'
        )

        const selected = await call(emu, 'GET', '/installation/repositories', 'ghs_sel')
        expect(selected.body).toMatchObject({ total_count: 1, repository_selection: 'selected' })
        expect((await call(emu, 'GET', '/repos/acme/b', 'ghs_sel')).status).toBe(404)
        expect((await call(emu, 'GET', '/repos/acme/c', 'ghs_sel')).status).toBe(200)
        const pat = await call(emu, 'GET', '/installation/repositories', PAT)
        expect(pat.status).toBe(403)
      }
    ))
})

describe('an installation reaches its own account', () => {
  test("another owner's private repository is Not Found for it, unless it is installed there", async () => {
    const [seed, ...rest] = seeds()
    const secret: SeedRepository = {
      ...tinySeed(),
      owner: 'octo',
      name: 'secret',
      ownerIsOrganization: false,
      teams: [],
      visibility: 'private'
    }
    const emu = await startEmulator({
      seed,
      seeds: [...rest, secret],
      port: 0,
      profile: 'github',
      credentials: { ghs_octo: { kind: 'app', installation: 11, account: 'octo' } }
    })
    try {
      expect((await call(emu, 'GET', '/repos/octo/secret', APP_ONE)).status).toBe(404)
      const mine = await call(emu, 'GET', '/installation/repositories', APP_ONE)
      expect(mine.body.repositories.map((r: any) => r.full_name)).toEqual(['acme/a', 'acme/b', 'acme/c'])
      expect((await call(emu, 'GET', '/repos/octo/secret', 'ghs_octo')).status).toBe(200)
      expect((await call(emu, 'GET', '/repos/acme/b', 'ghs_octo')).status).toBe(404)
      expect((await call(emu, 'GET', '/repos/acme/a', 'ghs_octo')).status).toBe(200)
      const theirs = await call(emu, 'GET', '/installation/repositories', 'ghs_octo')
      expect(theirs.body.repositories.map((r: any) => r.full_name)).toEqual(['octo/secret'])
      expect((await call(emu, 'GET', '/repos/octo/secret', PAT)).status).toBe(200)
    } finally {
      await emu.stop()
    }
  })
})

describe('faults aimed at one repository', () => {
  test('server-error@OWNER/NAME: 500 for that repository over REST and GraphQL, the others answer', () =>
    withEmulator({ faults: ['server-error@acme/b'] }, async (emu) => {
      const broken = await call(emu, 'GET', '/repos/acme/b/pulls', PAT)
      expect(broken.status).toBe(500)
      expect(broken.body.message).toBe('Server Error')
      expect((await call(emu, 'GET', '/repos/acme/a/pulls', PAT)).status).toBe(200)
      expect((await query(emu, PAT, repoQuery('b'))).status).toBe(500)
      const byVariable = await query(
        emu,
        PAT,
        'query($o: String!, $n: String!) { repository(owner: $o, name: $n) { name } }',
        { o: 'ACME', n: 'B' }
      )
      expect(byVariable.status).toBe(500)
      const fine = await query(emu, PAT, repoQuery('a'))
      expect(fine.status).toBe(200)
      expect(fine.body.data.repository.nameWithOwner).toBe('acme/a')
      const listed = await fetch(`${emu.url}/_emulator/faults`)
      expect(await listed.json()).toEqual({ faults: ['server-error@acme/b'] })
    }))

  test('server-error:N@OWNER/NAME keeps the page-size rule, only for that repository', () =>
    withEmulator({ faults: ['server-error:1@acme/b'] }, async (emu) => {
      const page = (name: string) =>
        `{ repository(owner: "acme", name: "${name}") { pullRequests(first: 5) { totalCount } } }`
      expect((await query(emu, PAT, page('b'))).status).toBe(502)
      expect((await query(emu, PAT, page('a'))).status).toBe(200)
      expect((await call(emu, 'GET', '/repos/acme/b/pulls', PAT)).status).toBe(200)
    }))

  test('timeout, secondary-rate-limit and read-only-token count and hit only their repository', () =>
    withEmulator(
      { faults: ['timeout:1:0@acme/b', 'secondary-rate-limit:2@acme/c', 'read-only-token@acme/a'] },
      async (emu) => {
        expect((await call(emu, 'GET', '/repos/acme/b/pulls', PAT)).status).toBe(504)
        expect((await call(emu, 'GET', '/repos/acme/a/pulls', PAT)).status).toBe(200)
        expect((await call(emu, 'GET', '/repos/acme/c/pulls', PAT)).status).toBe(200)
        expect((await call(emu, 'GET', '/repos/acme/a/pulls', PAT)).status).toBe(200)
        expect((await call(emu, 'GET', '/repos/acme/c/pulls', PAT)).status).toBe(403)
        expect((await call(emu, 'POST', '/repos/acme/a/issues', PAT, { title: 'x' })).status).toBe(403)
        expect((await call(emu, 'POST', '/repos/acme/b/issues', PAT, { title: 'x' })).status).toBe(201)
      }
    ))

  test('the syntax: a bad target is refused, plain faults parse as before', () => {
    expect(() => parseFaults(['server-error@nope'])).toThrow(/OWNER\/NAME/)
    expect(() => parseFaults(['meteor@acme/a'])).toThrow(/unknown fault/)
    const parsed = parseFaults(['server-error', 'timeout:3:10@Acme/B'])
    expect([...parsed.values()].map((f) => [f.name, f.every, f.delayMs, f.target])).toEqual([
      ['server-error', 25, 300, ''],
      ['timeout', 3, 10, 'acme/b']
    ])
  })
})
