/**
 * Timeline follow-ups: a pull request or issue whose timeline overflowed its first page waits here
 * until enough wait to fill a follow-up request (they are batched across rounds), then the rest of
 * each timeline is read, several nodes per request. Everything waiting is completed before the sync
 * returns, even when the budget is spent, so no record is stored with a cut timeline.
 */
import { type GraphqlRequester, requestGraphql } from './graphql-request.js'
import type { GqlConnection, GqlTimelineItem } from './normalize.js'
import type { PagePart } from './page-size.js'
import { timelineFollowUpQuery } from './queries.js'

export type TimelineKind = 'pull' | 'issue'

export interface TimelineNode {
  id: string
  timelineItems: GqlConnection<GqlTimelineItem>
}

interface Waiting {
  node: TimelineNode
  keep: (timeline: GqlTimelineItem[], cut?: boolean) => void
}

type FollowUpAnswer = Record<string, { timelineItems?: GqlConnection<GqlTimelineItem> } | null>

/** The page sizes a follow-up request uses. */
const FOLLOW_UP_PAGES: readonly PagePart[] = ['timeline', 'followUps']
const KINDS: readonly TimelineKind[] = ['pull', 'issue']
const WHAT: Record<TimelineKind, string> = { pull: 'pull request', issue: 'issue' }

export class TimelineFollowUps {
  private readonly waiting: Record<TimelineKind, Waiting[]> = { pull: [], issue: [] }

  constructor(private readonly requester: GraphqlRequester) {}

  /** Calls `keep` with the whole timeline: now when it fit one page, else once its follow-ups are read. */
  take(
    kind: TimelineKind,
    node: TimelineNode,
    /** `cut`: the follow-ups stopped (rate limit, spent budget) before the timeline was whole. */
    keep: (timeline: GqlTimelineItem[], cut?: boolean) => void
  ): void {
    if (node.timelineItems.pageInfo?.hasNextPage) this.waiting[kind].push({ node, keep })
    else keep(node.timelineItems.nodes)
  }

  /** Requests the waiting follow-ups may need (batches of nodes × the most pages one node still has). */
  get pendingRequests(): number {
    const batch = Math.max(1, this.requester.pages.size('followUps'))
    const page = Math.max(1, this.requester.pages.size('timeline'))
    let requests = 0
    for (const kind of KINDS) {
      const waiting = this.waiting[kind]
      if (waiting.length === 0) continue
      const pages = Math.max(
        ...waiting.map(({ node }) => {
          const items = node.timelineItems
          return Math.max(1, Math.ceil(((items.totalCount ?? 0) - items.nodes.length) / page))
        })
      )
      requests += Math.ceil(waiting.length / batch) * pages
    }
    return requests
  }

  /** Enough nodes of one kind wait to fill a follow-up request. */
  get due(): boolean {
    const batch = this.requester.pages.configured('followUps')
    return KINDS.some((kind) => this.waiting[kind].length >= batch)
  }

  /** Reads the rest of every waiting timeline and hands each node on. */
  async flush(): Promise<void> {
    for (const kind of KINDS) {
      const waiting = this.waiting[kind]
      if (waiting.length === 0) continue
      this.waiting[kind] = []
      const timelines = new Map<string, GqlTimelineItem[]>()
      try {
        await this.complete(
          kind,
          waiting.map((w) => w.node),
          timelines
        )
      } catch (error) {
        // Stopped (a rate limit, the spent budget): each collection decides (see TimelineCollection):
        // it resumes from before these nodes when that still makes progress, else keeps what was read.
        this.requester.log.warning(
          `${waiting.length} ${WHAT[kind]} timelines could not be completed (${(error as Error).message}).`
        )
        for (const { node, keep } of waiting) {
          const read = timelines.get(node.id)
          if (read) keep(read, true)
          else keep(node.timelineItems.nodes, true)
        }
        throw error
      }
      for (const { node, keep } of waiting) keep(timelines.get(node.id) ?? node.timelineItems.nodes)
    }
  }

  /** Reads the rest of the nodes' timelines into `items` (filled as pages arrive). */
  private async complete(
    kind: TimelineKind,
    nodes: TimelineNode[],
    items: Map<string, GqlTimelineItem[]>
  ): Promise<void> {
    let queue: { id: string; after: string }[] = []
    for (const node of nodes) {
      items.set(node.id, [...node.timelineItems.nodes])
      const info = node.timelineItems.pageInfo
      if (info?.hasNextPage && info.endCursor) queue.push({ id: node.id, after: info.endCursor })
    }
    while (queue.length > 0) {
      let batch: typeof queue = []
      const data = await requestGraphql<FollowUpAnswer>(this.requester, FOLLOW_UP_PAGES, (size) => {
        batch = queue.slice(0, size('followUps'))
        const variables: Record<string, unknown> = { timelineFirst: size('timeline') }
        batch.forEach((q, i) => {
          variables[`id${i}`] = q.id
          variables[`after${i}`] = q.after
        })
        return { document: timelineFollowUpQuery(kind, batch.length), variables }
      })
      queue = queue.slice(batch.length)
      batch.forEach((q, i) => {
        const connection = data[`n${i}`]?.timelineItems
        if (!connection) {
          this.requester.log.warning(`A ${WHAT[kind]} vanished while its timeline was read (${q.id}).`)
          return
        }
        items.get(q.id)?.push(...connection.nodes)
        const info = connection.pageInfo
        if (info?.hasNextPage && info.endCursor) queue.push({ id: q.id, after: info.endCursor })
      })
    }
  }
}
