/**
 * The steady scenario: the action as it lives on github.com. The emulator (its own process, the
 * `github` profile by default) holds generated history; every run of the action is its own process
 * with an Actions token (`ghs_…`, 1,000 requests and 1,000 GraphQL points an hour) against a data
 * branch in the emulator, and the emulator clock moves one hour between runs so the budgets reset.
 *
 * backfill: report runs until one ends complete. warm: a little new activity, then one report run.
 * record: one record run for a pull_request_review event. identical: the warm run's stored snapshot
 * against the snapshot of an unconstrained sync of the whole history (reference.ts: a process of its
 * own with a larger heap, not measured).
 *
 * The runs of the action get an environment of their own (below: no NODE_OPTIONS, so Node's default
 * heap), not the bench process's; every process started here ends with the bench (child-processes.ts).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { actionInputDefaults, parseOutputFile } from '../demo/action-runner.js'
import { createGitHubClient } from '../../src/github/client.js'
import type { Snapshot } from '../../src/metrics/types.js'
import { createGitDataStore } from '../../src/store/index.js'
import type { BenchArgs } from './args.js'
import { temporaryFolder, trackChild } from './child-processes.js'
import { differingPaths } from './compare.js'
import { control, nextHour, startEmulatorProcess } from './emulator-process.js'
import { referenceSnapshotInProcess } from './reference.js'

/** An Actions token (GITHUB_TOKEN) to the emulator: its prefix gives it the Actions budget. */
const ACTIONS_TOKEN = 'ghs_benchactionstoken0000000000000000'
/** A second Actions token for the unconstrained reference sync (own budget, same permissions). */
const REFERENCE_TOKEN = 'ghs_benchreferencetoken00000000000000'
/** A person's token for the new activity (PAT prefix). */
const PAT = 'ghp_benchpersonaltoken000000000000000000'
const DATA_BRANCH = 'repo-metrics'

interface Traffic {
  requestBytes: number
  responseBytes: number
  maxRequestBodyBytes: number
}
interface EmulatorStats {
  requests: { total: number; graphql: number; rest: number }
  graphqlCost: number
  traffic: Traffic
  refusals?: Record<string, number>
}

export interface RunFigures {
  exitCode: number
  seconds: number
  complete: boolean | null
  requests: number
  graphqlPoints: number
  bytesRead: number
  bytesWritten: number
  maxRequestBodyBytes: number
  peakRssMb: number | null
  refusals?: Record<string, number>
  outputs: Record<string, string>
  /** The last lines of the run's log when it failed. */
  logTail?: string
  /** The run's own words about what it recorded (record mode). */
  recorded?: string
}

/**
 * Pull requests per working day of the steady scenario's large histories: the generator's own density
 * at 100,000 (it spreads at most ~10 years), kept for bigger ones, so 300,000 is a longer history with
 * the same weekly activity, which is what "bounded by what changed" is measured against.
 */
export const STEADY_PRS_PER_DAY = 38

/** The emulator's --generate spec for the scenario. */
export function steadyGenerateSpec(prs: number, seed: number): string {
  return prs >= 100_000 ? `prs=${prs},seed=${seed},perDay=${STEADY_PRS_PER_DAY}` : `prs=${prs},seed=${seed}`
}

/** A REST call as a person (PAT), for the new activity. */
async function asPerson<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `token ${PAT}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

interface RunContext {
  url: string
  repository: string
  workDir: string
  entry: BenchArgs['entry']
  inputs: Record<string, string>
}

/** One run of the action in its own process, as the Actions runner starts it; figures from the emulator. */
export async function runActionOnce(
  ctx: RunContext,
  eventName: string,
  payload: unknown,
  inputs: Record<string, string> = {}
): Promise<RunFigures> {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
  const file = (name: string) => join(ctx.workDir, `${name}-${stamp}`)
  const paths = {
    event: file('event.json'),
    output: file('output.txt'),
    summary: file('summary.md'),
    rss: file('rss.txt')
  }
  writeFileSync(paths.event, JSON.stringify(payload))
  writeFileSync(paths.output, '')
  writeFileSync(paths.summary, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: ctx.repository,
    GITHUB_REPOSITORY_OWNER: ctx.repository.split('/')[0],
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: paths.event,
    GITHUB_API_URL: ctx.url,
    GITHUB_GRAPHQL_URL: `${ctx.url}/graphql`,
    GITHUB_SERVER_URL: ctx.url,
    GITHUB_OUTPUT: paths.output,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_WORKSPACE: process.cwd(),
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW: 'metrics',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_ACTOR: 'bench',
    RUNNER_TEMP: ctx.workDir,
    BENCH_RSS_FILE: paths.rss
  }
  const defaults = actionInputDefaults('action.yml')
  for (const [name, value] of Object.entries({ ...defaults, ...ctx.inputs, ...inputs }))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value.replace(
      /\$\{\{\s*github\.token\s*\}\}/g,
      ACTIONS_TOKEN
    )
  const hook = resolve('tools/bench/rss-hook.mjs')
  const argv =
    ctx.entry === 'dist'
      ? ['--import', hook, resolve('dist/index.js')]
      : ['--import', 'tsx', '--import', hook, resolve('src/index.ts')]

  await control(ctx.url, 'stats/reset', {})
  const started = process.hrtime.bigint()
  const child = trackChild(spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] }))
  let log = ''
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? 1)))
  const seconds = Math.round((Number(process.hrtime.bigint() - started) / 1e9) * 1000) / 1000
  const stats = await control<EmulatorStats>(ctx.url, 'stats')
  const outputs = parseOutputFile(readFileSync(paths.output, 'utf8'))
  const rssKb = existsSync(paths.rss) ? Number(readFileSync(paths.rss, 'utf8')) : NaN
  return {
    exitCode,
    seconds,
    complete: outputs['sync-complete'] === undefined ? null : outputs['sync-complete'] === 'true',
    requests: stats.requests.total,
    graphqlPoints: stats.graphqlCost,
    bytesRead: stats.traffic.responseBytes,
    bytesWritten: stats.traffic.requestBytes,
    maxRequestBodyBytes: stats.traffic.maxRequestBodyBytes,
    peakRssMb: Number.isFinite(rssKb) ? Math.round(rssKb / 1024) : null,
    ...(stats.refusals ? { refusals: stats.refusals } : {}),
    outputs: Object.fromEntries(Object.entries(outputs).filter(([k]) => k !== 'metrics-json')),
    ...(exitCode === 0 ? {} : { logTail: log.split('\n').slice(-15).join('\n') }),
    ...(/(Nothing recorded|Recorded) [^\n]*/.exec(log)
      ? { recorded: /(Nothing recorded|Recorded) [^\n]*/.exec(log)![0] }
      : {})
  }
}

/** The new activity: an issue, a comment on it, a comment and a label on an open pull request. */
async function addActivity(url: string, owner: string, name: string): Promise<Record<string, unknown>> {
  const repo = `/repos/${owner}/${name}`
  const issue = await asPerson<{ number: number }>(url, 'POST', `${repo}/issues`, {
    title: 'Bench: a new issue',
    body: 'Opened between two runs of the steady bench.'
  })
  await asPerson(url, 'POST', `${repo}/issues/${issue.number}/comments`, { body: 'A first answer.' })
  const open = await asPerson<{ number: number }[]>(url, 'GET', `${repo}/pulls?state=open&per_page=1`)
  const pull = open[0]?.number ?? null
  if (pull !== null) {
    await asPerson(url, 'POST', `${repo}/issues/${pull}/comments`, { body: 'Looks good to me.' })
    const labels = await asPerson<{ name: string }[]>(url, 'GET', `${repo}/labels?per_page=1`)
    if (labels[0]) await asPerson(url, 'POST', `${repo}/issues/${pull}/labels`, { labels: [labels[0].name] })
  }
  return { issue: issue.number, commentedPull: pull }
}

/** A pull_request_review `submitted` payload for a new review on an open pull request (REST shapes). */
async function reviewEvent(url: string, owner: string, name: string): Promise<Record<string, unknown>> {
  const repo = `/repos/${owner}/${name}`
  const open = await asPerson<{ number: number }[]>(url, 'GET', `${repo}/pulls?state=open&per_page=1`)
  if (!open[0]) throw new Error('the generated history has no open pull request to review')
  const pull = await asPerson<Record<string, unknown>>(url, 'GET', `${repo}/pulls/${open[0].number}`)
  const repository = await asPerson<Record<string, unknown>>(url, 'GET', repo)
  const reviewer = {
    login: 'bench-reviewer',
    id: 9_000_001,
    node_id: 'U_bench',
    type: 'User',
    site_admin: false
  }
  const head = pull.head as { sha?: string } | undefined
  return {
    action: 'submitted',
    review: {
      id: 9_100_000_001,
      node_id: 'PRR_bench1',
      user: reviewer,
      body: 'Approved by the bench.',
      commit_id: head?.sha ?? '0'.repeat(40),
      submitted_at: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      state: 'approved',
      html_url: `${url}/${owner}/${name}/pull/${open[0].number}#pullrequestreview-9100000001`,
      author_association: 'MEMBER'
    },
    pull_request: pull,
    repository,
    sender: reviewer
  }
}

async function readStoredSnapshot(url: string, owner: string, name: string, path: string): Promise<Snapshot> {
  const client = createGitHubClient({ token: PAT, apiUrl: url, graphqlUrl: `${url}/graphql`, budget: null })
  const store = createGitDataStore({
    octokit: client.octokit,
    owner,
    repo: name,
    branch: DATA_BRANCH,
    graphqlUrl: `${url}/graphql`
  })
  const text = await store.readFile(path)
  if (text === null) throw new Error(`the data branch has no ${path}`)
  return JSON.parse(text) as Snapshot
}

const sum = (runs: RunFigures[], pick: (r: RunFigures) => number) => runs.reduce((s, r) => s + pick(r), 0)

export async function steadyScenario(args: BenchArgs): Promise<Record<string, unknown>> {
  if (args.entry === 'dist' && !existsSync('dist/index.js'))
    throw new Error('dist/index.js is missing: run npm run bundle, or pass --entry src')
  console.error(
    `bench: generating ${args.prs} pull requests in the emulator process (${args.profile} profile)`
  )
  const { url, child } = await startEmulatorProcess([
    '--generate',
    steadyGenerateSpec(args.prs, args.seed),
    '--profile',
    args.profile,
    '--port',
    '0'
  ])
  const work = temporaryFolder('repo-metrics-bench-steady-')
  const workDir = work.path
  try {
    const seed = await control<{
      owner: string
      name: string
      until: string
      counts: Record<string, number>
    }>(url, 'seed')
    const repository = `${seed.owner}/${seed.name}`
    const inputs = { 'data-branch': DATA_BRANCH, mode: 'report' }
    const ctx: RunContext = { url, repository, workDir, entry: args.entry, inputs }

    const backfill: RunFigures[] = []
    while (backfill.length < args.maxRuns) {
      const run = await runActionOnce(ctx, 'schedule', { schedule: '0 6 * * 1' })
      backfill.push(run)
      console.error(
        `bench: backfill run ${backfill.length}: exit ${run.exitCode}, ${run.requests} requests, ${run.graphqlPoints} points, ` +
          `${run.complete ? 'complete' : 'partial'} (${run.seconds} s)`
      )
      await nextHour(url)
      if (run.exitCode === 0 && run.complete) break
    }
    const backfillDone = backfill.at(-1)?.complete === true && backfill.at(-1)?.exitCode === 0

    const activity = await addActivity(url, seed.owner, seed.name)
    await nextHour(url)
    const warm = await runActionOnce(ctx, 'schedule', { schedule: '0 6 * * 1' })
    console.error(
      `bench: warm run: exit ${warm.exitCode}, ${warm.requests} requests, ${warm.bytesRead} bytes read`
    )
    await nextHour(url)

    // The stored snapshot of the warm run, against an unconstrained run's (before the record run,
    // whose review the emulator does not know).
    let identical: Record<string, unknown>
    const snapshotPath = warm.outputs['snapshot-path']
    if (warm.exitCode === 0 && snapshotPath) {
      const stored = await readStoredSnapshot(url, seed.owner, seed.name, snapshotPath)
      // In a process of its own with a larger heap (reference.ts says why); a failure is a figure.
      const reference = await referenceSnapshotInProcess({
        url,
        owner: seed.owner,
        name: seed.name,
        token: REFERENCE_TOKEN,
        inputs: { ...actionInputDefaults('action.yml'), ...inputs, token: REFERENCE_TOKEN },
        window: { since: stored.window.since, until: stored.window.until, period: stored.period },
        generatedAt: stored.generatedAt
      }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
      if (reference instanceof Error) {
        identical = {
          identical: false,
          snapshotPath,
          reason: `the reference read failed: ${reference.message}`
        }
      } else {
        const differing = differingPaths(stored, reference.snapshot)
        identical = {
          identical: differing.length === 0,
          snapshotPath,
          referenceSyncRounds: reference.syncRounds,
          referenceHeapLimitMb: reference.heapLimitMb,
          referencePeakRssMb: reference.peakRssMb,
          ...(differing.length ? { differingPaths: differing } : {})
        }
      }
      await nextHour(url)
    } else identical = { identical: false, reason: 'the warm run failed or wrote no snapshot' }

    const record = await runActionOnce(
      ctx,
      'pull_request_review',
      await reviewEvent(url, seed.owner, seed.name),
      { mode: 'auto' }
    )
    console.error(`bench: record run: exit ${record.exitCode}, ${record.requests} requests`)

    const figures = (r: RunFigures) => ({
      exitCode: r.exitCode,
      seconds: r.seconds,
      requests: r.requests,
      graphqlPoints: r.graphqlPoints,
      bytesRead: r.bytesRead,
      bytesWritten: r.bytesWritten,
      maxRequestBodyBytes: r.maxRequestBodyBytes,
      peakRssMb: r.peakRssMb,
      ...(r.refusals ? { refusals: r.refusals } : {}),
      ...(r.logTail ? { logTail: r.logTail } : {})
    })
    return {
      scenario: 'steady',
      prs: args.prs,
      seed: args.seed,
      profile: args.profile,
      entry: args.entry,
      history: seed.counts,
      backfill: {
        runs: backfill.length,
        complete: backfillDone,
        failedRuns: backfill.filter((r) => r.exitCode !== 0).length,
        hourlyWindows: backfill.length,
        maxRequestBodyBytes: Math.max(0, ...backfill.map((r) => r.maxRequestBodyBytes)),
        requests: sum(backfill, (r) => r.requests),
        graphqlPoints: sum(backfill, (r) => r.graphqlPoints),
        bytesRead: sum(backfill, (r) => r.bytesRead),
        bytesWritten: sum(backfill, (r) => r.bytesWritten),
        maxRequestsPerRun: Math.max(0, ...backfill.map((r) => r.requests)),
        maxGraphqlPointsPerRun: Math.max(0, ...backfill.map((r) => r.graphqlPoints)),
        peakRssMb: Math.max(0, ...backfill.map((r) => r.peakRssMb ?? 0)),
        seconds: Math.round(sum(backfill, (r) => r.seconds) * 1000) / 1000,
        perRun: backfill.map(figures)
      },
      activity,
      warm: figures(warm),
      record: { ...figures(record), recorded: record.recorded ?? null },
      identical
    }
  } finally {
    child.kill()
    work.remove()
  }
}
