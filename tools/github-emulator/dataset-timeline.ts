/**
 * `timeline.json` of a dataset folder (optional; ../shared/datasets/README.md): the timeline events
 * that archive.json cannot carry — review requests (users and teams) and their removals, draft
 * transitions, reopenings and transfers — turned into the emulator's timeline items, per number.
 */
import type { SeedActor, SeedRequestedReviewer, SeedTimelineItem } from './types.js'

interface TimelineEvent {
  type: string
  createdAt: string
  actor?: string | null
  requestedReviewer?: { login?: string | null; team?: string | null } | null
  fromRepository?: string | null
}

export interface TimelineFile {
  repo?: string
  pulls?: Record<string, TimelineEvent[]>
  issues?: Record<string, TimelineEvent[]>
}

/** Timeline items per pull request and issue number, oldest first. */
export interface DatasetTimeline {
  pulls: Map<number, SeedTimelineItem[]>
  issues: Map<number, SeedTimelineItem[]>
}

const PULL_TYPES = new Set([
  'ReviewRequestedEvent',
  'ReviewRequestRemovedEvent',
  'ReadyForReviewEvent',
  'ConvertToDraftEvent',
  'ReopenedEvent'
])
const ISSUE_TYPES = new Set(['ReopenedEvent', 'TransferredEvent'])

export interface TimelineHelpers {
  /** Where the file is, for error messages. */
  path: string
  actor(login: string | null | undefined): SeedActor | null
  /** ISO time rounded to whole seconds; throws on an unreadable time. */
  time(value: string): string
}

function requestedReviewer(event: TimelineEvent, h: TimelineHelpers): SeedRequestedReviewer | null {
  const who = event.requestedReviewer
  if (!who) return null
  if (who.team) return { type: 'Team', slug: who.team }
  const actor = h.actor(who.login)
  return actor ? { type: actor.type, login: actor.login } : null
}

function toItem(event: TimelineEvent, where: string, h: TimelineHelpers): SeedTimelineItem | null {
  const createdAt = h.time(event.createdAt)
  const actor = h.actor(event.actor)
  switch (event.type) {
    case 'ReviewRequestedEvent':
    case 'ReviewRequestRemovedEvent': {
      // A reviewer the backup could not name (null): nothing to measure, as the layout says.
      const reviewer = requestedReviewer(event, h)
      return reviewer ? { type: event.type, createdAt, actor, reviewer } : null
    }
    case 'ReadyForReviewEvent':
    case 'ConvertToDraftEvent':
    case 'ReopenedEvent':
      return { type: event.type, createdAt, actor }
    case 'TransferredEvent':
      return { type: event.type, createdAt, actor, fromRepository: event.fromRepository ?? null }
  }
  throw new Error(`dataset: ${h.path}: ${where} has an event of unknown type "${event.type}"`)
}

function readSection(
  section: Record<string, TimelineEvent[]> | undefined,
  kind: 'pulls' | 'issues',
  known: ReadonlySet<number>,
  h: TimelineHelpers
): Map<number, SeedTimelineItem[]> {
  const out = new Map<number, SeedTimelineItem[]>()
  const allowed = kind === 'pulls' ? PULL_TYPES : ISSUE_TYPES
  for (const [key, events] of Object.entries(section ?? {})) {
    const number = Number(key)
    const where = `${kind}["${key}"]`
    if (!Number.isInteger(number) || !known.has(number))
      throw new Error(
        `dataset: ${h.path}: ${where} names no ${kind === 'pulls' ? 'pull request' : 'issue'} of archive.json; the two files must come from the same backup`
      )
    if (!Array.isArray(events)) throw new Error(`dataset: ${h.path}: ${where} must be a list of events`)
    const items: SeedTimelineItem[] = []
    for (const event of events) {
      if (!allowed.has(event?.type))
        throw new Error(
          `dataset: ${h.path}: ${where} has a "${String(event?.type)}", which ${kind} do not have (expected ${[...allowed].join(', ')})`
        )
      const item = toItem(event, where, h)
      if (item) items.push(item)
    }
    // Stable: events at the same second keep the file's order.
    items.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    out.set(number, items)
  }
  return out
}

/** Checks and converts a parsed timeline.json against the numbers archive.json holds. */
export function readTimeline(
  file: TimelineFile,
  repo: string,
  numbers: { pulls: ReadonlySet<number>; issues: ReadonlySet<number> },
  h: TimelineHelpers
): DatasetTimeline {
  if (!file || typeof file !== 'object')
    throw new Error(`dataset: ${h.path} must be an object with "pulls" and "issues"`)
  if (file.repo && file.repo.toLowerCase() !== repo.toLowerCase())
    throw new Error(`dataset: ${h.path} is for ${file.repo}, but archive.json is for ${repo}`)
  return {
    pulls: readSection(file.pulls, 'pulls', numbers.pulls, h),
    issues: readSection(file.issues, 'issues', numbers.issues, h)
  }
}

/**
 * The archive's own events (the final merge and close) and the timeline's, in time order; at equal
 * times the timeline's come first, so the final close stays last.
 */
export function mergeEvents(
  own: SeedTimelineItem[],
  extra: SeedTimelineItem[] | undefined
): SeedTimelineItem[] {
  if (!extra?.length) return own
  return [...extra, ...own].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0
  )
}
