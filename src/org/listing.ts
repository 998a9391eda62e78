/**
 * The organization's repositories for a plan, with what planning needs (archived, fork, topics, last
 * push, disk usage, pull request and issue counts), read over GraphQL: 100 repositories a request at
 * about one point each. A page GitHub times out on, or answers RESOURCE_LIMITS_EXCEEDED for, is asked
 * again at half the size (down to one repository); a missing organization is a clear error.
 */
import type { Logger } from '../log.js'
import type { GitHubClient } from '../github/client.js'
import { asGitHubError, isTooBigQuery, NotFoundError } from '../github/errors.js'
import type { PlannedRepository } from './plan.js'

export const ORG_REPOSITORIES_QUERY = `query OrgRepositories($org: String!, $first: Int!, $after: String) {
  organization(login: $org) {
    repositories(first: $first, after: $after, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        name
        owner { login }
        isArchived
        isFork
        pushedAt
        diskUsage
        defaultBranchRef { name }
        repositoryTopics(first: 20) { nodes { topic { name } } }
        pullRequests { totalCount }
        issues { totalCount }
      }
    }
  }
  rateLimit { cost remaining resetAt }
}`

interface RepositoryNode {
  name: string
  owner: { login: string }
  isArchived: boolean
  isFork: boolean
  pushedAt: string | null
  diskUsage: number | null
  defaultBranchRef: { name: string } | null
  repositoryTopics: { nodes: Array<{ topic: { name: string } }> }
  pullRequests: { totalCount: number }
  issues: { totalCount: number }
}

interface Answer {
  organization: {
    repositories: {
      totalCount: number
      pageInfo: { hasNextPage: boolean; endCursor: string | null }
      nodes: Array<RepositoryNode | null>
    }
  } | null
}

export const LISTING_PAGE = 100

function missingOrganization(org: string): Error {
  return new Error(
    `org: the organization ${JSON.stringify(org)} was not found, or the token cannot see it. Check the org input; read an organization with a GitHub App installation token (actions/create-github-app-token) or a personal access token with read:org, not the workflow's GITHUB_TOKEN.`
  )
}

function planned(node: RepositoryNode): PlannedRepository {
  return {
    owner: node.owner.login,
    name: node.name,
    archived: node.isArchived,
    fork: node.isFork,
    topics: node.repositoryTopics.nodes.map((n) => n.topic.name),
    pushedAt: node.pushedAt,
    sizeKb: node.diskUsage ?? 0,
    defaultBranch: node.defaultBranchRef?.name ?? 'main',
    pullRequests: node.pullRequests.totalCount,
    issues: node.issues.totalCount
  }
}

/** Timeouts in a row after which the listing gives up (the page is at one repository by then). */
const MAX_TIMEOUTS_IN_A_ROW = 8

/** Every repository of the organization the token can see, by name. */
export async function listOrganizationRepositories(
  client: GitHubClient,
  org: string,
  log: Logger,
  options: { pageSize?: number } = {}
): Promise<PlannedRepository[]> {
  const out: PlannedRepository[] = []
  let after: string | null = null
  let first = options.pageSize ?? LISTING_PAGE
  let timeouts = 0
  for (;;) {
    let answer: Answer
    try {
      answer = await client.graphql<Answer>(ORG_REPOSITORIES_QUERY, { org, first, after }, { retries: 0 })
      timeouts = 0
    } catch (error) {
      const failure = asGitHubError(error)
      if (failure instanceof NotFoundError) throw missingOrganization(org)
      if (isTooBigQuery(failure) && ++timeouts <= MAX_TIMEOUTS_IN_A_ROW) {
        first = Math.max(1, Math.floor(first / 2))
        log.warning(`Listing the repositories of ${org}: GitHub timed out; asking for ${first} a page.`)
        continue
      }
      throw error
    }
    if (answer.organization === null) throw missingOrganization(org)
    const page = answer.organization.repositories
    for (const node of page.nodes) if (node) out.push(planned(node))
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) break
    after = page.pageInfo.endCursor
  }
  log.info(`${org}: ${out.length} repositories the token can see.`)
  return out
}
