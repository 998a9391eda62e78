/**
 * Listing an organization's repositories on the emulator (several repositories, GitHub's schema):
 * every repository the token can see, with the counts the plan needs, page after page; a timeout
 * halves the page; a missing organization names the input and the token to use.
 */
import { validate } from '@octokit/graphql-schema'
import { createGitHubClient } from '../../src/github/client.js'
import { memoryLogger } from '../../src/log.js'
import { LISTING_PAGE, ORG_REPOSITORIES_QUERY, listOrganizationRepositories } from '../../src/org/listing.js'
import { generateOrganization } from '../../tools/github-emulator/generate-org.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'

const REPOS = 7
let emu: RunningEmulator
beforeAll(async () => {
  emu = await startEmulator({
    seeds: generateOrganization({ repos: REPOS, prs: 140, seed: 4, owner: 'octo-org' }),
    port: 0,
    profile: 'github'
  })
})
afterAll(async () => {
  await emu.stop()
})

const client = () =>
  createGitHubClient({
    token: 'ghp_org_reader',
    apiUrl: emu.url,
    graphqlUrl: `${emu.url}/graphql`,
    budget: null
  })

it('is a valid query on GitHub’s schema', () => {
  expect(validate(ORG_REPOSITORIES_QUERY)).toEqual([])
})

it('lists every repository with its counts, archived ones and forks marked', async () => {
  const repos = await listOrganizationRepositories(client(), 'octo-org', memoryLogger())
  expect(repos).toHaveLength(REPOS)
  expect(new Set(repos.map((r) => r.owner))).toEqual(new Set(['octo-org']))
  expect(repos.map((r) => r.name)).toEqual([...repos.map((r) => r.name)].sort())
  for (const state of emu.states) {
    const listed = repos.find((r) => r.name === state.seed.name)
    expect(listed?.pullRequests).toBe(state.seed.pulls.length)
    expect(listed?.issues).toBe(state.seed.issues.length)
    expect(listed?.archived).toBe(state.seed.archived ?? false)
    expect(listed?.fork).toBe(state.seed.fork ?? false)
    expect(listed?.topics).toEqual(state.seed.topics ?? [])
  }
  // skewed sizes: the biggest holds many more pull requests than the smallest
  const sizes = repos.map((r) => r.pullRequests ?? 0)
  expect(Math.max(...sizes)).toBeGreaterThan(3 * Math.min(...sizes))
})

it('halves the page when GitHub times out, and still lists everything', async () => {
  await fetch(`${emu.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults: ['timeout:3'] })
  })
  const log = memoryLogger()
  try {
    // pages of 2: the third request times out, then pages of 1
    const repos = await listOrganizationRepositories(client(), 'octo-org', log, { pageSize: 2 })
    expect(repos.map((r) => r.name)).toEqual(emu.states.map((s) => s.seed.name).sort())
    expect(log.lines.filter((l) => l.includes('GitHub timed out; asking for 1 a page'))).toHaveLength(2)
  } finally {
    await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ faults: [] }) })
  }
  expect(LISTING_PAGE).toBe(100)
})

it('names the org input and the token to use when the organization cannot be seen', async () => {
  await expect(listOrganizationRepositories(client(), 'no-such-org', memoryLogger())).rejects.toThrow(
    /^org: the organization "no-such-org" was not found, or the token cannot see it\. .*GitHub App installation token/
  )
})
