/**
 * Organization mode's three jobs, as the action and the CLI run them:
 * - `org-plan` lists the organization's repositories, selects, reads where each stands (org/meta.json),
 *   fixes the window every repository is measured over (so their values pool), splits them into shards
 *   of about equal expected cost with a share each of the reading credential's budget, and writes the
 *   plan to org/plan.json; its `matrix` output drives the shard jobs.
 * - `org-sync` runs one shard of the plan (./sync.ts): today's report pipeline per repository, its
 *   saves batched into a few commits (src/store/git/batch.ts), and hands its result over as
 *   org/runs/shard-K.json on the same branch.
 * - `org-report` gathers the shards' results (a shard that never wrote its file leaves its
 *   repositories waiting, named), pools the values files into the org snapshot, writes the coverage,
 *   the org snapshot and the org meta (per-repository status), and renders and announces the report.
 * `org` runs the three in one job. Nothing passes between the jobs but the data branch.
 */
import type { GitHubClient } from '../github/client.js'
import type { Logger } from '../log.js'
import { resolveWindow } from '../period.js'
import { runReport } from '../pipeline/report.js'
import type { HistorySource } from '../pipeline/types.js'
import type { Settings } from '../settings-types.js'
import type { CommitBatch } from '../store/git/batch.js'
import type { DataStore, FileChange } from '../store/types.js'
import { listOrganizationRepositories } from './listing.js'
import { planRun, type RepositoryStatus } from './plan.js'
import { coveragePath, orgSnapshotPath, poolRuns, type OrgCoverage } from './rollup.js'
import { selectRepositories } from './select.js'
import { syncShard, type RepositoryRun } from './sync.js'
import { valuesPath } from './values.js'

export const PLAN_PATH = 'org/plan.json'
export const META_PATH = 'org/meta.json'
export const shardResultPath = (shard: number) => `org/runs/shard-${shard}.json`
/** A repository's folder on the central branch. */
export const repositoryRoot = (repository: string) => `repos/${repository}`

/** Saves a shard batches before it commits them (and at the end of each pass). */
const BATCH_SAVES = 25
const BATCH_BYTES = 6 * 1024 * 1024

export interface OrgPlanFile {
  version: 1
  organization: string
  generatedAt: string
  /** The `until` every shard measures to (the plan's time, or the `until` input). */
  until: string
  /** The period and the window's end as the plan resolved them (a calendar window ends before `until`). */
  period: string
  windowUntil: string
  layout: Settings['org']['layout']
  /** 1-based `shard`, as the matrix names it. */
  shards: Array<{ shard: number; repositories: string[]; points: number; budget: number }>
  skipped: Array<{ repository: string; reason: string }>
  budget: { remaining: number | null; planned: number }
}

export interface ShardResultFile {
  version: 1
  planGeneratedAt: string
  shard: number
  finishedAt: string
  runs: RepositoryRun[]
}

/** Per repository, where it stands after the last roll-up; the cursor of its history is its own meta.json. */
export interface OrgMetaFile {
  version: 1
  updatedAt: string
  repositories: Record<string, RepositoryStatus & { lastRunAt: string; message?: string; requests: number }>
  /** What the notifications of a period got to, for the next run to continue (src/org/notify.ts). */
  notifications?: unknown
}

export interface OrgDeps {
  settings: Settings
  log: Logger
  now: Date
  /** A client that reads the organization (the read token), stopping at `budget` requests when given. */
  readClient: (budget: number | null) => GitHubClient
  /** The central branch's own files (org/, reports/). */
  central: DataStore
  /** A repository's store; its saves go to `batch` when one is given. */
  repositoryStore: (repository: string, batch: CommitBatch | null) => DataStore
  /** A batch of saves on the central branch, or null where saves are committed one by one. */
  newBatch: () => CommitBatch | null
  historyFor: (client: GitHubClient, repository: string) => HistorySource
  setOutput: (name: string, value: string) => void
}

function parseJson<T>(text: string, path: string, fix: string): T {
  try {
    return JSON.parse(text) as T
  } catch (error) {
    throw new Error(`${path} on the data branch is not valid JSON (${(error as Error).message}): ${fix}`)
  }
}

async function readMeta(central: DataStore): Promise<OrgMetaFile | null> {
  const text = await central.readFile(META_PATH)
  return text === null
    ? null
    : parseJson<OrgMetaFile>(text, META_PATH, 'delete it; the next run writes it again.')
}

async function readPlan(central: DataStore, description: string): Promise<OrgPlanFile> {
  const text = await central.readFile(PLAN_PATH)
  if (text === null) {
    throw new Error(
      `No plan: ${PLAN_PATH} is missing on ${description}. Run mode org-plan first (the plan job of the organization workflow), or mode org for all three steps in one job.`
    )
  }
  const plan = parseJson<OrgPlanFile>(text, PLAN_PATH, 'run mode org-plan again.')
  if (plan.version !== 1 || !Array.isArray(plan.shards)) {
    throw new Error(
      `${PLAN_PATH} is not a plan this build reads (version ${String(plan.version)}): run mode org-plan again.`
    )
  }
  return plan
}

/** The settings a repository of the plan is measured with: its own repository, the plan's `until`, no issue. */
export function repositorySettings(
  settings: Settings,
  plan: Pick<OrgPlanFile, 'until'>,
  repository: string
): Settings {
  const [owner, repo] = repository.split('/')
  return { ...settings, repository: { owner, repo }, until: plan.until, notify: false }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

export async function orgPlan(deps: OrgDeps): Promise<OrgPlanFile> {
  const { settings, log } = deps
  const org = settings.org
  const client = deps.readClient(null)
  const listed = await listOrganizationRepositories(client, org.organization, log)
  const chosen = selectRepositories(listed, {
    patterns: org.repositories,
    includeArchived: org.includeArchived,
    includeForks: org.includeForks,
    topics: org.topics,
    only: org.only
  })
  for (const pattern of chosen.unmatched) {
    log.warning(`repositories: '${pattern}' matches no repository of ${org.organization} the token can see.`)
  }
  if (chosen.selected.length === 0) {
    const reasons = [...new Set(chosen.skipped.map((s) => s.reason))].join(', ')
    throw new Error(
      `No repository of ${org.organization} is covered: ${listed.length} listed${reasons ? ` (left out: ${reasons})` : ''}. Check the repositories, topics, only, include-archived and include-forks inputs, and that the read token can see the repositories.`
    )
  }
  const meta = await readMeta(deps.central)
  const statuses: Record<string, RepositoryStatus> = {}
  for (const [repository, status] of Object.entries(meta?.repositories ?? {})) statuses[repository] = status
  const seen = client.rateLimit('graphql')
  const remaining = seen ? seen.remaining : null
  // a reserve stays for the report job and for anything else using the credential this hour
  const reserve = remaining === null ? 0 : Math.max(50, Math.ceil(remaining * 0.05))
  const available = Math.max(
    0,
    Math.min((remaining ?? 5000) - reserve, settings.requestBudget ?? Number.POSITIVE_INFINITY)
  )
  const planned = planRun(chosen.selected, statuses, org.shards, available)
  const until = settings.until ?? new Date(Math.floor(deps.now.getTime() / 1000) * 1000).toISOString()
  const window = resolveWindow({ ...settings, until, now: deps.now })
  const plan: OrgPlanFile = {
    version: 1,
    organization: org.organization,
    generatedAt: deps.now.toISOString(),
    until,
    period: window.period,
    windowUntil: window.until,
    layout: org.layout,
    shards: planned.shards.map((s) => ({
      shard: s.index + 1,
      repositories: s.repositories,
      points: s.points,
      budget: s.budget
    })),
    skipped: chosen.skipped,
    budget: { remaining, planned: available }
  }
  for (const shard of plan.shards) {
    log.info(
      `Shard ${shard.shard}: ${shard.repositories.length} repositories, about ${shard.points} points expected, ${shard.budget} requests to spend.`
    )
  }
  if (settings.dryRun) log.notice(`dry-run: the plan was not written (${PLAN_PATH}).`)
  else
    await deps.central.save(
      {},
      [{ path: PLAN_PATH, content: json(plan) }],
      `Organization plan for ${plan.period}`
    )
  deps.setOutput('matrix', JSON.stringify({ shard: plan.shards.map((s) => s.shard) }))
  deps.setOutput('plan-path', PLAN_PATH)
  return plan
}

export async function orgSync(deps: OrgDeps, given?: OrgPlanFile): Promise<ShardResultFile[]> {
  const { settings, log } = deps
  const plan = given ?? (await readPlan(deps.central, deps.central.description))
  const wanted = given ? plan.shards.map((s) => s.shard) : [settings.org.shard ?? 0]
  const results: ShardResultFile[] = []
  for (const number of wanted) {
    const shard = plan.shards.find((s) => s.shard === number)
    if (!shard) {
      throw new Error(
        `Input 'shard' is ${number}, but the plan (${PLAN_PATH}, ${plan.generatedAt}) has shards 1 to ${plan.shards.length}: pass the plan job's matrix entry, or run org-plan again.`
      )
    }
    const batch = settings.dryRun ? null : deps.newBatch()
    const flush = async () => {
      if (batch && batch.pending().saves > 0) await batch.flush(`Organization sync, shard ${number}`)
    }
    const runs = await syncShard({
      repositories: shard.repositories,
      budget: shard.budget,
      settingsFor: (repository) => repositorySettings(settings, plan, repository),
      clientFor: (_repository, budget) => deps.readClient(budget),
      storeFor: (repository) => deps.repositoryStore(repository, batch),
      report: runReport,
      historyFor: deps.historyFor,
      log,
      now: () => deps.now,
      afterRepository: async () => {
        const pending = batch?.pending()
        if (pending && (pending.saves >= BATCH_SAVES || pending.bytes >= BATCH_BYTES)) await flush()
      },
      // the backfill pass's saves are flushed with the shard's result, in the same commits
      afterPass: async (pass) => {
        if (pass === 'warm') await flush()
      }
    })
    const result: ShardResultFile = {
      version: 1,
      planGeneratedAt: plan.generatedAt,
      shard: number,
      finishedAt: new Date().toISOString(),
      runs
    }
    results.push(result)
    const file: FileChange = { path: shardResultPath(number), content: json(result) }
    if (settings.dryRun) log.notice(`dry-run: the shard's result was not written (${file.path}).`)
    else if (batch) {
      batch.add(new Map([[file.path, file.content]]), new Set(), `Shard ${number}: results`)
      await batch.flush(`Organization sync, shard ${number}`)
    } else await deps.central.save({}, [file], `Organization sync, shard ${number}: results`)
  }
  return results
}

/** The runs of every repository of the plan: the shards' results, or waiting when a shard left none. */
async function gatherRuns(
  deps: OrgDeps,
  plan: OrgPlanFile,
  inMemory?: ShardResultFile[]
): Promise<RepositoryRun[]> {
  const files = inMemory
    ? new Map(inMemory.map((r) => [shardResultPath(r.shard), json(r)]))
    : await deps.central.readFiles(plan.shards.map((s) => shardResultPath(s.shard)))
  const runs: RepositoryRun[] = []
  for (const shard of plan.shards) {
    const text = files.get(shardResultPath(shard.shard)) ?? null
    const result =
      text === null
        ? null
        : parseJson<ShardResultFile>(text, shardResultPath(shard.shard), 'run the shard again.')
    if (result && result.planGeneratedAt === plan.generatedAt) {
      runs.push(...result.runs)
      continue
    }
    for (const repository of shard.repositories) {
      runs.push({
        repository,
        state: 'waiting',
        message: `shard ${shard.shard} did not finish (cancelled, failed or not run); the next run continues`,
        requests: 0
      })
    }
  }
  return runs
}

/** The values files of the period, by repository: one batched read on the central branch. */
async function readValues(
  deps: OrgDeps,
  plan: OrgPlanFile,
  runs: readonly RepositoryRun[]
): Promise<Map<string, string | null>> {
  const path = valuesPath(plan.period)
  const wanted = runs.filter((r) => r.state !== 'failed').map((r) => r.repository)
  if (plan.layout === 'central') {
    const texts = await deps.central.readFiles(wanted.map((r) => `${repositoryRoot(r)}/${path}`))
    return new Map(wanted.map((r) => [r, texts.get(`${repositoryRoot(r)}/${path}`) ?? null]))
  }
  const out = new Map<string, string | null>()
  for (const repository of wanted)
    out.set(repository, await deps.repositoryStore(repository, null).readFile(path))
  return out
}

function nextMeta(previous: OrgMetaFile | null, runs: readonly RepositoryRun[], now: Date): OrgMetaFile {
  const repositories: OrgMetaFile['repositories'] = { ...(previous?.repositories ?? {}) }
  for (const run of runs) {
    const before = repositories[run.repository]
    if (run.state === 'waiting' && before) {
      // not reached this run: where it stood is still where it stands
      repositories[run.repository] = { ...before, message: run.message }
      continue
    }
    const state: RepositoryStatus['state'] =
      run.state === 'current' ? 'current' : run.state === 'failed' ? 'failed' : 'partial'
    repositories[run.repository] = {
      state,
      lastCompleteAt: run.state === 'current' ? now.toISOString() : (before?.lastCompleteAt ?? null),
      lastRunAt: now.toISOString(),
      requests: run.requests,
      ...(run.message ? { message: run.message } : {})
    }
  }
  return { version: 1, updatedAt: now.toISOString(), repositories, notifications: previous?.notifications }
}

export interface OrgReportResult {
  coverage: OrgCoverage
  snapshotPath: string | null
  counts: Record<RepositoryRun['state'], number>
}

export async function orgReport(
  deps: OrgDeps,
  given?: { plan: OrgPlanFile; results: ShardResultFile[] }
): Promise<OrgReportResult> {
  const { settings, log } = deps
  const plan = given?.plan ?? (await readPlan(deps.central, deps.central.description))
  const runs = await gatherRuns(deps, plan, given?.results)
  const texts = await readValues(deps, plan, runs)
  const { snapshot, coverage } = poolRuns({
    organization: plan.organization,
    period: plan.period,
    until: plan.windowUntil,
    runs,
    texts,
    now: deps.now
  })
  coverage.skipped = plan.skipped
  const counts = { current: 0, partial: 0, failed: 0, waiting: 0 }
  for (const run of runs) counts[run.state]++
  const meta = nextMeta(await readMeta(deps.central), runs, deps.now)
  const files: FileChange[] = [
    { path: `org/${coveragePath(plan.period)}`, content: json(coverage) },
    { path: META_PATH, content: json(meta) }
  ]
  const snapshotPath = snapshot ? `org/${orgSnapshotPath(plan.period)}` : null
  if (snapshot && snapshotPath) files.push({ path: snapshotPath, content: json(snapshot) })
  log.info(
    `${plan.organization} ${plan.period}: ${counts.current} current, ${counts.partial} partial, ${counts.failed} failed, ${counts.waiting} waiting; ${
      snapshot
        ? `${[...texts.values()].filter((t) => t !== null).length} values files pooled`
        : 'nothing to pool yet'
    }.`
  )
  for (const run of runs.filter((r) => r.state === 'failed' || r.state === 'partial')) {
    log.warning(`${run.repository}: ${run.state}${run.message ? ` (${run.message})` : ''}`)
  }
  if (settings.dryRun)
    log.notice(`dry-run: the org report was not written (${files.map((f) => f.path).join(', ')}).`)
  else await deps.central.save({}, files, `Organization report ${plan.period} for ${plan.organization}`)
  deps.setOutput('coverage', JSON.stringify(counts))
  if (snapshotPath) deps.setOutput('snapshot-path', snapshotPath)
  return { coverage, snapshotPath, counts }
}

/** Mode `org`: plan, every shard one after another, and the report, in one job. */
export async function orgAll(deps: OrgDeps): Promise<OrgReportResult> {
  const plan = await orgPlan(deps)
  const results = await orgSync(deps, plan)
  return orgReport(deps, { plan, results })
}
