/**
 * One shard of organization mode on the emulator (an organization of four generated repositories,
 * GitHub's limits): each repository's report is stored in its own folder of the central data branch;
 * one repository the token cannot read is recorded as failed with GitHub's answer, one answering
 * 500s as partial (its sync stops cleanly), while the others become current; the next run, with
 * both healed, makes them current too, the others at the cost of a warm report.
 */
import { getOctokit } from '@actions/github'
import { createGitHubClient } from '../../src/github/client.js'
import { RateLimitedError } from '../../src/github/errors.js'
import { memoryLogger } from '../../src/log.js'
import { rollUp } from '../../src/org/rollup.js'
import { syncShard, type RepositoryRun } from '../../src/org/sync.js'
import type { Snapshot } from '../../src/metrics/types.js'
import { createGitHubHistory } from '../../src/pipeline/github-history.js'
import { runReport } from '../../src/pipeline/report.js'
import { parseSettings } from '../../src/settings.js'
import { createGitDataStore } from '../../src/store/git.js'
import { withInbox } from '../../src/store/inbox.js'
import { generateOrganization } from '../../tools/github-emulator/generate-org.js'
import type { GitStore } from '../../tools/github-emulator/git/index.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'

const ORG = 'octo-org'
const READER = 'ghp_org_reader'
/** Every repository is measured over the same window (the plan fixes `until`), so their values pool. */
const UNTIL = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString()
let emu: RunningEmulator
let repos: string[]
let central: { owner: string; repo: string }
beforeAll(async () => {
  emu = await startEmulator({
    seeds: generateOrganization({ repos: 4, prs: 120, seed: 6, owner: ORG }),
    port: 0,
    profile: 'github'
  })
  repos = emu.states.map((s) => `${s.owner}/${s.name}`)
  // the metrics repository: the organization's first repository (the emulator's primary one)
  central = { owner: emu.states[0].owner, repo: emu.states[0].name }
})
afterAll(async () => {
  await emu.stop()
})

async function control(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  expect(res.status).toBe(200)
}

const writer = () => getOctokit('ghp_metrics_writer', { baseUrl: emu.url })
const folderStore = (root: string) =>
  createGitDataStore({
    octokit: writer(),
    owner: central.owner,
    repo: central.repo,
    branch: 'repo-metrics',
    root,
    backoffMs: 5
  })

function runShard(log = memoryLogger()): Promise<RepositoryRun[]> {
  return syncShard({
    repositories: repos,
    budget: 2000,
    settingsFor: (repository) => {
      const inputs: Record<string, string> = { token: READER, window: '90d', until: UNTIL, notify: 'false' }
      const parsed = parseSettings((name) => inputs[name] ?? '', {
        GITHUB_REPOSITORY: repository,
        GITHUB_API_URL: emu.url
      })
      if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '))
      return parsed.settings
    },
    clientFor: (_repository, budget) =>
      createGitHubClient({ token: READER, apiUrl: emu.url, graphqlUrl: `${emu.url}/graphql`, budget }),
    historyFor: (client, repository) => {
      const [owner, repo] = repository.split('/')
      return createGitHubHistory({ client, owner, repo, apiUrl: emu.url, log })
    },
    storeFor: (repository) => withInbox(folderStore(`repos/${repository}`)),
    report: runReport,
    log,
    now: () => new Date()
  })
}

const git = () => emu.states[0].git as unknown as GitStore
const folderFiles = (repository: string) =>
  git()
    .listFiles('repo-metrics')
    .filter((p) => p.startsWith(`repos/${repository}/`))

it('records the unreadable and the failing repository, brings the others up to date, and heals both next run', async () => {
  const [, failing, unreadable] = [repos[0], repos[1], repos[2]]
  await control('/_emulator/access', { token: READER, unreadable: [unreadable] })
  await control('/_emulator/faults', { faults: [`server-error@${failing}`] })
  const first = await runShard()
  const by = new Map(first.map((r) => [r.repository, r]))
  expect(by.get(unreadable)).toMatchObject({
    state: 'failed',
    message: expect.stringMatching(/not found|Not Found|could not resolve/i)
  })
  // GitHub's 500s stop its sync cleanly: a partial report, its cursor kept for the next run
  expect(by.get(failing)).toMatchObject({
    state: 'partial',
    message: expect.stringMatching(/next run continues/)
  })
  for (const repository of repos.filter((r) => r !== failing && r !== unreadable)) {
    expect(by.get(repository)).toMatchObject({ state: 'current' })
    expect(folderFiles(repository)).toEqual(
      expect.arrayContaining([
        `repos/${repository}/meta.json`,
        expect.stringMatching(/\/snapshots\/.+\.values\.json$/)
      ])
    )
  }
  expect(folderFiles(unreadable)).toEqual([])
  // no message carries a token
  expect(JSON.stringify(first)).not.toMatch(/ghp_/)

  await control('/_emulator/access', { token: READER, unreadable: null })
  await control('/_emulator/faults', { faults: [] })
  const second = await runShard()
  expect(second.map((r) => [r.repository, r.state])).toEqual(repos.map((r) => [r, 'current']))
  expect(folderFiles(unreadable)).toEqual(expect.arrayContaining([`repos/${unreadable}/meta.json`]))
  // the ones already current cost a warm report
  for (const r of second.filter((x) => x.repository !== failing && x.repository !== unreadable)) {
    expect(r.requests).toBeLessThanOrEqual(20)
  }
})

it('leaves repositories the budget does not reach waiting, and says so', async () => {
  const log = memoryLogger()
  const runs = await syncShard({
    repositories: ['octo-org/a', 'octo-org/b'],
    budget: 0,
    settingsFor: () => {
      throw new Error('not reached')
    },
    clientFor: () => {
      throw new Error('not reached')
    },
    historyFor: () => {
      throw new Error('not reached')
    },
    storeFor: () => {
      throw new Error('not reached')
    },
    report: runReport,
    log,
    now: () => new Date()
  })
  expect(runs.map((r) => r.state)).toEqual(['waiting', 'waiting'])
  expect(log.lines.join('\n')).toContain('0 current, 0 partial, 0 failed, 2 waiting')
})

it('rolls the shard up: the org snapshot pooled from the values files, the coverage naming every repository', async () => {
  const runs = await runShard()
  const period = runs[0].snapshotPath!.replace(/^snapshots\/|\.json$/g, '')
  const failed: RepositoryRun = {
    repository: 'octo-org/gone',
    state: 'failed',
    message: 'Repository octo-org/gone was not found',
    requests: 1
  }
  const rolled = await rollUp({
    organization: ORG,
    period,
    runs: [...runs, failed],
    storeFor: (repository) => folderStore(`repos/${repository}`),
    orgStore: folderStore('org'),
    now: new Date()
  })
  expect(rolled.coverage.repositories.map((r) => [r.repository, r.state, r.pooled])).toEqual([
    ...repos.map((r) => [r, 'current', true]),
    ['octo-org/gone', 'failed', false]
  ])
  expect(rolled.paths).toEqual([`coverage/${period}.json`, 'meta.json', `snapshots/${period}.json`])
  // counts add up over the repositories' own snapshots
  const own = repos.map(
    (r) =>
      JSON.parse(git().readFile('repo-metrics', `repos/${r}/snapshots/${period}.json`) as string) as Snapshot
  )
  const opened = (s: Snapshot) => s.metrics.pullRequests?.opened ?? 0
  expect(opened(rolled.snapshot!)).toBe(own.reduce((sum, s) => sum + opened(s), 0))
  expect(opened(rolled.snapshot!)).toBeGreaterThan(0)
  expect(rolled.snapshot!.repository).toBe(ORG)
  expect(JSON.parse(git().readFile('repo-metrics', `org/snapshots/${period}.json`) as string)).toEqual(
    rolled.snapshot
  )
})

it('stops the shard cleanly at GitHub’s rate limit: that repository and the rest wait, none fails', async () => {
  const log = memoryLogger()
  const reached: string[] = []
  const limited = new RateLimitedError(
    'Request failed due to following response errors:\n - API rate limit exceeded for installation ID 1.',
    'primary',
    null,
    null
  )
  const runs = await syncShard({
    repositories: ['octo-org/a', 'octo-org/b', 'octo-org/c'],
    budget: 500,
    settingsFor: () => ({}) as never,
    clientFor: () =>
      createGitHubClient({ token: READER, apiUrl: emu.url, graphqlUrl: `${emu.url}/graphql`, budget: 10 }),
    historyFor: () => ({}) as never,
    storeFor: () => ({}) as never,
    report: async () => {
      reached.push(String(reached.length))
      throw limited
    },
    log,
    now: () => new Date()
  })
  expect(reached).toHaveLength(1)
  expect(runs.map((r) => r.state)).toEqual(['waiting', 'waiting', 'waiting'])
  expect(runs[0].message).toMatch(/rate limit was reached \(Request failed .*: API rate limit exceeded/)
})
