/**
 * Releases (deployment-source `releases`, and `auto`): newest first; a published release is a
 * deployment of its tag's commit. A draft keeps the next passes reaching back to it until it is
 * published; prereleases are skipped (not deployments, and not data for `auto` either).
 */
import type { Checkpoint } from '../../store/types.js'
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { type GqlConnection, type GqlReleaseNode, normalizeRelease } from '../normalize.js'
import { releasesPart } from '../queries.js'
import { Walker } from '../walker.js'
import {
  LAST_PAGE,
  restorePageSizes,
  roundCollection,
  type RoundCollection,
  type SyncContext,
  withPageSizes
} from './types.js'

type ReleasesAnswer = GqlConnection<GqlReleaseNode> & { totalCount: number }

export function releasesCollection(ctx: SyncContext): RoundCollection {
  const stored = ctx.stored[CHECKPOINT_KEYS.releases] as { hasData?: boolean } | undefined
  const walker = new Walker('releases', stored, { ascendingBackfill: false, since: null })
  let published = 0
  const hasData = () => published > 0 || !!stored?.hasData
  restorePageSizes(ctx, stored, ['releases'])
  return roundCollection({
    kind: 'round',
    name: 'releases',
    records: 'deployments',
    source: 'release',
    walker,
    pages: ['releases'],
    aliases: ['releases'],
    permission: 'contents: read',
    query: (size) => ({
      part: releasesPart(),
      variables: { releasesFirst: size('releases'), releasesAfter: walker.cursor }
    }),
    take: (repository) => {
      const page = repository.releases as ReleasesAnswer | undefined
      if (!page) return
      published = Math.max(published, page.nodes.filter((r) => !r.isDraft && !r.isPrerelease).length)
      const { keep } = walker.consume(
        page.nodes.map((r) => r.createdAt),
        page.pageInfo ?? LAST_PAGE,
        undefined,
        undefined,
        page.nodes.map((r) => r.isDraft)
      )
      for (const node of page.nodes.slice(0, keep)) {
        if (node.isPrerelease) continue
        const record = normalizeRelease(node)
        if (record) ctx.records.put('deployments', record)
      }
    },
    hasData,
    complete: () => walker.complete,
    checkpoints: (): Record<string, Checkpoint> => ({
      [CHECKPOINT_KEYS.releases]: withPageSizes(ctx, { ...walker.checkpoint(), hasData: hasData() }, [
        'releases'
      ])
    })
  })
}
