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
import { resolveWindow } from '../period.js'
import { runReport } from '../pipeline/report.js'
import type { Settings } from '../settings-types.js'
import type { FileChange } from '../store/types.js'
import {
  PLAN_PATH,
  json,
  readMeta,
  readPlan,
  shardResultPath,
  type OrgDeps,
  type OrgPlanFile,
  type ShardResultFile
} from './branch.js'
import { listOrganizationRepositories } from './listing.js'
import { planRun, type RepositoryStatus } from './plan.js'
import { orgReport, type OrgReportResult } from './report-job.js'
import { selectRepositories } from './select.js'
import { syncShard } from './sync.js'

export * from './branch.js'
export { orgReport, type OrgReportResult } from './report-job.js'

/** Saves a shard batches before it commits them (and at the end of each pass). */
const BATCH_SAVES = 25
const BATCH_BYTES = 6 * 1024 * 1024

/** The settings a repository of the plan is measured with: its own repository, the plan's `until`, no issue. */
export function repositorySettings(
  settings: Settings,
  plan: Pick<OrgPlanFile, 'until'>,
  repository: string
): Settings {
  const [owner, repo] = repository.split('/')
  return { ...settings, repository: { owner, repo }, until: plan.until, notify: false }
}

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
    missing: Object.keys(meta?.repositories ?? {})
      .filter(
        (repository) => !listed.some((r) => `${r.owner}/${r.name}`.toLowerCase() === repository.toLowerCase())
      )
      .sort()
      .map((repository) => ({
        repository,
        reason: `no longer visible to the read token (covered before): check its access to ${repository}, or the App's installation`
      })),
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

/** Mode `org`: plan, every shard one after another, and the report, in one job. */
export async function orgAll(deps: OrgDeps): Promise<OrgReportResult> {
  const plan = await orgPlan(deps)
  const results = await orgSync(deps, plan)
  return orgReport(deps, { plan, results })
}
