/**
 * Resolvers for the GraphQL surface in ../SURFACE.md. Objects are plain JS objects whose property
 * names are GitHub's field names plus `__typename`; only fields with arguments or computed values
 * have a resolver here (keyed `Type.field`). Everything else is read from the object, and a field
 * the emulator does not carry is an error naming it (see index.ts), never a silent null.
 */
import { legacyNodeId } from '../dataset.js'
import type { Direction, EmulatorState, SortField } from '../state.js'
import type {
  SeedActor,
  SeedComment,
  SeedCommit,
  SeedDeployment,
  SeedIssue,
  SeedPull,
  SeedRelease,
  SeedRequestedReviewer,
  SeedReview,
  SeedTimelineItem
} from '../types.js'
import { connection, type PageArgs } from './connection.js'

export interface GraphqlContext {
  state: EmulatorState
  rateLimit: {
    limit: number
    cost: number
    remaining: number
    resetAt: string
    used: number
    nodeCount: number
  }
}

type Args = Record<string, unknown> & PageArgs
type Obj = Record<string, unknown>
export type Resolver = (source: Obj, args: Args, ctx: GraphqlContext) => unknown

function notEmulated(what: string): Error {
  return new Error(`${what} is not emulated`)
}

function stateOf(ctx: GraphqlContext): EmulatorState {
  return ctx.state
}

export function actorNode(state: EmulatorState, a: SeedActor | null | undefined): Obj | null {
  if (!a) return null
  const path = a.type === 'Bot' ? `apps/${a.login}` : a.login
  return {
    __typename: a.type,
    login: a.login,
    url: `${state.baseUrl}/${path}`,
    resourcePath: `/${path}`,
    avatarUrl: `${state.baseUrl}/avatars/${a.login}`
  }
}

function reviewerNode(state: EmulatorState, r: SeedRequestedReviewer): Obj {
  if (r.type === 'Team')
    return { __typename: 'Team', slug: r.slug, name: r.slug, combinedSlug: `${state.owner}/${r.slug}` }
  return actorNode(state, { login: r.login, type: r.type })!
}

export function commitNode(state: EmulatorState, oid: string): Obj {
  const c: SeedCommit | undefined = state.commitByOid.get(oid)
  const node: Obj = { __typename: 'Commit', oid, abbreviatedOid: oid.slice(0, 7), _oid: oid }
  if (c) {
    node.committedDate = c.committedDate
    node.authoredDate = c.authoredDate
    node.message = c.message
    node.messageHeadline = c.message.split('\n')[0]
    node.url = `${state.baseUrl}/${state.owner}/${state.name}/commit/${oid}`
  }
  return node
}

function refNode(state: EmulatorState, prefix: string, name: string, oid: string): Obj {
  return {
    __typename: 'Ref',
    id: legacyNodeId('Ref', Number.parseInt(oid.slice(0, 7), 16)),
    name,
    prefix,
    target: commitNode(state, oid)
  }
}

function labelNode(state: EmulatorState, name: string): Obj {
  const l = state.labels.get(name.toLowerCase())
  return {
    __typename: 'Label',
    id: l?.nodeId ?? legacyNodeId('Label', 0),
    name: l?.name ?? name,
    color: l?.color ?? 'ededed',
    description: l?.description ?? null
  }
}

export function repositoryNode(state: EmulatorState): Obj {
  return {
    __typename: 'Repository',
    id: state.repoNodeId,
    databaseId: state.repoId,
    name: state.name,
    nameWithOwner: `${state.owner}/${state.name}`,
    url: `${state.baseUrl}/${state.owner}/${state.name}`,
    createdAt: state.seed.createdAt,
    isPrivate: false,
    isArchived: false,
    isFork: false
  }
}

function pullState(p: SeedPull): string {
  return p.mergedAt ? 'MERGED' : p.closedAt ? 'CLOSED' : 'OPEN'
}

export function pullNode(state: EmulatorState, p: SeedPull): Obj {
  return {
    __typename: 'PullRequest',
    _pull: p,
    id: p.id,
    databaseId: p.databaseId,
    number: p.number,
    title: p.title,
    body: state.extras.get(p.number)?.body ?? '',
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    closedAt: p.closedAt,
    mergedAt: p.mergedAt,
    closed: p.closedAt !== null,
    merged: p.mergedAt !== null,
    isDraft: p.isDraft,
    state: pullState(p),
    baseRefName: p.baseRefName,
    headRefName: p.headRefName,
    additions: p.additions,
    deletions: p.deletions,
    author: actorNode(state, p.author),
    mergedBy: actorNode(state, p.mergedBy),
    mergeCommit: p.mergeCommitOid ? commitNode(state, p.mergeCommitOid) : null,
    url: `${state.baseUrl}/${state.owner}/${state.name}/pull/${p.number}`,
    resourcePath: `/${state.owner}/${state.name}/pull/${p.number}`,
    repository: repositoryNode(state)
  }
}

export function issueNode(state: EmulatorState, i: SeedIssue): Obj {
  const extra = state.extras.get(i.number)
  return {
    __typename: 'Issue',
    _issue: i,
    id: i.id,
    databaseId: i.databaseId,
    number: i.number,
    title: i.title,
    body: extra?.body ?? '',
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    closed: i.closedAt !== null,
    state: i.closedAt ? 'CLOSED' : 'OPEN',
    stateReason: i.closedAt ? (extra?.stateReason ?? 'completed').toUpperCase() : null,
    author: actorNode(state, i.author),
    url: `${state.baseUrl}/${state.owner}/${state.name}/issues/${i.number}`,
    resourcePath: `/${state.owner}/${state.name}/issues/${i.number}`,
    repository: repositoryNode(state)
  }
}

function reviewNode(state: EmulatorState, r: SeedReview): Obj {
  return {
    __typename: 'PullRequestReview',
    id: legacyNodeId('PullRequestReview', r.databaseId),
    databaseId: r.databaseId,
    state: r.state,
    submittedAt: r.submittedAt,
    createdAt: r.createdAt,
    author: actorNode(state, r.author),
    body: '',
    commit: r.commitOid ? commitNode(state, r.commitOid) : null
  }
}

function commentNode(state: EmulatorState, c: SeedComment): Obj {
  const stored = state.commentBodies.get(c.databaseId)
  return {
    __typename: 'IssueComment',
    id: legacyNodeId('IssueComment', c.databaseId),
    databaseId: c.databaseId,
    createdAt: c.createdAt,
    updatedAt: stored?.updatedAt ?? c.createdAt,
    author: actorNode(state, c.author),
    body: stored?.body ?? ''
  }
}

function eventNode(state: EmulatorState, e: SeedTimelineItem, index: number, owner: number): Obj {
  const node: Obj = {
    __typename: e.type,
    id: legacyNodeId(e.type, owner * 1000 + index),
    createdAt: e.createdAt,
    actor: actorNode(state, e.actor)
  }
  if (e.type === 'ReviewRequestedEvent' || e.type === 'ReviewRequestRemovedEvent')
    node.requestedReviewer = reviewerNode(state, e.reviewer)
  if (e.type === 'TransferredEvent')
    node.fromRepository = e.fromRepository
      ? { __typename: 'Repository', nameWithOwner: e.fromRepository, name: e.fromRepository.split('/')[1] }
      : null
  return node
}

/** `PullRequestReview` → `PULL_REQUEST_REVIEW` (GitHub's item-type enum names follow the type names). */
function itemType(typename: string): string {
  return typename.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
}

const PULL_ITEM_TYPES = new Set([
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
const ISSUE_ITEM_TYPES = new Set(['ISSUE_COMMENT', 'TRANSFERRED_EVENT', 'CLOSED_EVENT', 'REOPENED_EVENT'])

function timeline(
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

function orderOf(
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

function keyOf(field: SortField) {
  return (item: { databaseId: number; createdAt: string; updatedAt: string }) =>
    `${item[field]}|${item.databaseId}`
}

function pullsConnection(state: EmulatorState, args: Args): unknown {
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

function issuesConnection(state: EmulatorState, args: Args): unknown {
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

const DEPLOYMENT_STATE: Record<string, string> = {
  FAILURE: 'FAILURE',
  ERROR: 'ERROR',
  INACTIVE: 'INACTIVE',
  IN_PROGRESS: 'IN_PROGRESS',
  PENDING: 'PENDING',
  QUEUED: 'QUEUED',
  WAITING: 'WAITING'
}

/** Deployment.state as GitHub derives it: the newest successful deployment per environment is ACTIVE. */
function deploymentState(state: EmulatorState, d: SeedDeployment): string {
  const latest = d.statuses[d.statuses.length - 1]
  if (!latest) return 'PENDING'
  if (latest.state !== 'SUCCESS') return DEPLOYMENT_STATE[latest.state] ?? latest.state
  const active = state.cached('deployments:active', () => {
    const map = new Map<string, number>()
    for (const dep of state.deployments)
      if (dep.statuses[dep.statuses.length - 1]?.state === 'SUCCESS') map.set(dep.environment, dep.databaseId)
    return map
  })
  return active.get(d.environment) === d.databaseId ? 'ACTIVE' : 'INACTIVE'
}

function deploymentNode(state: EmulatorState, d: SeedDeployment): Obj {
  const status = (s: SeedDeployment['statuses'][number]) => ({
    __typename: 'DeploymentStatus',
    id: legacyNodeId('DeploymentStatus', s.id),
    state: s.state,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    description: null,
    environment: d.environment
  })
  const latest = d.statuses[d.statuses.length - 1]
  return {
    __typename: 'Deployment',
    _deployment: d,
    _status: status,
    id: d.id,
    databaseId: d.databaseId,
    environment: d.environment,
    originalEnvironment: d.environment,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    commitOid: d.sha,
    commit: commitNode(state, d.sha),
    task: d.task,
    description: null,
    state: deploymentState(state, d),
    latestStatus: latest ? status(latest) : null,
    latestEnvironment: d.environment,
    creator: actorNode(state, d.creator)
  }
}

function releaseNode(state: EmulatorState, r: SeedRelease): Obj {
  return {
    __typename: 'Release',
    id: r.id,
    databaseId: r.databaseId,
    tagName: r.tagName,
    name: r.name,
    createdAt: r.createdAt,
    publishedAt: r.publishedAt,
    isDraft: r.isDraft,
    isPrerelease: r.isPrerelease,
    isLatest: r === state.releases[state.releases.length - 1],
    tagCommit: commitNode(state, r.tagCommitOid),
    tag: refNode(state, 'refs/tags/', r.tagName, r.tagCommitOid),
    author: actorNode(state, r.author),
    url: `${state.baseUrl}/${state.owner}/${state.name}/releases/tag/${encodeURIComponent(r.tagName)}`
  }
}

/** Refs the emulator knows besides the git store: the default branch, pull-request heads, tags. */
function ownRefs(state: EmulatorState, prefix: string): { name: string; oid: string }[] {
  if (prefix === 'refs/heads/') {
    const head = state.defaultBranchHead()
    return head ? [{ name: state.seed.defaultBranch, oid: head.oid }] : []
  }
  if (prefix === 'refs/tags/') return state.releases.map((r) => ({ name: r.tagName, oid: r.tagCommitOid }))
  return []
}

function historyOf(state: EmulatorState, oid: string, args: Args): unknown {
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

function gitRef(state: EmulatorState, qualifiedName: string): Obj | null {
  if (state.git && state.gitModule) {
    const found = state.gitModule.resolveRef(state.git, qualifiedName)
    if (found) return found
  }
  const full = qualifiedName.startsWith('refs/') ? qualifiedName : `refs/heads/${qualifiedName}`
  for (const prefix of ['refs/heads/', 'refs/tags/']) {
    if (!full.startsWith(prefix)) continue
    const hit = ownRefs(state, prefix).find((r) => r.name === full.slice(prefix.length))
    if (hit) return refNode(state, prefix, hit.name, hit.oid)
  }
  return null
}

function notFound(type: string, what: string): Error {
  return Object.assign(new Error(`Could not resolve to ${type} with ${what}.`), { type: 'NOT_FOUND' })
}

function repoMatches(state: EmulatorState, owner: unknown, name: unknown): boolean {
  return (
    String(owner).toLowerCase() === state.owner.toLowerCase() &&
    String(name).toLowerCase() === state.name.toLowerCase()
  )
}

export const resolvers: Record<string, Resolver> = {
  'Query.repository': (_s, args, ctx) => {
    const state = stateOf(ctx)
    if (!repoMatches(state, args.owner, args.name))
      throw notFound('a Repository', `the name '${String(args.owner)}/${String(args.name)}'`)
    return repositoryNode(state)
  },
  'Query.rateLimit': (_s, _args, ctx) => ({ __typename: 'RateLimit', ...ctx.rateLimit }),
  'Query.node': (_s, args, ctx) => resolveNode(stateOf(ctx), String(args.id)),
  'Query.nodes': (_s, args, ctx) => (args.ids as string[]).map((id) => resolveNode(stateOf(ctx), id)),
  'Query.organization': (_s, args, ctx) => {
    const state = stateOf(ctx)
    if (!state.seed.ownerIsOrganization || String(args.login).toLowerCase() !== state.owner.toLowerCase())
      throw notFound('an Organization', `the login of '${String(args.login)}'`)
    return {
      __typename: 'Organization',
      login: state.owner,
      name: state.owner,
      id: legacyNodeId('Organization', state.ownerId),
      databaseId: state.ownerId
    }
  },
  'Organization.team': (_s, args, ctx) => {
    const team = stateOf(ctx).seed.teams.find((t) => t.slug === args.slug)
    return team ? { __typename: 'Team', slug: team.slug, name: team.name, _team: team } : null
  },
  'Team.members': (s, args, ctx) => {
    const team = s._team as { members: string[] } | undefined
    if (!team) throw notEmulated('Team.members')
    if (args.query || args.role) throw notEmulated('Team.members(query/role)')
    return connection(
      team.members,
      args,
      (login) => actorNode(stateOf(ctx), { login, type: 'User' }),
      (l) => l
    )
  },
  'Repository.owner': (_s, _a, ctx) => {
    const state = stateOf(ctx)
    return {
      __typename: state.seed.ownerIsOrganization ? 'Organization' : 'User',
      login: state.owner,
      id: legacyNodeId('Organization', state.ownerId)
    }
  },
  'Repository.defaultBranchRef': (_s, _a, ctx) => {
    const state = stateOf(ctx)
    const head = state.defaultBranchHead()
    return head ? refNode(state, 'refs/heads/', state.seed.defaultBranch, head.oid) : null
  },
  'Repository.pullRequests': (_s, args, ctx) => pullsConnection(stateOf(ctx), args),
  'Repository.pullRequest': (_s, args, ctx) => {
    const p = stateOf(ctx).pullByNumber.get(Number(args.number))
    if (!p) throw notFound('a PullRequest', `the number of ${String(args.number)}`)
    return pullNode(stateOf(ctx), p)
  },
  'Repository.issues': (_s, args, ctx) => issuesConnection(stateOf(ctx), args),
  'Repository.issue': (_s, args, ctx) => {
    const i = stateOf(ctx).issueByNumber.get(Number(args.number))
    if (!i) throw notFound('an Issue', `the number of ${String(args.number)}`)
    return issueNode(stateOf(ctx), i)
  },
  'Repository.deployments': (_s, args, ctx) => {
    const state = stateOf(ctx)
    const order = args.orderBy as { field: string; direction: Direction } | undefined
    if (order && order.field !== 'CREATED_AT')
      throw notEmulated(`Repository.deployments(orderBy: ${order.field})`)
    const direction = order?.direction ?? 'ASC'
    const envs = (args.environments as string[] | undefined) ?? null
    const items = state.cached(`deployments:${direction}:${envs?.join(',')}`, () => {
      const list = state.deployments.filter((d) => !envs || envs.includes(d.environment))
      list.sort((a, b) =>
        a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.databaseId - b.databaseId
      )
      return direction === 'DESC' ? list.reverse() : list
    })
    return connection(
      items,
      args,
      (d) => deploymentNode(state, d),
      (d) => String(d.databaseId)
    )
  },
  'Deployment.statuses': (s, args) => {
    const d = s._deployment as SeedDeployment
    const toNode = s._status as (x: SeedDeployment['statuses'][number]) => Obj
    return connection(d.statuses, args, toNode, (x) => String(x.id))
  },
  'Repository.releases': (_s, args, ctx) => {
    const state = stateOf(ctx)
    const order = args.orderBy as { field: string; direction: Direction } | undefined
    const field = order?.field ?? 'CREATED_AT'
    if (field !== 'CREATED_AT' && field !== 'NAME')
      throw notEmulated(`Repository.releases(orderBy: ${field})`)
    const direction = order?.direction ?? 'DESC'
    const items = state.cached(`releases:${field}:${direction}`, () => {
      const list = [...state.releases].sort((a, b) => {
        const ka = field === 'NAME' ? a.name : a.createdAt
        const kb = field === 'NAME' ? b.name : b.createdAt
        return ka < kb ? -1 : ka > kb ? 1 : a.databaseId - b.databaseId
      })
      return direction === 'DESC' ? list.reverse() : list
    })
    return connection(
      items,
      args,
      (r) => releaseNode(state, r),
      (r) => String(r.databaseId)
    )
  },
  'Repository.refs': (_s, args, ctx) => {
    const state = stateOf(ctx)
    if (args.orderBy || args.direction) throw notEmulated('Repository.refs(orderBy)')
    const prefix = String(args.refPrefix)
    const query = typeof args.query === 'string' ? args.query : ''
    const own = ownRefs(state, prefix)
    const names = new Set(own.map((r) => r.name))
    const stored = (state.git?.listRefs?.(prefix) ?? [])
      .map((r) => ({ name: r.ref.slice(prefix.length), oid: r.sha, stored: true }))
      .filter((r) => !names.has(r.name))
    const items = [...own.map((r) => ({ ...r, stored: false })), ...stored]
      .filter((r) => !query || r.name.includes(query))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const toNode = (r: { name: string; oid: string; stored: boolean }) =>
      (r.stored && state.git && state.gitModule?.resolveRef(state.git, `${prefix}${r.name}`)) ||
      refNode(state, prefix, r.name, r.oid)
    return connection(items, args, toNode, (r) => r.name)
  },
  'Repository.ref': (_s, args, ctx) => gitRef(stateOf(ctx), String(args.qualifiedName)),
  'Repository.object': (_s, args, ctx) => {
    const state = stateOf(ctx)
    const expression = (args.expression as string | undefined) ?? (args.oid as string | undefined)
    if (!expression) return null
    if (state.git && state.gitModule) {
      const found = state.gitModule.resolveObject(state.git, expression)
      if (found) return found
    }
    if (state.commitByOid.has(expression)) return commitNode(state, expression)
    const ref = gitRef(state, expression)
    return ref ? ref.target : null
  },
  'Repository.labels': (_s, args, ctx) => {
    const state = stateOf(ctx)
    const order = (args.orderBy as { field: string; direction: Direction } | undefined) ?? {
      field: 'CREATED_AT',
      direction: 'ASC'
    }
    if (order.field !== 'CREATED_AT' && order.field !== 'NAME')
      throw notEmulated(`Repository.labels(orderBy: ${order.field})`)
    const query = typeof args.query === 'string' ? args.query.toLowerCase() : ''
    const items = [...state.labels.values()].filter((l) => !query || l.name.toLowerCase().includes(query))
    if (order.field === 'NAME') items.sort((a, b) => a.name.localeCompare(b.name))
    if (order.direction === 'DESC') items.reverse()
    return connection(
      items,
      args,
      (l) => labelNode(state, l.name),
      (l) => l.name
    )
  },
  'Repository.label': (_s, args, ctx) => {
    const state = stateOf(ctx)
    return state.labels.has(String(args.name).toLowerCase()) ? labelNode(state, String(args.name)) : null
  },
  'Commit.history': (s, args, ctx) => {
    if (!s._oid) return ownValue(s, 'Commit.history', 'history', args)
    return historyOf(stateOf(ctx), s._oid as string, args)
  },
  'Commit.parents': (s, args, ctx) => {
    if (!s._oid) return ownValue(s, 'Commit.parents', 'parents', args)
    const state = stateOf(ctx)
    const c = state.commitByOid.get(s._oid as string)
    if (!c) throw notEmulated(`Commit.parents of ${String(s._oid)}`)
    return connection(
      c.parents,
      args,
      (oid) => commitNode(state, oid),
      (oid) => oid
    )
  },
  'PullRequest.labels': (s, args, ctx) =>
    connection(
      (s._pull as SeedPull).labels,
      args,
      (l) => labelNode(stateOf(ctx), l),
      (l) => l
    ),
  'Issue.labels': (s, args, ctx) =>
    connection(
      (s._issue as SeedIssue).labels,
      args,
      (l) => labelNode(stateOf(ctx), l),
      (l) => l
    ),
  'PullRequest.commits': (s, args, ctx) => {
    const p = s._pull as SeedPull
    return connection(
      p.commits,
      args,
      (c) => ({
        __typename: 'PullRequestCommit',
        id: legacyNodeId('PullRequestCommit', p.databaseId),
        commit: {
          ...commitNode(stateOf(ctx), c.oid),
          authoredDate: c.authoredDate,
          committedDate: c.committedDate
        }
      }),
      (c) => c.oid
    )
  },
  'PullRequest.reviews': (s, args, ctx) => {
    if (args.author) throw notEmulated('PullRequest.reviews(author)')
    const states = (args.states as string[] | undefined) ?? null
    // Pending reviews are visible only to their author, never to the token's actor.
    const list = (s._pull as SeedPull).reviews.filter(
      (r) => r.state !== 'PENDING' && (!states || states.includes(r.state))
    )
    return connection(
      list,
      args,
      (r) => reviewNode(stateOf(ctx), r),
      (r) => String(r.databaseId)
    )
  },
  'PullRequest.comments': (s, args, ctx) =>
    connection(
      (s._pull as SeedPull).comments,
      args,
      (c) => commentNode(stateOf(ctx), c),
      (c) => String(c.databaseId)
    ),
  'Issue.comments': (s, args, ctx) =>
    connection(
      (s._issue as SeedIssue).comments,
      args,
      (c) => commentNode(stateOf(ctx), c),
      (c) => String(c.databaseId)
    ),
  'PullRequest.timelineItems': (s, args, ctx) =>
    timeline(stateOf(ctx), s._pull as SeedPull, args, PULL_ITEM_TYPES, 'PullRequest'),
  'Issue.timelineItems': (s, args, ctx) =>
    timeline(stateOf(ctx), s._issue as SeedIssue, args, ISSUE_ITEM_TYPES, 'Issue')
}

/** Objects from the git store carry their own fields (possibly as functions of the arguments). */
function ownValue(source: Obj, key: string, field: string, args: Args): unknown {
  const value = source[field]
  if (value === undefined) throw new Error(`Field "${key}" is not emulated`)
  return typeof value === 'function' ? (value as (a: Args) => unknown).call(source, args) : value
}

function resolveNode(state: EmulatorState, id: string): Obj | null {
  const hit = state.nodes.get(id)
  if (!hit) throw notFound('a node', `the global id of '${id}'`)
  if (hit.kind === 'PullRequest') return pullNode(state, state.pullByNumber.get(hit.number)!)
  return issueNode(state, state.issueByNumber.get(hit.number)!)
}
