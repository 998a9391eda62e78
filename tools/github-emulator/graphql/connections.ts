/**
 * The filtered, ordered connections: pull requests, issues, timelines, default-branch history, refs.
 * Sorted indexes come from the state (cached per version); filters are cached the same way.
 */
import type { Direction, EmulatorState, SortField } from '../state.js'
import type { SeedComment, SeedReview, SeedTimelineItem } from '../types.js'
import { connection, type PageArgs } from './connection.js'
import {
  commentNode,
  commitNode,
  eventNode,
  issueNode,
  pullNode,
  pullState,
  reviewNode,
  type Obj
} from './nodes.js'

export type Args = Record<string, unknown> & PageArgs

export function notEmulated(what: string): Error {
  return new Error(`${what} is not emulated`)
}

/** `PullRequestReview` → `PULL_REQUEST_REVIEW` (GitHub's item-type enum names follow the type names). */
export function itemType(typename: string): string {
  return typename.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
}

export const PULL_ITEM_TYPES = new Set([
  'REVIEW_REQUESTED_EVENT',
  'REVIEW_REQUEST_REMOVED_EVENT',
  'READY_FOR_REVIEW_EVENT',
  'CONVERT_TO_DRAFT_EVENT',
  'PULL_REQUEST_REVIEW',
  'ISSUE_COMMENT',
  'CLOSED_EVENT',
  'MERGED_EVENT',
  'REOPENED_EVENT'
])
export const ISSUE_ITEM_TYPES = new Set([
  'ISSUE_COMMENT',
  'TRANSFERRED_EVENT',
  'CLOSED_EVENT',
  'REOPENED_EVENT'
])

export function timeline(
  state: EmulatorState,
  owner: {
    databaseId: number
    events: SeedTimelineItem[]
    comments: SeedComment[]
    reviews?: SeedReview[]
    updatedAt: string
  },
  args: Args,
  supported: Set<string>,
  typeName: string
): Obj {
  const wanted = (args.itemTypes as string[] | undefined) ?? null
  for (const t of wanted ?? [])
    if (!supported.has(t)) throw notEmulated(`${typeName}.timelineItems(itemTypes: ${t})`)
  if (args.skip) throw notEmulated(`${typeName}.timelineItems(skip)`)
  const items: { at: string; node: () => Obj; type: string }[] = []
  owner.events.forEach((e, i) =>
    items.push({
      at: e.createdAt,
      type: itemType(e.type),
      node: () => eventNode(state, e, i, owner.databaseId)
    })
  )
  for (const r of (owner.reviews ?? []).filter((x) => x.state !== 'PENDING'))
    items.push({
      at: r.submittedAt ?? r.createdAt,
      type: 'PULL_REQUEST_REVIEW',
      node: () => reviewNode(state, r)
    })
  for (const c of owner.comments)
    items.push({ at: c.createdAt, type: 'ISSUE_COMMENT', node: () => commentNode(state, c) })
  const since = typeof args.since === 'string' ? args.since : null
  const filtered = items
    .filter(
      (it) => (wanted ? wanted.includes(it.type) : supported.has(it.type)) && (!since || it.at >= since)
    )
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  const conn = connection(filtered, args, (it) => it.node())
  const last = filtered.length ? filtered[filtered.length - 1].at : owner.updatedAt
  return {
    ...conn,
    filteredCount: filtered.length,
    pageCount: conn.nodes.length,
    updatedAt: last > owner.updatedAt ? last : owner.updatedAt
  }
}

export function orderOf(
  args: Args,
  fields: Record<string, SortField>,
  fallback: SortField,
  type: string
): [SortField, Direction] {
  const order = args.orderBy as { field: string; direction: Direction } | undefined
  if (!order) return [fallback, 'ASC']
  const field = fields[order.field]
  if (!field) throw notEmulated(`${type}(orderBy: {field: ${order.field}})`)
  return [field, order.direction]
}

export function keyOf(field: SortField) {
  return (item: { databaseId: number; createdAt: string; updatedAt: string }) =>
    `${item[field]}|${item.databaseId}`
}

export function pullsConnection(state: EmulatorState, args: Args): unknown {
  const [field, direction] = orderOf(
    args,
    { CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' },
    'createdAt',
    'Repository.pullRequests'
  )
  const states = (args.states as string[] | undefined) ?? null
  const base = (args.baseRefName as string | undefined) ?? null
  const head = (args.headRefName as string | undefined) ?? null
  const labels = ((args.labels as string[] | undefined) ?? []).map((l) => l.toLowerCase())
  const sorted = state.pullsSorted(field, direction)
  const filterKey = `pulls:${field}:${direction}:${states?.join(',')}:${base}:${head}:${labels.join(',')}`
  const items =
    !states && !base && !head && !labels.length
      ? sorted
      : state.cached(filterKey, () =>
          sorted.filter(
            (p) =>
              (!states || states.includes(pullState(p))) &&
              (!base || p.baseRefName === base) &&
              (!head || p.headRefName === head) &&
              (!labels.length || p.labels.some((l) => labels.includes(l.toLowerCase())))
          )
        )
  return connection(items, args, (p) => pullNode(state, p), keyOf(field))
}

export function issuesConnection(state: EmulatorState, args: Args): unknown {
  const [field, direction] = orderOf(
    args,
    { CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' },
    'createdAt',
    'Repository.issues'
  )
  const filterBy = (args.filterBy as Record<string, unknown> | undefined) ?? {}
  for (const k of Object.keys(filterBy))
    if (
      !['since', 'labels', 'states', 'createdBy'].includes(k) &&
      filterBy[k] !== null &&
      filterBy[k] !== undefined &&
      !(k === 'viewerSubscribed' && filterBy[k] === false)
    )
      throw notEmulated(`IssueFilters.${k}`)
  const states = (args.states as string[] | undefined) ?? (filterBy.states as string[] | undefined) ?? null
  const labels = (
    (args.labels as string[] | undefined) ??
    (filterBy.labels as string[] | undefined) ??
    []
  ).map((l) => l.toLowerCase())
  const since = (filterBy.since as string | undefined) ?? null
  const sinceMs = since ? Date.parse(since) : null
  const createdBy = (filterBy.createdBy as string | undefined) ?? null
  const sorted = state.issuesSorted(field, direction)
  const key = `issues:${field}:${direction}:${states?.join(',')}:${labels.join(',')}:${since}:${createdBy}`
  const items =
    !states && !labels.length && !since && !createdBy
      ? sorted
      : state.cached(key, () =>
          sorted.filter(
            (i) =>
              (!states || states.includes(i.closedAt ? 'CLOSED' : 'OPEN')) &&
              (!labels.length || i.labels.some((l) => labels.includes(l.toLowerCase()))) &&
              (sinceMs === null || Date.parse(i.updatedAt) >= sinceMs) &&
              (!createdBy || i.author?.login === createdBy)
          )
        )
  return connection(items, args, (i) => issueNode(state, i), keyOf(field))
}

/** Refs the emulator knows besides the git store: the default branch, pull-request heads, tags. */
export function ownRefs(state: EmulatorState, prefix: string): { name: string; oid: string }[] {
  if (prefix === 'refs/heads/') {
    const head = state.defaultBranchHead()
    return head ? [{ name: state.seed.defaultBranch, oid: head.oid }] : []
  }
  if (prefix === 'refs/tags/') return state.releases.map((r) => ({ name: r.tagName, oid: r.tagCommitOid }))
  return []
}

export function historyOf(state: EmulatorState, oid: string, args: Args): unknown {
  if (args.path || args.author) throw notEmulated(`Commit.history(${args.path ? 'path' : 'author'})`)
  const start = state.commitIndex.get(oid)
  const all = start === undefined ? [] : state.commits.slice(start)
  const since = typeof args.since === 'string' ? Date.parse(args.since) : null
  const until = typeof args.until === 'string' ? Date.parse(args.until) : null
  const items =
    since === null && until === null
      ? all
      : all.filter((c) => {
          const t = Date.parse(c.committedDate)
          return (since === null || t >= since) && (until === null || t <= until)
        })
  return connection(
    items,
    args,
    (c) => commitNode(state, c.oid),
    (c) => c.oid
  )
}
