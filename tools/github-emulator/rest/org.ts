/**
 * Routes above one repository: an organization's repositories and teams, a user's public
 * repositories, and the repositories of an App installation. Listings show only what the token may
 * see (a private repository it cannot read is left out, as GitHub leaves it out).
 */
import type { EmulatorState } from '../state.js'
import { EVERYONE, worldOf, type Owner } from '../world.js'
import { invalid, paginate, type RestContext, type RestHandler } from './common.js'
import { notFound } from './common.js'
import { pushedAt, restRepository, restTeam } from './shapes.js'

const ORG_TYPES = ['all', 'public', 'private', 'forks', 'sources', 'member'] as const
const USER_TYPES = ['all', 'owner', 'member'] as const
const SORTS = ['created', 'updated', 'pushed', 'full_name'] as const

function visible(ctx: RestContext, states: EmulatorState[]): EmulatorState[] {
  const viewer = ctx.viewer ?? EVERYONE
  return states.filter((s) => viewer.access(s) !== 'none')
}

/** Sorted as GitHub's `sort`/`direction` ask (full_name ascending, others newest first by default). */
function sorted(ctx: RestContext, states: EmulatorState[], fallback: (typeof SORTS)[number]) {
  const sort = ctx.req.query.get('sort') ?? fallback
  const direction = ctx.req.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc')
  if (!(SORTS as readonly string[]).includes(sort))
    return invalid(`sort must be one of ${SORTS.join(', ')}`, 'sort', 'Repository')
  if (direction !== 'asc' && direction !== 'desc')
    return invalid('direction must be asc or desc', 'direction', 'Repository')
  const key = (s: EmulatorState): string =>
    sort === 'full_name'
      ? `${s.owner}/${s.name}`.toLowerCase()
      : sort === 'pushed'
        ? pushedAt(s)
        : sort === 'updated'
          ? s.seed.until
          : s.seed.createdAt
  const sign = direction === 'asc' ? 1 : -1
  return [...states].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    return sign * (ka < kb ? -1 : ka > kb ? 1 : a.repoId - b.repoId)
  })
}

/** The repository as the token sees it: `permissions.push` and below only where it may write. */
export function withPermissions(ctx: RestContext, state: EmulatorState, repo: Record<string, unknown>) {
  if ((ctx.viewer ?? EVERYONE).access(state) !== 'read') return repo
  return { ...repo, permissions: { admin: false, maintain: false, push: false, triage: false, pull: true } }
}

function ownerOf(ctx: RestContext, login: string): Owner | undefined {
  return (ctx.world ?? worldOf(ctx.state)).owner(login)
}

/** `GET /orgs/{org}/repos?type&sort&direction&per_page&page` → `minimal-repository[]`. */
export const listOrgRepos: RestHandler = (ctx) => {
  const org = ownerOf(ctx, ctx.params.org)
  if (!org?.isOrganization) return notFound()
  const type = ctx.req.query.get('type') ?? 'all'
  if (!(ORG_TYPES as readonly string[]).includes(type))
    return invalid(`type must be one of ${ORG_TYPES.join(', ')}`, 'type', 'Repository')
  const chosen = visible(ctx, org.repositories).filter((s) => {
    const isPublic = (s.seed.visibility ?? 'public') === 'public'
    if (type === 'public') return isPublic
    if (type === 'private') return !isPublic
    if (type === 'forks') return s.seed.fork === true
    if (type === 'sources') return s.seed.fork !== true
    return true
  })
  const list = sorted(ctx, chosen, 'created')
  if (!Array.isArray(list)) return list
  return paginate(ctx, list, (s) => withPermissions(ctx, s, restRepository(s)))
}

/** `GET /users/{username}/repos`: the owner's public repositories (`sort` defaults to full_name). */
export const listUserRepos: RestHandler = (ctx) => {
  const owner = ownerOf(ctx, ctx.params.username)
  if (!owner) return notFound()
  const type = ctx.req.query.get('type') ?? 'owner'
  if (!(USER_TYPES as readonly string[]).includes(type))
    return invalid(`type must be one of ${USER_TYPES.join(', ')}`, 'type', 'Repository')
  const chosen = visible(ctx, owner.repositories).filter((s) => (s.seed.visibility ?? 'public') === 'public')
  const list = sorted(ctx, chosen, 'full_name')
  if (!Array.isArray(list)) return list
  return paginate(ctx, list, (s) => withPermissions(ctx, s, restRepository(s)))
}

/** `GET /installation/repositories` (App installation tokens only) → `{ total_count, repositories, repository_selection }`. */
export const listInstallationRepos: RestHandler = (ctx) => {
  const installation = ctx.viewer?.installation
  if (ctx.kind !== 'app' || !installation)
    return {
      status: 403,
      body: {
        message:
          'You must authenticate with an installation access token in order to list repositories for an installation.',
        documentation_url:
          'https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation',
        status: '403'
      }
    }
  return paginate(
    ctx,
    installation.repositories,
    (s) => withPermissions(ctx, s, restRepository(s)),
    (page, total) => ({
      total_count: total,
      repositories: page,
      repository_selection: installation.selection
    })
  )
}

function teamsOf(ctx: RestContext): { org: Owner; home: EmulatorState } | undefined {
  const org = ownerOf(ctx, ctx.params.org)
  if (!org?.isOrganization) return undefined
  return { org, home: org.repositories[0] }
}

/** `GET /orgs/{org}/teams` → `team[]`, in slug order. */
export const listTeams: RestHandler = (ctx) => {
  const found = teamsOf(ctx)
  if (!found) return notFound()
  const teams = [...found.org.teams].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
  return paginate(ctx, teams, (t) => ({ ...restTeam(found.home, t.slug), name: t.name }))
}

/** The organization's team of this slug, or undefined. */
export function orgTeam(ctx: RestContext): { members: string[]; home: EmulatorState } | undefined {
  const found = teamsOf(ctx)
  const team = found?.org.teams.find((t) => t.slug === ctx.params.team_slug)
  return found && team ? { members: team.members, home: found.home } : undefined
}
