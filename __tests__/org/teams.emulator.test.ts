/**
 * The organization's teams on the emulator (github profile, GitHub's schema): a PAT reads every team
 * with its members page after page; the workflow's Actions token cannot, which gives no teams and a
 * note saying why and which token to use, never a failure.
 */
import { validate } from '@octokit/graphql-schema'
import { createGitHubClient } from '../../src/github/client.js'
import { listTeams, ORG_TEAMS_QUERY, TEAM_MEMBERS_QUERY } from '../../src/org/teams.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import { tinySeed } from '../emulator/helpers.js'

let emu: RunningEmulator
beforeAll(async () => {
  const seed = tinySeed()
  emu = await startEmulator({
    seed: {
      ...seed,
      teams: [
        { slug: 'core', name: 'Core', members: ['carol', 'alice', 'bob'] },
        { slug: 'web', name: 'Web', members: ['dave', 'erin', 'frank', 'gina', 'hal'] },
        { slug: 'ops', name: 'Ops', members: ['bob'] }
      ]
    },
    seeds: [{ ...tinySeed(), name: 'gadgets', teams: [{ slug: 'data', name: 'Data', members: ['ivy'] }] }],
    port: 0,
    profile: 'github',
    credentials: { ghp_no_org: { kind: 'pat', permissions: { issues: 'write', contents: 'read' } } }
  })
})
afterAll(async () => {
  await emu.stop()
})

const client = (token: string) =>
  createGitHubClient({ token, apiUrl: emu.url, graphqlUrl: `${emu.url}/graphql`, budget: null })

it('asks valid queries on GitHub’s schema', () => {
  expect(validate(ORG_TEAMS_QUERY)).toEqual([])
  expect(validate(TEAM_MEMBERS_QUERY)).toEqual([])
})

it('reads every team with its members, sorted, page after page', async () => {
  const expected = [
    { slug: 'core', name: 'Core', members: ['alice', 'bob', 'carol'] },
    { slug: 'data', name: 'Data', members: ['ivy'] },
    { slug: 'ops', name: 'Ops', members: ['bob'] },
    { slug: 'web', name: 'Web', members: ['dave', 'erin', 'frank', 'gina', 'hal'] }
  ]
  const whole = await listTeams(client('ghp_reader'), 'acme')
  expect(whole).toEqual({ teams: expected, requests: 1 })
  // Two teams a page, two members a page: core and web need more pages of members.
  const paged = await listTeams(client('ghp_reader'), 'acme', { teamsPerPage: 2, membersPerPage: 2 })
  expect(paged.teams).toEqual(expected)
  // 2 pages of teams; core: 1 more page of members; web: 2 more.
  expect(paged.requests).toBe(5)
  expect(paged.note).toBeUndefined()
})

it('gives no teams and a note, not a failure, for a token that cannot read teams', async () => {
  for (const token of ['test-token', 'ghs_actions_run', 'ghp_no_org']) {
    const result = await listTeams(client(token), 'acme')
    expect(result.teams).toEqual([])
    expect(result.note).toMatch(/^The teams of acme could not be read \(GitHub answered FORBIDDEN: /)
    expect(result.note).toContain('read:org')
    expect(result.note).toContain("the workflow's GITHUB_TOKEN can never read teams")
  }
})

it('gives a note for an organization the token cannot see', async () => {
  const result = await listTeams(client('ghp_reader'), 'no-such-org')
  expect(result.teams).toEqual([])
  expect(result.note).toContain('The teams of no-such-org could not be read')
})
