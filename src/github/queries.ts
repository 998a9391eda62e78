/**
 * The GraphQL documents of the sync. Only fields listed in tools/github-emulator/SURFACE.md are used.
 *
 * One sync round is ONE request that carries the next page of every collection still being read
 * (pull requests, issues, default-branch commits, deployments, releases), so a cold run costs about
 * as many requests as its longest collection has pages. Each collection brings its part
 * (`pullsPart`, `commitsPart`, ...) and `roundDocument` joins them; every combination is validated
 * against GitHub's schema in the tests.
 */

export const RATE_LIMIT = 'rateLimit { limit cost remaining resetAt used }'

const ACTOR = 'author { __typename login }'
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }'

const REVIEWER =
  'requestedReviewer { __typename ... on User { login } ... on Team { slug } ... on Bot { login } ... on Mannequin { login } }'

export const PULL_TIMELINE_TYPES = [
  'REVIEW_REQUESTED_EVENT',
  'REVIEW_REQUEST_REMOVED_EVENT',
  'READY_FOR_REVIEW_EVENT',
  'CONVERT_TO_DRAFT_EVENT',
  'PULL_REQUEST_REVIEW',
  'ISSUE_COMMENT'
]
export const ISSUE_TIMELINE_TYPES = ['ISSUE_COMMENT', 'TRANSFERRED_EVENT']

/** Parents read per commit; a commit with more (an octopus merge) is reported, not silently cut. */
export const PARENTS_PAGE = 10
/** Statuses read per deployment (to find when it first succeeded, even when it is inactive now). */
export const STATUSES_PAGE = 20
/** Commits read per pull request: the first one (when the work started). */
export const PULL_COMMITS_PAGE = 1

export const PULL_TIMELINE_NODES = `__typename
  ... on ReviewRequestedEvent { createdAt ${REVIEWER} }
  ... on ReviewRequestRemovedEvent { createdAt ${REVIEWER} }
  ... on ReadyForReviewEvent { createdAt }
  ... on ConvertToDraftEvent { createdAt }
  ... on PullRequestReview { state submittedAt createdAt ${ACTOR} }
  ... on IssueComment { createdAt ${ACTOR} }`

export const ISSUE_TIMELINE_NODES = `__typename
  ... on IssueComment { createdAt ${ACTOR} }
  ... on TransferredEvent { createdAt fromRepository { nameWithOwner } }`

export const PULL_FIELDS = `id number title createdAt updatedAt closedAt mergedAt isDraft baseRefName additions deletions
  ${ACTOR}
  mergeCommit { oid }
  labels(first: $labelsFirst) { totalCount nodes { name } }
  commits(first: ${PULL_COMMITS_PAGE}) { totalCount nodes { commit { authoredDate } } }
  timelineItems(first: $timelineFirst, itemTypes: [${PULL_TIMELINE_TYPES.join(', ')}]) {
    totalCount ${PAGE_INFO}
    nodes { ${PULL_TIMELINE_NODES} }
  }`

export const ISSUE_FIELDS = `id number title createdAt updatedAt closedAt
  ${ACTOR}
  labels(first: $labelsFirst) { totalCount nodes { name } }
  timelineItems(first: $timelineFirst, itemTypes: [${ISSUE_TIMELINE_TYPES.join(', ')}]) {
    totalCount ${PAGE_INFO}
    nodes { ${ISSUE_TIMELINE_NODES} }
  }`

export const COMMIT_FIELDS = `oid committedDate parents(first: ${PARENTS_PAGE}) { totalCount nodes { oid } }`

export const DEPLOYMENT_FIELDS = `id databaseId environment createdAt updatedAt commitOid state
  latestStatus { state createdAt }
  statuses(first: ${STATUSES_PAGE}) { nodes { state createdAt } }`

export const RELEASE_FIELDS =
  'id databaseId tagName name createdAt publishedAt isDraft isPrerelease tagCommit { oid }'

/** The page sizes nested in each pull request and issue of a round. */
export interface NestedPages {
  timeline: number
  labels: number
}

/**
 * Nodes one item of each round collection asks for, as GitHub counts them against its limits (500,000
 * per query, and the processing time that grows with them): the item itself plus the page of every
 * connection nested in it. Follows the fields above (the tests check it against the documents).
 */
export const NODES_PER_ITEM = {
  pulls: (nested: NestedPages) => 1 + nested.labels + PULL_COMMITS_PAGE + nested.timeline,
  issues: (nested: NestedPages) => 1 + nested.labels + nested.timeline,
  commits: () => 1 + PARENTS_PAGE,
  deployments: () => 1 + STATUSES_PAGE,
  releases: () => 1
} as const

/** Nodes of a `…Top` probe (the newest `updatedAt`, one node). */
export const TOP_NODES = 1

/** Nodes a timeline follow-up asks for: a page of timeline items for each of its nodes. */
export function followUpNodes(count: number, timeline: number): number {
  return count * timeline
}

/** How a connection is walked: oldest created first (stable backfill) or newest updated / created first. */
export type Order = 'CREATED_ASC' | 'UPDATED_DESC' | 'CREATED_DESC'

function orderBy(order: Order): string {
  switch (order) {
    case 'CREATED_ASC':
      return '{field: CREATED_AT, direction: ASC}'
    case 'UPDATED_DESC':
      return '{field: UPDATED_AT, direction: DESC}'
    case 'CREATED_DESC':
      return '{field: CREATED_AT, direction: DESC}'
  }
}

/**
 * One collection's part of a sync round: the variables it declares and its fields under `repository`
 * (aliased by the collection's name). A round's document is the union of its collections' parts.
 * Page variables are `$<name>First: Int!` and `$<name>After: String`.
 */
export interface RoundPart {
  vars: string[]
  fields: string[]
}

const pageVars = (name: string) => [`$${name}First: Int!`, `$${name}After: String`]
const pageArgs = (name: string) => `first: $${name}First, after: $${name}After`
/** Nested page sizes of pull requests and issues (variables, so a timeout can shrink them too). */
const NESTED_VARS = ['$timelineFirst: Int!', '$labelsFirst: Int!']

/** The newest `updatedAt` of a connection: the high-water mark a backfill records when it starts. */
function topPart(alias: string, field: string): RoundPart {
  return {
    vars: [],
    fields: [
      `${alias}: ${field}(first: 1, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { updatedAt } }`
    ]
  }
}

/**
 * A connection of `repository` walked with a cursor, aliased `name`: `name: field(first: $nameFirst,
 * after: $nameAfter, <more arguments>, orderBy: …) { totalCount pageInfo nodes { <nodes> } }`. A new
 * collection builds its round part with this (`more` adds its own arguments and variables).
 */
export function connectionPart(
  name: string,
  field: string,
  order: Order,
  nodes: string,
  more: RoundPart
): RoundPart {
  const args = [pageArgs(name), ...more.fields, `orderBy: ${orderBy(order)}`].join(', ')
  return {
    vars: [...pageVars(name), ...more.vars],
    fields: [
      `${name}: ${field}(${args}) {
      totalCount ${PAGE_INFO}
      nodes { ${nodes} }
    }`
    ]
  }
}

/** No more arguments (for `connectionPart`). */
export const NO_ARGS: RoundPart = { vars: [], fields: [] }

function merged(...parts: RoundPart[]): RoundPart {
  return { vars: parts.flatMap((p) => p.vars), fields: parts.flatMap((p) => p.fields) }
}

/** Pull requests (with `top`: also the newest `updatedAt`); variables `$pulls*`, `$timelineFirst`, `$labelsFirst`. */
export function pullsPart(order: Order, top = false): RoundPart {
  const part = connectionPart('pulls', 'pullRequests', order, PULL_FIELDS, NO_ARGS)
  return merged({ vars: NESTED_VARS, fields: [] }, part, top ? topPart('pullsTop', 'pullRequests') : NO_ARGS)
}

/** Issues (with `top`: also the newest `updatedAt`); variables `$issues*`, `$timelineFirst`, `$labelsFirst`. */
export function issuesPart(order: Order, top = false): RoundPart {
  const part = connectionPart('issues', 'issues', order, ISSUE_FIELDS, NO_ARGS)
  return merged({ vars: NESTED_VARS, fields: [] }, part, top ? topPart('issuesTop', 'issues') : NO_ARGS)
}

/** Default-branch commits: `$commits*` and `$commitsSince: GitTimestamp`. */
export function commitsPart(): RoundPart {
  return {
    vars: [...pageVars('commits'), '$commitsSince: GitTimestamp'],
    fields: [
      `commits: defaultBranchRef { name target { oid ... on Commit {
      history(${pageArgs('commits')}, since: $commitsSince) { totalCount ${PAGE_INFO} nodes { ${COMMIT_FIELDS} } }
    } } }`
    ]
  }
}

/** GitHub Deployments of every environment, newest first: `$deployments*` (the metrics choose production). */
export function deploymentsPart(): RoundPart {
  return connectionPart('deployments', 'deployments', 'CREATED_DESC', DEPLOYMENT_FIELDS, NO_ARGS)
}

/** Releases, newest first: `$releases*`. */
export function releasesPart(): RoundPart {
  return connectionPart('releases', 'releases', 'CREATED_DESC', RELEASE_FIELDS, NO_ARGS)
}

/** A round's document from its collections' parts (variables declared once). */
export function roundDocument(parts: RoundPart[]): string {
  const vars = [...new Set(['$owner: String!', '$name: String!', ...parts.flatMap((p) => p.vars)])]
  const fields = ['nameWithOwner', 'defaultBranchRef { name }', ...parts.flatMap((p) => p.fields)]
  return `query SyncRound(${vars.join(', ')}) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    ${fields.join('\n    ')}
  }
}`
}

/** What one sync round asks for, by part. Absent parts are not in the document. */
export interface SyncQueryParts {
  pulls?: { order: Order }
  /** The newest `updatedAt` of pull requests: the high-water mark a backfill records when it starts. */
  pullsTop?: boolean
  issues?: { order: Order }
  issuesTop?: boolean
  commits?: boolean
  deployments?: boolean
  releases?: boolean
}

/** A round's document from named parts (the collections build theirs with the `*Part` functions). */
export function syncQuery(parts: SyncQueryParts): string {
  const list: RoundPart[] = []
  if (parts.pulls) list.push(pullsPart(parts.pulls.order))
  if (parts.pullsTop) list.push(topPart('pullsTop', 'pullRequests'))
  if (parts.issues) list.push(issuesPart(parts.issues.order))
  if (parts.issuesTop) list.push(topPart('issuesTop', 'issues'))
  if (parts.commits) list.push(commitsPart())
  if (parts.deployments) list.push(deploymentsPart())
  if (parts.releases) list.push(releasesPart())
  return roundDocument(list)
}

/**
 * Follow-up for nodes whose timeline overflowed the first page: the next page of each, several
 * nodes per request (aliases n0, n1, ...), variables `$timelineFirst: Int!`, `$id<i>: ID!` and
 * `$after<i>: String`.
 */
export function timelineFollowUpQuery(kind: 'pull' | 'issue', count: number): string {
  if (count < 1) throw new Error('timelineFollowUpQuery needs at least one node')
  const vars: string[] = ['$timelineFirst: Int!']
  const fields: string[] = []
  for (let i = 0; i < count; i++) {
    vars.push(`$id${i}: ID!`, `$after${i}: String`)
    const type = kind === 'pull' ? 'PullRequest' : 'Issue'
    const types = (kind === 'pull' ? PULL_TIMELINE_TYPES : ISSUE_TIMELINE_TYPES).join(', ')
    const nodes = kind === 'pull' ? PULL_TIMELINE_NODES : ISSUE_TIMELINE_NODES
    fields.push(`n${i}: node(id: $id${i}) { ... on ${type} {
      timelineItems(first: $timelineFirst, after: $after${i}, itemTypes: [${types}]) { ${PAGE_INFO} nodes { ${nodes} } }
    } }`)
  }
  return `query TimelineFollowUp(${vars.join(', ')}) {
  ${RATE_LIMIT}
  ${fields.join('\n  ')}
}`
}

/** Team members, several teams per request (aliases t0, t1, ...): `$org`, `$slug<i>: String!`, `$after<i>: String`. */
export function teamMembersQuery(count: number, membersPerPage = 100): string {
  if (count < 1) throw new Error('teamMembersQuery needs at least one team')
  const vars = ['$org: String!']
  const fields: string[] = []
  for (let i = 0; i < count; i++) {
    vars.push(`$slug${i}: String!`, `$after${i}: String`)
    fields.push(
      `t${i}: team(slug: $slug${i}) { slug members(first: ${membersPerPage}, after: $after${i}) { totalCount ${PAGE_INFO} nodes { login } } }`
    )
  }
  return `query TeamMembers(${vars.join(', ')}) {
  ${RATE_LIMIT}
  organization(login: $org) {
    ${fields.join('\n    ')}
  }
}`
}
