/**
 * GitHub Deployments (deployment-source `deployments`, and `auto`): every environment's deployments,
 * newest first, stored as GitHub says them (which are production is for the metrics). One still in
 * progress keeps the next passes reaching back to it until it finishes. The checkpoint notes the
 * environments that have finished deployments (for `auto`), so changing `deployment-environment`
 * needs no re-read.
 */
import type { Checkpoint } from '../../store/types.js'
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import {
  deploymentsCheckpoint,
  noteDeploymentEnvironments,
  readDeploymentsCheckpoint
} from '../deployments.js'
import { type GqlConnection, type GqlDeploymentNode, isFinal, normalizeDeployment } from '../normalize.js'
import { deploymentsPart } from '../queries.js'
import { Walker } from '../walker.js'
import {
  LAST_PAGE,
  restorePageSizes,
  roundCollection,
  type RoundCollection,
  type SyncContext,
  withPageSizes
} from './types.js'

type DeploymentsAnswer = GqlConnection<GqlDeploymentNode> & { totalCount: number }

export function githubDeploymentsCollection(ctx: SyncContext): RoundCollection {
  const stored = readDeploymentsCheckpoint(ctx.stored[CHECKPOINT_KEYS.deployments])
  const environments = stored.environments
  const walker = new Walker('deployments', stored.resume as Checkpoint | undefined, {
    ascendingBackfill: false,
    since: null
  })
  if (stored.startOver) ctx.log.info(`Sync of deployments starts over: ${stored.startOver}.`)
  restorePageSizes(ctx, ctx.stored[CHECKPOINT_KEYS.deployments], ['deployments'])
  return roundCollection({
    kind: 'round',
    name: 'deployments',
    records: 'deployments',
    source: 'deployment',
    walker,
    pages: ['deployments'],
    aliases: ['deployments'],
    permission: 'deployments: read',
    query: (size) => ({
      part: deploymentsPart(),
      variables: {
        deploymentsFirst: size('deployments'),
        deploymentsAfter: walker.cursor
      }
    }),
    take: (repository) => {
      const page = repository.deployments as DeploymentsAnswer | undefined
      if (!page) return
      const records = page.nodes.map((node) => normalizeDeployment(node))
      const { keep } = walker.consume(
        page.nodes.map((d) => d.createdAt),
        page.pageInfo ?? LAST_PAGE,
        undefined,
        undefined,
        records.map((r) => !isFinal(r.status))
      )
      const kept = records.slice(0, keep)
      noteDeploymentEnvironments(environments, kept)
      for (const record of kept) ctx.records.put('deployments', record)
    },
    hasData: () => environments.size > 0,
    environments: () => environments,
    complete: () => walker.complete,
    checkpoints: (): Record<string, Checkpoint> => ({
      [CHECKPOINT_KEYS.deployments]: withPageSizes(
        ctx,
        deploymentsCheckpoint(walker.checkpoint(), environments),
        ['deployments']
      )
    })
  })
}
