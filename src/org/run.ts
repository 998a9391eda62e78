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
import { parseGroupsFile, resolveGroups, type ResolvedGroup } from './groups.js'
import { notifyOrganization, type OrgNotificationState, type OrgNotifyResult } from './notify.js'
import { renderOrgReport, type RenderedOrgReport } from './report.js'
import { listTeams, type TeamsListing } from './teams.js'
import { parseValues, valuesPath, type SnapshotValues } from './values.js'
import type { IssueApi } from '../notify/index.js'
import type { Snapshot } from '../metrics/types.js'

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
  /** A file of the metrics repository's default branch (the groups file), or null when absent. */
  readRepositoryFile: (path: string) => Promise<string | null>
  /** Writes the central issue (the workflow's token) and, when asked, the repositories' issues (the read token). */
  issues: { central: IssueApi; repositories: IssueApi }
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

/** The values file and the snapshot of the period, by repository: batched reads on the central branch. */
async function readPeriodFiles(
  deps: OrgDeps,
  plan: OrgPlanFile,
  runs: readonly RepositoryRun[]
): Promise<Map<string, { values: string | null; snapshot: string | null }>> {
  const paths = { values: valuesPath(plan.period), snapshot: `snapshots/${plan.period}.json` }
  const wanted = runs.filter((r) => r.state !== 'failed').map((r) => r.repository)
  const out = new Map<string, { values: string | null; snapshot: string | null }>()
  if (plan.layout === 'central') {
    const inRoot = (r: string, path: string) => `${repositoryRoot(r)}/${path}`
    const texts = await deps.central.readFiles(
      wanted.flatMap((r) => [inRoot(r, paths.values), inRoot(r, paths.snapshot)])
    )
    for (const r of wanted) {
      out.set(r, {
        values: texts.get(inRoot(r, paths.values)) ?? null,
        snapshot: texts.get(inRoot(r, paths.snapshot)) ?? null
      })
    }
    return out
  }
  for (const r of wanted) {
    const texts = await deps.repositoryStore(r, null).readFiles([paths.values, paths.snapshot])
    out.set(r, { values: texts.get(paths.values) ?? null, snapshot: texts.get(paths.snapshot) ?? null })
  }
  return out
}

/** The groups of the groups file (a missing file: none; a bad one: a note in the report instead). */
async function readGroups(
  deps: OrgDeps,
  repositories: readonly string[]
): Promise<{ groups: ResolvedGroup[]; note?: string }> {
  const path = deps.settings.org.groupsFile
  if (!path) return { groups: [] }
  const text = await deps.readRepositoryFile(path)
  if (text === null) return { groups: [] }
  try {
    return { groups: resolveGroups(parseGroupsFile(text, path), repositories) }
  } catch (error) {
    const message = (error as Error).message
    deps.log.warning(message)
    return { groups: [], note: message }
  }
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
  report: RenderedOrgReport
  notified: OrgNotifyResult
}

function parsedOrNull<T>(text: string | null, parse: (text: string) => T): T | null {
  return text === null ? null : parse(text)
}

export async function orgReport(
  deps: OrgDeps,
  given?: { plan: OrgPlanFile; results: ShardResultFile[] }
): Promise<OrgReportResult> {
  const { settings, log } = deps
  const plan = given?.plan ?? (await readPlan(deps.central, deps.central.description))
  const runs = await gatherRuns(deps, plan, given?.results)
  const read = await readPeriodFiles(deps, plan, runs)
  const { snapshot, coverage, values } = poolRuns({
    organization: plan.organization,
    period: plan.period,
    until: plan.windowUntil,
    runs,
    texts: new Map([...read].map(([r, t]) => [r, t.values])),
    now: deps.now
  })
  coverage.skipped = plan.skipped
  const counts = { current: 0, partial: 0, failed: 0, waiting: 0 }
  for (const run of runs) counts[run.state]++
  const previousMeta = await readMeta(deps.central)
  const meta = nextMeta(previousMeta, runs, deps.now)
  const snapshotPath = snapshot ? `org/${orgSnapshotPath(plan.period)}` : null
  log.info(
    `${plan.organization} ${plan.period}: ${counts.current} current, ${counts.partial} partial, ${counts.failed} failed, ${counts.waiting} waiting; ${values.size} values files pooled.`
  )
  for (const run of runs.filter((r) => r.state === 'failed' || r.state === 'partial')) {
    log.warning(`${run.repository}: ${run.state}${run.message ? ` (${run.message})` : ''}`)
  }

  const repositories = runs.map((r) => r.repository)
  const groups = await readGroups(deps, repositories)
  const teams: TeamsListing = await listTeams(deps.readClient(null), plan.organization)
  if (teams.note) log.info(`Teams: ${teams.note}`)
  const reportsPath = settings.reportsPath
  const indexPath = `${reportsPath}/org/README.md`
  const window = resolveWindow({ ...settings, until: plan.until, now: deps.now })
  const report = await renderOrgReport({
    organization: plan.organization,
    period: plan.period,
    since: window.since,
    until: window.until,
    snapshot,
    coverage,
    repositories: repositories.map((repository) => ({
      repository,
      snapshot: parsedOrNull(read.get(repository)?.snapshot ?? null, (t) => JSON.parse(t) as Snapshot),
      values:
        values.get(repository) ??
        parsedOrNull(read.get(repository)?.values ?? null, (t): SnapshotValues | null => {
          try {
            return parseValues(t)
          } catch {
            return null
          }
        })
    })),
    groups: groups.groups,
    ...(groups.note ? { groupsNote: groups.note } : {}),
    teams: teams.teams,
    ...(teams.note ? { teamsNote: teams.note } : {}),
    people: settings.org.people,
    reportsPath,
    generatedAt: deps.now.toISOString(),
    existingIndex: await deps.central.readFile(indexPath),
    links: {
      serverUrl: settings.serverUrl,
      repository: `${settings.repository.owner}/${settings.repository.repo}`,
      branch: settings.dataBranch
    }
  })
  const files: FileChange[] = [
    { path: `org/${coveragePath(plan.period)}`, content: json(coverage) },
    ...(snapshot && snapshotPath ? [{ path: snapshotPath, content: json(snapshot) }] : []),
    ...report.files
  ]
  if (settings.dryRun) log.notice(`dry-run: the org report was not written (${files.length + 1} files).`)
  else
    await deps.central.save(
      {},
      [...files, { path: META_PATH, content: json(meta) }],
      `Organization report ${plan.period} for ${plan.organization}`
    )

  const before = (meta.notifications ?? null) as OrgNotificationState | null
  const notified = await notifyOrganization({
    mode: settings.org.notify,
    organization: plan.organization,
    period: plan.period,
    metricsRepository: `${settings.repository.owner}/${settings.repository.repo}`,
    octokit: deps.issues.central,
    repositoryOctokit: deps.issues.repositories,
    centralBody: report.issueBody,
    repositories: report.repositoryIssues,
    label: settings.issueLabel,
    title: settings.issueTitle,
    assignees: settings.issueAssignees,
    closePrevious: settings.closePreviousIssue,
    issueRepository: settings.org.issueRouting
      ? `${settings.org.issueRouting.owner}/${settings.org.issueRouting.repo}`
      : null,
    budget: settings.org.notificationBudget,
    state: before,
    dryRun: settings.dryRun,
    log
  })
  if (!settings.dryRun && JSON.stringify(notified.state) !== JSON.stringify(before)) {
    // where the paced per-repository issues got to, for the next run to continue
    await deps.central.save(
      {},
      [{ path: META_PATH, content: json({ ...meta, notifications: notified.state }) }],
      `Organization notifications ${plan.period}`
    )
  }
  deps.setOutput('coverage', JSON.stringify(counts))
  deps.setOutput('report-path', report.reportPath)
  if (report.reportUrl) deps.setOutput('report-url', report.reportUrl)
  if (snapshotPath) deps.setOutput('snapshot-path', snapshotPath)
  if (notified.central) {
    deps.setOutput('issue-number', String(notified.central.number))
    deps.setOutput('issue-url', notified.central.url)
  }
  return { coverage, snapshotPath, counts, report, notified }
}

/** Mode `org`: plan, every shard one after another, and the report, in one job. */
export async function orgAll(deps: OrgDeps): Promise<OrgReportResult> {
  const plan = await orgPlan(deps)
  const results = await orgSync(deps, plan)
  return orgReport(deps, { plan, results })
}
