/**
 * The sync's page sizes, each with a controller of its own. GitHub answers a query that asks for too
 * much with a timeout (502/504, a 200 "Something went wrong … timeout") or `RESOURCE_LIMITS_EXCEEDED`;
 * then the pages that request used are halved (never below their floor) and it is retried. After a few
 * successful requests a page doubles back toward its configured size; a page that fails again right
 * after recovering waits twice as long before it recovers again.
 *
 * Each part (a collection's page, the nested timeline and label pages, the nodes per follow-up) moves
 * on its own: a timeline follow-up that times out shrinks the timeline pages, not the pull request
 * pages. And when a request fails right after some of its parts grew back (the same request passed
 * with them smaller), only those parts shrink again: the others were not the trouble.
 */

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

export const DEFAULT_PAGE_SIZES: PageSizes = {
  pulls: 50,
  issues: 50,
  commits: 100,
  deployments: 50,
  releases: 50,
  timeline: 100,
  labels: 100,
  followUps: 10
}

/** Smallest sizes a run of timeouts can shrink each page to. */
export const MIN_PAGE_SIZES: PageSizes = {
  pulls: 5,
  issues: 5,
  commits: 10,
  deployments: 5,
  releases: 5,
  timeline: 10,
  labels: 25,
  followUps: 1
}

/** A page never shrinks below this share of its configured size (nor below its floor). */
const SMALLEST_SCALE = 1 / 64
/** Successful requests before a shrunk page doubles again; doubled (up to the longest) after a relapse. */
const FIRST_RECOVERY = 4
const LONGEST_RECOVERY = 16

interface PartState {
  scale: number
  /** Successful requests since the last change. */
  good: number
  recoverAfter: number
  /** The last change was a recovery (a failure now means the size was too hopeful). */
  recovered: boolean
  /** It grew back and no request has passed with the new size yet. */
  untried: boolean
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
      state = { scale: 1, good: 0, recoverAfter: FIRST_RECOVERY, recovered: false, untried: false }
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
    const configured = this.sizes[part]
    const scaled = Math.floor(configured * this.part(part).scale)
    return Math.min(configured, Math.max(this.floors[part], scaled))
  }

  /** A request that used these parts succeeded; returns the parts that grew back. */
  succeeded(parts: readonly PagePart[]): PagePart[] {
    const grown: PagePart[] = []
    for (const part of new Set(parts)) {
      const state = this.part(part)
      state.untried = false
      if (state.scale >= 1 || ++state.good < state.recoverAfter) continue
      state.scale = Math.min(1, state.scale * 2)
      state.recovered = true
      state.untried = true
      state.good = 0
      grown.push(part)
    }
    return grown
  }

  /**
   * A request that used these parts timed out or hit the resource limits: halve the parts that just
   * grew back untried, or all of them when none did. Returns the parts halved.
   */
  shrink(parts: readonly PagePart[]): PagePart[] {
    const used = [...new Set(parts)]
    const untried = used.filter((part) => this.part(part).untried)
    const targets = untried.length > 0 ? untried : used
    for (const part of targets) {
      const state = this.part(part)
      if (state.recovered) state.recoverAfter = Math.min(LONGEST_RECOVERY, state.recoverAfter * 2)
      state.recovered = false
      state.untried = false
      state.scale = Math.max(SMALLEST_SCALE, state.scale / 2)
      state.good = 0
    }
    return targets
  }

  /** "pulls 25, timeline 50" for the log. */
  describe(parts: readonly PagePart[]): string {
    return [...new Set(parts)].map((part) => `${part} ${this.size(part)}`).join(', ')
  }
}
