/**
 * Deployment sources other than the GraphQL rounds: the runs of a named workflow (REST), merges into
 * the default branch (derived from pull requests, no requests), and what the deployments checkpoint
 * keeps for the `auto` choice (made in ../metrics/deployment-facts.ts, re-exported here for the sync).
 *
 * GitHub Deployments and releases are read by the sync's combined GraphQL rounds (see sync.ts), for
 * every environment; their nodes are normalized in normalize.ts. Records keep GitHub's facts: runs and
 * merges have no environment (null); which deployments are production is for the metrics to say.
 */
import type { Deployment, DeploymentStatus, PullRequest } from '../model.js'
import { deploymentOutcome } from '../metrics/deployment-facts.js'
import type { Checkpoint } from '../store/types.js'
import type { GitHubClient } from './client.js'
import { NotFoundError, RateLimitedError, toGitHubError } from './errors.js'
import type { Walker } from './walker.js'

export { chooseSyncedSource } from '../metrics/deployment-facts.js'

/** Each pull request merged into the default branch is a successful deployment of its merge commit. */
export function mergeDeployments(pulls: PullRequest[], defaultBranch: string | null): Deployment[] {
  if (defaultBranch === null) return []
  const out: Deployment[] = []
  for (const pull of pulls) {
    if (!pull.mergedAt || pull.baseRef !== defaultBranch || !pull.mergeCommitSha) continue
    out.push({
      source: 'merge',
      id: pull.mergeCommitSha,
      environment: null,
      sha: pull.mergeCommitSha,
      status: 'success',
      createdAt: pull.mergedAt,
      finishedAt: pull.mergedAt
    })
  }
  return out
}

/** The stored deployments checkpoint, read: the walk to resume and what it knows for `auto`. */
export interface DeploymentsCheckpointState {
  /** The walker checkpoint to resume; undefined to start the walk over. */
  resume: unknown
  /** Why the walk starts over (for the log), or null. */
  startOver: string | null
  /** Environments, as GitHub names them, with a finished GitHub Deployment (null: one naming none). */
  environments: Set<string | null>
}

/**
 * Reads the deployments checkpoint. One written before every environment was read names a single
 * `environment` (what the query was limited to): its walk starts over once, to read the others, and
 * the environment it found deployments in is kept meanwhile, so `auto` keeps its source.
 */
export function readDeploymentsCheckpoint(stored: unknown): DeploymentsCheckpointState {
  const cp = stored as { environments?: unknown; environment?: unknown; hasData?: unknown } | undefined
  if (cp === undefined || cp === null) return { resume: undefined, startOver: null, environments: new Set() }
  if (Array.isArray(cp.environments)) {
    const names = cp.environments.filter((e): e is string | null => e === null || typeof e === 'string')
    return { resume: stored, startOver: null, environments: new Set(names) }
  }
  const environments = new Set<string | null>()
  if (cp.hasData === true && typeof cp.environment === 'string') environments.add(cp.environment)
  return {
    resume: undefined,
    startOver: 'earlier runs read one environment only; every environment is read now, once',
    environments
  }
}

/** Adds the environment of each finished GitHub Deployment to `environments`. */
export function noteDeploymentEnvironments(
  environments: Set<string | null>,
  records: readonly Deployment[]
): void {
  for (const record of records) {
    if (record.source === 'deployment' && deploymentOutcome(record.status) !== null)
      environments.add(record.environment)
  }
}

/** The deployments checkpoint to store: the walk, and the environments with finished deployments. */
export function deploymentsCheckpoint(walk: Checkpoint, environments: Set<string | null>): Checkpoint {
  const names = [...environments].sort((a, b) => (a ?? '').localeCompare(b ?? ''))
  return { ...walk, environments: names }
}

export interface WorkflowRun {
  id: number
  head_sha: string
  head_branch?: string | null
  event?: string
  status: string | null
  conclusion: string | null
  created_at: string
  updated_at: string
  run_started_at?: string
  html_url?: string
}

/** A completed run's conclusion as a deployment status; null for runs that deployed nothing (skipped). */
export function runStatus(conclusion: string | null): DeploymentStatus | null {
  switch (conclusion) {
    case 'success':
      return 'success'
    case 'failure':
    case 'timed_out':
    case 'startup_failure':
      return 'failure'
    case 'cancelled':
      return 'cancelled'
    default:
      return null
  }
}

/** A completed run as a deployment (GitHub gives a run no environment); null when it deployed nothing. */
export function normalizeRun(run: WorkflowRun): Deployment | null {
  const status = runStatus(run.conclusion)
  if (status === null) return null
  return {
    source: 'workflow_run',
    id: String(run.id),
    environment: null,
    sha: run.head_sha || null,
    status,
    createdAt: run.created_at.replace('.000Z', 'Z'),
    finishedAt: run.updated_at.replace('.000Z', 'Z'),
    ...(run.html_url ? { url: run.html_url } : {})
  }
}

/** A completed run of the default branch that did not run for a pull request: a deployment attempt. */
export function isDeployRun(run: WorkflowRun, defaultBranch: string): boolean {
  if (run.status !== null && run.status !== 'completed') return false
  if (run.event === 'pull_request' || run.event === 'pull_request_target') return false
  return !run.head_branch || run.head_branch === defaultBranch
}

interface WorkflowRef {
  id: string
  /** Requests spent resolving it. */
  requests: number
}

/**
 * The workflow id or file name for the REST routes. A number or a `.yml` file name is used as is;
 * a display name is looked up in the repository's workflows (one request; cached by the caller).
 */
export async function resolveWorkflow(
  client: GitHubClient,
  owner: string,
  repo: string,
  name: string
): Promise<WorkflowRef> {
  if (/^\d+$/.test(name) || /\.ya?ml$/i.test(name)) return { id: name.replace(/^.*\//, ''), requests: 0 }
  const response = await client.octokit.request('GET /repos/{owner}/{repo}/actions/workflows', {
    owner,
    repo,
    per_page: 100
  })
  const workflows = response.data.workflows as { id: number; name: string; path: string }[]
  const found =
    workflows.find((w) => w.name === name) ??
    workflows.find((w) => w.name.toLowerCase() === name.toLowerCase())
  if (!found) {
    const names = workflows.map((w) => `'${w.name}' (${w.path.replace(/^.*\//, '')})`).join(', ') || 'none'
    throw new Error(
      `deployment-source 'workflow:${name}': ${owner}/${repo} has no workflow named '${name}'. ` +
        `Use a workflow's name or file name; the repository has: ${names}.`
    )
  }
  return { id: String(found.id), requests: 1 }
}

export interface RunPageResult {
  deployments: Deployment[]
  requests: number
  /** Stopped because GitHub kept refusing for its rate limit (what was read is kept). */
  rateLimited: boolean
  /** The rate-limit failure, when it stopped. */
  error?: unknown
}

/**
 * Reads the completed runs of the workflow on the default branch, newest first, one REST page per call
 * of `canContinue()`, through the walker (page numbers are its cursor: new runs only push older ones
 * to later pages, so a resumed walk re-reads a few runs and skips none).
 */
export async function syncWorkflowRuns(opts: {
  client: GitHubClient
  owner: string
  repo: string
  workflowId: string
  workflowName: string
  branch: string
  walker: Walker
  canContinue: () => boolean
  perPage?: number
}): Promise<RunPageResult> {
  const { client, walker } = opts
  const perPage = opts.perPage ?? 100
  const deployments: Deployment[] = []
  let requests = 0
  while (walker.active && opts.canContinue()) {
    const page = Number(walker.cursor ?? '1')
    let response
    try {
      response = await client.octokit.request(
        'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
        {
          owner: opts.owner,
          repo: opts.repo,
          workflow_id: opts.workflowId,
          // No branch or status filter: GitHub caps filtered listings at 1,000 runs, which would cut a
          // long deploy history short without saying so. The runs are filtered here instead.
          per_page: perPage,
          page
        }
      )
    } catch (error) {
      const failure = toGitHubError(error)
      if (failure instanceof RateLimitedError)
        return { deployments, requests, rateLimited: true, error: failure }
      if (failure instanceof NotFoundError) {
        throw new Error(
          `deployment-source 'workflow:${opts.workflowName}': workflow '${opts.workflowId}' was not found in ` +
            `${opts.owner}/${opts.repo}. Give the workflow's file name (deploy.yml) or its name.`
        )
      }
      throw error
    }
    requests++
    const runs = response.data.workflow_runs as unknown as WorkflowRun[]
    const link = String((response.headers as Record<string, unknown>).link ?? '')
    const hasNextPage = /rel="next"/.test(link)
    const keys = runs.map((r) => r.created_at.replace('.000Z', 'Z'))
    const { keep } = walker.consume(keys, { hasNextPage, endCursor: String(page + 1) })
    for (const run of runs.slice(0, keep)) {
      if (!isDeployRun(run, opts.branch)) continue
      const deployment = normalizeRun(run)
      if (deployment) deployments.push(deployment)
    }
  }
  return { deployments, requests, rateLimited: false }
}
