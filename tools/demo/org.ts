/**
 * npm run demo -- --org [--repos N] [--prs N] [--dataset DIR]… [--organization LOGIN] [--shards N]
 *                 [--until ISO] [--window Nd] [--bucket week] [--org-notify central|repositories|both|none]
 *                 [--request-budget N] [--out DIR] [--quiet] [--profile github|lenient] [--entry dist|src]
 *
 * Organization mode as a workflow runs it: the emulator serves an organization (generated, or the
 * `--dataset` folders side by side as its repositories), and the bundle runs once per job as the
 * Actions runner would — the plan job (`org-plan`), then every shard of the plan's matrix as separate
 * processes at the same time (`org-sync`, `shard` k), then the roll-up (`org-report`). Each job gets
 * the central repository's Actions token as `token` (it writes the data branch there) and an App
 * installation token as `read-token` (it reads the organization). The central repository is the
 * emulator's primary one, the organization's first repository. Afterwards the central data branch is
 * exported to OUT/data-branch and OUT/demo.json names what the run wrote.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { runAction, type ActionRun } from './action-runner.js'
import { exportBranch, fetchJson } from './export-branch.js'
import { scheduleEvent } from './payloads.js'
import type { CredentialSpec } from '../github-emulator/credentials.js'
import type { RunningEmulator } from '../github-emulator/server.js'
import type { SeedRepository } from '../github-emulator/types.js'

/** The file each `--entry` runs (as tools/demo/cli.ts's ENTRIES). */
const ENTRY_FILES = { dist: 'dist/index.js', src: 'src/index.ts' } as const

/** The central repository's Actions token (GITHUB_TOKEN of the metrics workflow): writes only there. */
export const ACTIONS_TOKEN = 'ghs_actions_central'
/** An App installation token on the organization: reads every repository, one shared hourly budget. */
export const APP_TOKEN = 'ghs_app_demo'
export const DATA_BRANCH = 'repo-metrics'
/** The organization the datasets are loaded into when `--organization` is not given. */
export const DATASETS_ORGANIZATION = 'demo-org'
/** The generated organization's login when `--organization` is not given. */
export const GENERATED_ORGANIZATION = 'acme-labs'
/** Each dataset's own last year is inside the window the demo chooses for datasets. */
const DATASET_YEAR_DAYS = 365
const DAY_MS = 86_400_000

export interface OrgDemoOptions {
  /** Dataset folders, one repository each; empty: a generated organization. */
  datasets: string[]
  /** Generated organization: repositories and pull requests over all of them. */
  repos: number
  prs: number
  organization: string | null
  shards: number
  until: string | null
  window: string | null
  bucket: string | null
  orgNotify: string | null
  requestBudget: number | null
  out: string
  quiet: boolean
  profile: 'lenient' | 'github'
  entry: 'dist' | 'src'
}

export const ORG_USAGE = `usage: npm run demo -- --org [--repos N] [--prs N] [--dataset DIR]… [--organization LOGIN]
                     [--shards N] [--until ISO] [--window Nd] [--bucket day|week|month]
                     [--org-notify central|repositories|both|none] [--request-budget N]
                     [--out DIR] [--quiet] [--profile github|lenient] [--entry dist|src]`

export function defaultOrgOptions(): OrgDemoOptions {
  return {
    datasets: [],
    repos: 12,
    prs: 1200,
    organization: null,
    shards: 4,
    until: null,
    window: null,
    bucket: null,
    orgNotify: null,
    requestBudget: null,
    out: 'demo-output',
    quiet: false,
    profile: 'github',
    entry: 'dist'
  }
}

/** Parses the `--org` demo's arguments; returns the options or the problems found. */
export function parseOrgArgs(argv: string[]): { options: OrgDemoOptions; problems: string[] } {
  const options = defaultOrgOptions()
  const problems: string[] = []
  const whole = (flag: string, text: string, max: number): number => {
    const n = Number(text)
    if (!Number.isInteger(n) || n <= 0 || n > max) {
      problems.push(`${flag} takes a whole number from 1 to ${max}`)
      return 0
    }
    return n
  }
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
      case '--org':
        break
      case '--dataset':
        options.datasets.push(value())
        break
      case '--repos':
        options.repos = whole(flag, value(), 1000)
        break
      case '--prs':
        options.prs = whole(flag, value(), 500_000)
        break
      case '--shards':
        options.shards = whole(flag, value(), 256)
        break
      case '--request-budget':
        options.requestBudget = whole(flag, value(), 1_000_000)
        break
      case '--organization': {
        const login = value()
        if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(login))
          problems.push(
            `--organization takes an organization login (letters, digits, hyphens), got "${login}"`
          )
        options.organization = login
        break
      }
      case '--until':
        options.until = value()
        break
      case '--window':
        options.window = value()
        break
      case '--bucket':
        options.bucket = value()
        break
      case '--org-notify':
        options.orgNotify = value()
        break
      case '--out':
        options.out = value()
        break
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
      default:
        problems.push(`unknown option ${flag} (with --org)`)
    }
  }
  for (const dir of options.datasets)
    if (!existsSync(join(dir, 'archive.json')))
      problems.push(`--dataset ${dir} has no archive.json (see ../shared/datasets/README.md for the layout)`)
  if (!options.datasets.length && options.prs < options.repos)
    problems.push(`--prs (${options.prs}) must be at least --repos (${options.repos}): one pull request each`)
  return { options, problems }
}

/** The organization's repositories, in the order the emulator serves them (the first is the central one). */
export async function loadOrgSeeds(options: OrgDemoOptions): Promise<SeedRepository[]> {
  if (options.datasets.length) {
    const { loadDataset } = await import('../github-emulator/dataset.js')
    const { intoOrganization } = await import('../github-emulator/generate-org.js')
    // Datasets come from different owners: renamed into one organization, names kept.
    return intoOrganization(
      options.datasets.map((dir) => loadDataset(dir)),
      options.organization ?? DATASETS_ORGANIZATION
    )
  }
  const { generateOrganization } = await import('../github-emulator/generate-org.js')
  return generateOrganization({
    repos: options.repos,
    prs: options.prs,
    seed: 1,
    owner: options.organization ?? GENERATED_ORGANIZATION
  })
}

/**
 * The window and `until` the demo reports on when not given: `until` is the newest history's end;
 * with datasets the window reaches back a year before the oldest dataset's end too, so that every
 * dataset has its own last year in the report (their archives end months apart).
 */
export function demoWindow(
  seeds: readonly SeedRepository[],
  options: Pick<OrgDemoOptions, 'datasets' | 'until' | 'window'>
): { until: string; window: string | null } {
  const ends = seeds.map((s) => Date.parse(s.until))
  const newest = seeds[ends.indexOf(Math.max(...ends))]
  const until = options.until ?? newest.until
  if (options.window || !options.datasets.length) return { until, window: options.window }
  const spread = Math.ceil((Date.parse(until) - Math.min(...ends)) / DAY_MS)
  return { until, window: `${Math.max(0, spread) + DATASET_YEAR_DAYS}d` }
}

export interface JobRun {
  /** `plan`, `shard K` or `report`. */
  job: string
  mode: string
  exitCode: number
  seconds: number
  /** When the job's process started and ended (ISO): the shards' overlap. */
  startedAt: string
  endedAt: string
  outputs: Record<string, string>
}

export interface PhaseStats {
  requests: number
  graphqlPoints: number
  /** Requests that write (POST/PATCH/PUT/DELETE other than GraphQL queries): git data, issues, comments, labels. */
  contentWrites: number
  refusals?: Record<string, number>
}

export interface OrgRepositoryEntry {
  repository: string
  /** From the coverage: current, partial, failed, waiting; `skipped` when the plan left it out. */
  status: string
  message?: string
  requests?: number
  pooled?: boolean
  /** Paths of the exported files (null when the run did not write one). */
  snapshot: string | null
  values: string | null
}

export interface OrgDemoResult {
  organization: string
  /** The metrics repository: its data branch holds every repository's store and the org's files. */
  repository: string
  repositories: number
  period: string | null
  window: { since: string; until: string } | null
  dataBranch: string
  report: string | null
  snapshot: string | null
  coverage: { file: string | null; counts: Record<string, number> | null }
  issue: { url: string; number: number; title: string; labels: string[]; body: string } | null
  org: {
    snapshot: string | null
    report: string | null
    plan: string | null
    repos: OrgRepositoryEntry[]
    requests: number
    graphqlPoints: number
    contentWrites: number
  }
  runs: JobRun[]
  phases: { plan: PhaseStats | null; shards: PhaseStats | null; report: PhaseStats | null }
  /** The App installation's hourly budget after the run (one budget for every job). */
  appBudget: {
    core: { used: number; remaining: number }
    graphql: { used: number; remaining: number }
  } | null
  seconds: { plan: number; shardsWall: number; shardsLongest: number; report: number; total: number }
}

interface EmulatorStats {
  requests: { total: number }
  graphqlCost: number
  byRoute: Record<string, number>
  refusals?: Record<string, number>
}

/** A stream that writes each line of what it gets to `out`, prefixed with `[label]` (mask commands left out). */
function prefixed(out: NodeJS.WritableStream, label: string): NodeJS.WritableStream {
  let partial = ''
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (partial + chunk.toString()).split('\n')
      partial = lines.pop() ?? ''
      // a runner consumes `::add-mask::` commands; echoing them would print the token
      for (const line of lines) if (!line.startsWith('::add-mask::')) out.write(`[${label}] ${line}\n`)
      done()
    },
    final(done) {
      if (partial && !partial.startsWith('::add-mask::')) out.write(`[${label}] ${partial}\n`)
      done()
    }
  })
}

async function resetStats(url: string): Promise<void> {
  await fetch(`${url}/_emulator/stats/reset`, { method: 'POST' })
}

async function phaseStats(url: string): Promise<PhaseStats> {
  const stats = (await fetchJson(`${url}/_emulator/stats`)) as EmulatorStats
  let writes = 0
  for (const [route, count] of Object.entries(stats.byRoute ?? {}))
    if (/^(POST|PATCH|PUT|DELETE) /.test(route) && route !== 'POST /graphql') writes += count
  return {
    requests: stats.requests.total,
    graphqlPoints: stats.graphqlCost,
    contentWrites: writes,
    ...(stats.refusals ? { refusals: stats.refusals } : {})
  }
}

export interface OrgRunContext {
  emulator: RunningEmulator
  central: string
  organization: string
  until: string
  window: string | null
  entry: string
  workDir: string
  echo?: NodeJS.WritableStream
  /** Where the demo's own progress lines go (default: stderr). */
  log?: (line: string) => void
}

/** Starts the emulator serving the organization (the first seed is the central repository). */
export async function startOrgEmulator(
  seeds: SeedRepository[],
  profile: OrgDemoOptions['profile'],
  credentials?: Record<string, CredentialSpec>
): Promise<RunningEmulator> {
  const { startEmulator } = await import('../github-emulator/server.js')
  return startEmulator({ seeds, port: 0, profile, ...(credentials ? { credentials } : {}) })
}

/** The inputs every job of the organization workflow shares (as one `with:` block would give them). */
export function orgInputs(context: OrgRunContext, options: OrgDemoOptions): Record<string, string> {
  return {
    'read-token': APP_TOKEN,
    organization: context.organization,
    shards: String(options.shards),
    'data-branch': DATA_BRANCH,
    until: context.until,
    ...(context.window ? { window: context.window } : {}),
    ...(options.bucket ? { bucket: options.bucket } : {}),
    ...(options.orgNotify ? { 'org-notify': options.orgNotify } : {}),
    ...(options.requestBudget ? { 'request-budget': String(options.requestBudget) } : {})
  }
}

/** One job of the workflow: the action in a process of its own, as the runner starts it. */
function job(
  context: OrgRunContext,
  inputs: Record<string, string>,
  label: string
): Promise<ActionRun & { label: string; startedAt: string; endedAt: string }> {
  const startedAt = new Date().toISOString()
  return runAction({
    entry: context.entry,
    apiUrl: context.emulator.url,
    serverUrl: context.emulator.url,
    repository: context.central,
    eventName: 'schedule',
    payload: scheduleEvent(),
    inputs,
    token: ACTIONS_TOKEN,
    workDir: join(context.workDir, label.replace(/\s+/g, '-')),
    echo: context.echo ? prefixed(context.echo, label) : undefined
  }).then((run) => ({ ...run, label, startedAt, endedAt: new Date().toISOString() }))
}

/** The shard numbers of an org-plan `matrix` output (`{"shard":[1,2,…]}`). */
export function matrixShards(text: string | undefined): number[] {
  if (!text) return []
  const parsed = JSON.parse(text) as { shard?: unknown }
  if (!Array.isArray(parsed.shard) || !parsed.shard.every((n) => Number.isInteger(n) && n >= 1))
    throw new Error(`the plan's matrix is not {"shard":[1,…]}: ${text}`)
  return parsed.shard as number[]
}

export interface OrgJobs {
  runs: JobRun[]
  plan: ActionRun | null
  report: ActionRun | null
  phases: OrgDemoResult['phases']
  seconds: OrgDemoResult['seconds']
}

/** The organization workflow: plan, every shard at once, roll-up (run even when a shard failed). */
export async function runOrgJobs(context: OrgRunContext, options: OrgDemoOptions): Promise<OrgJobs> {
  const base = orgInputs(context, options)
  const url = context.emulator.url
  const runs: JobRun[] = []
  const log = context.log ?? ((line: string) => console.error(`demo: ${line}`))
  const record = (run: Awaited<ReturnType<typeof job>>, mode: string) => {
    const { label, exitCode, seconds, startedAt, endedAt, outputs } = run
    runs.push({ job: label, mode, exitCode, seconds, startedAt, endedAt, outputs })
    if (run.exitCode !== 0) log(`the ${run.label} job (${mode}) exited ${run.exitCode}`)
  }
  const started = Date.now()
  const phases: OrgJobs['phases'] = { plan: null, shards: null, report: null }
  const seconds = { plan: 0, shardsWall: 0, shardsLongest: 0, report: 0, total: 0 }

  await resetStats(url)
  log('plan job (org-plan)')
  const plan = await job(context, { ...base, mode: 'org-plan' }, 'plan')
  record(plan, 'org-plan')
  phases.plan = await phaseStats(url)
  seconds.plan = plan.seconds
  if (plan.exitCode !== 0) {
    seconds.total = (Date.now() - started) / 1000
    return { runs, plan, report: null, phases, seconds }
  }

  const shards = matrixShards(plan.outputs.matrix)
  await resetStats(url)
  log(`${shards.length} shard jobs (org-sync) at once`)
  const shardsStarted = Date.now()
  const shardRuns = await Promise.all(
    shards.map((k) => job(context, { ...base, mode: 'org-sync', shard: String(k) }, `shard ${k}`))
  )
  seconds.shardsWall = (Date.now() - shardsStarted) / 1000
  for (const run of shardRuns) record(run, 'org-sync')
  seconds.shardsLongest = Math.max(0, ...shardRuns.map((r) => r.seconds))
  phases.shards = await phaseStats(url)

  // The roll-up job runs `if: !cancelled()`: after failed shards too.
  await resetStats(url)
  log('roll-up job (org-report)')
  const report = await job(context, { ...base, mode: 'org-report' }, 'report')
  record(report, 'org-report')
  phases.report = await phaseStats(url)
  seconds.report = report.seconds
  seconds.total = (Date.now() - started) / 1000
  return { runs, plan, report, phases, seconds }
}

function readJson<T>(path: string): T | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null
}

interface PlanFile {
  period: string
  until: string
  windowUntil?: string
  shards: Array<{ repositories: string[] }>
  skipped?: Array<{ repository: string; reason: string }>
}
interface CoverageFile {
  period: string
  repositories: Array<{
    repository: string
    state: string
    message?: string
    requests?: number
    pooled?: boolean
  }>
}

/** Reads back what the jobs wrote (the exported central branch, the central issue) into demo.json's shape. */
export async function collectOrgResult(
  context: OrgRunContext,
  jobs: OrgJobs,
  dataDir: string
): Promise<OrgDemoResult> {
  const url = context.emulator.url
  await exportBranch(url, context.central, DATA_BRANCH, dataDir, ACTIONS_TOKEN)
  const file = (rel: string | undefined | null) =>
    rel && existsSync(join(dataDir, rel)) ? join(dataDir, rel) : null
  const planFile = readJson<PlanFile>(join(dataDir, 'org/plan.json'))
  const period = planFile?.period ?? null
  const coverageRel = period ? `org/coverage/${period}.json` : null
  const coverage = coverageRel ? readJson<CoverageFile>(join(dataDir, coverageRel)) : null
  const repos: OrgRepositoryEntry[] = []
  const storeFile = (repository: string, suffix: string) =>
    period ? file(`repos/${repository}/snapshots/${period}${suffix}`) : null
  for (const r of coverage?.repositories ?? [])
    repos.push({
      repository: r.repository,
      status: r.state,
      ...(r.message ? { message: r.message } : {}),
      ...(r.requests !== undefined ? { requests: r.requests } : {}),
      ...(r.pooled !== undefined ? { pooled: r.pooled } : {}),
      snapshot: storeFile(r.repository, '.json'),
      values: storeFile(r.repository, '.values.json')
    })
  repos.sort((a, b) => (a.repository < b.repository ? -1 : 1))
  for (const s of planFile?.skipped ?? [])
    repos.push({
      repository: s.repository,
      status: 'skipped',
      message: s.reason,
      snapshot: null,
      values: null
    })

  const outputs = jobs.report?.outputs ?? {}
  const issueUrl = outputs['issue-url'] ?? ''
  const issueNumber = Number(/\/issues\/(\d+)$/.exec(issueUrl)?.[1] ?? 0)
  let issue: OrgDemoResult['issue'] = null
  if (issueNumber) {
    const found = (await fetchJson(
      `${url}/repos/${context.central}/issues/${issueNumber}`,
      ACTIONS_TOKEN
    )) as {
      number: number
      title: string
      labels: Array<{ name: string }>
      body: string | null
    }
    issue = {
      url: issueUrl,
      number: found.number,
      title: found.title,
      labels: found.labels.map((l) => l.name),
      body: found.body ?? ''
    }
  }
  const rate = (await fetchJson(`${url}/rate_limit`, APP_TOKEN)) as {
    resources: Record<'core' | 'graphql', { used: number; remaining: number }>
  }
  const phases = [jobs.phases.plan, jobs.phases.shards, jobs.phases.report]
  const sum = (key: 'requests' | 'graphqlPoints' | 'contentWrites') =>
    phases.reduce((total, p) => total + (p?.[key] ?? 0), 0)
  const orgSnapshot = file(outputs['snapshot-path']) ?? (period ? file(`org/snapshots/${period}.json`) : null)
  const orgWindow = orgSnapshot
    ? (readJson<{ window: { since: string; until: string } }>(orgSnapshot)?.window ?? null)
    : null
  const report = file(outputs['report-path']) ?? (period ? file(`reports/org/${period}.md`) : null)
  let counts: Record<string, number> | null = null
  try {
    counts = outputs.coverage ? (JSON.parse(outputs.coverage) as Record<string, number>) : null
  } catch {
    counts = null
  }
  return {
    organization: context.organization,
    repository: context.central,
    repositories: context.emulator.states.length,
    period,
    window: orgWindow,
    dataBranch: dataDir,
    report,
    snapshot: orgSnapshot,
    coverage: { file: file(coverageRel), counts },
    issue,
    org: {
      snapshot: orgSnapshot,
      report,
      plan: file('org/plan.json'),
      repos,
      requests: sum('requests'),
      graphqlPoints: sum('graphqlPoints'),
      contentWrites: sum('contentWrites')
    },
    runs: jobs.runs,
    phases: jobs.phases,
    appBudget: {
      core: { used: rate.resources.core.used, remaining: rate.resources.core.remaining },
      graphql: { used: rate.resources.graphql.used, remaining: rate.resources.graphql.remaining }
    },
    seconds: jobs.seconds
  }
}

/** A duration in seconds as people read it. */
export function humanDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '–'
  if (seconds < 90) return `${Math.round(seconds)} s`
  if (seconds < 90 * 60) return `${(seconds / 60).toFixed(1)} min`
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`
  return `${(seconds / 86400).toFixed(1)} d`
}

type Figure = { count: number; median?: number }
const HEADLINE: Array<[string, string]> = [
  ['timeToFirstReview', 'first review'],
  ['reviewTurnaround', 'review turnaround'],
  ['timeToMerge', 'time to merge'],
  ['cycleTime', 'cycle time'],
  ['issueFirstResponse', 'issue first response'],
  ['leadTimeForChanges', 'lead time for changes']
]

/** The short summary the demo prints. */
export function summaryLines(result: OrgDemoResult): string[] {
  const lines: string[] = []
  const repos = result.org.repos
  const by = (status: string) => repos.filter((r) => r.status === status).length
  const skipped = repos.filter((r) => r.status === 'skipped')
  const shards = result.runs.filter((r) => r.mode === 'org-sync')
  lines.push(
    `organization ${result.organization}: ${repos.length - skipped.length} of ${result.repositories} repositories in the plan` +
      (skipped.length
        ? ` (${skipped.length} skipped: ${skipped.map((s) => s.repository.split('/')[1]).join(', ')})`
        : '') +
      `; central repository ${result.repository}`
  )
  lines.push(
    `coverage ${result.period ?? '?'}: ${by('current')} current, ${by('partial')} partial, ${by('failed')} failed, ${by('waiting')} waiting`
  )
  for (const r of repos.filter((x) => x.status === 'failed' || x.status === 'partial'))
    lines.push(`  ${r.repository}: ${r.status}${r.message ? ` (${r.message})` : ''}`)
  const snapshot = result.snapshot
    ? readJson<{ metrics: Record<string, Figure | undefined>; window: { since: string; until: string } }>(
        result.snapshot
      )
    : null
  if (snapshot) {
    const figures = HEADLINE.flatMap(([key, label]) => {
      const f = snapshot.metrics[key]
      return f && f.count > 0 ? [`${label} ${humanDuration(f.median)} (n=${f.count})`] : []
    })
    lines.push(
      `pooled medians (${snapshot.window.since.slice(0, 10)} to ${snapshot.window.until.slice(0, 10)}): ${figures.join(', ') || 'none'}`
    )
  }
  const s = result.seconds
  lines.push(
    `jobs: plan ${s.plan.toFixed(1)} s, ${shards.length} shards at once ${s.shardsWall.toFixed(1)} s (longest ${s.shardsLongest.toFixed(1)} s), report ${s.report.toFixed(1)} s; ${s.total.toFixed(1)} s in all`
  )
  lines.push(
    `API: ${result.org.requests} requests, ${result.org.graphqlPoints} GraphQL points, ${result.org.contentWrites} writes` +
      (result.appBudget
        ? `; the App installation has ${result.appBudget.graphql.remaining} points left this hour`
        : '')
  )
  lines.push(
    result.report
      ? `org report at ${result.report}`
      : `org-report wrote no report file (reports/org/${result.period ?? 'PERIOD'}.md)`
  )
  if (result.issue) lines.push(`central issue #${result.issue.number}: ${result.issue.title}`)
  return lines
}

/** `npm run demo -- --org …`: runs the organization workflow and writes OUT/demo.json. */
export async function orgMain(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(ORG_USAGE)
    return
  }
  const { options, problems } = parseOrgArgs(argv)
  if (problems.length) {
    for (const p of problems) console.error(`demo: ${p}`)
    console.error(ORG_USAGE)
    process.exit(2)
  }
  const entry = ENTRY_FILES[options.entry]
  if (!existsSync(entry))
    throw new Error(`${entry} is missing${options.entry === 'dist' ? ': run `npm run bundle` first' : ''}.`)
  const out = resolve(options.out)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })

  const seeds = await loadOrgSeeds(options)
  const { until, window } = demoWindow(seeds, options)
  const emulator = await startOrgEmulator(seeds, options.profile)
  const central = `${emulator.state.owner}/${emulator.state.name}`
  const organization = emulator.state.owner
  const pulls = emulator.states.reduce((n, s) => n + s.pulls.length, 0)
  console.error(
    `demo: emulator (${options.profile} profile) on ${emulator.url} serving ${emulator.states.length} repositories of ${organization} (${pulls} pull requests); window ${window ?? 'default'} to ${until}; running ${entry} per job`
  )
  try {
    const context: OrgRunContext = {
      emulator,
      central,
      organization,
      until,
      window,
      entry,
      workDir: join(out, 'runner'),
      echo: options.quiet ? undefined : process.stderr
    }
    const jobs = await runOrgJobs(context, options)
    const result = await collectOrgResult(context, jobs, join(out, 'data-branch'))
    writeFileSync(join(out, 'demo.json'), JSON.stringify(result, null, 2) + '\n')
    for (const line of summaryLines(result)) console.log(`demo: ${line}`)
    console.log(
      `demo: data branch exported to ${result.dataBranch}; run details in ${join(out, 'demo.json')}`
    )
    const failed = result.runs.filter((r) => r.exitCode !== 0)
    if (failed.length) {
      console.log(`demo: ${failed.length} job(s) failed: ${failed.map((f) => f.job).join(', ')}`)
      process.exitCode = 1
    }
  } finally {
    await emulator.stop()
  }
}
