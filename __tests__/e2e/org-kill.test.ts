/**
 * Organization mode, killed: the bundle runs the plan job, then the shard jobs as separate processes
 * at once, and the shards are killed (SIGKILL, as a cancelled or timed-out runner is) part-way
 * through; the report job runs anyway (`if: !cancelled()` runs it after failed shards) and names the
 * repositories of the killed shards as waiting. The next workflow run then brings every repository
 * up to date, and each repository's stored history holds every pull request and issue of the
 * emulator exactly once: nothing lost, nothing twice. (The kill waits for a shard's first commit of
 * history, so the next run starts from a part-written branch.)
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { historyFromShards } from '../../src/store/shards.js'
import { generateOrganization } from '../../tools/github-emulator/generate-org.js'
import type { GitStore } from '../../tools/github-emulator/git/index.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import { runAction, type ActionRun } from '../../tools/demo/action-runner.js'

const ORG = 'kill-org'
let emu: RunningEmulator
let central: string
const workDir = mkdtempSync(join(tmpdir(), 'rmr-org-kill-'))

beforeAll(async () => {
  emu = await startEmulator({
    seeds: generateOrganization({ repos: 5, prs: 900, seed: 23, owner: ORG }),
    port: 0,
    profile: 'github'
  })
  central = `${emu.states[0].owner}/${emu.states[0].name}`
})
afterAll(async () => {
  await emu.stop()
})

const git = () => emu.states[0].git as unknown as GitStore
const landedHistory = () =>
  git()
    .listFiles('repo-metrics')
    .filter((p) => /^repos\/.+\/history\//.test(p))

/** Kills the child (SIGKILL) once a shard's first commit of history has landed on the branch. */
function killAfterFirstCommit(child: ChildProcess): void {
  const timer = setInterval(() => {
    if (child.exitCode !== null || child.signalCode !== null) clearInterval(timer)
    else if (landedHistory().length > 0) {
      clearInterval(timer)
      child.kill('SIGKILL')
    }
  }, 20)
}

function job(mode: string, inputs: Record<string, string> = {}, kill = false): Promise<ActionRun> {
  return runAction({
    apiUrl: emu.url,
    serverUrl: emu.url,
    repository: central,
    eventName: 'workflow_dispatch',
    payload: {},
    inputs: { mode, 'read-token': 'ghs_app_kill_reader', shards: '2', window: '90d', ...inputs },
    token: 'ghs_actions_kill_writer',
    workDir,
    onSpawn: (child) => {
      if (kill) killAfterFirstCommit(child)
    }
  })
}

async function workflow(kill = false): Promise<{ shards: ActionRun[]; report: ActionRun }> {
  const plan = await job('org-plan')
  expect(plan.exitCode).toBe(0)
  const matrix = JSON.parse(plan.outputs.matrix) as { shard: number[] }
  const shards = await Promise.all(
    matrix.shard.map((shard) => job('org-sync', { shard: String(shard) }, kill))
  )
  const report = await job('org-report')
  expect(report.exitCode).toBe(0)
  return { shards, report }
}

function storedHistory(repository: string) {
  const root = `repos/${repository}/`
  const texts = new Map<string, string>()
  for (const path of git().listFiles('repo-metrics')) {
    if (path.startsWith(`${root}history/`))
      texts.set(path.slice(root.length), git().readFile('repo-metrics', path) ?? '')
  }
  return historyFromShards(texts, { repository, defaultBranch: 'main', teams: null })
}

it('loses and duplicates nothing when the shards are killed mid-run, after their first commits, and the workflow runs again', async () => {
  const killed = await workflow(true)
  // the kill landed part-way: a shard did not finish, and the report says its repositories wait
  expect(killed.shards.some((s) => s.exitCode !== 0)).toBe(true)
  const coverage = JSON.parse(killed.report.outputs.coverage) as Record<string, number>
  expect(coverage.waiting).toBeGreaterThan(0)
  // after some commits had landed: the next run starts from a part-written branch
  expect(landedHistory().length).toBeGreaterThan(0)

  const healed = await workflow()
  expect(healed.shards.map((s) => s.exitCode)).toEqual(healed.shards.map(() => 0))
  const after = JSON.parse(healed.report.outputs.coverage) as Record<string, number>
  expect(after).toMatchObject({ failed: 0, waiting: 0, partial: 0 })

  const covered = emu.states.filter((s) => !s.seed.archived && !s.seed.fork)
  expect(after.current).toBe(covered.length)
  for (const state of covered) {
    const history = storedHistory(`${state.owner}/${state.name}`)
    const pulls = history.pulls.map((p) => p.number)
    const issues = history.issues.map((i) => i.number)
    expect(new Set(pulls).size).toBe(pulls.length)
    expect(new Set(issues).size).toBe(issues.length)
    expect([...pulls].sort((a, b) => a - b)).toEqual(
      state.seed.pulls.map((p) => p.number).sort((a, b) => a - b)
    )
    expect([...issues].sort((a, b) => a - b)).toEqual(
      state.seed.issues.map((i) => i.number).sort((a, b) => a - b)
    )
  }
}, 300_000)
