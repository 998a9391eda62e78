/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/** GraphQL: GitHub's schema, resolvers checked against the dataset, paging, limits and cost. */
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import { AUTH, datasetArchive, gql, hasDataset, start, tinySeed } from './helpers.js'

const REPO = 'repository(owner: "tlswg", name: "draft-ietf-tls-esni")'
const describeDataset = hasDataset ? describe : describe.skip

describeDataset('GraphQL seeded with ietf-tls-esni', () => {
  let emu: RunningEmulator
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('pullRequests.totalCount is 392 and every pull request reviews match archive.json (walking all pages)', async () => {
    const archive = datasetArchive()
    const seen = new Map<number, { author: string | null; state: string; submittedAt: string }[]>()
    let after: string | null = null
    let pages = 0
    for (;;) {
      const { body } = await gql(
        emu,
        `query($after: String) { ${REPO} { pullRequests(first: 100, after: $after, orderBy: {field: CREATED_AT, direction: ASC}) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { number createdAt reviews(first: 100) { totalCount nodes { state submittedAt author { __typename login } } } } } } }`,
        { after }
      )
      expect(body.errors).toBeUndefined()
      const conn = body.data.repository.pullRequests
      expect(conn.totalCount).toBe(392)
      for (const n of conn.nodes)
        seen.set(
          n.number,
          n.reviews.nodes.map((r: any) => ({
            author: r.author?.login ?? null,
            state: r.state,
            submittedAt: r.submittedAt
          }))
        )
      pages++
      if (!conn.pageInfo.hasNextPage) break
      after = conn.pageInfo.endCursor
    }
    expect(pages).toBe(4)
    expect(seen.size).toBe(archive.pulls.length)
    for (const p of archive.pulls) {
      const want = [...p.reviews]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((r) => ({ author: r.author, state: r.state, submittedAt: r.createdAt }))
      expect({ number: p.number, reviews: seen.get(p.number) }).toEqual({ number: p.number, reviews: want })
    }
  })

  test('UPDATED_AT DESC ordering is by updatedAt, states filter counts match the archive', async () => {
    const archive = datasetArchive()
    const { body } = await gql(
      emu,
      `{ ${REPO} { merged: pullRequests(first: 50, states: [MERGED], orderBy: {field: UPDATED_AT, direction: DESC}) { totalCount nodes { updatedAt state } }
        closed: pullRequests(first: 1, states: [CLOSED]) { totalCount } open: issues(first: 1, states: [OPEN]) { totalCount } } }`
    )
    expect(body.errors).toBeUndefined()
    const merged = body.data.repository.merged
    expect(merged.totalCount).toBe(archive.pulls.filter((p: any) => p.mergedAt).length)
    expect(body.data.repository.closed.totalCount).toBe(archive.pulls.filter((p: any) => !p.mergedAt).length)
    expect(body.data.repository.open.totalCount).toBe(archive.issues.filter((i) => !i.closedAt).length)
    const times = merged.nodes.map((n: any) => n.updatedAt)
    expect([...times].sort().reverse()).toEqual(times)
    expect(merged.nodes.every((n: any) => n.state === 'MERGED')).toBe(true)
  })

  test('issues with filterBy.since and labels, comments as in the archive', async () => {
    const archive = datasetArchive()
    const label = archive.issues.find((i) => i.labels.length)?.labels[0]
    expect(label).toBeDefined()
    const { body } = await gql(
      emu,
      `query($labels: [String!]) { ${REPO} { issues(first: 100, filterBy: {labels: $labels}) { totalCount nodes { number comments(first: 1) { totalCount } } } } }`,
      { labels: [label] }
    )
    expect(body.errors).toBeUndefined()
    const want = archive.issues.filter((i) => i.labels.includes(label!))
    expect(body.data.repository.issues.totalCount).toBe(want.length)
    for (const n of body.data.repository.issues.nodes)
      expect(n.comments.totalCount).toBe(want.find((i) => i.number === n.number)!.comments.length)
  })

  test('a field outside GitHub schema is rejected with errors and no data', async () => {
    const { status, body } = await gql(
      emu,
      `{ ${REPO} { pullRequests(first: 1) { nodes { noSuchField } } } }`
    )
    expect(status).toBe(200)
    expect(body.data).toBeUndefined()
    expect(body.errors?.[0].message).toMatch(/noSuchField/)
  })

  test('a request without a query string is refused with errors, as GitHub does', async () => {
    const res = await fetch(`${emu.url}/graphql`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ variables: {} })
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).errors[0].message).toMatch(/query attribute must be specified/)
  })

  test('a schema field the emulator does not serve is an error naming it, never a silent null', async () => {
    const { body } = await gql(emu, `{ ${REPO} { pullRequest(number: 1) { number changedFiles } } }`)
    expect(body.errors?.[0].message).toBe('Field "PullRequest.changedFiles" is not emulated')
  })

  test('connections need first or last, at most 100', async () => {
    const missing = await gql(emu, `{ ${REPO} { pullRequests { totalCount } } }`)
    expect(missing.body.errors?.[0].message).toMatch(/must provide a `first` or `last` value.*`pullRequests`/)
    const tooMany = await gql(emu, `{ ${REPO} { pullRequests(first: 101) { totalCount } } }`)
    expect(tooMany.body.errors?.[0].message).toMatch(
      /Requesting 101 records on the `pullRequests` connection/
    )
  })

  test('rateLimit reports a cost computed like GitHub (nested page products / 100)', async () => {
    // 1 (pullRequests) + 100 (reviews per PR) + 100 (comments per PR) = 201 requests → cost 2
    const { body } = await gql(
      emu,
      `{ rateLimit { cost nodeCount limit remaining used } ${REPO} { pullRequests(first: 100) { nodes { reviews(first: 10) { totalCount } comments(first: 5) { totalCount } } } } }`
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.rateLimit.cost).toBe(2)
    expect(body.data.rateLimit.nodeCount).toBe(100 + 100 * 10 + 100 * 5)
    expect(body.data.rateLimit.remaining).toBe(body.data.rateLimit.limit - body.data.rateLimit.used)
  })

  test('default branch history, deployments and releases match git.json / deployments.json / tags.json', async () => {
    const { body } = await gql(
      emu,
      `{ ${REPO} { defaultBranchRef { name target { oid ... on Commit { history(first: 1) { totalCount } } } }
        deployments(first: 100, environments: ["production"], orderBy: {field: CREATED_AT, direction: ASC}) { totalCount nodes { createdAt state latestStatus { state } } }
        releases(first: 100, orderBy: {field: CREATED_AT, direction: ASC}) { totalCount nodes { tagName } } } }`
    )
    expect(body.errors).toBeUndefined()
    const repo = body.data.repository
    expect(repo.defaultBranchRef.name).toBe('master')
    expect(repo.defaultBranchRef.target.history.totalCount).toBe(1065)
    expect(repo.deployments.totalCount).toBe(34)
    const times = repo.deployments.nodes.map((n: any) => n.createdAt)
    expect([...times].sort()).toEqual(times)
    expect(repo.deployments.nodes.at(-1).state).toBe('ACTIVE')
    expect(repo.releases.totalCount).toBe(22)
  })
})

describe('GraphQL with events the datasets lack', () => {
  let emu: RunningEmulator
  beforeAll(async () => {
    emu = await start({ seed: tinySeed() })
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('timelineItems filters by itemTypes, orders by time, shows teams and bots like GitHub', async () => {
    const { body } = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { pullRequest(number: 1) {
        timelineItems(first: 20, itemTypes: [REVIEW_REQUESTED_EVENT, REVIEW_REQUEST_REMOVED_EVENT, PULL_REQUEST_REVIEW, ISSUE_COMMENT, READY_FOR_REVIEW_EVENT]) {
          totalCount nodes { __typename
            ... on ReviewRequestedEvent { createdAt requestedReviewer { __typename ... on User { login } ... on Team { slug } } }
            ... on ReviewRequestRemovedEvent { createdAt }
            ... on PullRequestReview { submittedAt state author { login } }
            ... on IssueComment { author { __typename login } } } } } } }`
    )
    expect(body.errors).toBeUndefined()
    const items = body.data.repository.pullRequest.timelineItems
    expect(items.totalCount).toBe(6)
    expect(items.nodes.map((n: any) => n.__typename)).toEqual([
      'ReadyForReviewEvent',
      'ReviewRequestedEvent',
      'ReviewRequestedEvent',
      'ReviewRequestRemovedEvent',
      'IssueComment',
      'PullRequestReview'
    ])
    expect(items.nodes[2].requestedReviewer).toEqual({ __typename: 'Team', slug: 'core' })
    expect(items.nodes[4].author).toEqual({ __typename: 'Bot', login: 'dependabot' })
  })

  test('an item type the emulator does not serve is an error, not an empty list', async () => {
    const { body } = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { pullRequest(number: 1) { timelineItems(first: 5, itemTypes: [LABELED_EVENT]) { totalCount } } } }`
    )
    expect(body.errors?.[0].message).toMatch(/LABELED_EVENT.*not emulated/)
  })

  test('issue TransferredEvent, team members, nodes(ids)', async () => {
    const { body } = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { issue(number: 3) { timelineItems(first: 5, itemTypes: [TRANSFERRED_EVENT]) { nodes { ... on TransferredEvent { fromRepository { nameWithOwner } } } } } }
        organization(login: "acme") { team(slug: "core") { members(first: 2) { totalCount pageInfo { hasNextPage } nodes { login } } } }
        nodes(ids: ["PR_two", "I_three"]) { __typename ... on PullRequest { number isDraft author { __typename login } } ... on Issue { number } } }`
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.repository.issue.timelineItems.nodes[0].fromRepository.nameWithOwner).toBe('acme/old')
    expect(body.data.organization.team.members).toEqual({
      totalCount: 3,
      pageInfo: { hasNextPage: true },
      nodes: [{ login: 'alice' }, { login: 'bob' }]
    })
    expect(body.data.nodes).toEqual([
      {
        __typename: 'PullRequest',
        number: 2,
        isDraft: true,
        author: { __typename: 'Bot', login: 'renovate' }
      },
      { __typename: 'Issue', number: 3 }
    ])
  })

  test('cursors continue exactly where a page ended', async () => {
    const q = `query($after: String) { repository(owner: "acme", name: "widgets") { pullRequests(first: 1, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}) { pageInfo { hasNextPage endCursor } nodes { number } } } }`
    const one = await gql(emu, q)
    expect(one.body.data.repository.pullRequests.nodes).toEqual([{ number: 2 }])
    const two = await gql(emu, q, { after: one.body.data.repository.pullRequests.pageInfo.endCursor })
    expect(two.body.data.repository.pullRequests).toEqual({
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
      nodes: [{ number: 1 }]
    })
    const bad = await gql(emu, q, { after: 'garbage' })
    expect(bad.body.errors?.[0].message).toMatch(/valid cursor/)
  })

  test('deployment state and statuses, commit fields, unknown repository', async () => {
    const { body } = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { deployments(first: 5) { nodes { state commitOid latestStatus { state } statuses(first: 5) { totalCount } } }
        pullRequest(number: 1) { mergeCommit { oid } commits(first: 5) { totalCount nodes { commit { oid authoredDate } } } } } }`
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.repository.deployments.nodes[0]).toEqual({
      state: 'FAILURE',
      commitOid: 'c'.repeat(40),
      latestStatus: { state: 'FAILURE' },
      statuses: { totalCount: 2 }
    })
    expect(body.data.repository.pullRequest.commits.nodes[0].commit.authoredDate).toBe('2026-01-01T09:00:00Z')
    const missing = await gql(emu, `{ repository(owner: "acme", name: "nope") { id } }`)
    expect(missing.body.data.repository).toBeNull()
    expect(missing.body.errors?.[0]).toMatchObject({ type: 'NOT_FOUND' })
  })
})
