/**
 * Organization mode's report job: gathers the shards' results (a shard that never wrote its file
 * leaves its repositories waiting, named), pools the values files into the org snapshot, writes the
 * coverage, the org snapshot, the org meta (per-repository status) and the rendered org report in one
 * commit, then announces it (./notify.ts).
 */
import type { Snapshot } from '../metrics/types.js'
import { resolveWindow } from '../period.js'
import type { FileChange } from '../store/types.js'
import {
  META_PATH,
  json,
  parseJson,
  readMeta,
  readPlan,
  repositoryRoot,
  shardResultPath,
  type OrgDeps,
  type OrgMetaFile,
  type OrgPlanFile,
  type ShardResultFile
} from './branch.js'
import { parseGroupsFile, resolveGroups, type ResolvedGroup } from './groups.js'
import { notifyOrganization, type OrgNotificationState, type OrgNotifyResult } from './notify.js'
import { renderOrgReport, type RenderedOrgReport } from './report.js'
import { coveragePath, orgSnapshotPath, poolRuns, type OrgCoverage } from './rollup.js'
import type { RepositoryStatus } from './plan.js'
import type { RepositoryRun } from './sync.js'
import { listTeams, type TeamsListing } from './teams.js'
import { parseValues, valuesPath, type SnapshotValues } from './values.js'

/** The runs of every repository of the plan: the shards' results, or waiting when a shard left none. */
async function gatherRuns(
  deps: OrgDeps,
  plan: OrgPlanFile,
  inMemory?: ShardResultFile[]
): Promise<RepositoryRun[]> {
  const files = inMemory
    ? new Map(inMemory.map((r) => [shardResultPath(r.shard), json(r)]))
    : await deps.central.readFiles(plan.shards.map((s) => shardResultPath(s.shard)))
  const runs: RepositoryRun[] = (plan.missing ?? []).map((m) => ({
    repository: m.repository,
    state: 'failed' as const,
    message: m.reason,
    requests: 0
  }))
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
  /** The pooled org snapshot (null when no repository had a values file for the window). */
  snapshot: Snapshot | null
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
  return { coverage, snapshotPath, counts, report, notified, snapshot }
}
