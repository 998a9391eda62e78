/**
 * `repo-metrics org` on the emulator (github profile): an organization of generated repositories
 * into a local folder — each repository's history in repos/OWNER/NAME/, the pooled org report in
 * reports/org/ — then a warm re-run, `--store github` writing the metrics repository's central branch
 * with its one issue, and a command line with a mistake in every input, all named at once.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateOrganization } from '../../tools/github-emulator/generate-org.js'
import type { GitStore } from '../../tools/github-emulator/git/index.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import { runCli } from './helpers.js'

const ORG = 'cli-org'
let emu: RunningEmulator
let dir: string
beforeAll(async () => {
  emu = await startEmulator({
    seeds: generateOrganization({ repos: 4, prs: 120, seed: 3, owner: ORG }),
    port: 0,
    profile: 'github'
  })
  dir = mkdtempSync(join(tmpdir(), 'rmr-cli-org-'))
})
afterAll(async () => {
  await emu.stop()
  rmSync(dir, { recursive: true, force: true })
})

const covered = () => emu.states.filter((s) => !s.seed.archived && !s.seed.fork)
const args = (...more: string[]) => ['org', '--org', ORG, '--api-url', emu.url, '--window', '90d', ...more]

it('reports on the organization into a folder, then again warm', async () => {
  const cold = await runCli(args('--store', dir, '--read-token', 'ghp_cli_reader'))
  expect(cold.stderr).not.toMatch(/ghp_cli_reader/)
  expect(cold.code).toBe(0)
  expect(cold.stdout).toMatch(
    new RegExp(`repositories: ${covered().length} current, 0 partial, 0 failed, 0 waiting`)
  )
  const report = /org report (\S+): (\S+)/.exec(cold.stdout)
  expect(report).not.toBeNull()
  expect(readFileSync(report?.[2] ?? '', 'utf8')).toContain(ORG)
  for (const s of covered()) expect(existsSync(join(dir, 'repos', s.owner, s.name, 'meta.json'))).toBe(true)
  // the folder's root holds the org's files only
  expect(existsSync(join(dir, 'meta.json'))).toBe(false)

  const warm = await runCli(args('--store', dir, '--read-token', 'ghp_cli_reader', '--json'))
  expect(warm.code).toBe(0)
  const json = JSON.parse(warm.stdout) as { counts: Record<string, number>; snapshot: { repository: string } }
  expect(json.counts.current).toBe(covered().length)
  expect(json.snapshot.repository).toBe(ORG)
})

it('writes the central branch of --repo and opens its one issue with --store github', async () => {
  const central = `${emu.states[0].owner}/${emu.states[0].name}`
  const run = await runCli(args('--store', 'github', '--repo', central, '--read-token', 'ghp_cli_reader'), {
    env: { GITHUB_TOKEN: 'ghp_cli_writer' }
  })
  expect(run.code).toBe(0)
  expect(run.stdout).toMatch(/issue: http/)
  const files = (emu.states[0].git as unknown as GitStore).listFiles('repo-metrics')
  expect(files).toEqual(expect.arrayContaining(['org/plan.json', 'org/meta.json']))
  expect(files.some((p) => p.startsWith('reports/org/'))).toBe(true)
})

it('names every mistake at once and reads nothing', async () => {
  const run = await runCli([
    'org',
    '--org',
    'not an org',
    '--shards',
    '0',
    '--store-layout',
    'sideways',
    '--people',
    'everyone',
    '--repositories',
    'a b',
    '--store',
    'github',
    '--api-url',
    emu.url
  ])
  expect(run.code).toBe(2)
  for (const name of ['--organization', '--shards', '--store-layout', '--people', '--repositories', '--repo'])
    expect(run.stderr).toContain(name)
  const report = await runCli(['report', '--repo', 'a/b', '--shards', '3', '--api-url', emu.url])
  expect(report.code).toBe(2)
  expect(report.stderr).toMatch(/--shards is for the org command/)
})
