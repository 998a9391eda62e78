/**
 * The shape shared by pull requests and issues: walked oldest-created first when cold (a stable
 * order) and newest-updated first after, each node's timeline completed through follow-ups before it
 * is normalized and kept.
 */
import type { Checkpoint } from '../../store/types.js'
import type { GqlConnection, GqlTimelineItem } from '../normalize.js'
import type { PagePart } from '../page-size.js'
import type { Order, RoundPart } from '../queries.js'
import type { SyncedRecords } from '../records.js'
import type { TimelineKind } from '../timelines.js'
import { Walker } from '../walker.js'
import { LAST_PAGE, type RoundCollection, type RoundRepository, type SyncContext } from './types.js'

export interface TimelineNode {
  id: string
  number: number
  createdAt: string
  updatedAt: string
  labels: GqlConnection<{ name: string }> | null
  timelineItems: GqlConnection<GqlTimelineItem>
}

export interface TimelineCollectionSpec<C extends 'pulls' | 'issues', N extends TimelineNode> {
  /** Stored collection, checkpoint key, page-size part and alias in the round. */
  key: C
  /** For the log: "pull requests". */
  name: string
  /** For warnings about one node: "Pull request". */
  label: string
  followUp: TimelineKind
  part: (order: Order, top: boolean) => RoundPart
  normalize: (node: N, timeline: GqlTimelineItem[]) => SyncedRecords[C]
  /** The stored checkpoint (undefined: start over). */
  stored: Checkpoint | undefined
}

type Page<N> = GqlConnection<N> & { totalCount: number }

export class TimelineCollection<
  C extends 'pulls' | 'issues',
  N extends TimelineNode
> implements RoundCollection {
  readonly kind = 'round'
  readonly walker: Walker
  readonly pages: readonly PagePart[]
  readonly records: C
  private restarted = false

  constructor(
    private readonly ctx: SyncContext,
    private readonly spec: TimelineCollectionSpec<C, N>
  ) {
    this.walker = new Walker(spec.name, spec.stored, { ascendingBackfill: true, since: ctx.since })
    this.pages = [spec.key, 'timeline', 'labels']
    this.records = spec.key
  }

  get name(): string {
    return this.spec.name
  }

  query(size: (part: PagePart) => number) {
    const { key } = this.spec
    const order: Order = this.walker.mode === 'backfill' ? 'CREATED_ASC' : 'UPDATED_DESC'
    return {
      part: this.spec.part(order, this.walker.needsTop),
      variables: {
        [`${key}First`]: size(key),
        [`${key}After`]: this.walker.cursor,
        timelineFirst: size('timeline'),
        labelsFirst: size('labels')
      }
    }
  }

  take(repository: RoundRepository): void {
    const page = repository[this.spec.key] as Page<N> | undefined
    if (!page) return
    const keys = page.nodes.map((n) => (this.walker.mode === 'backfill' ? n.createdAt : n.updatedAt))
    const top = repository[`${this.spec.key}Top`] as { nodes: { updatedAt: string }[] } | undefined
    const probe = top ? (top.nodes[0]?.updatedAt ?? null) : undefined
    const { keep } = this.walker.consume(keys, page.pageInfo ?? LAST_PAGE, probe)
    for (const node of page.nodes.slice(0, keep)) {
      this.ctx.followUps.take(this.spec.followUp, node, (timeline) => this.keep(node, timeline))
    }
  }

  private keep(node: N, timeline: GqlTimelineItem[]): void {
    const labels = node.labels
    if ((labels?.totalCount ?? 0) > (labels?.nodes.length ?? 0)) {
      this.ctx.log.warning(
        `${this.spec.label} #${node.number} has ${labels?.totalCount} labels; only ${labels?.nodes.length} were read.`
      )
    }
    this.ctx.records.put(this.spec.key, this.spec.normalize(node, timeline))
  }

  /** Drops the checkpoint: the next run reads the whole collection again. */
  restart(): void {
    this.restarted = true
  }

  complete(): boolean {
    return this.walker.complete && !this.restarted
  }

  checkpoints(): Record<string, Checkpoint | null> {
    return { [this.spec.key]: this.restarted ? null : this.walker.checkpoint() }
  }
}
