/**
 * Team membership for team review requests (`team:SLUG`), read with GraphQL, several teams per
 * request. The Actions token usually cannot read an organization's teams; then the answer is
 * "unreadable" and the metrics fall back to attributing the request to the team itself.
 */
import type { GitHubClient } from './client.js'
import {
  asGitHubError,
  BudgetSpentError,
  type GitHubError,
  isTooBig,
  NetworkError,
  RateLimitedError,
  ServerError
} from './errors.js'
import { teamMembersQuery } from './queries.js'

export interface TeamsResult {
  /** Slug → member logins for the teams that could be read. */
  members: Record<string, string[]>
  /** False when the owner's teams could not be read at all (not an organization, no permission). */
  readable: boolean
  /** Slugs that could not be read. */
  missing: string[]
  requests: number
  /** Why it was unreadable (for the debug log). */
  reason: string | null
}

/** Team membership could not be read for now (server errors): a later run reads it. */
export class TeamsUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TeamsUnavailableError'
  }
}

/** "GitHub answered 502" / "GitHub timed out" for the log. */
function describeFailure(failure: GitHubError): string {
  return failure.status === null ? `GitHub failed (${failure.kind})` : `GitHub answered ${failure.status}`
}

interface TeamNode {
  slug: string
  members: {
    totalCount: number
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
    nodes: { login: string }[]
  }
}

export async function readTeams(
  client: GitHubClient,
  org: string,
  slugs: string[],
  canContinue: () => boolean,
  batchSize = 10
): Promise<TeamsResult> {
  const members: Record<string, string[]> = {}
  const missing: string[] = []
  let requests = 0
  let serverErrors = 0
  let membersPerPage = 100
  let queue = slugs.map((slug) => ({ slug, after: null as string | null }))
  while (queue.length > 0) {
    if (!canContinue()) {
      missing.push(...queue.map((q) => q.slug))
      break
    }
    const batch = queue.slice(0, batchSize)
    queue = queue.slice(batchSize)
    const variables: Record<string, unknown> = { org }
    batch.forEach((q, i) => {
      variables[`slug${i}`] = q.slug
      variables[`after${i}`] = q.after
    })
    let data: { organization: Record<string, TeamNode | null> | null }
    try {
      requests++
      data = await client.graphql(teamMembersQuery(batch.length, membersPerPage), variables)
    } catch (error) {
      const failure = asGitHubError(error)
      if (failure instanceof RateLimitedError || failure instanceof BudgetSpentError) throw error
      // A timeout or server error says nothing about permissions: retry with smaller pages, and when
      // that does not help either, leave the teams to a later run (never call them unreadable).
      if (isTooBig(failure) || failure instanceof ServerError || failure instanceof NetworkError) {
        if (++serverErrors > 4)
          throw new TeamsUnavailableError(`${describeFailure(failure)} ${serverErrors} times`)
        membersPerPage = Math.max(10, Math.floor(membersPerPage / 2))
        queue = [...batch, ...queue]
        continue
      }
      // FORBIDDEN / NOT_FOUND for some teams: GitHub answers the rest.
      const partial = failure.data as typeof data | null
      if (partial?.organization) {
        data = partial
      } else {
        return { members: {}, readable: false, missing: slugs, requests, reason: failure.message }
      }
    }
    if (!data.organization) {
      return {
        members: {},
        readable: false,
        missing: slugs,
        requests,
        reason: `${org} is not an organization`
      }
    }
    batch.forEach((q, i) => {
      const team = data.organization?.[`t${i}`] ?? null
      if (!team) {
        missing.push(q.slug)
        return
      }
      members[q.slug] = [...(members[q.slug] ?? []), ...team.members.nodes.map((m) => m.login)]
      if (team.members.pageInfo.hasNextPage && team.members.pageInfo.endCursor) {
        queue.push({ slug: q.slug, after: team.members.pageInfo.endCursor })
      }
    })
  }
  for (const slug of Object.keys(members)) members[slug] = [...new Set(members[slug])].sort()
  const readable = Object.keys(members).length > 0 || missing.length === 0
  return { members, readable, missing, requests, reason: readable ? null : 'no team could be read' }
}
