/**
 * The figures of the organization report's tables beyond the pooled headline: a group's figures
 * pooled from its repositories' values, a team's pooled from the values attributed to its members,
 * and per-person figures (only for `people: named`). Every figure comes from poolValues
 * (./pool.ts) or `summarize` (src/metrics/stats.ts): never an average of medians.
 */
import { summarize } from '../metrics/stats.js'
import type { Snapshot, Stats } from '../metrics/types.js'
import { poolValues } from './pool.js'
import type { DistValues, MetricValues, SnapshotValues } from './values.js'

/** Figures pooled from some repositories' values, or why there are none. */
export interface PooledFigures {
  snapshot: Snapshot | null
  /** The repositories whose values went in. */
  pooled: string[]
  /** Repositories of the set without values for the period (failed, not reached): left out. */
  missing: string[]
  /** Why there is no snapshot (no values, or values that could not be pooled). */
  note?: string
}

function pool(
  name: string,
  values: SnapshotValues[],
  generatedAt: string
): Pick<PooledFigures, 'snapshot' | 'note'> {
  if (values.length === 0) return { snapshot: null, note: 'no repository of it has figures for this period' }
  try {
    return { snapshot: poolValues(values, { name, generatedAt }).snapshot }
  } catch (error) {
    return { snapshot: null, note: (error as Error).message }
  }
}

/** A group's figures: its repositories' values pooled (those without values named, left out). */
export function groupFigures(
  name: string,
  repositories: readonly string[],
  valuesOf: (repository: string) => SnapshotValues | null,
  generatedAt: string
): PooledFigures {
  const values: SnapshotValues[] = []
  const missing: string[] = []
  for (const repository of repositories) {
    const v = valuesOf(repository)
    if (v) values.push(v)
    else missing.push(repository)
  }
  return { ...pool(name, values, generatedAt), pooled: values.map((v) => v.repository), missing }
}

/**
 * What a team's row covers: the distributions whose values name a person (values.ts `who`), kept
 * when that person is a member. Counts (pull requests, issues, deployments, change failure rate) and
 * the DORA durations name nobody, so a team row has none of them.
 */
export const TEAM_METRICS = [
  'reviewTurnaround',
  'timeToFirstReview',
  'timeToMerge',
  'cycleTime',
  'issueFirstResponse',
  'issueTimeToClose'
] as const

/** One distribution's values whose `who` passes `keep`; null when the values name nobody. */
function keepWho(part: DistValues, keep: (who: string) => boolean): DistValues | null {
  if (!part.who) return null
  const out: DistValues = { seconds: [], bucket: [], who: [] }
  for (let i = 0; i < part.seconds.length; i++) {
    const who = part.who[i]
    if (who === null || !keep(who)) continue
    out.seconds.push(part.seconds[i])
    out.bucket.push(part.bucket[i])
    out.who!.push(who)
  }
  return out
}

/**
 * A repository's values reduced to a team's: review turnaround of reviews by a member or requested
 * from the team itself (`team:SLUG`), time to first review, time to merge and cycle time (with its
 * phases) of pull requests a member opened, issue first response by a member, issue time to close of
 * issues a member opened. Counts and lists are left out.
 */
export function teamValues(
  values: SnapshotValues,
  slug: string,
  members: ReadonlySet<string>
): SnapshotValues {
  const logins = new Set([...members].map((m) => m.toLowerCase()))
  const member = (who: string) => logins.has(who.toLowerCase())
  const reviewer = (who: string) => member(who) || who.toLowerCase() === `team:${slug.toLowerCase()}`
  const m = values.metrics
  const metrics: MetricValues = {}
  const rt = m.reviewTurnaround && keepWho(m.reviewTurnaround, reviewer)
  if (m.reviewTurnaround && rt) {
    const working = m.reviewTurnaround.workingHours && keepWho(m.reviewTurnaround.workingHours, reviewer)
    metrics.reviewTurnaround = {
      ...rt,
      ...(working ? { workingHours: working } : {}),
      pending: { count: 0, oldestAgeSeconds: null }
    }
  }
  const first = m.timeToFirstReview && keepWho(m.timeToFirstReview, member)
  if (m.timeToFirstReview && first) {
    const working = m.timeToFirstReview.workingHours && keepWho(m.timeToFirstReview.workingHours, member)
    metrics.timeToFirstReview = { ...first, ...(working ? { workingHours: working } : {}) }
  }
  const merge = m.timeToMerge && keepWho(m.timeToMerge, member)
  if (merge) metrics.timeToMerge = merge
  const cycle = m.cycleTime && keepWho(m.cycleTime, member)
  if (m.cycleTime && cycle) {
    const phase = (p: DistValues) => keepWho(p, member) ?? { seconds: [], bucket: [] }
    const { coding, pickup, review, merge: last } = m.cycleTime.phases
    metrics.cycleTime = {
      ...cycle,
      phases: { coding: phase(coding), pickup: phase(pickup), review: phase(review), merge: phase(last) }
    }
  }
  const response = m.issueFirstResponse && keepWho(m.issueFirstResponse, member)
  if (response) metrics.issueFirstResponse = response
  const close = m.issueTimeToClose && keepWho(m.issueTimeToClose, member)
  if (close) metrics.issueTimeToClose = close
  return {
    schemaVersion: values.schemaVersion,
    repository: values.repository,
    period: values.period,
    window: values.window,
    complete: values.complete,
    metrics
  }
}

/** A team's figures: every repository's values reduced to the team's, pooled. */
export function teamFigures(
  slug: string,
  members: readonly string[],
  values: readonly SnapshotValues[],
  generatedAt: string
): PooledFigures {
  const set = new Set(members)
  const reduced = values.map((v) => teamValues(v, slug, set))
  return {
    ...pool(`team:${slug}`, reduced, generatedAt),
    pooled: values.map((v) => v.repository),
    missing: []
  }
}

/** One person's figures as authors (`people: named`). */
export interface AuthorRow {
  login: string
  /** Pull requests of theirs merged in the window (their time-to-merge values). */
  merged: number
  cycleTime: Stats
  timeToFirstReview: Stats
}

/** Per author over every repository: merged pull requests, cycle time and time to first review. */
export function authorRows(values: readonly SnapshotValues[]): AuthorRow[] {
  const lists = new Map<string, { merge: number[]; cycle: number[]; first: number[] }>()
  const add = (part: DistValues | undefined, key: 'merge' | 'cycle' | 'first') => {
    if (!part?.who) return
    for (let i = 0; i < part.seconds.length; i++) {
      const who = part.who[i]
      if (who === null) continue
      let row = lists.get(who)
      if (!row) lists.set(who, (row = { merge: [], cycle: [], first: [] }))
      row[key].push(part.seconds[i])
    }
  }
  for (const v of values) {
    add(v.metrics.timeToMerge, 'merge')
    add(v.metrics.cycleTime, 'cycle')
    add(v.metrics.timeToFirstReview, 'first')
  }
  return [...lists.entries()]
    .map(([login, row]) => ({
      login,
      merged: row.merge.length,
      cycleTime: summarize(row.cycle),
      timeToFirstReview: summarize(row.first)
    }))
    .sort((a, b) => b.merged - a.merged || (a.login < b.login ? -1 : a.login > b.login ? 1 : 0))
}
