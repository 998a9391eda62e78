/**
 * Resolvers for the GraphQL surface in ../SURFACE.md. Objects are plain JS objects whose property
 * names are GitHub's field names plus `__typename`; only fields with arguments or computed values
 * have a resolver here (keyed `Type.field`). Everything else is read from the object, and a field
 * the emulator does not carry is an error naming it (see index.ts), never a silent null.
 */
import { legacyNodeId } from '../dataset.js'
import type { Direction, EmulatorState } from '../state.js'
import type { SeedDeployment, SeedIssue, SeedPull } from '../types.js'
import type { EmulatorWorld, Owner, Viewer } from '../world.js'
import { connection } from './connection.js'
import {
  historyOf,
  issuesConnection,
  notEmulated,
  ownRefs,
  pullsConnection,
  timeline,
  ISSUE_ITEM_TYPES,
  PULL_ITEM_TYPES,
  type Args
} from './connections.js'
import {
  actorNode,
  commentNode,
  commitNode,
  deploymentNode,
  issueNode,
  labelNode,
  pullNode,
  refNode,
  releaseNode,
  repositoryNode,
  reviewNode,
  type Obj
} from './nodes.js'

export interface GraphqlContext {
  /** The repository objects resolve against: the primary one, or the one an object came from. */
  state: EmulatorState
  /** Every repository served. */
  world: EmulatorWorld
  /** What the token may see: a repository it may not read is NOT_FOUND. */
  viewer: Viewer
  /** The same context answering from another repository. */
  forState(state: EmulatorState): GraphqlContext
  rateLimit: {
    limit: number
    cost: number
    remaining: number
    resetAt: string
    used: number
    nodeCount: number
  }
  /** The token's permissions under the strict profile (absent: every field readable). */
  permissions?: import('../profile.js').Permissions
}

export type Resolver = (source: Obj, args: Args, ctx: GraphqlContext) => unknown

function stateOf(ctx: GraphqlContext): EmulatorState {
  return ctx.state
}

/** Which repository each result object belongs to (used only when several are served). */
const bound = new WeakMap<object, EmulatorState>()

/** Marks `value` (an object, or each object of an array) as `state`'s, unless already marked. */
export function bindState(value: unknown, state: EmulatorState): void {
  if (!value || typeof value !== 'object') return
  if (Array.isArray(value)) {
    for (const item of value) if (item && typeof item === 'object' && !bound.has(item)) bound.set(item, state)
  } else if (!bound.has(value)) bound.set(value, state)
}

export function boundState(value: object): EmulatorState | undefined {
  return bound.get(value)
}

/** The repository node of `state`, marked as answering from it. */
function repositoryOf(state: EmulatorState): Obj {
  const node = repositoryNode(state)
  bound.set(node, state)
  return node
}

/** An Organization or User node (the `RepositoryOwner` of its repositories). */
function organizationNode(org: Owner): Obj {
  const home = org.repositories[0]
  const type = org.isOrganization ? 'Organization' : 'User'
  return {
    __typename: type,
    login: org.login,
    name: org.login,
    id: legacyNodeId(type, home.ownerId),
    databaseId: home.ownerId,
    url: `${home.baseUrl}/${org.login}`,
    resourcePath: `/${org.login}`,
    _org: org
  }
}

const REPOSITORY_ORDER: Record<string, (s: EmulatorState) => string> = {
  CREATED_AT: (s) => s.seed.createdAt,
  UPDATED_AT: (s) => s.seed.until,
  PUSHED_AT: (s) => s.commits[0]?.committedDate ?? s.seed.until,
  NAME: (s) => s.name.toLowerCase()
}

/** `Organization/User.repository(name)`: null when absent or not visible to the token. */
function organizationRepository(s: Obj, args: Args, ctx: GraphqlContext): Obj | null {
  const org = s._org as Owner
  const state = org.repositories.find((r) => r.name.toLowerCase() === String(args.name).toLowerCase())
  return state && ctx.viewer.access(state) !== 'none' ? repositoryOf(state) : null
}

/** `Organization/User.repositories`: the ones the token may see, filtered and ordered as asked. */
function repositoriesConnection(org: Owner, args: Args, ctx: GraphqlContext): unknown {
  if (args.affiliations) throw notEmulated('Organization.repositories(affiliations)')
  if (args.privacy && args.visibility)
    throw Object.assign(new Error('privacy and visibility cannot be combined'), { type: 'INVALID_ARGUMENTS' })
  const order = args.orderBy as { field: string; direction: Direction } | undefined
  const field = order?.field ?? 'CREATED_AT'
  const key = REPOSITORY_ORDER[field]
  if (!key) throw notEmulated(`Organization.repositories(orderBy: {field: ${field}})`)
  const sign = (order?.direction ?? 'ASC') === 'ASC' ? 1 : -1
  const visibility = (s: EmulatorState) => (s.seed.visibility ?? 'public').toUpperCase()
  const items = org.repositories
    .filter(
      (s) =>
        ctx.viewer.access(s) !== 'none' &&
        (typeof args.isFork !== 'boolean' || (s.seed.fork === true) === args.isFork) &&
        (typeof args.isArchived !== 'boolean' || (s.seed.archived === true) === args.isArchived) &&
        args.isLocked !== true &&
        args.hasIssuesEnabled !== false &&
        (!args.privacy || (args.privacy === 'PUBLIC') === (visibility(s) === 'PUBLIC')) &&
        (!args.visibility || visibility(s) === args.visibility)
    )
    .sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      return sign * (ka < kb ? -1 : ka > kb ? 1 : a.repoId - b.repoId)
    })
  return { ...connection(items, args, repositoryOf, (s) => String(s.repoId)), totalDiskUsage: 0 }
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

export const resolvers: Record<string, Resolver> = {
  'Query.repository': (_s, args, ctx) => {
    const state = ctx.world.repository(String(args.owner), String(args.name))
    if (!state || ctx.viewer.access(state) === 'none')
      throw notFound('a Repository', `the name '${String(args.owner)}/${String(args.name)}'`)
    return ctx.world.multi ? repositoryOf(state) : repositoryNode(state)
  },
  'Query.rateLimit': (_s, _args, ctx) => ({ __typename: 'RateLimit', ...ctx.rateLimit }),
  'Query.node': (_s, args, ctx) => resolveNode(ctx, String(args.id)),
  'Query.nodes': (_s, args, ctx) => (args.ids as string[]).map((id) => resolveNode(ctx, id)),
  'Query.organization': (_s, args, ctx) => {
    const org = ctx.world.organization(String(args.login))
    if (!org) throw notFound('an Organization', `the login of '${String(args.login)}'`)
    return organizationNode(org)
  },
  'Organization.team': (s, args) => {
    const team = (s._org as Owner).teams.find((t) => t.slug === args.slug)
    return team ? { __typename: 'Team', slug: team.slug, name: team.name, _team: team } : null
  },
  'Organization.teams': (s, args) => {
    for (const unsupported of [
      'ldapMapped',
      'notificationSetting',
      'orderBy',
      'privacy',
      'role',
      'userLogins'
    ])
      if (args[unsupported] !== undefined && args[unsupported] !== null)
        throw notEmulated(`Organization.teams(${unsupported})`)
    const query = typeof args.query === 'string' ? args.query.toLowerCase() : ''
    const teams = [...(s._org as Owner).teams]
      .filter((t) => !query || t.slug.includes(query) || t.name.toLowerCase().includes(query))
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
    return connection(
      teams,
      args,
      (t) => ({ __typename: 'Team', slug: t.slug, name: t.name, _team: t }),
      (t) => t.slug
    )
  },
  'Query.user': (_s, args, ctx) => {
    const user = ctx.world.owner(String(args.login))
    if (!user || user.isOrganization) throw notFound('a User', `the login of '${String(args.login)}'`)
    return organizationNode(user)
  },
  'Query.repositoryOwner': (_s, args, ctx) => {
    const owner = ctx.world.owner(String(args.login))
    return owner ? organizationNode(owner) : null
  },
  'Organization.repositories': (s, args, ctx) => repositoriesConnection(s._org as Owner, args, ctx),
  'User.repositories': (s, args, ctx) => repositoriesConnection(s._org as Owner, args, ctx),
  'User.repository': (s, args, ctx) => organizationRepository(s, args, ctx),
  'Organization.repository': (s, args, ctx) => organizationRepository(s, args, ctx),
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

function resolveNode(ctx: GraphqlContext, id: string): Obj | null {
  const state = ctx.world.states.find((s) => s.nodes.has(id) && ctx.viewer.access(s) !== 'none')
  const hit = state?.nodes.get(id)
  if (!state || !hit) throw notFound('a node', `the global id of '${id}'`)
  const node =
    hit.kind === 'PullRequest'
      ? pullNode(state, state.pullByNumber.get(hit.number)!)
      : issueNode(state, state.issueByNumber.get(hit.number)!)
  if (ctx.world.multi) bound.set(node, state)
  return node
}
