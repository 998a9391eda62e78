/**
 * npm run demo -- [--dataset DIR] [--until ISO] [--window Nd] [--bucket week] [--out DIR]
 *                 [--faults LIST] [--request-budget N] [--ingest FILE] [--prs N] [--quiet]
 *                 [--profile github|lenient] [--entry dist|src]
 *
 * Starts the local GitHub emulator (a dataset folder, or generated history by default; with GitHub's
 * limits unless `--profile lenient`) and runs the bundled dist/index.js (or with `--entry src` the
 * sources, through tsx) exactly as the Actions runner would: a cold report run (repeated until
 * sync-complete when a budget is set), a record run (a pull_request_review event), an
 * ingest-deployments run when --ingest is given, and a warm report run. Exports the data branch to
 * OUT/data-branch and writes OUT/demo.json.
 *
 * `npm run demo -- --org …` runs organization mode instead (plan, shards at once, roll-up): see ./org.ts.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runAction, type ActionRun } from './action-runner.js'
import { exportBranch, fetchJson } from './export-branch.js'
import { newestReviewEvent, scheduleEvent } from './payloads.js'
import { orgMain } from './org.js'
import type { SeedRepository } from '../github-emulator/types.js'

interface DemoOptions {
  dataset: string | null
  until: string | null
  window: string | null
  bucket: string | null
  out: string
  faults: string[]
  requestBudget: number | null
  ingest: string | null
  prs: number
  quiet: boolean
  /** The emulator's profile: `github` (default: github.com's limits) or `lenient` (no limits to speak of). */
  profile: 'lenient' | 'github'
  /** What runs: the bundle (dist/index.js) or the sources (src/index.ts through tsx). */
  entry: 'dist' | 'src'
}

/** The file each `--entry` runs. */
export const ENTRIES = { dist: 'dist/index.js', src: 'src/index.ts' } as const

/** The demo's window on a dataset when --window is not given. */
export const DATASET_WINDOW = '365d'

const USAGE = `usage: npm run demo -- [--dataset DIR] [--until ISO] [--window Nd] [--bucket day|week|month]
                     [--out DIR] [--faults LIST] [--request-budget N] [--ingest FILE] [--prs N] [--quiet]
                     [--profile github|lenient] [--entry dist|src]
       npm run demo -- --org [...] (organization mode; --org --help for its options)`

export function parseDemoArgs(argv: string[]): DemoOptions {
  const options: DemoOptions = {
    dataset: null,
    until: null,
    window: null,
    bucket: null,
    out: 'demo-output',
    faults: [],
    requestBudget: null,
    ingest: null,
    prs: 1200,
    quiet: false,
    profile: 'github',
    entry: 'dist'
  }
  const problems: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) {
        problems.push(`${flag} needs a value`)
        return ''
      }
      return v
    }
    switch (flag) {
      case '--dataset':
        options.dataset = value()
        break
      case '--until':
        options.until = value()
        break
      case '--window':
        options.window = value()
        break
      case '--bucket':
        options.bucket = value()
        break
      case '--out':
        options.out = value()
        break
      case '--faults':
        options.faults = value()
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
        break
      case '--request-budget': {
        const n = Number(value())
        if (!Number.isInteger(n) || n <= 0) problems.push('--request-budget takes a positive whole number')
        options.requestBudget = n
        break
      }
      case '--ingest':
        options.ingest = value()
        break
      case '--prs': {
        const n = Number(value())
        if (!Number.isInteger(n) || n <= 0) problems.push('--prs takes a positive whole number')
        options.prs = n
        break
      }
      case '--profile': {
        const name = value()
        if (name !== 'lenient' && name !== 'github') problems.push('--profile takes lenient or github')
        else options.profile = name
        break
      }
      case '--entry': {
        const name = value()
        if (name !== 'dist' && name !== 'src') problems.push('--entry takes dist or src')
        else options.entry = name
        break
      }
      case '--quiet':
        options.quiet = true
        break
      case '--help':
      case '-h':
        console.log(USAGE)
        process.exit(0)
        break
      default:
        problems.push(`unknown option ${flag}`)
    }
  }
  if (options.dataset && !existsSync(join(options.dataset, 'archive.json'))) {
    problems.push(
      `--dataset ${options.dataset} has no archive.json (see ../shared/datasets/README.md for the layout)`
    )
  }
  if (options.ingest && !existsSync(options.ingest))
    problems.push(`--ingest ${options.ingest} does not exist`)
  if (problems.length) {
    for (const p of problems) console.error(`demo: ${p}`)
    console.error(USAGE)
    process.exit(2)
  }
  return options
}

interface EmulatorHandle {
  url: string
  stop(): Promise<void>
}

async function loadSeed(options: DemoOptions): Promise<SeedRepository> {
  if (options.dataset) {
    const { loadDataset } = await import('../github-emulator/dataset.js')
    return loadDataset(options.dataset)
  }
  const { generateRepository } = await import('../github-emulator/generate.js')
  return generateRepository({ prs: options.prs, seed: 1 })
}

async function main(): Promise<void> {
  // Organization mode has its own options and runs (./org.ts).
  if (process.argv.slice(2).includes('--org')) return orgMain(process.argv.slice(2))
  const options = parseDemoArgs(process.argv.slice(2))
  const out = resolve(options.out)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const entryFile = ENTRIES[options.entry]
  if (!existsSync(entryFile))
    throw new Error(
      `${entryFile} is missing${options.entry === 'dist' ? ': run `npm run bundle` first' : ''}.`
    )

  const seed = await loadSeed(options)
  const { startEmulator } = await import('../github-emulator/server.js')
  const emulator: EmulatorHandle = await startEmulator({
    seed,
    port: 0,
    faults: options.faults,
    profile: options.profile
  })
  const repository = `${seed.owner}/${seed.name}`
  const token = 'demo-token-not-a-secret'
  const dataBranch = 'repo-metrics'
  const until = options.until ?? seed.until
  const echo = options.quiet ? undefined : process.stderr
  console.error(
    `demo: emulator (${options.profile} profile) on ${emulator.url} serving ${repository} (history to ${seed.until}); running ${entryFile}`
  )

  // A dataset's report covers the year to its end unless --window says otherwise: a small repository's
  // last 90 days (the action's default) can hold no answered review request at all.
  const window = options.window ?? (options.dataset ? DATASET_WINDOW : null)
  const baseInputs: Record<string, string> = {
    until,
    'data-branch': dataBranch,
    ...(window ? { window } : {}),
    ...(options.bucket ? { bucket: options.bucket } : {}),
    ...(options.requestBudget ? { 'request-budget': String(options.requestBudget) } : {})
  }
  const runs: Array<Record<string, unknown>> = []
  const workDir = join(out, 'runner')

  const step = async (
    mode: string,
    eventName: string,
    payload: unknown,
    inputs: Record<string, string>
  ): Promise<ActionRun> => {
    await fetch(`${emulator.url}/_emulator/stats/reset`, { method: 'POST' })
    console.error(`demo: ${mode} run (${eventName})`)
    const run = await runAction({
      entry: entryFile,
      apiUrl: emulator.url,
      serverUrl: emulator.url,
      repository,
      eventName,
      payload,
      inputs: { ...baseInputs, ...inputs, mode },
      token,
      workDir,
      echo
    })
    const stats = (await fetchJson(`${emulator.url}/_emulator/stats`)) as {
      requests: { total: number; graphql: number; rest: number }
      graphqlCost: number
      refusals?: Record<string, number>
    }
    const entry: Record<string, unknown> = {
      mode,
      event: eventName,
      exitCode: run.exitCode,
      seconds: run.seconds,
      requests: stats.requests,
      graphqlCost: stats.graphqlCost,
      // The github profile's refused or cut answers, by kind.
      ...(stats.refusals ? { refusals: stats.refusals } : {})
    }
    if (mode === 'ingest-deployments') {
      entry.ingest = {
        accepted: Number(run.outputs.accepted ?? 0),
        rejected: Number(run.outputs.rejected ?? 0),
        errors: JSON.parse(run.outputs.errors ?? '[]')
      }
    }
    if (run.outputs['sync-complete'] !== undefined)
      entry.syncComplete = run.outputs['sync-complete'] === 'true'
    runs.push(entry)
    if (run.exitCode !== 0) console.error(`demo: the ${mode} run exited ${run.exitCode}`)
    return run
  }

  let lastReport: ActionRun | null = null
  try {
    // Cold report run; with a budget, repeated until the sync is complete.
    for (let attempt = 0; attempt < 60; attempt++) {
      lastReport = await step('report', 'schedule', scheduleEvent(), {})
      if (lastReport.exitCode !== 0 || lastReport.outputs['sync-complete'] !== 'false') break
    }
    const review = newestReviewEvent(seed, emulator.url, emulator.url)
    if (review) await step('record', 'pull_request_review', review.payload, {})
    if (options.ingest) {
      const text = readFileSync(options.ingest, 'utf8')
      await step('ingest-deployments', 'workflow_dispatch', {}, { deployments: text })
    }
    lastReport = await step('report', 'schedule', scheduleEvent(), {})

    // Read the results back without injected faults: they are the runs' trial, not the reader's.
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [] })
    })
    const dataDir = join(out, 'data-branch')
    await exportBranch(emulator.url, repository, dataBranch, dataDir, token)
    const label = 'metrics-report'
    const issues = (await fetchJson(
      `${emulator.url}/repos/${repository}/issues?state=open&labels=${encodeURIComponent(label)}&per_page=100`,
      token
    )) as Array<{ number: number; title: string; labels: Array<{ name: string }>; body: string | null }>
    const issueNumber = Number(lastReport.outputs['issue-number'] ?? issues[0]?.number ?? 0)
    const issue = issueNumber
      ? ((await fetchJson(`${emulator.url}/repos/${repository}/issues/${issueNumber}`, token)) as {
          number: number
          title: string
          labels: Array<{ name: string }>
          body: string | null
        })
      : null
    const reportPath = lastReport.outputs['report-path']
    const snapshotPath = lastReport.outputs['snapshot-path']
    const demo = {
      repository,
      dataBranch: dataDir,
      report: reportPath ? join(dataDir, reportPath) : null,
      snapshot: snapshotPath ? join(dataDir, snapshotPath) : null,
      issue: issue
        ? {
            number: issue.number,
            title: issue.title,
            labels: issue.labels.map((l) => l.name),
            body: issue.body ?? ''
          }
        : null,
      openIssuesWithLabel: issues.length,
      runs
    }
    writeFileSync(join(out, 'demo.json'), JSON.stringify(demo, null, 2) + '\n')
    const failed = runs.filter((r) => r.exitCode !== 0)
    console.log(
      failed.length
        ? `demo: ${failed.length} run(s) failed; see ${join(out, 'demo.json')}`
        : `demo: report at ${demo.report}\ndemo: data branch exported to ${dataDir}; run details in ${join(out, 'demo.json')}`
    )
    if (failed.length) process.exitCode = 1
  } finally {
    await emulator.stop()
  }
}

main().catch((error) => {
  console.error(`demo: ${error instanceof Error ? error.stack : String(error)}`)
  process.exit(1)
})
