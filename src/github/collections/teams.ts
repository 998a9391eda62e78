/**
 * Team membership, for team review requests (`team:SLUG`): read after the other collections, at most
 * weekly (it changes rarely), at once when a new team shows up, and left for a later run (`due`)
 * when the budget is spent, except by the run that completes the sync. Every team seen so far is read
 * again with a new one, so the update carries the whole map.
 */
import type { Checkpoint } from '../../store/types.js'
import { CHECKPOINT_KEYS } from '../checkpoints.js'
import { stopsTheSync } from '../errors.js'
import { readTeams, type TeamsResult, TeamsUnavailableError } from '../teams.js'
import type { SyncCollection, SyncContext } from './types.js'

const MAX_AGE_MS = 7 * 86400 * 1000

interface TeamsCheckpoint {
  fetchedAt?: string
  readable?: boolean
  slugs?: string[]
  /** A read was skipped for the budget: do it in a later run. */
  due?: boolean
}

export class TeamsCollection implements SyncCollection {
  readonly name = 'team membership'
  readonly records = null
  readonly walker = null
  /** The team map for the update: undefined when not read in this run. */
  teams: Record<string, string[]> | null | undefined
  private checkpoint: Checkpoint | undefined
  private readonly stored: TeamsCheckpoint

  constructor(
    private readonly ctx: SyncContext,
    private readonly storedTeams: Record<string, string[]> | null
  ) {
    this.stored = (ctx.stored[CHECKPOINT_KEYS.teams] ?? {}) as TeamsCheckpoint
  }

  /** Reads the teams when due; `finishing`: this run completes the sync (it reads them even on a spent budget). */
  async read(finishing: boolean): Promise<void> {
    const { slugs, added } = this.slugs()
    const stored = this.stored
    const stale = !stored.fetchedAt || this.ctx.now().getTime() - Date.parse(stored.fetchedAt) > MAX_AGE_MS
    const retryUnreadable = stored.readable !== false || stale
    if (slugs.length === 0 || !((added && retryUnreadable) || stored.due || stale)) return
    const { budget, log } = this.ctx
    if ((budget.left() <= 0 && !finishing) || budget.rateLimitLow()) {
      log.info('Team membership not read: the request budget is spent (a later run reads it).')
      this.checkpoint = { ...stored, slugs, due: true }
      return
    }
    let requests = 0
    let result: TeamsResult
    try {
      result = await readTeams(
        this.ctx.client,
        this.ctx.owner,
        slugs,
        () => requests++ === 0 || budget.allows()
      )
    } catch (error) {
      if (!stopsTheSync(error) && !(error instanceof TeamsUnavailableError)) throw error
      log.info(`Team membership not read now (${(error as Error).message}); a later run reads it.`)
      this.checkpoint = { ...stored, slugs, due: true }
      return
    }
    this.take(result)
    this.checkpoint = { fetchedAt: this.ctx.now().toISOString(), readable: result.readable, slugs }
  }

  /** Every team known (stored, or requested in the pull requests read), sorted; `added`: some are new. */
  private slugs(): { slugs: string[]; added: boolean } {
    const known = new Set<string>([...Object.keys(this.storedTeams ?? {}), ...(this.stored.slugs ?? [])])
    let added = false
    for (const pull of this.ctx.records.values('pulls')) {
      for (const request of pull.reviewRequests) {
        if (!request.reviewer.startsWith('team:')) continue
        const slug = request.reviewer.slice(5)
        if (!known.has(slug)) added = true
        known.add(slug)
      }
    }
    return { slugs: [...known].sort(), added }
  }

  private take(result: TeamsResult): void {
    const { log, notes, owner } = this.ctx
    const storedTeams = this.storedTeams
    if (!result.readable) {
      log.debug(`Team membership unreadable: ${result.reason}`)
      if (this.stored.readable !== false) {
        notes.push(
          `Team membership of ${owner} could not be read with this token (${result.reason}), so a team review ` +
            'request ends at the first review by anyone but the author. The Actions token (GITHUB_TOKEN) can never ' +
            'read organization teams: give the action a PAT or a GitHub App token with `members: read` to refine it.'
        )
      }
      this.teams = storedTeams && Object.keys(storedTeams).length > 0 ? storedTeams : null
      return
    }
    this.teams = { ...(storedTeams ?? {}), ...result.members }
    if (result.missing.length > 0) log.info(`Teams not readable: ${result.missing.join(', ')}.`)
  }

  /** Up to date unless a read that was due had to be left for a later run. */
  complete(): boolean {
    return !(this.checkpoint as TeamsCheckpoint | undefined)?.due
  }

  checkpoints(): Record<string, Checkpoint | null> {
    return this.checkpoint ? { [CHECKPOINT_KEYS.teams]: this.checkpoint } : {}
  }
}
