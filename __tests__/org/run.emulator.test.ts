/**
 * Organization mode's three jobs on the emulator (an organization of five generated repositories,
 * GitHub's limits): the plan splits them into shards with a share of the App installation's budget,
 * the shards run at the same time and hand their results over through the central branch, their
 * saves batched into a few commits, and the report job pools the values files into the org snapshot
 * (equal to pooling the repositories' own values files), writes the coverage and the org meta; a
 * repository the token cannot read and one answering 500s are named, the others current, and the next
 * run heals both.
 */
import { createGitHubClient } from '../../src/github/client.js'
import { memoryLogger } from '../../src/log.js'
import { poolValues } from '../../src/org/pool.js'
import {
  META_PATH,
  PLAN_PATH,
  orgAll,
  orgPlan,
  orgReport,
  orgSync,
  type OrgMetaFile,
  type OrgPlanFile
} from '../../src/org/run.js'
import { gitHubOrgDeps } from '../../src/org/wire.js'
import { parseValues } from '../../src/org/values.js'
import type { OrgCoverage } from '../../src/org/rollup.js'
import { parseSettings } from '../../src/settings.js'
import type { Settings } from '../../src/settings-types.js'
import { generateOrganization } from '../../tools/github-emulator/generate-org.js'
import type { GitStore } from '../../tools/github-emulator/git/index.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'

const ORG = 'octo-org'
const READER = 'ghs_app_org_reader'
const WRITER = 'ghs_actions_metrics'
let emu: RunningEmulator
let central: string
let repos: string[]

beforeAll(async () => {
  emu = await startEmulator({
    seeds: generateOrganization({ repos: 5, prs: 150, seed: 11, owner: ORG }),
    port: 0,
    profile: 'github'
  })
  repos = emu.states.map((s) => `${s.owner}/${s.name}`)
  central = repos[0]
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

async function stats(): Promise<{ byRoute: Record<string, number> }> {
  return (await fetch(`${emu.url}/_emulator/stats`)).json() as Promise<{ byRoute: Record<string, number> }>
}

function settingsFor(mode: string, extra: Record<string, string> = {}): Settings {
  const inputs: Record<string, string> = {
    token: WRITER,
    'read-token': READER,
    mode,
    organization: ORG,
    shards: '2',
    window: '90d',
    ...extra
  }
  const parsed = parseSettings((name) => inputs[name] ?? '', {
    GITHUB_REPOSITORY: central,
    GITHUB_API_URL: emu.url,
    GITHUB_GRAPHQL_URL: `${emu.url}/graphql`
  })
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '))
  return parsed.settings
}

function deps(mode: string, extra: Record<string, string> = {}, outputs: Record<string, string> = {}) {
  const settings = settingsFor(mode, extra)
  const writer = createGitHubClient({
    token: WRITER,
    apiUrl: emu.url,
    graphqlUrl: `${emu.url}/graphql`,
    budget: null
  })
  return gitHubOrgDeps(settings, writer, memoryLogger(), (name, value) => (outputs[name] = value))
}

const git = () => emu.states[0].git as unknown as GitStore
const file = (path: string) => git().readFile('repo-metrics', path)
const writes = (byRoute: Record<string, number>) =>
  Object.entries(byRoute)
    .filter(([route]) => /^(POST|PATCH|PUT|DELETE) \/repos\/\{owner\}\/\{repo\}\/git\//.test(route))
    .reduce((sum, [, n]) => sum + n, 0)

/** One run of the workflow: the plan, both shards at once, the report. */
async function workflowRun(): Promise<{
  plan: OrgPlanFile
  coverage: OrgCoverage
  outputs: Record<string, string>
}> {
  const outputs: Record<string, string> = {}
  const plan = await orgPlan(deps('org-plan', {}, outputs))
  const matrix = JSON.parse(outputs.matrix) as { shard: number[] }
  await Promise.all(matrix.shard.map((shard) => orgSync(deps('org-sync', { shard: String(shard) }))))
  const report = await orgReport(deps('org-report', {}, outputs))
  return { plan, coverage: report.coverage, outputs }
}

it('plans, syncs two shards at once in a few commits, and pools the org snapshot from the values files', async () => {
  await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
  const { plan, coverage, outputs } = await workflowRun()
  expect(outputs.matrix).toBe('{"shard":[1,2]}')
  // archived repositories and forks are left out, named with why
  const leftOut = emu.states.filter((s) => s.seed.archived || s.seed.fork).map((s) => `${s.owner}/${s.name}`)
  expect(plan.skipped.map((s) => s.repository).sort()).toEqual(leftOut.sort())
  expect(plan.skipped.every((s) => /archived|fork/.test(s.reason))).toBe(true)
  repos = repos.filter((r) => !leftOut.includes(r))
  expect(repos.length).toBeGreaterThanOrEqual(3)
  expect(plan.shards.flatMap((s) => s.repositories).sort()).toEqual([...repos].sort())
  expect(plan.shards.every((s) => s.budget > 0)).toBe(true)
  expect(JSON.parse(file(PLAN_PATH) ?? 'null')).toEqual(plan)
  expect(coverage.repositories.map((r) => [r.repository, r.state, r.pooled]).sort()).toEqual(
    [...repos].sort().map((r) => [r, 'current', true])
  )

  // the org snapshot is the pool of the repositories' own values files
  const values = repos.map((r) => parseValues(file(`repos/${r}/snapshots/${plan.period}.values.json`) ?? ''))
  const pooled = poolValues(values, { name: ORG, generatedAt: 'x' }).snapshot
  const stored = JSON.parse(file(`org/snapshots/${plan.period}.json`) ?? 'null')
  expect(stored.metrics).toEqual(pooled.metrics)
  expect(stored.repository).toBe(ORG)

  // every save of a shard went into its batch: a few commits, not one per repository
  const byRoute = (await stats()).byRoute
  const commits = byRoute['POST /repos/{owner}/{repo}/git/commits'] ?? 0
  // plan 1 + each shard's repositories and result in one commit (2) + the report 1, and a shard's
  // commit made again when the other shard moved the branch first
  expect(commits).toBeLessThanOrEqual(6)
  // a tree, a commit and a ref update each (no file here is big enough for a blob upload)
  expect(writes(byRoute)).toBeLessThanOrEqual(3 * commits)
  const meta = JSON.parse(file(META_PATH) ?? 'null') as OrgMetaFile
  expect(Object.values(meta.repositories).map((s) => s.state)).toEqual(repos.map(() => 'current'))

  // the org report beside it, and one central issue announcing it, without @-mentions
  const report = file(outputs['report-path']) ?? ''
  expect(report).toContain(ORG)
  for (const repository of repos) expect(report).toContain(repository)
  expect(report).not.toMatch(/@[A-Za-z0-9]/)
  expect(byRoute['POST /repos/{owner}/{repo}/issues']).toBe(1)
  expect(outputs['issue-url']).toMatch(/\/issues\/\d+$/)
})

it('names the unreadable and the failing repository, brings the others up to date, and heals both next run', async () => {
  const [, failing, unreadable] = repos
  await control('/_emulator/access', { token: READER, unreadable: [unreadable] })
  await control('/_emulator/faults', { faults: [`server-error@${failing}`] })
  const first = await workflowRun()
  const by = new Map(first.coverage.repositories.map((r) => [r.repository, r]))
  // the listing no longer shows the unreadable repository to the token: it is not planned, and the
  // report names it as failed, with why
  expect(first.plan.shards.flatMap((s) => s.repositories)).not.toContain(unreadable)
  expect(by.get(unreadable)).toMatchObject({ state: 'failed', pooled: false })
  expect(by.get(unreadable)?.message).toMatch(/no longer visible to the read token/)
  expect(file(`reports/org/${first.coverage.period}.md`)).toContain(unreadable)
  expect(by.get(failing)).toMatchObject({ state: 'partial', pooled: expect.any(Boolean) })
  expect(by.get(failing)?.message).toMatch(/next run continues/)
  for (const repository of repos.filter((r) => r !== failing && r !== unreadable)) {
    expect(by.get(repository)).toMatchObject({ state: 'current', pooled: true })
  }
  expect(JSON.stringify(first.coverage)).not.toMatch(/ghs_|ghp_/)

  await control('/_emulator/access', { token: READER, unreadable: null })
  await control('/_emulator/faults', { faults: [] })
  const second = await workflowRun()
  expect(second.coverage.repositories.map((r) => [r.repository, r.state]).sort()).toEqual(
    [...repos].sort().map((r) => [r, 'current'])
  )
})

it('keeps each repository’s history on its own data branch when federated, and paces the repositories’ issues', async () => {
  const extra = { 'store-layout': 'federated', shards: '1', 'org-notify': 'both', 'notification-budget': '1' }
  const outputs: Record<string, string> = {}
  await orgPlan(deps('org-plan', extra, outputs))
  await orgSync(deps('org-sync', { ...extra, shard: '1' }))
  const first = await orgReport(deps('org-report', extra, outputs))
  expect(first.counts.current).toBe(repos.length)
  for (const repository of repos) {
    const state = emu.states.find((s) => `${s.owner}/${s.name}` === repository)
    const own = (state?.git as unknown as GitStore).listFiles('repo-metrics')
    expect(own).toEqual(
      expect.arrayContaining(['meta.json', `snapshots/${first.coverage.period}.values.json`])
    )
  }
  // one repository's issue this run (the budget), the next run the next one, never the same twice
  expect(first.notified.repositories.map((r) => r.about)).toHaveLength(1)
  const second = await orgReport(deps('org-report', extra))
  expect(second.notified.repositories).toHaveLength(1)
  expect(second.notified.repositories[0].about).not.toBe(first.notified.repositories[0].about)
  const meta = JSON.parse(file(META_PATH) ?? 'null') as OrgMetaFile
  expect((meta.notifications as { done: string[] }).done).toHaveLength(2)
})

it('writes nothing on a dry run of mode org: no commit, no issue', async () => {
  const head = () =>
    JSON.stringify(
      git()
        .listFiles('repo-metrics')
        .map((p) => [p, file(p)])
    )
  const before = head()
  await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST' })
  const outputs: Record<string, string> = {}
  const result = await orgAll(deps('org', { 'dry-run': 'true', 'org-notify': 'both' }, outputs))
  expect(result.counts.current).toBe(repos.length)
  expect(result.notified.planned.length).toBeGreaterThan(0)
  const byRoute = (await stats()).byRoute
  expect(Object.keys(byRoute).filter((route) => !/^(GET |POST \/graphql)/.test(route))).toEqual([])
  expect(head()).toBe(before)
})
