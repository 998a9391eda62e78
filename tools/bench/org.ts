/**
 * The org scenario: organization mode as a scheduled workflow runs it on github.com. The emulator
 * (its own process, the `github` profile by default) holds a generated organization; its primary
 * repository is the central metrics repository. One run of the workflow is the plan job (`org-plan`),
 * then every shard of the plan's matrix (`org-sync`, shard 1..N) as separate processes at once, then
 * the roll-up (`org-report`), each job a run of the bundle as the Actions runner starts it. Every job
 * reads with an App installation token (`ghs_app_…`: one installation's 12,500 requests an hour,
 * shared by all of them) and writes the central repository with its Actions token.
 *
 * cold: one workflow run per hourly window (the emulator clock moves an hour between them) until
 * every planned repository is current, at most 8 windows. warm: a little new activity in a few
 * repositories, an hour on, one more workflow run.
 *
 * Figures per workflow run come from the emulator's stats (reset before the plan job): REST and
 * GraphQL requests, GraphQL points, REST writes by route. GraphQL goes through a small recording
 * proxy in this process (each job has its own path on it), which counts GraphQL requests per job,
 * per operation (the query's name) and per repository (its `owner`/`name` variables), and the
 * mutations — the emulator's stats cannot tell a mutation from a query.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { createGitHubClient } from '../../src/github/client.js'
import { createGitDataStore } from '../../src/store/index.js'
import { actionInputDefaults, parseOutputFile } from '../demo/action-runner.js'
import { CONTENT_ROUTES } from '../github-emulator/strict.js'
import type { BenchArgs } from './args.js'
import { temporaryFolder, trackChild } from './child-processes.js'
import { control, nextHour, startEmulatorProcess } from './emulator-process.js'

/** The central repository's Actions token (GITHUB_TOKEN): writes the metrics repository only. */
const ACTIONS_TOKEN = 'ghs_benchorgactionstoken00000000000000'
/** App installation tokens are minted per job; every one draws on the installation's budget. */
const appToken = (job: string) => `ghs_app_bench_${job.replace(/[^A-Za-z0-9]/g, '_')}`
/** A person's token for the new activity and for reading the data branch afterwards (not measured). */
const PAT = 'ghp_benchorgpersontoken0000000000000000'
const DATA_BRANCH = 'repo-metrics'
/** Most hourly windows the cold backfill may take (the target is 2). */
export const MAX_COLD_WINDOWS = 8
/** A job that runs longer than this is killed and counted as failed. */
const JOB_TIMEOUT_MS = 45 * 60_000

export const TARGETS = { coldWindows: 2, warmGraphqlRequests: 1500, warmWrites: 100 } as const

// ---------------------------------------------------------------------------------------------
// The GraphQL recording proxy

export interface GraphqlTally {
  requests: number
  mutations: number
  /** By the query's operation name (`SyncRound`, `DataBranchRead`, …; `(anonymous)` without one). */
  byOperation: Record<string, number>
  /** By job (`plan`, `shard-2`, `report`). */
  byJob: Record<string, number>
  /** By `owner/name` (lower case) of the query's variables; `(none)` when it names none. */
  byRepository: Record<string, number>
  /** Operation name → repository → requests (what each repository's requests go to). */
  byOperationAndRepository: Record<string, Record<string, number>>
  /** GraphQL points the answers report (`rateLimit.cost`), by operation, when they ask for it. */
  pointsByOperation: Record<string, number>
}

export const emptyTally = (): GraphqlTally => ({
  requests: 0,
  mutations: 0,
  byOperation: {},
  byJob: {},
  byRepository: {},
  byOperationAndRepository: {},
  pointsByOperation: {}
})

const bump = (into: Record<string, number>, key: string, by = 1) => {
  into[key] = (into[key] ?? 0) + by
}

/** What a GraphQL request body is: its operation kind and name, and the repository its variables name. */
export function describeGraphqlRequest(body: unknown): {
  kind: 'query' | 'mutation'
  operation: string
  repository: string | null
} {
  const request = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown }
  const text = typeof request.query === 'string' ? request.query : ''
  // Comments first, so that a `#` line cannot hide the operation keyword.
  const stripped = text.replace(/#[^\n]*/g, ' ').trim()
  const head = /^(query|mutation|subscription)\b\s*([A-Za-z_][A-Za-z0-9_]*)?/.exec(stripped)
  const kind = head?.[1] === 'mutation' ? 'mutation' : 'query'
  const named =
    typeof request.operationName === 'string' && request.operationName ? request.operationName : null
  const operation = named ?? head?.[2] ?? '(anonymous)'
  const variables = (request.variables ?? {}) as Record<string, unknown>
  const owner = typeof variables.owner === 'string' ? variables.owner : null
  const name =
    typeof variables.name === 'string'
      ? variables.name
      : typeof variables.repo === 'string'
        ? variables.repo
        : null
  return { kind, operation, repository: owner && name ? `${owner}/${name}`.toLowerCase() : null }
}

/** Adds one GraphQL request (and the points its answer reports, if any) to the tally. */
export function tallyGraphql(tally: GraphqlTally, job: string, body: unknown, points: number | null): void {
  const { kind, operation, repository } = describeGraphqlRequest(body)
  tally.requests++
  if (kind === 'mutation') tally.mutations++
  bump(tally.byOperation, operation)
  bump(tally.byJob, job)
  const repo = repository ?? '(none)'
  bump(tally.byRepository, repo)
  bump((tally.byOperationAndRepository[operation] ??= {}), repo)
  if (points !== null) bump(tally.pointsByOperation, operation, points)
}

/** `rateLimit.cost` of a GraphQL answer's body (gzip or not), or null. */
function answerCost(raw: Buffer, headers: IncomingHttpHeaders): number | null {
  try {
    const text = (headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
    const cost = (JSON.parse(text) as { data?: { rateLimit?: { cost?: unknown } } })?.data?.rateLimit?.cost
    return typeof cost === 'number' ? cost : null
  } catch {
    return null
  }
}

/**
 * A proxy in front of the emulator's `/graphql`: `POST /JOB/graphql` is forwarded as it came
 * (headers, body, the answer's bytes as sent) and counted in `tally()` under JOB.
 */
export async function startGraphqlProxy(emulatorUrl: string): Promise<{
  url: string
  tally: () => GraphqlTally
  reset: () => void
  stop: () => Promise<void>
}> {
  let tally = emptyTally()
  const target = new URL(emulatorUrl)
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const match = /^\/([^/]+)\/(?:api\/)?graphql\/?$/.exec(new URL(req.url ?? '/', 'http://x').pathname)
      const job = match ? decodeURIComponent(match[1]) : '(unknown)'
      const headers = { ...req.headers, host: target.host }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: '/graphql', headers },
        (answer) => {
          const body: Buffer[] = []
          answer.on('data', (c: Buffer) => body.push(c))
          answer.on('end', () => {
            const sent = Buffer.concat(body)
            let parsed: unknown = null
            try {
              parsed = raw.length ? JSON.parse(raw.toString('utf8')) : null
            } catch {
              parsed = null
            }
            if (req.method === 'POST') tallyGraphql(tally, job, parsed, answerCost(sent, answer.headers))
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            res.end(sent)
          })
          answer.on('error', () => res.destroy())
        }
      )
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: `bench proxy: ${error.message}` }))
      })
      upstream.end(raw)
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => done())
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tally: () => tally,
    reset: () => {
      tally = emptyTally()
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}

// ---------------------------------------------------------------------------------------------
// One job, one workflow run

interface EmulatorStats {
  requests: { total: number; graphql: number; rest: number }
  graphqlCost: number
  byRoute: Record<string, number>
  refusals?: Record<string, number>
  byRepository?: Record<string, { requests: number; graphqlCost: number }>
  writes?: { total: number; byRoute: Record<string, number> }
  git?: { forcedUpdates: number }
}

export interface JobFigures {
  job: string
  exitCode: number
  seconds: number
  peakRssMb: number | null
  graphqlRequests: number
  outputs: Record<string, string>
  /** The last lines of its log (in the figures only when it failed, or the plan set no matrix). */
  logTail: string
}

interface OrgContext {
  url: string
  proxyUrl: string
  repository: string
  organization: string
  workDir: string
  entry: BenchArgs['entry']
  shards: number
}

/** One job of the workflow: the action in its own process, as the Actions runner starts it. */
async function runJob(
  ctx: OrgContext,
  runId: number,
  job: string,
  inputs: Record<string, string>,
  graphqlOf: () => GraphqlTally
): Promise<JobFigures> {
  const stamp = `${runId}-${job}-${Math.random().toString(36).slice(2, 8)}`
  const file = (name: string) => join(ctx.workDir, `${name}-${stamp}`)
  const paths = {
    event: file('event.json'),
    output: file('output.txt'),
    summary: file('summary.md'),
    rss: file('rss.txt')
  }
  writeFileSync(paths.event, JSON.stringify({ schedule: '17 * * * *' }))
  writeFileSync(paths.output, '')
  writeFileSync(paths.summary, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: ctx.repository,
    GITHUB_REPOSITORY_OWNER: ctx.repository.split('/')[0],
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_EVENT_PATH: paths.event,
    GITHUB_API_URL: ctx.url,
    GITHUB_GRAPHQL_URL: `${ctx.proxyUrl}/${encodeURIComponent(job)}/graphql`,
    GITHUB_SERVER_URL: ctx.url,
    GITHUB_OUTPUT: paths.output,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_WORKSPACE: process.cwd(),
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW: 'org-metrics',
    GITHUB_JOB: job.replace(/-\d+$/, ''),
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_NUMBER: String(runId),
    GITHUB_ACTOR: 'bench',
    RUNNER_TEMP: ctx.workDir,
    BENCH_RSS_FILE: paths.rss
  }
  const all = {
    ...actionInputDefaults('action.yml'),
    'data-branch': DATA_BRANCH,
    organization: ctx.organization,
    shards: String(ctx.shards),
    'org-notify': 'central',
    'read-token': appToken(`${runId}-${job}`),
    token: ACTIONS_TOKEN,
    ...inputs
  }
  for (const [name, value] of Object.entries(all))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value.replace(
      /\$\{\{\s*github\.token\s*\}\}/g,
      ACTIONS_TOKEN
    )
  const hook = resolve('tools/bench/rss-hook.mjs')
  const argv =
    ctx.entry === 'dist'
      ? ['--import', hook, resolve('dist/index.js')]
      : ['--import', 'tsx', '--import', hook, resolve('src/index.ts')]
  const before = graphqlOf().byJob[job] ?? 0
  const started = process.hrtime.bigint()
  const child = trackChild(spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] }))
  let log = ''
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const timer = setTimeout(() => child.kill('SIGKILL'), JOB_TIMEOUT_MS)
  const exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? 1)))
  clearTimeout(timer)
  const seconds = Math.round((Number(process.hrtime.bigint() - started) / 1e9) * 1000) / 1000
  const rssKb = existsSync(paths.rss) ? Number(readFileSync(paths.rss, 'utf8')) : NaN
  const outputs = parseOutputFile(readFileSync(paths.output, 'utf8'))
  return {
    job,
    exitCode,
    seconds,
    peakRssMb: Number.isFinite(rssKb) ? Math.round(rssKb / 1024) : null,
    graphqlRequests: (graphqlOf().byJob[job] ?? 0) - before,
    outputs: Object.fromEntries(Object.entries(outputs).filter(([k]) => k !== 'metrics-json')),
    logTail: withoutTokens(log.split('\n').slice(-20).join('\n'))
  }
}

/** A log as the figures may show it: no mask commands, no token. */
export const withoutTokens = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
    .replace(/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]+/g, '***')

/** The shard numbers of the plan job's `matrix` output (`{"shard":[1,2,…]}`), or null. */
export function matrixShards(matrix: string | undefined): number[] | null {
  if (!matrix) return null
  try {
    const parsed = JSON.parse(matrix) as { shard?: unknown }
    if (!Array.isArray(parsed.shard) || !parsed.shard.every((s) => Number.isInteger(s) && (s as number) >= 1))
      return null
    return parsed.shard as number[]
  } catch {
    return null
  }
}

export type RepositoryState = 'current' | 'partial' | 'failed' | 'waiting'

export interface Coverage {
  period: string | null
  /** Repository → its state in the coverage the report job wrote. */
  states: Record<string, RepositoryState | string>
  counts: Record<string, number>
  /** Why the ones that are not current are not, by repository. */
  messages: Record<string, string>
}

/** The coverage file's repositories in counts and states (`org/coverage/PERIOD.json`, src/org/rollup.ts). */
export function summarizeCoverage(period: string | null, file: unknown): Coverage {
  const repositories =
    (file as { repositories?: Array<{ repository?: unknown; state?: unknown; message?: unknown }> } | null)
      ?.repositories ?? []
  const states: Coverage['states'] = {}
  const messages: Coverage['messages'] = {}
  const counts: Record<string, number> = {}
  for (const r of repositories) {
    if (typeof r.repository !== 'string') continue
    const state = typeof r.state === 'string' ? r.state : 'unknown'
    states[r.repository] = state
    bump(counts, state)
    if (state !== 'current' && typeof r.message === 'string') messages[r.repository] = r.message
  }
  return { period, states, counts, messages }
}

/** Every planned repository is in the coverage, and every one is current. */
export function allCurrent(coverage: Coverage, planned: number): boolean {
  const states = Object.values(coverage.states)
  return planned > 0 && states.length >= planned && states.every((s) => s === 'current')
}

export interface WorkflowRun {
  window: number
  seconds: number
  jobs: JobFigures[]
  plan: { shards: number; repositories: number; skipped: number; budgets: number[] } | null
  requests: { total: number; rest: number; graphql: number }
  graphqlPoints: number
  writes: {
    /** Every REST write (POST/PATCH/PUT/DELETE) and every GraphQL mutation. */
    total: number
    rest: number
    graphqlMutations: number
    /** The part GitHub's content-creation limit counts: issues, comments, … and mutations. */
    contentCreating: number
    byRoute: Record<string, number>
  }
  refusals: Record<string, number>
  forcedUpdates: number
  graphql: GraphqlTally
  byRepository: Record<string, { requests: number; graphqlCost: number }>
  /** The coverage file after the run: an earlier run's when this run's report job failed (`writtenThisRun` false). */
  coverage: Coverage & { writtenThisRun: boolean }
  /** Repository → state as the shards of this run handed them over (org/runs/shard-K.json). */
  shardStates: Record<string, string>
  outputs: { coverage: unknown; reportPath: string | null; issueUrl: string | null }
  peakRssMb: { plan: number | null; shards: number | null; report: number | null }
}

async function readBranchFile(
  url: string,
  owner: string,
  name: string,
  path: string
): Promise<string | null> {
  const client = createGitHubClient({ token: PAT, apiUrl: url, graphqlUrl: `${url}/graphql`, budget: null })
  const store = createGitDataStore({
    octokit: client.octokit,
    owner,
    repo: name,
    branch: DATA_BRANCH,
    graphqlUrl: `${url}/graphql`
  })
  return store.readFile(path)
}

const parseJson = (text: string | null): unknown => {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** The whole workflow once: plan, the matrix's shards at once, the report (which runs whatever the shards did). */
async function runWorkflow(
  ctx: OrgContext,
  window: number,
  proxy: Awaited<ReturnType<typeof startGraphqlProxy>>
): Promise<WorkflowRun> {
  await control(ctx.url, 'stats/reset', {})
  proxy.reset()
  const started = process.hrtime.bigint()
  const jobs: JobFigures[] = []
  const plan = await runJob(ctx, window, 'plan', { mode: 'org-plan' }, proxy.tally)
  jobs.push(plan)
  const shards = plan.exitCode === 0 ? (matrixShards(plan.outputs.matrix) ?? []) : []
  const shardJobs = await Promise.all(
    shards.map((k) => runJob(ctx, window, `shard-${k}`, { mode: 'org-sync', shard: String(k) }, proxy.tally))
  )
  jobs.push(...shardJobs)
  const report = await runJob(ctx, window, 'report', { mode: 'org-report' }, proxy.tally)
  jobs.push(report)
  const seconds = Math.round((Number(process.hrtime.bigint() - started) / 1e9) * 1000) / 1000
  const stats = await control<EmulatorStats>(ctx.url, 'stats')
  const graphql = proxy.tally()

  // Read back what the jobs wrote (after the stats are taken: these reads are not the workflow's).
  const [owner, name] = ctx.repository.split('/')
  const planFile = parseJson(await readBranchFile(ctx.url, owner, name, 'org/plan.json')) as {
    period?: string
    generatedAt?: string
    shards?: Array<{ repositories?: string[]; budget?: number }>
    skipped?: unknown[]
  } | null
  const reportPath = report.outputs['report-path'] ?? null
  const period = (reportPath ? /([^/]+)\.md$/.exec(reportPath)?.[1] : undefined) ?? planFile?.period ?? null
  const coverageFile = period
    ? parseJson(await readBranchFile(ctx.url, owner, name, `org/coverage/${period}.json`))
    : null
  // What each shard handed over this run (org/runs/shard-K.json of this plan), even when the report failed.
  const shardStates: Record<string, string> = {}
  for (const k of shards) {
    const handed = parseJson(await readBranchFile(ctx.url, owner, name, `org/runs/shard-${k}.json`)) as {
      planGeneratedAt?: string
      runs?: Array<{ repository?: string; state?: string }>
    } | null
    if (!handed || (planFile?.generatedAt && handed.planGeneratedAt !== planFile.generatedAt)) continue
    for (const r of handed.runs ?? [])
      if (typeof r.repository === 'string' && typeof r.state === 'string') shardStates[r.repository] = r.state
  }
  const coverageWritten = report.exitCode === 0 && report.outputs.coverage !== undefined
  const restWrites = stats.writes?.total ?? 0
  const contentRoutes = Object.entries(stats.writes?.byRoute ?? {})
    .filter(([route]) => CONTENT_ROUTES.has(route))
    .reduce((sum, [, n]) => sum + n, 0)
  const peak = (list: JobFigures[]) =>
    list.some((j) => j.peakRssMb !== null) ? Math.max(...list.map((j) => j.peakRssMb ?? 0)) : null
  return {
    window,
    seconds,
    jobs,
    plan: planFile?.shards
      ? {
          shards: planFile.shards.length,
          repositories: planFile.shards.reduce((n, s) => n + (s.repositories?.length ?? 0), 0),
          skipped: planFile.skipped?.length ?? 0,
          budgets: planFile.shards.map((s) => s.budget ?? 0)
        }
      : null,
    requests: stats.requests,
    graphqlPoints: stats.graphqlCost,
    writes: {
      total: restWrites + graphql.mutations,
      rest: restWrites,
      graphqlMutations: graphql.mutations,
      contentCreating: contentRoutes + graphql.mutations,
      byRoute: stats.writes?.byRoute ?? {}
    },
    refusals: stats.refusals ?? {},
    forcedUpdates: stats.git?.forcedUpdates ?? 0,
    graphql,
    byRepository: stats.byRepository ?? {},
    coverage: { ...summarizeCoverage(period, coverageFile), writtenThisRun: coverageWritten },
    shardStates,
    outputs: {
      coverage: parseJson(report.outputs.coverage ?? null) ?? report.outputs.coverage ?? null,
      reportPath,
      issueUrl: report.outputs['issue-url'] || null
    },
    peakRssMb: { plan: peak([plan]), shards: peak(shardJobs), report: peak([report]) }
  }
}

// ---------------------------------------------------------------------------------------------
// New activity between the cold backfill and the warm run

async function asPerson<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `token ${PAT}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** An issue with a comment, and a comment on an open pull request, in each of `repositories`. */
async function addActivity(url: string, repositories: string[]): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = []
  for (const repository of repositories) {
    const repo = `/repos/${repository}`
    const issue = await asPerson<{ number: number }>(url, 'POST', `${repo}/issues`, {
      title: 'Bench: a new issue',
      body: 'Opened between two runs of the org bench.'
    })
    await asPerson(url, 'POST', `${repo}/issues/${issue.number}/comments`, { body: 'A first answer.' })
    const open = await asPerson<{ number: number }[]>(url, 'GET', `${repo}/pulls?state=open&per_page=1`)
    const pull = open[0]?.number ?? null
    if (pull !== null) await asPerson(url, 'POST', `${repo}/issues/${pull}/comments`, { body: 'Looks good.' })
    out.push({ repository, issue: issue.number, commentedPull: pull })
  }
  return out
}

/** Up to `count` repositories spread over the list (first, last, between). */
export function spread<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return [...list]
  if (count <= 1) return list.slice(0, count)
  const picked = new Set<number>()
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (list.length - 1)) / (count - 1)))
  return [...picked].sort((a, b) => a - b).map((i) => list[i])
}

// ---------------------------------------------------------------------------------------------
// Figures

/** The costliest operations of a run's GraphQL, with requests per planned repository. */
export function graphqlBreakdown(
  tally: GraphqlTally,
  repositories: number
): Array<{
  operation: string
  requests: number
  perRepository: number
  points: number | null
  repositories: number
}> {
  return Object.entries(tally.byOperation)
    .map(([operation, requests]) => ({
      operation,
      requests,
      perRepository: Math.round((requests / Math.max(1, repositories)) * 100) / 100,
      points: tally.pointsByOperation[operation] ?? null,
      repositories: Object.keys(tally.byOperationAndRepository[operation] ?? {}).length
    }))
    .sort((a, b) => b.requests - a.requests || (a.operation < b.operation ? -1 : 1))
}

function runSummary(run: WorkflowRun) {
  return {
    window: run.window,
    seconds: run.seconds,
    requests: run.requests,
    graphqlPoints: run.graphqlPoints,
    /** GraphQL requests the proxy forwarded: the emulator's GraphQL count when every job went through it. */
    graphqlThroughProxy: run.graphql.requests,
    writes: run.writes,
    refusals: run.refusals,
    forcedUpdates: run.forcedUpdates,
    plan: run.plan,
    coverage: {
      period: run.coverage.period,
      writtenThisRun: run.coverage.writtenThisRun,
      counts: run.coverage.counts,
      messages: run.coverage.messages
    },
    shardCounts: Object.values(run.shardStates).reduce<Record<string, number>>((c, s) => {
      bump(c, s)
      return c
    }, {}),
    outputs: run.outputs,
    peakRssMb: run.peakRssMb,
    jobs: run.jobs.map((j) => ({
      job: j.job,
      exitCode: j.exitCode,
      seconds: j.seconds,
      peakRssMb: j.peakRssMb,
      graphqlRequests: j.graphqlRequests,
      ...(j.exitCode !== 0 || (j.job === 'plan' && matrixShards(j.outputs.matrix) === null)
        ? { logTail: j.logTail }
        : {})
    })),
    graphqlByOperation: graphqlBreakdown(run.graphql, run.plan?.repositories ?? 0)
  }
}

function printTable(result: {
  cold: { windows: number | null; runs: WorkflowRun[] }
  warm: WorkflowRun | null
}): void {
  const rows: string[][] = [
    ['run', 'REST', 'GraphQL', 'points', 'writes', 'content', 'current', 'failed jobs', 'seconds']
  ]
  const row = (label: string, r: WorkflowRun) => [
    label,
    String(r.requests.rest),
    String(r.requests.graphql),
    String(r.graphqlPoints),
    String(r.writes.total),
    String(r.writes.contentCreating),
    r.coverage.writtenThisRun
      ? `${r.coverage.counts.current ?? 0}/${r.plan?.repositories ?? '?'}`
      : `${Object.values(r.shardStates).filter((x) => x === 'current').length}/${r.plan?.repositories ?? '?'} (shards; no report)`,
    String(r.jobs.filter((j) => j.exitCode !== 0).length),
    String(Math.round(r.seconds))
  ]
  for (const r of result.cold.runs) rows.push(row(`cold ${r.window}`, r))
  if (result.warm) rows.push(row('warm', result.warm))
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  for (const r of rows) console.error(`bench: ${r.map((cell, c) => cell.padStart(widths[c])).join('  ')}`)
}

export async function orgScenario(args: BenchArgs): Promise<Record<string, unknown>> {
  if (args.entry === 'dist' && !existsSync('dist/index.js'))
    throw new Error('dist/index.js is missing: run npm run bundle, or pass --entry src')
  console.error(
    `bench: generating ${args.repos} repositories with ${args.prs} pull requests in the emulator process (${args.profile} profile)`
  )
  const generated = process.hrtime.bigint()
  const { url, child } = await startEmulatorProcess([
    '--generate-org',
    `repos=${args.repos},prs=${args.prs},seed=${args.seed}`,
    '--profile',
    args.profile,
    '--port',
    '0'
  ])
  const generateSeconds = Math.round(Number(process.hrtime.bigint() - generated) / 1e6) / 1000
  const proxy = await startGraphqlProxy(url)
  const work = temporaryFolder('repo-metrics-bench-org-')
  try {
    const seed = await control<{
      owner: string
      name: string
      repositories?: Array<{ owner: string; name: string; counts: Record<string, number> }>
    }>(url, 'seed')
    const repositories = seed.repositories ?? [{ owner: seed.owner, name: seed.name, counts: {} }]
    const ctx: OrgContext = {
      url,
      proxyUrl: proxy.url,
      repository: `${seed.owner}/${seed.name}`,
      organization: seed.owner,
      workDir: work.path,
      entry: args.entry,
      shards: args.shards
    }
    const maxWindows = Math.min(args.maxRuns, MAX_COLD_WINDOWS)
    const cold: WorkflowRun[] = []
    let coldDone = false
    let stopped: string | null = null
    while (cold.length < maxWindows && !coldDone && stopped === null) {
      if (cold.length > 0) await nextHour(url)
      const run = await runWorkflow(ctx, cold.length + 1, proxy)
      cold.push(run)
      coldDone =
        run.plan !== null && run.coverage.writtenThisRun && allCurrent(run.coverage, run.plan.repositories)
      // Without a matrix no shard runs: another window cannot get further.
      const plan = run.jobs[0]
      if (matrixShards(plan.outputs.matrix) === null) {
        stopped = `window ${run.window}: the plan job (exit ${plan.exitCode}) set no matrix output`
        console.error(`bench: ${stopped}; stopping. Its log ends:\n${plan.logTail}`)
      }
      console.error(
        `bench: cold window ${run.window}: ${run.requests.rest} REST, ${run.requests.graphql} GraphQL, ${run.graphqlPoints} points, ` +
          `${run.writes.total} writes, current ${run.coverage.counts.current ?? 0}/${run.plan?.repositories ?? '?'}, ` +
          `${run.jobs.filter((j) => j.exitCode !== 0).length} failed jobs (${run.seconds} s)`
      )
    }

    let warm: WorkflowRun | null = null
    let activity: Array<Record<string, unknown>> = []
    if (coldDone) {
      await nextHour(url)
      const planned = Object.keys(cold.at(-1)!.coverage.states).sort()
      activity = await addActivity(url, spread(planned, 3))
      await nextHour(url)
      warm = await runWorkflow(ctx, cold.length + 1, proxy)
      console.error(
        `bench: warm run: ${warm.requests.rest} REST, ${warm.requests.graphql} GraphQL, ${warm.graphqlPoints} points, ${warm.writes.total} writes (${warm.seconds} s)`
      )
    }

    const coldWindows = coldDone ? cold.length : null
    const warmJobsOk = warm !== null && warm.jobs.every((j) => j.exitCode === 0)
    const targets = {
      coldWindows: {
        target: TARGETS.coldWindows,
        measured: coldWindows,
        pass: coldWindows !== null && coldWindows <= TARGETS.coldWindows
      },
      warmGraphqlRequests: {
        target: TARGETS.warmGraphqlRequests,
        measured: warm?.requests.graphql ?? null,
        pass: warmJobsOk && warm!.requests.graphql <= TARGETS.warmGraphqlRequests
      },
      warmWrites: {
        target: TARGETS.warmWrites,
        measured: warm?.writes.total ?? null,
        pass: warmJobsOk && warm!.writes.total <= TARGETS.warmWrites
      }
    }
    printTable({ cold: { windows: coldWindows, runs: cold }, warm })
    for (const [name, t] of Object.entries(targets))
      console.error(
        `bench: target ${name} ≤ ${t.target}: ${t.measured ?? 'not measured'} ${t.pass ? 'pass' : 'FAIL'}`
      )

    const topRepositories = (run: WorkflowRun) =>
      Object.entries(run.byRepository)
        .sort(([, a], [, b]) => b.requests - a.requests)
        .slice(0, 10)
        .map(([repository, v]) => ({ repository, ...v }))
    return {
      scenario: 'org',
      repos: args.repos,
      prs: args.prs,
      seed: args.seed,
      profile: args.profile,
      entry: args.entry,
      shards: args.shards,
      organization: seed.owner,
      central: ctx.repository,
      generateSeconds,
      history: {
        repositories: repositories.length,
        pulls: repositories.reduce((n, r) => n + (r.counts.pulls ?? 0), 0),
        issues: repositories.reduce((n, r) => n + (r.counts.issues ?? 0), 0)
      },
      cold: {
        windows: coldWindows,
        complete: coldDone,
        maxWindows,
        ...(stopped ? { stopped } : {}),
        runs: cold.map((r) => ({ ...runSummary(r), topRepositories: topRepositories(r) }))
      },
      activity,
      warm: warm
        ? {
            ...runSummary(warm),
            topRepositories: topRepositories(warm),
            graphqlPerRepository:
              Math.round((warm.requests.graphql / Math.max(1, warm.plan?.repositories ?? 0)) * 100) / 100,
            states: warm.coverage.writtenThisRun ? warm.coverage.states : warm.shardStates,
            statesFrom: warm.coverage.writtenThisRun
              ? 'the coverage the report job wrote'
              : 'the shards’ hand-over files (the report job failed)'
          }
        : { skipped: 'the cold backfill did not finish, so there is no warm run' },
      targets
    }
  } finally {
    await proxy.stop()
    child.kill()
    work.remove()
  }
}
