/**
 * `repo-metrics report` against the emulator over loopback: what it writes where (a local folder by
 * default, the repository only with --store github), --json, progress lines and a partial run.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SNAPSHOT_SCHEMA_VERSION } from '../../src/metrics/types.js'
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import { TOKEN, runCli, startTestEmulator } from './helpers.js'

let emulator: RunningEmulator
let seed: SeedRepository
let repo: string

beforeAll(async () => {
  ;({ emulator, seed } = await startTestEmulator(60))
  repo = `${seed.owner}/${seed.name}`
})
const made: string[] = []
afterAll(async () => {
  await emulator.stop()
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

const api = (path: string) =>
  fetch(`${emulator.url}/repos/${repo}${path}`, { headers: { authorization: `token ${TOKEN}` } })
const routes = () => Object.keys(emulator.stats.snapshot().byRoute)
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmr-cli-run-'))
  made.push(dir)
  return dir
}

describe('the default store', () => {
  it('writes a local report in ./repo-metrics-data and nothing to the repository', async () => {
    const cwd = tempDir()
    emulator.stats.reset()
    const run = await runCli(['report', '--repo', repo, '--api-url', emulator.url, '--until', seed.until], {
      cwd
    })
    expect(run.code).toBe(0)
    const dir = join(cwd, 'repo-metrics-data')
    const reports = readdirSync(join(dir, 'reports')).filter((name) => name !== 'README.md')
    expect(reports).toHaveLength(1)
    expect(existsSync(join(dir, 'reports', reports[0], 'README.md'))).toBe(true)
    expect(run.stdout).toContain(`report ${reports[0]}: ${dir}/reports/${reports[0]}/README.md\n`)
    expect(run.stderr.split('\n')[0]).toBe(
      `Store: the local folder ${dir} (the default; --store github writes to the repository). Nothing is written to ${repo}, and there is no notification issue with a local folder.`
    )
    // Only reads: GraphQL queries and REST GETs; no data branch, no label, no issue.
    expect(routes().filter((route) => route !== 'POST /graphql' && !route.startsWith('GET '))).toEqual([])
    expect((await api('/git/ref/heads/repo-metrics')).status).toBe(404)
    expect((await api('/labels/metrics-report')).status).toBe(404)
    expect(run.stdout + run.stderr).not.toContain(TOKEN)
  })

  it('shows progress in a log as plain lines, counts against totals, no carriage returns', async () => {
    const run = await runCli(['report', '--repo', repo, '--api-url', emulator.url, '--store', tempDir()])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^progress: pull requests \d+\/60, issues \d+\/\d+, commits \d+\/\d+/m)
    expect(run.stderr).not.toContain('\r')
  })
})

describe('--json', () => {
  it("prints only the report's snapshot on stdout, the logs on stderr", async () => {
    const run = await runCli([
      'report',
      '--repo',
      repo,
      '--api-url',
      emulator.url,
      '--store',
      tempDir(),
      '--json'
    ])
    expect(run.code).toBe(0)
    const snapshot = JSON.parse(run.stdout)
    expect(snapshot).toMatchObject({
      repository: repo,
      complete: true,
      schemaVersion: SNAPSHOT_SCHEMA_VERSION
    })
    expect(Object.keys(snapshot.metrics).length).toBeGreaterThan(0)
    expect(run.stderr).toContain('== Measure')
  })

  it('marks a partial run (budget spent): exit 3, complete false, and says to run again', async () => {
    const store = tempDir()
    const json = await runCli([
      'report',
      '--repo',
      repo,
      '--api-url',
      emulator.url,
      '--store',
      store,
      '--request-budget',
      '1',
      '--json'
    ])
    expect(json.code).toBe(3)
    expect(JSON.parse(json.stdout).complete).toBe(false)
    expect(json.stderr).toContain(
      'warning: partial report (exit code 3): run the same command again to read the rest of the history.'
    )
  })
})

describe('--store github', () => {
  it('commits the data branch; notifies unless --no-notify', async () => {
    const quiet = await runCli([
      'report',
      '--repo',
      repo,
      '--api-url',
      emulator.url,
      '--until',
      seed.until,
      '--store',
      'github',
      '--no-notify'
    ])
    expect(quiet.code).toBe(0)
    expect(quiet.stderr.split('\n')[0]).toBe(
      `Store: the repository ${repo} (--store github). History and the report are committed to its branch 'repo-metrics'; no notification issue (--no-notify).`
    )
    expect((await api('/git/ref/heads/repo-metrics')).status).toBe(200)
    expect((await api('/labels/metrics-report')).status).toBe(404)
    expect(quiet.stdout).toMatch(/^report \S+: reports\/\S+\/README\.md on branch repo-metrics of /)

    const notifying = await runCli([
      'report',
      '--repo',
      repo,
      '--api-url',
      emulator.url,
      '--until',
      seed.until,
      '--store',
      'github'
    ])
    expect(notifying.code).toBe(0)
    expect(notifying.stdout).toMatch(new RegExp(`\\nissue: ${emulator.url}/${repo}/issues/\\d+\\n`))
    expect((await api('/labels/metrics-report')).status).toBe(200)
  })
})
