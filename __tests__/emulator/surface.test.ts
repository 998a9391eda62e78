/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/**
 * Every GraphQL field in tools/github-emulator/SURFACE.md, in one document, resolves without errors
 * on a generated repository (which has the review requests, drafts, teams and failures the datasets
 * lack), and the values agree with the seed.
 */
import { generateRepository } from '../../tools/github-emulator/generate.js'
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import { gql, rest, start } from './helpers.js'

const ACTOR = 'author { __typename login }'
const PAGE = 'pageInfo { hasNextPage endCursor }'
const REVIEWER =
  'requestedReviewer { __typename ... on User { login } ... on Team { slug } ... on Bot { login } ... on Mannequin { login } }'
const PULL = `id databaseId number title createdAt updatedAt closedAt mergedAt isDraft state baseRefName
  additions deletions ${ACTOR} mergeCommit { oid } labels(first: 10) { totalCount nodes { name } }
  commits(first: 1) { totalCount nodes { commit { oid authoredDate committedDate } } }
  last: commits(last: 1) { totalCount nodes { commit { oid } } }
  reviews(first: 20, states: [APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED]) { totalCount ${PAGE} nodes { id databaseId state submittedAt createdAt ${ACTOR} } }
  comments(first: 5) { totalCount ${PAGE} nodes { createdAt ${ACTOR} } }
  timelineItems(first: 50, itemTypes: [REVIEW_REQUESTED_EVENT, REVIEW_REQUEST_REMOVED_EVENT, READY_FOR_REVIEW_EVENT, CONVERT_TO_DRAFT_EVENT, PULL_REQUEST_REVIEW, ISSUE_COMMENT, CLOSED_EVENT, MERGED_EVENT, REOPENED_EVENT]) {
    totalCount filteredCount pageCount updatedAt ${PAGE}
    nodes { __typename
      ... on ReviewRequestedEvent { createdAt actor { login } ${REVIEWER} }
      ... on ReviewRequestRemovedEvent { createdAt actor { login } ${REVIEWER} }
      ... on ReadyForReviewEvent { createdAt actor { login } }
      ... on ConvertToDraftEvent { createdAt actor { login } }
      ... on ClosedEvent { createdAt actor { login } }
      ... on MergedEvent { createdAt actor { login } }
      ... on ReopenedEvent { createdAt actor { login } }
      ... on PullRequestReview { id state submittedAt createdAt ${ACTOR} }
      ... on IssueComment { createdAt ${ACTOR} } } }`
const ISSUE = `id databaseId number title createdAt updatedAt closedAt state ${ACTOR}
  labels(first: 10) { totalCount nodes { name } } comments(first: 5) { totalCount ${PAGE} nodes { createdAt ${ACTOR} } }
  timelineItems(first: 20, itemTypes: [ISSUE_COMMENT, TRANSFERRED_EVENT, CLOSED_EVENT, REOPENED_EVENT]) {
    totalCount ${PAGE} nodes { __typename ... on TransferredEvent { createdAt fromRepository { nameWithOwner } }
      ... on IssueComment { createdAt ${ACTOR} } ... on ClosedEvent { createdAt } ... on ReopenedEvent { createdAt } } }`

function surfaceQuery(seed: SeedRepository): string {
  const team = seed.teams[0]?.slug ?? 'none'
  return `query($since: GitTimestamp, $issuesSince: DateTime) {
    rateLimit { limit cost remaining resetAt used nodeCount }
    organization(login: "${seed.owner}") { team(slug: "${team}") { slug members(first: 10) { totalCount ${PAGE} nodes { login } } } }
    repository(owner: "${seed.owner}", name: "${seed.name}") {
      id nameWithOwner
      defaultBranchRef { name target { oid ... on Commit { history(first: 5, since: $since) { totalCount ${PAGE}
        nodes { oid committedDate authoredDate parents(first: 5) { nodes { oid } } } } } } }
      pullRequests(first: 10, orderBy: {field: UPDATED_AT, direction: DESC}, states: [OPEN, CLOSED, MERGED], baseRefName: "${seed.defaultBranch}") {
        totalCount ${PAGE} nodes { ${PULL} } }
      pullRequest(number: ${seed.pulls[0].number}) { number }
      issue(number: ${seed.issues[0].number}) { number }
      issues(first: 10, orderBy: {field: CREATED_AT, direction: ASC}, states: [OPEN, CLOSED], filterBy: {since: $issuesSince}) { totalCount ${PAGE} nodes { ${ISSUE} } }
      deployments(first: 10, environments: ["production"], orderBy: {field: CREATED_AT, direction: DESC}) { totalCount ${PAGE}
        nodes { id databaseId environment createdAt updatedAt commitOid state task latestStatus { state createdAt } statuses(first: 10) { nodes { state createdAt } } } }
      releases(first: 10, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount ${PAGE}
        nodes { id databaseId tagName name createdAt publishedAt isDraft isPrerelease tagCommit { oid } } }
      refs(refPrefix: "refs/heads/", first: 10) { totalCount ${PAGE} nodes { name target { oid } } }
      labels(first: 10, query: "") { nodes { name } }
    } }`
}

describe('the whole SURFACE.md GraphQL field list on a generated repository', () => {
  let emu: RunningEmulator
  let seed: SeedRepository
  beforeAll(async () => {
    seed = generateRepository({ prs: 60, seed: 3 })
    emu = await start({ seed })
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('resolves without errors, values agree with the seed', async () => {
    const { body } = await gql(emu, surfaceQuery(seed), {
      since: '2000-01-01T00:00:00Z',
      issuesSince: '2000-01-01T00:00:00Z'
    })
    expect(body.errors).toBeUndefined()
    const repo = body.data.repository
    expect(repo.nameWithOwner).toBe(`${seed.owner}/${seed.name}`)
    expect(repo.pullRequests.totalCount).toBe(
      seed.pulls.filter((p) => p.baseRefName === seed.defaultBranch).length
    )
    expect(repo.issues.totalCount).toBe(seed.issues.length)
    expect(repo.defaultBranchRef.target.history.totalCount).toBe(seed.commits.length)
    expect(repo.deployments.totalCount).toBe(
      seed.deployments.filter((d) => d.environment === 'production').length
    )
    expect(repo.releases.totalCount).toBe(seed.releases.length)
    if (seed.teams[0])
      expect(body.data.organization.team.members.totalCount).toBe(seed.teams[0].members.length)
    for (const node of repo.pullRequests.nodes) {
      const p = seed.pulls.find((x) => x.number === node.number)!
      expect(node.reviews.totalCount).toBe(p.reviews.filter((r) => r.state !== 'PENDING').length)
      expect(node.comments.totalCount).toBe(p.comments.length)
      const requested = node.timelineItems.nodes.filter(
        (n: any) => n.__typename === 'ReviewRequestedEvent'
      ).length
      expect(requested).toBe(p.events.filter((e) => e.type === 'ReviewRequestedEvent').length)
      expect(node.author?.login ?? null).toBe(p.author?.login ?? null)
    }
    expect(body.data.rateLimit.cost).toBeGreaterThanOrEqual(1)
  })

  test('paging issues newest-updated first with filterBy.since returns exactly the seed issues updated since', async () => {
    const since = [...seed.issues].map((i) => i.updatedAt).sort()[Math.floor(seed.issues.length / 2)]
    const numbers: number[] = []
    let after: string | null = null
    for (;;) {
      const { body } = await gql(
        emu,
        `query($after: String, $since: DateTime) { repository(owner: "${seed.owner}", name: "${seed.name}") {
          issues(first: 7, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}, filterBy: {since: $since}) { ${PAGE} nodes { number updatedAt } } } }`,
        { after, since }
      )
      expect(body.errors).toBeUndefined()
      numbers.push(...body.data.repository.issues.nodes.map((n: any) => n.number))
      if (!body.data.repository.issues.pageInfo.hasNextPage) break
      after = body.data.repository.issues.pageInfo.endCursor
    }
    const want = seed.issues
      .filter((i) => i.updatedAt >= since)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.databaseId - a.databaseId)
      .map((i) => i.number)
    expect(numbers).toEqual(want)
  })

  test('data-branch ref and object expressions come from the git store', async () => {
    const r = `/repos/${seed.owner}/${seed.name}`
    const blob = await rest(emu, 'POST', `${r}/git/blobs`, { content: 'hello', encoding: 'utf-8' })
    const tree = await rest(emu, 'POST', `${r}/git/trees`, {
      tree: [{ path: 'history/pulls/2026-01.json', mode: '100644', type: 'blob', sha: blob.body.sha }]
    })
    const commit = await rest(emu, 'POST', `${r}/git/commits`, {
      message: 'x',
      tree: tree.body.sha,
      parents: []
    })
    await rest(emu, 'POST', `${r}/git/refs`, { ref: 'refs/heads/repo-metrics', sha: commit.body.sha })
    const { body } = await gql(
      emu,
      `{ repository(owner: "${seed.owner}", name: "${seed.name}") {
        ref(qualifiedName: "refs/heads/repo-metrics") { name target { oid ... on Commit { committedDate tree { oid } } } }
        object(expression: "repo-metrics:history") { ... on Tree { oid entries { name path type mode oid object { ... on Tree { entries { name object { ... on Blob { oid text byteSize isBinary isTruncated } } } } } } } }
        commit: object(expression: "repo-metrics") { ... on Commit { oid tree { oid } } }
        missing: ref(qualifiedName: "refs/heads/nope") { name }
        refs(refPrefix: "refs/heads/", first: 10) { totalCount nodes { name target { oid } } } } }`
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.repository.ref.target.tree.oid).toBe(tree.body.sha)
    expect(body.data.repository.object.entries[0].object.entries[0].object.text).toBe('hello')
    expect(body.data.repository.commit.oid).toBe(commit.body.sha)
    expect(body.data.repository.missing).toBeNull()
    expect(body.data.repository.refs.nodes.map((n: any) => n.name)).toEqual(
      [seed.defaultBranch, 'repo-metrics'].sort()
    )
    expect(body.data.repository.refs.nodes.find((n: any) => n.name === 'repo-metrics').target.oid).toBe(
      commit.body.sha
    )
  })
})
