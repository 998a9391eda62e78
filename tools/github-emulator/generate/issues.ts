/**
 * One generated issue: comments with a heavy-tailed first response, labels (some `incident`),
 * closes and reopens, and now and then a transfer from another repository. Cut at `until`.
 */
import type { SeedActor, SeedComment, SeedIssue, SeedTimelineItem } from '../types.js'
import { DAY, HOUR, MINUTE, humanize, iso } from './clock.js'
import { issueTitle, maintainer, otherUser, type Cast } from './people.js'
import { compact, nodeId } from './pulls.js'
import type { Random } from './random.js'

export interface IssueContext {
  cast: Cast
  until: number
  owner: string
  ids: { comment: number }
}

const TRANSFER_SOURCES = ['widgets-legacy', 'widgets-docs', 'platform-tools']

interface TmpEvent {
  t: number
  type: 'ClosedEvent' | 'ReopenedEvent' | 'TransferredEvent'
  actor: SeedActor | null
  from: string | null
}

export function generateIssue(
  ctx: IssueContext,
  random: Random,
  number: number,
  databaseId: number,
  t0: number
): SeedIssue {
  const { cast, until } = ctx
  const authorIdx = random.chance(0.02) ? -1 : random.weighted(cast.activity)
  const author = authorIdx < 0 ? null : cast.users[authorIdx]

  const labels: string[] = []
  const l = random.next()
  const incident = l < 0.05
  if (l < 0.45) labels.push('bug')
  else if (l < 0.7) labels.push('enhancement')
  else if (l < 0.82) labels.push('question')
  else if (l < 0.9) labels.push('documentation')
  if (incident) labels.push('incident')
  if (random.chance(0.05)) labels.push('good first issue')

  const events: TmpEvent[] = []
  if (random.chance(0.04)) {
    const at = humanize(random, t0 + Math.round(random.logNormal(2 * HOUR, 1.5, MINUTE, 30 * DAY)))
    const from = random.chance(0.1) ? null : `${ctx.owner}/${random.pick(TRANSFER_SOURCES)}`
    events.push({ t: at, type: 'TransferredEvent', actor: cast.users[maintainer(random, -1)], from })
  }

  // Conversation: a first response after a heavy-tailed wait, then replies.
  const commentTimes: number[] = []
  const commentCount = random.geometric(2)
  let at = t0
  for (let k = 0; k < commentCount; k++) {
    at =
      k === 0
        ? humanize(
            random,
            t0 + Math.round(random.logNormal(incident ? 20 * MINUTE : 5 * HOUR, 1.8, MINUTE, 60 * DAY))
          )
        : humanize(random, at + Math.round(random.logNormal(DAY, 1.5, MINUTE, 30 * DAY)))
    commentTimes.push(at)
  }

  // Closing, sometimes reopened.
  const closes = incident ? random.chance(0.95) : random.chance(0.7)
  if (closes) {
    const wait = incident
      ? random.logNormal(3 * HOUR, 1, 10 * MINUTE, 3 * DAY)
      : random.logNormal(4 * DAY, 1.8, 5 * MINUTE, 400 * DAY)
    const closeAt = Math.max(at, humanize(random, t0 + Math.round(wait)))
    const closer = authorIdx >= 0 && random.chance(0.3) ? author : cast.users[maintainer(random, authorIdx)]
    events.push({ t: closeAt, type: 'ClosedEvent', actor: closer, from: null })
    if (random.chance(0.05)) {
      const reopenAt = humanize(
        random,
        closeAt + Math.round(random.logNormal(2 * DAY, 1.2, 10 * MINUTE, 60 * DAY))
      )
      events.push({ t: reopenAt, type: 'ReopenedEvent', actor: author, from: null })
      if (random.chance(0.6)) {
        const again = humanize(
          random,
          reopenAt + Math.round(random.logNormal(3 * DAY, 1.3, 10 * MINUTE, 90 * DAY))
        )
        events.push({ t: again, type: 'ClosedEvent', actor: cast.users[maintainer(random, -1)], from: null })
      }
    }
  }

  let updated = t0
  events.sort((a, b) => a.t - b.t)
  const out: SeedTimelineItem[] = []
  let closedAt: number | null = null
  for (const e of events) {
    if (e.t > until) break
    const createdAt = iso(e.t)
    if (e.type === 'TransferredEvent')
      out.push({ type: e.type, createdAt, actor: e.actor, fromRepository: e.from })
    else out.push({ type: e.type, createdAt, actor: e.actor })
    if (e.type === 'ClosedEvent') closedAt = e.t
    else if (e.type === 'ReopenedEvent') closedAt = null
    updated = Math.max(updated, e.t)
  }

  const comments: SeedComment[] = []
  for (let k = 0; k < commentTimes.length; k++) {
    const t = commentTimes[k]
    if (t > until) break
    const x = random.next()
    const who =
      x < 0.02
        ? null
        : k > 0 && x < 0.35 && author
          ? author
          : x < 0.6
            ? cast.users[maintainer(random, authorIdx)]
            : cast.users[otherUser(random, cast, authorIdx)]
    comments.push({ databaseId: (ctx.ids.comment += 1 + random.int(30)), author: who, createdAt: iso(t) })
    updated = Math.max(updated, t)
  }

  return {
    number,
    id: nodeId('I_kwDOAx', databaseId),
    databaseId,
    title: issueTitle(random),
    author,
    createdAt: iso(t0),
    updatedAt: iso(updated),
    closedAt: closedAt === null ? null : iso(closedAt),
    labels: compact(labels),
    comments: compact(comments),
    events: compact(out)
  }
}
