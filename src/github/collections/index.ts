/**
 * The collections a sync reads, as data: which descriptors a run's settings call for, in the order
 * their parts go into a round and their checkpoints into the update. Adding a collection is a
 * descriptor file beside this one and a line here.
 */
import type { DeploymentSourceSetting } from '../../settings-types.js'
import { commitsCollection } from './commits.js'
import { githubDeploymentsCollection } from './github-deployments.js'
import { issuesCollection } from './issues.js'
import { mergesCollection, mergesNeedAllPulls } from './merges.js'
import { pullsCollection } from './pulls.js'
import { releasesCollection } from './releases.js'
import { DeploymentSourceChoice } from './source.js'
import { TeamsCollection } from './teams.js'
import type {
  AnyCollection,
  DerivedCollection,
  RestCollection,
  RoundCollection,
  SyncContext
} from './types.js'
import { workflowRunsCollection } from './workflow-runs.js'

export interface SyncPlan {
  /** Every collection, in checkpoint order. */
  all: AnyCollection[]
  rounds: RoundCollection[]
  rest: RestCollection[]
  derived: DerivedCollection[]
  teams: TeamsCollection
  source: DeploymentSourceChoice
}

/** The collections of deployment records a deployment-source setting reads (`auto`: all it may choose from). */
function deploymentCollections(
  ctx: SyncContext,
  setting: DeploymentSourceSetting,
  derived: () => DerivedCollection
): AnyCollection[] {
  switch (setting.kind) {
    case 'deployments':
      return [githubDeploymentsCollection(ctx)]
    case 'releases':
      return [releasesCollection(ctx)]
    case 'workflow':
      return [workflowRunsCollection(ctx, setting.name)]
    case 'merges':
      return [derived()]
    case 'auto':
      return [githubDeploymentsCollection(ctx), releasesCollection(ctx), derived()]
  }
}

export function planCollections(ctx: SyncContext, storedTeams: Record<string, string[]> | null): SyncPlan {
  const source = new DeploymentSourceChoice(ctx)
  const pulls = pullsCollection(ctx, mergesNeedAllPulls(ctx, source))
  const all: AnyCollection[] = [
    pulls,
    issuesCollection(ctx),
    commitsCollection(ctx),
    ...deploymentCollections(ctx, ctx.setting, () => mergesCollection(ctx, pulls, source))
  ]
  return {
    all,
    rounds: all.filter((c): c is RoundCollection => c.kind === 'round'),
    rest: all.filter((c): c is RestCollection => c.kind === 'rest'),
    derived: all.filter((c): c is DerivedCollection => c.kind === 'derived'),
    teams: new TeamsCollection(ctx, storedTeams),
    source
  }
}
