/**
 * GitHub Deployments (deployment-source `deployments`, and `auto`): the deployment environment's
 * deployments, newest first. One still in progress keeps the next passes reaching back to it until
 * it finishes. The checkpoint notes the environment (another one starts over) and whether any were
 * ever seen (for `auto`).
 */
import type { Checkpoint } from '../../store/types.js'
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { type GqlConnection, type GqlDeploymentNode, isFinal, normalizeDeployment } from '../normalize.js'
import { deploymentsPart } from '../queries.js'
import { Walker } from '../walker.js'
import { LAST_PAGE, type RoundCollection, type SyncContext } from './types.js'

type DeploymentsAnswer = GqlConnection<GqlDeploymentNode> & { totalCount: number }

export function githubDeploymentsCollection(ctx: SyncContext): RoundCollection {
  const env = ctx.environment
  const stored = ctx.stored[CHECKPOINT_KEYS.deployments] as
    { environment?: string; hasData?: boolean } | undefined
  const walker = new Walker('deployments', stored?.environment === env ? stored : undefined, {
    ascendingBackfill: false,
    since: null
  })
  let seen = 0
  const hasData = () => seen > 0 || !!stored?.hasData
  return {
    kind: 'round',
    name: 'deployments',
    records: 'deployments',
    source: 'deployment',
    walker,
    pages: ['deployments'],
    query: (size) => ({
      part: deploymentsPart(),
      variables: {
        deploymentsFirst: size('deployments'),
        deploymentsAfter: walker.cursor,
        environments: [env]
      }
    }),
    take: (repository) => {
      const page = repository.deployments as DeploymentsAnswer | undefined
      if (!page) return
      seen = Math.max(seen, page.totalCount ?? page.nodes.length)
      const records = page.nodes.map((node) => normalizeDeployment(node, env))
      const { keep } = walker.consume(
        page.nodes.map((d) => d.createdAt),
        page.pageInfo ?? LAST_PAGE,
        undefined,
        undefined,
        records.map((r) => !isFinal(r.status))
      )
      for (const record of records.slice(0, keep)) ctx.records.put('deployments', record)
    },
    hasData,
    complete: () => walker.complete,
    checkpoints: (): Record<string, Checkpoint> => ({
      [CHECKPOINT_KEYS.deployments]: { ...walker.checkpoint(), environment: env, hasData: hasData() }
    })
  }
}
