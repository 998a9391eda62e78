/**
 * The deployment source of a run: the one the setting names, or for `auto` the one the data
 * supports (the choice itself is `chooseSyncedSource`, the metrics' rule). Stored as `{ chosen }`, so a later run sees a
 * change of source.
 */
import type { DeploymentSource } from '../../model.js'
import { selectedDeploymentSource } from '../../settings-types.js'
import type { Checkpoint } from '../../store/types.js'
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { chooseSyncedSource } from '../deployments.js'
import type { SyncCollection, SyncContext } from './types.js'

export class DeploymentSourceChoice {
  /** The source the last run used (null: none yet). */
  readonly previous: DeploymentSource | null
  /** The source the setting names (null for `auto`). */
  readonly explicit: DeploymentSource | null

  constructor(private readonly ctx: SyncContext) {
    const stored = ctx.stored[CHECKPOINT_KEYS.source] as { chosen?: DeploymentSource } | undefined
    this.previous = stored?.chosen ?? null
    this.explicit = selectedDeploymentSource(ctx.setting)
  }

  /** The source this run's deployment records come from, given what the collections found. */
  choose(collections: readonly SyncCollection[]): DeploymentSource {
    const deploymentEnvironments = new Set<string | null>()
    for (const c of collections)
      if (c.source === 'deployment') c.environments?.()?.forEach((e) => deploymentEnvironments.add(e))
    const hasReleases = collections.some((c) => c.source === 'release' && !!c.hasData?.())
    const chosen =
      this.explicit ?? chooseSyncedSource({ deploymentEnvironments, hasReleases }, this.ctx.environment)
    if (this.ctx.setting.kind === 'auto' && chosen !== this.previous) {
      this.ctx.log.info(
        `Deployment source (auto): ${chosen}${this.previous ? ` (was ${this.previous})` : ''}.`
      )
    }
    return chosen
  }

  checkpoints(chosen: DeploymentSource): Record<string, Checkpoint> {
    return { [CHECKPOINT_KEYS.source]: { chosen } }
  }
}
