/**
 * The organization's teams and their members, for the org report's teams table: GraphQL
 * `organization.teams`, 50 teams a page with up to 100 members each, a team with more members read on
 * with `organization.team(slug).members`. Members are GitHub's default membership (`ALL`: a parent
 * team holds its child teams' members).
 *
 * A token that may not read teams — the workflow's GITHUB_TOKEN never may (GraphQL `FORBIDDEN`, 200
 * with partial data), a classic PAT without `read:org` (`INSUFFICIENT_SCOPES`) — gives no teams and a
 * note that says why and what to use instead: the report leaves its teams table out, the run goes on.
 * Rate limits and a spent budget are the caller's (they stop a run cleanly); other failures give a note.
 */
import type { GitHubClient } from '../github/client.js'
import {
  asGitHubError,
  BudgetSpentError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError
} from '../github/errors.js'

export interface OrgTeam {
  slug: string
  name: string
  /** Member logins, sorted, each once. */
  members: string[]
}

export interface TeamsListing {
  teams: OrgTeam[]
  /** Why there are no teams (or not all), and what to do; absent when every team was read. */
  note?: string
  /** GraphQL requests made. */
  requests: number
}

export const TEAMS_PAGE = 50
export const MEMBERS_PAGE = 100

export const ORG_TEAMS_QUERY = `query OrgTeams($org: String!, $first: Int!, $after: String, $members: Int!) {
  organization(login: $org) {
    teams(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        slug
        name
        members(first: $members) {
          pageInfo { hasNextPage endCursor }
          nodes { login }
        }
      }
    }
  }
}`

export const TEAM_MEMBERS_QUERY = `query OrgTeamMembers($org: String!, $slug: String!, $after: String, $members: Int!) {
  organization(login: $org) {
    team(slug: $slug) {
      members(first: $members, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { login }
      }
    }
  }
}`

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}
interface MembersPage extends Page {
  nodes: Array<{ login: string } | null>
}
interface TeamsAnswer {
  organization: {
    teams: (Page & { nodes: Array<{ slug: string; name: string; members: MembersPage } | null> }) | null
  } | null
}
interface MembersAnswer {
  organization: { team: { members: MembersPage } | null } | null
}

/** Safety bound on pages of members of one team (100 × 100 = 10,000 members). */
const MAX_MEMBER_PAGES = 100

function cannotRead(organization: string, why: string): string {
  return (
    `The teams of ${organization} could not be read (${why}), so the report has no teams table. ` +
    'Give read-token a GitHub App installation token with the "Members: read" organization permission, ' +
    "or a personal access token with read:org; the workflow's GITHUB_TOKEN can never read teams."
  )
}

/** The GraphQL error types GitHub sent with a failure (FORBIDDEN, INSUFFICIENT_SCOPES, …). */
function errorTypes(error: unknown): string[] {
  const seen: string[] = []
  let current: unknown = error
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const errors = (current as { errors?: unknown }).errors
    if (Array.isArray(errors)) {
      for (const e of errors as Array<{ type?: string }>) if (typeof e?.type === 'string') seen.push(e.type)
    }
    current = (current as { cause?: unknown }).cause
  }
  return seen
}

/** The note for a failure, or rethrows what stops the run (rate limits, a spent budget, bugs). */
function failureNote(error: unknown, organization: string): string {
  const failure = asGitHubError(error)
  if (failure instanceof RateLimitedError || failure instanceof BudgetSpentError) throw error
  const types = errorTypes(error)
  if (types.includes('INSUFFICIENT_SCOPES') || /insufficient scopes|read:org/i.test(failure.message))
    return cannotRead(organization, 'the token lacks the read:org scope')
  if (failure instanceof ForbiddenError || types.includes('FORBIDDEN'))
    return cannotRead(organization, `GitHub answered FORBIDDEN: ${failure.message}`)
  if (failure instanceof NotFoundError)
    return cannotRead(organization, 'GitHub found no such organization for this token')
  return `The teams of ${organization} could not be read this time (${failure.message}); the next run tries again.`
}

const logins = (page: MembersPage): string[] => page.nodes.flatMap((n) => (n ? [n.login] : []))

/** Every team of the organization with its members, or none and a note when the token may not read them. */
export async function listTeams(
  client: GitHubClient,
  organization: string,
  options: { teamsPerPage?: number; membersPerPage?: number } = {}
): Promise<TeamsListing> {
  const first = options.teamsPerPage ?? TEAMS_PAGE
  const membersPage = options.membersPerPage ?? MEMBERS_PAGE
  const teams: OrgTeam[] = []
  let requests = 0
  let after: string | null = null
  try {
    for (;;) {
      requests++
      const answer: TeamsAnswer = await client.graphql<TeamsAnswer>(ORG_TEAMS_QUERY, {
        org: organization,
        first,
        after,
        members: membersPage
      })
      if (!answer.organization) {
        return {
          teams: [],
          requests,
          note: cannotRead(organization, `${organization} is not an organization`)
        }
      }
      const page = answer.organization.teams
      if (!page) return { teams: [], requests, note: cannotRead(organization, 'GitHub gave no teams') }
      for (const node of page.nodes) {
        if (!node) continue
        const members = logins(node.members)
        let more = node.members.pageInfo
        for (let pages = 1; more.hasNextPage && more.endCursor && pages < MAX_MEMBER_PAGES; pages++) {
          requests++
          const next: MembersAnswer = await client.graphql<MembersAnswer>(TEAM_MEMBERS_QUERY, {
            org: organization,
            slug: node.slug,
            after: more.endCursor,
            members: membersPage
          })
          const list = next.organization?.team?.members
          if (!list) break
          members.push(...logins(list))
          more = list.pageInfo
        }
        teams.push({ slug: node.slug, name: node.name, members: [...new Set(members)].sort() })
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
      after = page.pageInfo.endCursor
    }
  } catch (error) {
    return { teams: [], requests, note: failureNote(error, organization) }
  }
  teams.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
  return { teams, requests }
}
