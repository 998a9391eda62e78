/**
 * Issue routes (GitHub lists pull requests as issues too): list, create, get, update, comments,
 * timeline, labels. Writes change the shared state, so GraphQL sees them as well.
 */
import { legacyNodeId } from '../dataset.js'
import type { EmulatorState } from '../state.js'
import type { SeedActor, SeedIssue, SeedPull, SeedTimelineItem } from '../types.js'
import {
  bodyOf,
  byTime,
  invalid,
  notFound,
  nowIso,
  ok,
  paginate,
  type RestContext,
  type RestHandler
} from './common.js'
import { repoApi, restComment, restIssue, restLabel, restReview, restTeam, restUser } from './shapes.js'

/** The login a token acts as (the Actions token is the github-actions bot). */
export const TOKEN_ACTOR: SeedActor = { login: 'github-actions', type: 'Bot' }

type Item = { item: SeedIssue | SeedPull; isPull: boolean }

function itemOf(state: EmulatorState, number: number): Item | undefined {
  const pull = state.pullByNumber.get(number)
  if (pull) return { item: pull, isPull: true }
  const issue = state.issueByNumber.get(number)
  return issue ? { item: issue, isPull: false } : undefined
}

function labelNames(state: EmulatorState, value: unknown): string[] | string {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return 'labels must be an array of label names'
  const names: string[] = []
  for (const v of value) {
    const name =
      typeof v === 'string' ? v : v && typeof v === 'object' ? (v as { name?: unknown }).name : undefined
    if (typeof name !== 'string' || !name.trim()) return 'each label must be a non-empty name'
    const known = state.labels.get(name.toLowerCase()) ?? state.addLabel(name, 'ededed', null)
    if (!names.includes(known.name)) names.push(known.name)
  }
  return names
}

export const listIssues: RestHandler = (ctx) => {
  const { state } = ctx
  const q = ctx.req.query
  const stateFilter = q.get('state') ?? 'open'
  if (!['open', 'closed', 'all'].includes(stateFilter))
    return invalid('state must be open, closed or all', 'state')
  const sort = q.get('sort') ?? 'created'
  if (sort !== 'created' && sort !== 'updated')
    return invalid(`sort "${sort}" is not emulated (created, updated)`, 'sort')
  const direction = (q.get('direction') ?? 'desc') as 'asc' | 'desc'
  const labels = (q.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean)
  const creator = q.get('creator')
  const since = q.get('since')
  const sinceMs = since ? Date.parse(since) : null
  if (since && Number.isNaN(sinceMs)) return invalid(`since "${since}" is not an ISO 8601 timestamp`, 'since')
  const key = `rest:issues:${stateFilter}:${sort}:${direction}:${labels.join(',')}:${creator}:${since}`
  const items = state.cached(key, () => {
    const all: Item[] = [
      ...state.issues.map((item) => ({ item, isPull: false })),
      ...state.pulls.map((item) => ({ item, isPull: true }))
    ]
    const restLogin = (a: SeedActor | null) => (a ? (a.type === 'Bot' ? `${a.login}[bot]` : a.login) : null)
    return all
      .filter(
        ({ item }) =>
          (stateFilter === 'all' || (stateFilter === 'open') === (item.closedAt === null)) &&
          labels.every((l) => item.labels.some((x) => x.toLowerCase() === l)) &&
          (!creator || restLogin(item.author) === creator) &&
          (sinceMs === null || Date.parse(item.updatedAt) >= sinceMs)
      )
      .sort(
        byTime(
          (x) => (sort === 'created' ? x.item.createdAt : x.item.updatedAt),
          (x) => x.item.number,
          direction
        )
      )
  })
  return paginate(ctx, items, (x) => restIssue(state, x.item, x.isPull))
}

export const createIssue: RestHandler = (ctx) => {
  const { state } = ctx
  const body = bodyOf(ctx.req)
  if (typeof body.title !== 'string' || !body.title.trim()) return invalid('title is required', 'title')
  if (body.body !== undefined && body.body !== null && typeof body.body !== 'string')
    return invalid('body must be a string', 'body')
  const labels = labelNames(state, body.labels)
  if (typeof labels === 'string') return invalid(labels, 'labels')
  const number = state.nextNumber()
  const databaseId = state.newId()
  const now = nowIso()
  const issue: SeedIssue = {
    number,
    id: legacyNodeId('Issue', databaseId),
    databaseId,
    title: body.title,
    author: TOKEN_ACTOR,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    labels,
    comments: [],
    events: []
  }
  state.issues.push(issue)
  state.issueByNumber.set(number, issue)
  state.nodes.set(issue.id, { kind: 'Issue', number })
  state.extra(number).body = (body.body as string | undefined) ?? null
  state.touch()
  return {
    status: 201,
    body: restIssue(state, issue, false),
    headers: { location: `${repoApi(state)}/issues/${number}` }
  }
}

function numberParam(ctx: RestContext): number {
  return Number(ctx.params.issue_number)
}

export const getIssue: RestHandler = (ctx) => {
  const found = itemOf(ctx.state, numberParam(ctx))
  return found ? ok(restIssue(ctx.state, found.item, found.isPull)) : notFound()
}

export const updateIssue: RestHandler = (ctx) => {
  const { state } = ctx
  const found = itemOf(state, numberParam(ctx))
  if (!found) return notFound()
  const body = bodyOf(ctx.req)
  const { item } = found
  const extra = state.extra(item.number)
  const now = nowIso()
  if (body.title !== undefined) {
    if (typeof body.title !== 'string' || !body.title.trim())
      return invalid('title must be a non-empty string', 'title')
    item.title = body.title
  }
  if (body.body !== undefined) {
    if (body.body !== null && typeof body.body !== 'string')
      return invalid('body must be a string or null', 'body')
    extra.body = body.body as string | null
  }
  if (body.labels !== undefined) {
    const labels = labelNames(state, body.labels)
    if (typeof labels === 'string') return invalid(labels, 'labels')
    item.labels = labels
  }
  if (body.state !== undefined) {
    if (body.state !== 'open' && body.state !== 'closed')
      return invalid('state must be open or closed', 'state')
    if (body.state === 'closed' && item.closedAt === null) {
      item.closedAt = now
      extra.stateReason = body.state_reason === 'not_planned' ? 'not_planned' : 'completed'
      item.events.push({ type: 'ClosedEvent', createdAt: now, actor: TOKEN_ACTOR })
    } else if (body.state === 'open' && item.closedAt !== null) {
      if (found.isPull && (item as SeedPull).mergedAt)
        return invalid('a merged pull request cannot be reopened', 'state')
      item.closedAt = null
      extra.stateReason = 'reopened'
      item.events.push({ type: 'ReopenedEvent', createdAt: now, actor: TOKEN_ACTOR })
    }
  }
  item.updatedAt = now
  state.touch()
  return ok(restIssue(state, item, found.isPull))
}

export const listComments: RestHandler = (ctx) => {
  const found = itemOf(ctx.state, numberParam(ctx))
  if (!found) return notFound()
  const since = ctx.req.query.get('since')
  const list = since
    ? found.item.comments.filter(
        (c) => (ctx.state.commentBodies.get(c.databaseId)?.updatedAt ?? c.createdAt) >= since
      )
    : found.item.comments
  return paginate(ctx, list, (c) => restComment(ctx.state, found.item.number, c))
}

export const createComment: RestHandler = (ctx) => {
  const { state } = ctx
  const found = itemOf(state, numberParam(ctx))
  if (!found) return notFound()
  const body = bodyOf(ctx.req)
  if (typeof body.body !== 'string' || !body.body) return invalid('body is required', 'body', 'IssueComment')
  const now = nowIso()
  const comment = { databaseId: state.newId(), author: TOKEN_ACTOR, createdAt: now }
  found.item.comments.push(comment)
  state.commentBodies.set(comment.databaseId, { body: body.body, updatedAt: now })
  found.item.updatedAt = now
  state.touch()
  return { status: 201, body: restComment(state, found.item.number, comment) }
}

export const addLabels: RestHandler = (ctx) => {
  const { state } = ctx
  const found = itemOf(state, numberParam(ctx))
  if (!found) return notFound()
  const raw = Array.isArray(ctx.req.body) ? ctx.req.body : bodyOf(ctx.req).labels
  const labels = labelNames(state, raw)
  if (typeof labels === 'string') return invalid(labels, 'labels', 'Label')
  for (const l of labels) if (!found.item.labels.includes(l)) found.item.labels.push(l)
  found.item.updatedAt = nowIso()
  state.touch()
  return ok(found.item.labels.map((l) => restLabel(state, l)))
}

export const listLabels: RestHandler = (ctx) =>
  paginate(ctx, [...ctx.state.labels.values()], (l) => restLabel(ctx.state, l.name))

export const getLabel: RestHandler = (ctx) => {
  const name = decodeURIComponent(ctx.params.name)
  return ctx.state.labels.has(name.toLowerCase()) ? ok(restLabel(ctx.state, name)) : notFound()
}

export const createLabel: RestHandler = (ctx) => {
  const body = bodyOf(ctx.req)
  if (typeof body.name !== 'string' || !body.name.trim()) return invalid('name is required', 'name', 'Label')
  if (ctx.state.labels.has(body.name.toLowerCase()))
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
        documentation_url: 'https://docs.github.com/rest',
        status: '422'
      }
    }
  const color = typeof body.color === 'string' ? body.color.replace(/^#/, '') : 'ededed'
  if (!/^[0-9a-fA-F]{6}$/.test(color)) return invalid('color must be a 6-digit hex code', 'color', 'Label')
  const description = typeof body.description === 'string' ? body.description : null
  ctx.state.addLabel(body.name, color, description)
  ctx.state.touch()
  return { status: 201, body: restLabel(ctx.state, body.name) }
}

function timelineEvent(
  ctx: RestContext,
  number: number,
  e: SeedTimelineItem,
  index: number
): Record<string, unknown> {
  const { state } = ctx
  const id = number * 1000 + index
  const base = {
    id,
    node_id: legacyNodeId(e.type, id),
    url: `${repoApi(state)}/issues/events/${id}`,
    actor: restUser(state, e.actor),
    commit_id: null,
    commit_url: null,
    created_at: e.createdAt,
    performed_via_github_app: null
  }
  switch (e.type) {
    case 'ReviewRequestedEvent':
    case 'ReviewRequestRemovedEvent': {
      const who =
        e.reviewer.type === 'Team'
          ? { requested_team: restTeam(state, e.reviewer.slug) }
          : { requested_reviewer: restUser(state, { login: e.reviewer.login, type: e.reviewer.type }) }
      return {
        ...base,
        event: e.type === 'ReviewRequestedEvent' ? 'review_requested' : 'review_request_removed',
        review_requester: restUser(state, e.actor ?? TOKEN_ACTOR),
        ...who
      }
    }
    case 'ReadyForReviewEvent':
      return { ...base, event: 'ready_for_review' }
    case 'ConvertToDraftEvent':
      return { ...base, event: 'convert_to_draft' }
    case 'ClosedEvent':
      return { ...base, event: 'closed', state_reason: null }
    case 'ReopenedEvent':
      return { ...base, event: 'reopened' }
    case 'MergedEvent':
      return { ...base, event: 'merged' }
    case 'TransferredEvent':
      return { ...base, event: 'transferred' }
  }
}

export const listTimeline: RestHandler = (ctx) => {
  const { state } = ctx
  const found = itemOf(state, numberParam(ctx))
  if (!found) return notFound()
  const number = found.item.number
  const entries: { at: string; json: () => unknown }[] = []
  found.item.events.forEach((e, i) =>
    entries.push({ at: e.createdAt, json: () => timelineEvent(ctx, number, e, i) })
  )
  for (const c of found.item.comments)
    entries.push({
      at: c.createdAt,
      json: () => ({ ...restComment(state, number, c), event: 'commented', actor: restUser(state, c.author) })
    })
  if (found.isPull) {
    const pull = found.item as SeedPull
    for (const r of pull.reviews.filter((x) => x.state !== 'PENDING'))
      entries.push({
        at: r.submittedAt ?? r.createdAt,
        json: () => ({ ...restReview(state, pull, r), state: r.state.toLowerCase(), event: 'reviewed' })
      })
  }
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  return paginate(ctx, entries, (e) => e.json())
}
