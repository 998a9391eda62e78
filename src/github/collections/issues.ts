/** Issues: with their comment and transfer timelines (incidents are derived from labels by the metrics). */
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { type GqlIssueNode, normalizeIssue } from '../normalize.js'
import { issuesPart } from '../queries.js'
import { TimelineCollection } from './timeline-items.js'
import type { SyncContext } from './types.js'

export function issuesCollection(ctx: SyncContext): TimelineCollection<'issues', GqlIssueNode> {
  return new TimelineCollection(ctx, {
    key: 'issues',
    name: 'issues',
    label: 'Issue',
    followUp: 'issue',
    part: issuesPart,
    normalize: normalizeIssue,
    stored: ctx.stored[CHECKPOINT_KEYS.issues],
    permission: 'issues: read'
  })
}
