/** Pull requests: with their review-request, review, draft and comment timelines. */
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { type GqlPullNode, normalizePull } from '../normalize.js'
import { pullsPart } from '../queries.js'
import { TimelineCollection } from './timeline-items.js'
import type { SyncContext } from './types.js'

export type PullsCollection = TimelineCollection<'pulls', GqlPullNode>

/** `startOver`: ignore the stored checkpoint (a setting needs every pull request read again). */
export function pullsCollection(ctx: SyncContext, startOver = false): PullsCollection {
  return new TimelineCollection(ctx, {
    key: 'pulls',
    name: 'pull requests',
    label: 'Pull request',
    followUp: 'pull',
    part: pullsPart,
    normalize: normalizePull,
    stored: startOver ? undefined : ctx.stored[CHECKPOINT_KEYS.pulls],
    permission: 'pull-requests: read'
  })
}
