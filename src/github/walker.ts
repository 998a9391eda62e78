/**
 * The resumable walk of one collection, and its checkpoint (stored in meta.checkpoints).
 *
 * Paging newest-updated-first with cursors is not stable across runs: an item updated between two
 * runs jumps to the front. So a collection is read in passes:
 * - a cold backfill walks oldest-created first (a stable order: new items only append at the end),
 *   after recording the newest `updatedAt` at its start (`top`);
 * - a catch-up pass walks newest first and stops at the first item older than its `target` (the
 *   previous pass's `top`). It keeps its cursor when a run stops, and the next run continues it:
 *   nothing behind the cursor is skipped (items only move to the front), and anything that moved to
 *   the front is newer than this pass's `top`, so one more pass, started from the front, collects
 *   it. A collection is up to date when a pass that started from the front in this run completes.
 * Keys are ISO times (compared as strings) of the order the pass walks by.
 */
import type { Checkpoint } from '../store/types.js'

export const EPOCH = '1970-01-01T00:00:00Z'

export interface PassState {
  mode: 'backfill' | 'desc'
  cursor: string | null
  /** desc: items with a key below this end the pass (null: read to the end). */
  target: string | null
  /** The newest key when the pass (or backfill) started; null until the first page. */
  top: string | null
  /** Id of the newest item when the pass started (commits: the head oid). */
  topId?: string | null
  /** Oldest key of an item that was still changing (a deployment in progress, a draft release). */
  pending?: string | null
}

export interface WalkerCheckpoint extends Checkpoint {
  v: 1
  /** The `since` this collection's history starts at (null: all history). */
  coverage: string | null
  /** Newest key covered by a completed pass (null: never completed). */
  highWater: string | null
  /** Id of the newest item of the last completed pass. */
  headId: string | null
  pendingSince: string | null
  /** The walk in progress (resumed by the next run), or null. */
  pass: PassState | null
}

export interface WalkerOptions {
  /** Cold start oldest-created first (pull requests, issues) instead of newest first. */
  ascendingBackfill: boolean
  /** The sync's `since` (null: all history). */
  since: string | null
  /** Seconds subtracted from the high-water mark when the next pass starts (late arrivals). */
  lookbackSeconds?: number
  /** Longest a pending item keeps the passes reaching back, in seconds (default 30 days). */
  pendingHorizonSeconds?: number
  /** Stop a fresh pass at once when the newest item is the one the last pass started with. */
  stopAtHeadId?: boolean
}

function minus(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) - seconds * 1000).toISOString().replace('.000Z', 'Z')
}

export function isWalkerCheckpoint(value: unknown): value is WalkerCheckpoint {
  const c = value as WalkerCheckpoint | null
  return !!c && c.v === 1 && 'highWater' in c && 'pass' in c
}

export interface Consumed {
  /** How many of the page's items (a prefix) belong to this walk and should be kept. */
  keep: number
}

export class Walker {
  private cp: WalkerCheckpoint
  private pass: PassState | null
  /** The current pass started in this run from the front (so its completion means up to date). */
  private fresh = false
  private finished = false
  /** Why the walker started over (for the log), or null. */
  readonly reset: string | null

  constructor(
    readonly name: string,
    stored: unknown,
    private readonly opts: WalkerOptions
  ) {
    let reset: string | null = null
    let cp: WalkerCheckpoint | null = isWalkerCheckpoint(stored) ? { ...stored } : null
    if (stored !== undefined && stored !== null && cp === null) reset = 'unknown checkpoint format'
    if (cp && !covers(cp.coverage, opts.since)) {
      reset = `since ${opts.since ?? '(all history)'} reaches before the stored ${cp.coverage}`
      cp = null
    }
    this.reset = reset
    this.cp = cp ?? {
      v: 1,
      coverage: opts.since,
      highWater: null,
      headId: null,
      pendingSince: null,
      pass: null
    }
    // A stored pass that read nothing yet is started afresh (it may then count as up to date).
    const pending = this.cp.pass
    this.pass = pending && (pending.cursor !== null || pending.top !== null) ? { ...pending } : null
    if (this.pass === null) this.startPass()
  }

  private startPass(): void {
    this.fresh = true
    if (this.cp.highWater === null) {
      this.pass =
        this.opts.ascendingBackfill && this.opts.since === null
          ? { mode: 'backfill', cursor: null, target: null, top: null }
          : { mode: 'desc', cursor: null, target: this.opts.since, top: null }
      return
    }
    let target = minus(this.cp.highWater, this.opts.lookbackSeconds ?? 0)
    if (this.cp.pendingSince) {
      const horizon = minus(this.cp.highWater, this.opts.pendingHorizonSeconds ?? 30 * 86400)
      const pending = this.cp.pendingSince > horizon ? this.cp.pendingSince : horizon
      if (pending < target) target = pending
    }
    if (this.opts.since !== null && target < this.opts.since) target = this.opts.since
    this.pass = { mode: 'desc', cursor: null, target, top: null }
  }

  /** Wants another page in this run. */
  get active(): boolean {
    return !this.finished
  }

  get mode(): PassState['mode'] {
    return this.pass?.mode ?? 'desc'
  }

  /** The first backfill page also asks for the newest `updatedAt` (the backfill's high-water mark). */
  get needsTop(): boolean {
    return this.pass?.mode === 'backfill' && this.pass.top === null
  }

  get cursor(): string | null {
    return this.pass?.cursor ?? null
  }

  get target(): string | null {
    return this.pass?.target ?? null
  }

  /** The collection is up to date (a pass started from the front in this run completed). */
  get complete(): boolean {
    return this.finished
  }

  /** Notes an item of the current page that may still change (call before `consume` ends the pass). */
  notePending(key: string): void {
    if (!this.pass) return
    if (!this.pass.pending || key < this.pass.pending) this.pass.pending = key
  }

  /**
   * Takes one page: `keys` (the walk's order key of each item, in page order) and `ids`.
   * Returns how many items to keep; advances the cursor or ends the pass.
   */
  consume(
    keys: string[],
    pageInfo: { hasNextPage: boolean; endCursor: string | null },
    probeTop?: string | null,
    ids?: string[],
    /** Per item: it may still change (counted for the items kept). */
    pending?: boolean[]
  ): Consumed {
    const pass = this.pass
    if (!pass || this.finished) throw new Error(`${this.name}: no walk in progress`)
    if (pass.mode === 'backfill') {
      if (pass.top === null) pass.top = probeTop ?? EPOCH
      if (pageInfo.hasNextPage && pageInfo.endCursor) {
        pass.cursor = pageInfo.endCursor
      } else {
        // Backfilled: everything updated up to `top` is in. Catch up, from the front, on what
        // changed while the backfill ran (maybe over several runs).
        this.cp.highWater = pass.top
        this.startPass()
      }
      return { keep: keys.length }
    }
    if (pass.top === null) {
      pass.top = keys[0] ?? pass.target ?? EPOCH
      pass.topId = ids?.[0] ?? null
      if (this.fresh && this.opts.stopAtHeadId && pass.topId && pass.topId === this.cp.headId) {
        this.endPass()
        return { keep: 0 }
      }
    }
    let keep = 0
    let stop = false
    for (const key of keys) {
      if (pass.target !== null && key < pass.target) {
        stop = true
        break
      }
      if (pending?.[keep]) this.notePending(key)
      keep++
    }
    if (!stop && pageInfo.hasNextPage && pageInfo.endCursor) pass.cursor = pageInfo.endCursor
    else this.endPass()
    return { keep }
  }

  private endPass(): void {
    const pass = this.pass as PassState
    const top = pass.top ?? pass.target ?? EPOCH
    if (this.cp.highWater === null || top > this.cp.highWater) this.cp.highWater = top
    this.cp.headId = pass.topId ?? this.cp.headId
    this.cp.pendingSince = pass.pending ?? null
    if (this.fresh) {
      this.pass = null
      this.finished = true
    } else {
      // This pass continued an earlier run's walk: what changed meanwhile is newer than its top,
      // so one pass from the front finishes the job.
      this.startPass()
    }
  }

  checkpoint(): WalkerCheckpoint {
    return { ...this.cp, pass: this.pass && !this.finished ? { ...this.pass } : null }
  }
}

/** A stored coverage (history since `stored`, null = all) covers a run that needs history since `wanted`. */
function covers(stored: string | null, wanted: string | null): boolean {
  if (stored === null) return true
  if (wanted === null) return false
  return stored <= wanted
}
