/**
 * Merges into the default branch as deployments (deployment-source `merges`, and `auto` without
 * deployments or releases): derived from the pull requests read, no requests of their own. They need
 * every pull request: when merges become the source after pull requests were read without deriving
 * them, the pull requests are read again.
 */
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { mergeDeployments } from '../deployments.js'
import type { PullsCollection } from './pulls.js'
import type { DeploymentSourceChoice } from './source.js'
import type { DerivedCollection, SyncContext } from './types.js'

/** `merges` is newly selected and pull requests were read before: this run reads them all again. */
export function mergesNeedAllPulls(ctx: SyncContext, source: DeploymentSourceChoice): boolean {
  const again =
    source.explicit === 'merge' &&
    source.previous !== 'merge' &&
    ctx.stored[CHECKPOINT_KEYS.pulls] !== undefined
  if (again) ctx.log.info('Deployments from merges: re-reading pull requests to find every merge.')
  return again
}

export function mergesCollection(
  ctx: SyncContext,
  pulls: PullsCollection,
  source: DeploymentSourceChoice
): DerivedCollection {
  return {
    kind: 'derived',
    name: 'merges',
    records: 'deployments',
    source: 'merge',
    walker: null,
    derive: (chosen) => {
      if (chosen !== 'merge') return
      const merges = mergeDeployments(ctx.records.values('pulls'), ctx.repository.defaultBranch)
      for (const deployment of merges) ctx.records.put('deployments', deployment)
      // auto switched to merges after pull requests were read without deriving them: read them again.
      if (ctx.setting.kind === 'auto' && source.previous !== null && source.previous !== 'merge') {
        pulls.restart()
        ctx.notes.push(
          'Deployments now come from merges: the next run reads pull requests again to find every merge.'
        )
      }
    },
    complete: () => true,
    checkpoints: () => ({})
  }
}
