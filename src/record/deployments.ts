/**
 * Deployment events → model Deployments (pure): deployment_status (source `deployment`, id = the
 * deployment's id), workflow_run completed for the configured deploy workflow (source `workflow_run`,
 * id = the run's id) and release published (source `release`, id = the release's numeric id). Ids are
 * GitHub's numeric database ids as strings, as the sync stores them. Records keep GitHub's facts, as
 * the sync's do: a deployment's environment as GitHub names it, none (null) for runs and releases.
 * Only production deployments (deployment-facts.ts) are worth a commit; the sync reads the others.
 */
import { isProductionEnvironment } from '../metrics/deployment-facts.js'
import type { Deployment, DeploymentStatus } from '../model.js'
import { need, sha40, utc, utcOrNull } from './payload.js'

export type DeploymentFold = { deployment: Deployment; folded: string } | { skipped: string }

const FINAL: ReadonlySet<DeploymentStatus> = new Set(['success', 'failure', 'error', 'cancelled'])

const DEPLOYMENT_STATES: Record<string, DeploymentStatus> = {
  success: 'success',
  failure: 'failure',
  error: 'error',
  in_progress: 'in_progress',
  queued: 'in_progress',
  pending: 'in_progress',
  waiting: 'in_progress'
}

export function deploymentFromStatusEvent(
  payload: Record<string, unknown>,
  environment: string
): DeploymentFold {
  const event = 'deployment_status'
  const deployment = need<{ id: number; environment?: string; sha?: string; created_at: string }>(
    payload,
    'deployment',
    event
  )
  const status = need<{ state?: string; created_at?: string; updated_at?: string }>(
    payload,
    'deployment_status',
    event
  )
  const env = deployment.environment ?? null
  if (!isProductionEnvironment(env, environment)) {
    return {
      skipped: `deployment ${deployment.id} is to "${env}", not to "${environment}" (deployment-environment)`
    }
  }
  const state = String(status.state)
  if (state === 'inactive') {
    // GitHub marks the previous deployment inactive when a newer one succeeds; its outcome stands.
    return {
      skipped: `deployment ${deployment.id} became inactive (superseded); its recorded outcome is kept`
    }
  }
  const mapped = DEPLOYMENT_STATES[state]
  if (!mapped) return { skipped: `deployment ${deployment.id}: unknown status ${JSON.stringify(state)}` }
  const at = utc(status.created_at ?? status.updated_at, 'deployment_status.created_at')
  const record: Deployment = {
    source: 'deployment',
    id: String(deployment.id),
    environment: env,
    sha: sha40(deployment.sha),
    status: mapped,
    createdAt: utc(deployment.created_at, 'deployment.created_at'),
    finishedAt: FINAL.has(mapped) ? at : null
  }
  const to = env ?? 'no environment'
  return { deployment: record, folded: `deployment ${record.id} to ${to}: ${mapped} at ${at}` }
}

/**
 * Whether a workflow run is the configured deploy workflow, named as the sync accepts it: the
 * workflow's display name (any case), its file path or file name, or its numeric id.
 */
export function isDeployWorkflow(
  run: { name?: string | null; path?: string | null; workflow_id?: number | null },
  workflow: { id?: number | null; name?: string | null; path?: string | null } | undefined,
  configured: string
): boolean {
  const wanted = configured.trim()
  if (wanted === '') return false
  if (/^\d+$/.test(wanted)) return String(run.workflow_id ?? workflow?.id ?? '') === wanted
  const names = [run.name, workflow?.name].filter((n): n is string => typeof n === 'string' && n !== '')
  const paths = [run.path, workflow?.path].filter((p): p is string => typeof p === 'string' && p !== '')
  const file = wanted.replace(/^.*\//, '')
  return (
    names.some((n) => n === wanted || n.toLowerCase() === wanted.toLowerCase()) ||
    paths.some((p) => {
      const path = p.replace(/@.*$/, '')
      return path === wanted || (/\.ya?ml$/i.test(file) && path.split('/').pop() === file)
    })
  )
}

const RUN_CONCLUSIONS: Record<string, DeploymentStatus> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancelled'
}

export function deploymentFromWorkflowRun(
  payload: Record<string, unknown>,
  deployWorkflow: string | null
): DeploymentFold {
  const action = String(payload.action)
  if (action !== 'completed')
    return { skipped: `workflow_run action "${action}" is not recorded (only completed)` }
  const run = need<{
    id: number
    name?: string | null
    path?: string | null
    workflow_id?: number | null
    head_sha?: string
    head_branch?: string | null
    event?: string
    conclusion?: string | null
    created_at: string
    updated_at?: string
    html_url?: string
  }>(payload, 'workflow_run', 'workflow_run')
  const workflow = payload.workflow as { id?: number; name?: string; path?: string } | undefined
  if (deployWorkflow === null) {
    return {
      skipped:
        'no deploy workflow is configured (deployment-source: workflow:NAME), so workflow runs are not deployments'
    }
  }
  if (!isDeployWorkflow(run, workflow, deployWorkflow)) {
    const name = run.name || workflow?.name || run.path || workflow?.path || String(run.id)
    return { skipped: `workflow "${name}" is not the deploy workflow "${deployWorkflow}"` }
  }
  // As the sync reads them: runs of the default branch only (a run for a pull request or another
  // branch is not a production deployment).
  const defaultBranch = (payload.repository as { default_branch?: string } | undefined)?.default_branch
  if (run.event === 'pull_request' || run.event === 'pull_request_target') {
    return { skipped: `workflow run ${run.id} ran for a pull request, not a deployment` }
  }
  if (defaultBranch && run.head_branch && run.head_branch !== defaultBranch) {
    return {
      skipped: `workflow run ${run.id} ran on ${run.head_branch}, not the default branch ${defaultBranch}`
    }
  }
  const conclusion = String(run.conclusion)
  const status = RUN_CONCLUSIONS[conclusion]
  if (!status) {
    return { skipped: `workflow run ${run.id} concluded "${conclusion}", which is not a deployment outcome` }
  }
  const record: Deployment = {
    source: 'workflow_run',
    id: String(run.id),
    environment: null,
    sha: sha40(run.head_sha),
    status,
    // the run's creation time, as the sync stores it
    createdAt: utc(run.created_at, 'workflow_run.created_at'),
    finishedAt: utcOrNull(run.updated_at, 'workflow_run.updated_at')
  }
  if (typeof run.html_url === 'string' && run.html_url) record.url = run.html_url
  return { deployment: record, folded: `workflow run ${record.id} (${deployWorkflow}): ${status}` }
}

export function deploymentFromRelease(payload: Record<string, unknown>): DeploymentFold {
  const action = String(payload.action)
  if (action !== 'published')
    return { skipped: `release action "${action}" is not recorded (only published)` }
  const release = need<{
    id: number
    tag_name?: string
    target_commitish?: string
    draft?: boolean
    prerelease?: boolean
    created_at: string
    published_at?: string | null
    html_url?: string
  }>(payload, 'release', 'release')
  if (release.draft) return { skipped: `release ${release.tag_name ?? release.id} is a draft` }
  // The sync does not count prereleases as deployments either.
  if (release.prerelease) return { skipped: `release ${release.tag_name ?? release.id} is a prerelease` }
  const at = utc(release.published_at ?? release.created_at, 'release.published_at')
  const record: Deployment = {
    source: 'release',
    id: String(release.id),
    environment: null,
    // target_commitish is usually a branch name; the tag's commit is filled in by the sync
    sha: sha40(release.target_commitish),
    status: 'success',
    createdAt: at,
    finishedAt: at
  }
  if (typeof release.html_url === 'string' && release.html_url) record.url = release.html_url
  return { deployment: record, folded: `release ${release.tag_name ?? record.id} published at ${at}` }
}

/**
 * The event's record over the stored one: what the event does not know (a sha, a url, the environment
 * an older record of a run or release carries) is kept; a final outcome is not replaced by an older or
 * unfinished status.
 */
export function mergeDeployment(stored: Deployment | null, fresh: Deployment): Deployment {
  if (!stored) return fresh
  const merged: Deployment = {
    ...stored,
    ...fresh,
    environment: fresh.source === 'deployment' ? fresh.environment : stored.environment,
    sha: fresh.sha ?? stored.sha
  }
  if (fresh.url === undefined && stored.url !== undefined) merged.url = stored.url
  const storedFinal = FINAL.has(stored.status) && stored.finishedAt !== null
  if (storedFinal) {
    const staleOrUnfinished =
      !FINAL.has(fresh.status) ||
      fresh.finishedAt === null ||
      Date.parse(fresh.finishedAt) < Date.parse(stored.finishedAt as string)
    if (staleOrUnfinished) {
      merged.status = stored.status
      merged.finishedAt = stored.finishedAt
    }
  }
  return merged
}
