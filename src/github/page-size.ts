/**
 * The sync's page sizes, each with a controller of its own. GitHub answers a query that asks for too
 * much with a timeout (502/504, a 200 "Something went wrong … timeout") or `RESOURCE_LIMITS_EXCEEDED`;
 * then the pages that request used are halved (down to one item) and it is retried. Each successful
 * request grows a shrunk page ×1.5 back toward its configured size; a page that fails again right
 * after growing waits longer before it grows again. What a run learned is kept in the collections'
 * checkpoints (`learned`, `restore`), so the next run starts at the size that worked.
 *
 * Each part (a collection's page, the nested timeline and label pages, the nodes per follow-up) moves
 * on its own: a timeline follow-up that times out shrinks the timeline pages, not the pull request
 * pages. And when a request fails right after some of its parts grew back (the same request passed
 * with them smaller), only those parts shrink again: the others were not the trouble.
 */
import { followUpNodes, type NestedPages, NODES_PER_ITEM, TOP_NODES } from './queries.js'

export interface PageSizes {
  pulls: number
  issues: number
  commits: number
  deployments: number
  releases: number
  /** Timeline items per pull request / issue page. */
  timeline: number
  /** Labels read per pull request / issue. */
  labels: number
  /** Nodes per timeline follow-up request. */
  followUps: number
}

export type PagePart = keyof PageSizes

/** The parts that are a collection's own page in a round (the others are nested in them or follow-ups). */
export type CollectionPart = 'pulls' | 'issues' | 'commits' | 'deployments' | 'releases'
export const COLLECTION_PARTS: readonly CollectionPart[] = [
  'pulls',
  'issues',
  'commits',
  'deployments',
  'releases'
]

/** GitHub's largest page (`first` 1–100). */
export const MAX_PAGE = 100

/**
 * Nodes a cold round may ask for at the default sizes, when it carries every collection at once. GitHub
 * allows 500,000 nodes and 10 s of processing per query, and its time grows with the nodes asked for
 * (the emulator's github profile models 50 ms + 0.5 ms per node: about 19,900 nodes fit in 10 s).
 * 15,000 keeps a round at three quarters of that time and at 3% of the node limit.
 */
export const ROUND_NODE_BUDGET = 15_000

/**
 * The nodes each collection's first page may ask for, together within ROUND_NODE_BUDGET (every
 * collection still being read rides in the same round). Pull requests and issues carry their
 * timelines and labels, so they take most; each page is the largest whose items fit (at most 100).
 */
export const PAGE_NODE_BUDGETS: Readonly<Record<CollectionPart, number>> = {
  pulls: 6_400,
  issues: 6_400,
  commits: 1_100,
  deployments: 1_050,
  releases: 50
}

/**
 * Nested pages of each pull request and issue. A timeline longer than its page is completed by
 * follow-ups (nothing is lost); labels past their page are cut with a warning, and items with more
 * than 25 labels are rare (labels cost as many nodes as timeline items, whatever an item really has).
 */
const NESTED_PAGES: NestedPages = { timeline: 100, labels: 25 }

/** Nodes one item of a collection's page asks for, with these nested page sizes. */
export function itemNodes(part: CollectionPart, nested: NestedPages): number {
  return NODES_PER_ITEM[part](nested)
}

/**
 * Nodes a round asks for with these sizes, carrying these collections (all of them by default) and the
 * `…Top` probes of pull requests and issues (a cold backfill asks for them).
 */
export function roundNodes(sizes: PageSizes, parts: readonly CollectionPart[] = COLLECTION_PARTS): number {
  let nodes = 0
  for (const part of parts) {
    nodes += sizes[part] * itemNodes(part, sizes)
    if (part === 'pulls' || part === 'issues') nodes += TOP_NODES
  }
  return nodes
}

/** Nodes a timeline follow-up asks for at these sizes. */
export function followUpRequestNodes(sizes: PageSizes): number {
  return followUpNodes(sizes.followUps, sizes.timeline)
}

/** The largest page of a collection whose items fit its node budget. */
function defaultPage(part: CollectionPart): number {
  const fits = Math.floor(PAGE_NODE_BUDGETS[part] / itemNodes(part, NESTED_PAGES))
  return Math.max(1, Math.min(MAX_PAGE, fits))
}

/**
 * The first page sizes of a run (before any shrinking or learned sizes): each collection's page is
 * computed from the nodes its items ask for, so a cold round carrying every collection stays within
 * ROUND_NODE_BUDGET (50, 50, 100, 50 and 50 items with the nested pages above; 14,852 nodes).
 */
export const DEFAULT_PAGE_SIZES: PageSizes = {
  pulls: defaultPage('pulls'),
  issues: defaultPage('issues'),
  commits: defaultPage('commits'),
  deployments: defaultPage('deployments'),
  releases: defaultPage('releases'),
  ...NESTED_PAGES,
  followUps: 10
}

/**
 * Smallest sizes a run of timeouts can shrink each page to: one item. A request that still fails with
 * every page it uses at its floor stops the sync cleanly (the next run resumes).
 */
export const MIN_PAGE_SIZES: PageSizes = {
  pulls: 1,
  issues: 1,
  commits: 1,
  deployments: 1,
  releases: 1,
  timeline: 1,
  labels: 1,
  followUps: 1
}

/** A page grows by this factor after each successful request (toward its configured size). */
const GROWTH = 1.5
/** Successful requests a part waits before growing after a relapse; doubled per relapse, up to the longest. */
const LONGEST_WAIT = 16

interface PartState {
  size: number
  /** Successful requests to wait before the next growth (0 after an ordinary shrink). */
  wait: number
  /** Successful requests since the last change. */
  good: number
  /** The wait used after the last relapse. */
  relapseWait: number
  /** It grew and no request has passed with the new size yet. */
  untried: boolean
  /** The smallest size that failed in this run: growing stays below it. */
  ceiling: number
}

export class PageSizeController {
  private readonly state = new Map<PagePart, PartState>()

  constructor(
    private readonly sizes: PageSizes,
    private readonly floors: PageSizes = MIN_PAGE_SIZES
  ) {}

  private part(part: PagePart): PartState {
    let state = this.state.get(part)
    if (!state) {
      state = {
        size: this.sizes[part],
        wait: 0,
        good: 0,
        relapseWait: 0,
        untried: false,
        ceiling: Infinity
      }
      this.state.set(part, state)
    }
    return state
  }

  /** The configured size (before any shrinking). */
  configured(part: PagePart): number {
    return this.sizes[part]
  }

  /** The size to ask for now. */
  size(part: PagePart): number {
    return Math.min(this.sizes[part], Math.max(this.floors[part], this.part(part).size))
  }

  /**
   * Starts a part at a size an earlier run learned (kept in its collection's checkpoint), so a warm
   * run does not time out again at full size. Ignored when not a positive whole number.
   */
  restore(part: PagePart, size: unknown): void {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) return
    const state = this.part(part)
    state.size = Math.min(state.size, size)
  }

  /** The sizes of these parts that are below their configured size (for a checkpoint). */
  learned(parts: readonly PagePart[]): Partial<Record<PagePart, number>> {
    const out: Partial<Record<PagePart, number>> = {}
    for (const part of new Set(parts)) {
      const size = this.size(part)
      if (size < this.sizes[part]) out[part] = size
    }
    return out
  }

  /** Some of these parts are above their floor (shrinking them may help). */
  canShrink(parts: readonly PagePart[]): boolean {
    return parts.some((part) => this.size(part) > this.floors[part])
  }

  /**
   * A request that used these parts succeeded: each shrunk part grows ×1.5, staying below the smallest
   * size that failed in this run; returns the parts that grew.
   */
  succeeded(parts: readonly PagePart[]): PagePart[] {
    const grown: PagePart[] = []
    for (const part of new Set(parts)) {
      const state = this.part(part)
      state.untried = false
      const before = this.size(part)
      const top = Math.min(this.sizes[part], state.ceiling - 1)
      if (before >= top || ++state.good <= state.wait) continue
      state.size = Math.min(top, Math.ceil(before * GROWTH))
      state.untried = true
      state.good = 0
      state.wait = 0
      grown.push(part)
    }
    return grown
  }

  /**
   * A request that used these parts timed out or hit the resource limits: halve the parts that just
   * grew untried (a relapse: they then wait longer before growing), or all of them when none did.
   * Returns the parts halved.
   */
  shrink(parts: readonly PagePart[]): PagePart[] {
    const used = [...new Set(parts)]
    const untried = used.filter((part) => this.part(part).untried)
    const targets = untried.length > 0 ? untried : used
    for (const part of targets) {
      const state = this.part(part)
      if (state.untried) {
        state.relapseWait = Math.min(LONGEST_WAIT, Math.max(2, state.relapseWait * 2))
        state.wait = state.relapseWait
      }
      state.untried = false
      state.ceiling = Math.min(state.ceiling, this.size(part))
      state.size = Math.max(this.floors[part], Math.floor(this.size(part) / 2))
      state.good = 0
    }
    return targets
  }

  /** "pulls 25, timeline 50" for the log. */
  describe(parts: readonly PagePart[]): string {
    return [...new Set(parts)].map((part) => `${part} ${this.size(part)}`).join(', ')
  }
}
