/**
 * The runs of a named workflow (deployment-source `workflow:NAME`), read with REST after the rounds:
 * completed default-branch runs, newest first, one page per budget check. The checkpoint keeps the
 * resolved workflow id (no lookup next time).
 */
import type { Checkpoint } from '../../store/types.js'
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { resolveWorkflow, syncWorkflowRuns } from '../deployments.js'
import { ForbiddenError, stopsTheSync, toGitHubError } from '../errors.js'
import { noteStop } from '../stops.js'
import { Walker } from '../walker.js'
import type { RestCollection, SyncContext } from './types.js'

/** Completed runs are listed from when they were created: allow one day to finish. */
const LOOKBACK_SECONDS = 86400

export function workflowRunsCollection(ctx: SyncContext, workflowName: string): RestCollection {
  const key = CHECKPOINT_KEYS.workflow(workflowName)
  const stored = ctx.stored[key] as { workflowId?: string } | undefined
  const walker = new Walker(`workflow runs of ${workflowName}`, stored, {
    ascendingBackfill: false,
    since: null,
    lookbackSeconds: LOOKBACK_SECONDS
  })
  let workflowId = stored?.workflowId ?? null
  const readRuns = async (): Promise<boolean> => {
    const branch = ctx.repository.defaultBranch
    if (branch === null) {
      ctx.log.warning('The repository has no default branch yet: no workflow runs to read.')
      return false
    }
    if (workflowId === null)
      workflowId = (await resolveWorkflow(ctx.client, ctx.owner, ctx.repo, workflowName)).id
    let pages = 0
    const runs = await syncWorkflowRuns({
      client: ctx.client,
      owner: ctx.owner,
      repo: ctx.repo,
      workflowId,
      workflowName,
      branch,
      walker,
      // One page per run even on a spent budget, so tiny budgets still progress.
      canContinue: () => pages++ === 0 || ctx.budget.allows()
    })
    for (const deployment of runs.deployments) ctx.records.put('deployments', deployment)
    if (runs.rateLimited) {
      ctx.log.warning('GitHub kept refusing workflow-run pages for its rate limit: stopping here.')
      noteStop(ctx, runs.error)
      return true
    }
    return walker.active
  }
  return {
    kind: 'rest',
    name: walker.name,
    records: 'deployments',
    source: 'workflow_run',
    walker,
    read: async () => {
      try {
        return await readRuns()
      } catch (error) {
        // A REST 403 "Resource not accessible by integration": this collection is skipped, the run goes on.
        if (stopsTheSync(error) || !(toGitHubError(error) instanceof ForbiddenError)) throw error
        const message =
          `The token may not read the runs of workflow ${workflowName} (${(error as Error).message}): they were ` +
          'skipped in this run. Give the workflow `permissions: actions: read`.'
        ctx.log.warning(message)
        ctx.notes.push(message)
        return false
      }
    },
    complete: () => walker.complete,
    checkpoints: (): Record<string, Checkpoint> => ({
      [key]: { ...walker.checkpoint(), workflowId }
    })
  }
}
