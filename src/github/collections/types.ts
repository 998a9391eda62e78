/**
 * What a collection of the history sync is, as data. Each collection is one descriptor (a file beside
 * this one) carrying its walk and checkpoint, the stored collection its records go to, its normalizer
 * and, by kind:
 * - a round collection: its part of the combined GraphQL round (query part, variables, page sizes)
 *   and how it takes its part of the answer (follow-ups included);
 * - a REST collection: how it reads its pages after the rounds;
 * - a derived collection: how it derives records from what the others read.
 * The sync (../sync.ts) runs its phases over the descriptors and knows none of them by name.
 */
import type { Logger } from '../../log.js'
import type { DeploymentSource } from '../../model.js'
import type { DeploymentSourceSetting } from '../../settings-types.js'
import type { Checkpoint } from '../../store/types.js'
import type { GitHubClient } from '../client.js'
import type { PagePart, PageSizeController } from '../page-size.js'
import type { RoundPart } from '../queries.js'
import type { SyncedCollection, SyncRecords } from '../records.js'
import type { TimelineFollowUps } from '../timelines.js'
import type { Walker } from '../walker.js'

export interface SyncBudget {
  /** Requests left to the sync: the request budget (and rate limit) less what the run keeps. */
  left(): number
  /** The rate limit is down to its reserve. */
  rateLimitLow(): boolean
  /** Another page may be read now: budget left and the rate limit above its reserve. */
  allows(): boolean
}

/** What every collection of one sync shares. */
export interface SyncContext {
  readonly client: GitHubClient
  readonly owner: string
  readonly repo: string
  readonly log: Logger
  readonly now: () => Date
  /** meta.checkpoints as stored. */
  readonly stored: Readonly<Record<string, Checkpoint | undefined>>
  /** Oldest history the run needs (null: all). */
  readonly since: string | null
  readonly setting: DeploymentSourceSetting
  readonly environment: string
  readonly pages: PageSizeController
  readonly records: SyncRecords
  readonly followUps: TimelineFollowUps
  readonly budget: SyncBudget
  /** Notices for the result (shown once). */
  readonly notes: string[]
  /** What the rounds learned about the repository. */
  readonly repository: { found: boolean; defaultBranch: string | null }
  /** Why the sync stopped early (a rate limit, the spent budget, pages at one item), or null. */
  readonly stop: { reason: string | null }
}

export interface SyncCollection {
  /** For the log. */
  readonly name: string
  /** The stored collection its records go to (upserted there by record key), null when none. */
  readonly records: SyncedCollection | null
  /** The deployment source its records are, for collections of deployment records. */
  readonly source?: DeploymentSource
  /** Its resumable walk, when it pages through GitHub. */
  readonly walker: Walker | null
  /** Up to date after this run. */
  complete(): boolean
  /** What it stores in meta.checkpoints (a null value deletes the key). */
  checkpoints(): Record<string, Checkpoint | null>
  /** It has found records, now or in an earlier run (the `auto` deployment source looks). */
  hasData?(): boolean
  /** GitHub Deployments: the environments that have finished deployments (the `auto` choice looks). */
  environments?(): ReadonlySet<string | null>
}

/** The GraphQL answer of a round under `repository`: each collection's part under its alias. */
export type RoundRepository = Record<string, unknown>

export interface RoundCollection extends SyncCollection {
  readonly kind: 'round'
  readonly walker: Walker
  /** The page sizes its part uses: a timeout of a round carrying it shrinks them. */
  readonly pages: readonly PagePart[]
  /** Its aliases under `repository` in a round (a FORBIDDEN answer names them in its paths). */
  readonly aliases: readonly string[]
  /** The workflow permission reading it needs, as `permissions:` spells it (`deployments: read`). */
  readonly permission: string
  /** The token may not read it: left out of the rounds for the rest of this run (checkpoint kept). */
  readonly skipped: boolean
  skip(): void
  /** Its part of the next round and the variables of that part. */
  query(size: (part: PagePart) => number): { part: RoundPart; variables: Record<string, unknown> }
  /** Takes its part of a round's answer (only called in rounds that carried its part). */
  take(repository: RoundRepository): void
}

export interface RestCollection extends SyncCollection {
  readonly kind: 'rest'
  readonly walker: Walker
  /** Reads its pages after the rounds; true when the budget or a rate limit stopped it early. */
  read(): Promise<boolean>
}

export interface DerivedCollection extends SyncCollection {
  readonly kind: 'derived'
  /** Derives its records from what the other collections read, given the run's deployment source. */
  derive(chosen: DeploymentSource): void
}

export type AnyCollection = RoundCollection | RestCollection | DerivedCollection

/** A round collection's descriptor without its skip switch (`roundCollection` adds it). */
export type RoundCollectionSpec = Omit<RoundCollection, 'skipped' | 'skip'>

/**
 * A round collection from its descriptor, with the switch that leaves it out of the rounds once the
 * token was found unable to read it (`skip`, for the rest of the run).
 */
export function roundCollection(spec: RoundCollectionSpec): RoundCollection {
  let skipped = false
  return {
    ...spec,
    get skipped() {
      return skipped
    },
    skip: () => {
      skipped = true
    }
  }
}

/** A connection page's pageInfo when GitHub sent none: the last page. */
export const LAST_PAGE = { hasNextPage: false, endCursor: null }

/** The checkpoint field that keeps the page sizes a run learned (below their configured size). */
export const PAGE_SIZES_FIELD = 'pageSizes'

/** Starts the parts at the sizes a stored checkpoint kept (see PageSizeController.restore). */
export function restorePageSizes(ctx: SyncContext, stored: unknown, parts: readonly PagePart[]): void {
  const kept = (stored as Record<string, unknown> | null | undefined)?.[PAGE_SIZES_FIELD]
  if (!kept || typeof kept !== 'object') return
  for (const part of parts) ctx.pages.restore(part, (kept as Record<string, unknown>)[part])
}

/** The checkpoint with the learned page sizes of these parts added (none: the field left out). */
export function withPageSizes<T extends Checkpoint>(
  ctx: SyncContext,
  checkpoint: T,
  parts: readonly PagePart[]
): T {
  const learned = ctx.pages.learned(parts)
  return Object.keys(learned).length > 0 ? { ...checkpoint, [PAGE_SIZES_FIELD]: learned } : checkpoint
}
