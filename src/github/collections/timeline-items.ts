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
import { Walker, type WalkerCheckpoint } from '../walker.js'
import {
  LAST_PAGE,
  restorePageSizes,
  type RoundCollection,
  type RoundRepository,
  type SyncContext,
  withPageSizes
} from './types.js'

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
  /** The workflow permission reading it needs (`pull-requests: read`). */
  permission: string
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
  readonly aliases: readonly string[]
  readonly permission: string
  private restarted = false
  private skippedNow = false
  /** Nodes taken whose timelines wait for follow-ups. */
  private waiting = 0
  /** The walk's checkpoint from before the first page whose nodes still wait (the one to store if they never finish). */
  private beforeWaiting: WalkerCheckpoint | null = null
  /** The walk's checkpoint when this run started (JSON). */
  private readonly startedAt: string
  /** The page sizes kept in its checkpoint (the nested pages and the follow-ups with its own). */
  private readonly learnedParts: readonly PagePart[]

  constructor(
    private readonly ctx: SyncContext,
    private readonly spec: TimelineCollectionSpec<C, N>
  ) {
    this.walker = new Walker(spec.name, spec.stored, { ascendingBackfill: true, since: ctx.since })
    this.pages = [spec.key, 'timeline', 'labels']
    this.records = spec.key
    this.aliases = [spec.key, `${spec.key}Top`]
    this.permission = spec.permission
    this.learnedParts = [...this.pages, 'followUps']
    restorePageSizes(ctx, spec.stored, this.learnedParts)
    this.startedAt = JSON.stringify(this.walker.checkpoint())
  }

  get skipped(): boolean {
    return this.skippedNow
  }

  skip(): void {
    this.skippedNow = true
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
    const before = this.walker.checkpoint()
    const { keep } = this.walker.consume(keys, page.pageInfo ?? LAST_PAGE, probe)
    for (const node of page.nodes.slice(0, keep)) {
      if (node.timelineItems.pageInfo?.hasNextPage) {
        if (this.waiting === 0) this.beforeWaiting = before
        this.waiting++
      }
      this.ctx.followUps.take(this.spec.followUp, node, (timeline, cut) => {
        // A timeline the follow-ups could not complete: the walk resumes from before it next run, unless
        // that is where this run started (a budget too small for one page and its follow-ups), where the
        // record is kept with what was read, so runs still progress.
        if (cut && JSON.stringify(this.beforeWaiting) !== this.startedAt) return
        if (cut) {
          this.ctx.log.warning(
            `${this.spec.label} #${node.number}: its timeline is cut (${timeline.length} items read); the ` +
              'request budget is too small to read it whole.'
          )
        }
        if (node.timelineItems.pageInfo?.hasNextPage && --this.waiting === 0) this.beforeWaiting = null
        this.keep(node, timeline)
      })
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
    return this.walker.complete && !this.restarted && this.waiting === 0
  }

  checkpoints(): Record<string, Checkpoint | null> {
    if (this.restarted) return { [this.spec.key]: null }
    // Nodes whose timelines were never completed: resume from before them.
    const walk = this.beforeWaiting ?? this.walker.checkpoint()
    return { [this.spec.key]: withPageSizes(this.ctx, walk, this.learnedParts) }
  }
}
