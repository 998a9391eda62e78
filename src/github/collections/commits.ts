/**
 * Default-branch commits (for lead time): walked newest first. A warm pass re-reads two weeks behind
 * the last head (branches merged with old commit dates) and stops at once when the head is unchanged;
 * a cold one reaches 90 days before `since` (a baseline for lead time).
 */
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { type GqlCommitNode, type GqlConnection, normalizeCommit } from '../normalize.js'
import { commitsPart, PARENTS_PAGE } from '../queries.js'
import { Walker } from '../walker.js'
import {
  LAST_PAGE,
  restorePageSizes,
  roundCollection,
  type RoundCollection,
  type SyncContext,
  withPageSizes
} from './types.js'

const LOOKBACK_SECONDS = 14 * 86400
const SINCE_MARGIN_SECONDS = 90 * 86400

type CommitsAnswer = { target: { history?: GqlConnection<GqlCommitNode> } | null } | null

function shiftIso(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z')
}

export function commitsCollection(ctx: SyncContext): RoundCollection {
  const walker = new Walker('commits', ctx.stored[CHECKPOINT_KEYS.commits], {
    ascendingBackfill: false,
    since: ctx.since === null ? null : shiftIso(ctx.since, -SINCE_MARGIN_SECONDS),
    lookbackSeconds: LOOKBACK_SECONDS,
    stopAtHeadId: true
  })
  restorePageSizes(ctx, ctx.stored[CHECKPOINT_KEYS.commits], ['commits'])
  return roundCollection({
    kind: 'round',
    name: 'commits',
    records: 'commits',
    walker,
    pages: ['commits'],
    aliases: ['commits'],
    permission: 'contents: read',
    query: (size) => ({
      part: commitsPart(),
      variables: { commitsFirst: size('commits'), commitsAfter: walker.cursor, commitsSince: walker.target }
    }),
    take: (repository) => {
      // No history (an empty repository) ends the walk like a last page.
      const history = (repository.commits as CommitsAnswer | undefined)?.target?.history ?? null
      const nodes = history?.nodes ?? []
      const { keep } = walker.consume(
        nodes.map((c) => c.committedDate),
        history?.pageInfo ?? LAST_PAGE,
        undefined,
        nodes.map((c) => c.oid)
      )
      for (const node of nodes.slice(0, keep)) {
        if ((node.parents.totalCount ?? 0) > PARENTS_PAGE) {
          ctx.log.warning(
            `Commit ${node.oid} has more than ${PARENTS_PAGE} parents: only the first ${PARENTS_PAGE} were read.`
          )
        }
        ctx.records.put('commits', normalizeCommit(node))
      }
    },
    complete: () => walker.complete,
    checkpoints: () => ({ [CHECKPOINT_KEYS.commits]: withPageSizes(ctx, walker.checkpoint(), ['commits']) })
  })
}
