/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/**
 * REST: every route's responses validated against GitHub's OpenAPI description, pagination with
 * Link headers equal to the dataset, ETags, writes visible in listings and in GraphQL.
 */
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import { AUTH, datasetArchive, gql, hasDataset, rest, start, tinySeed } from './helpers.js'
import { openapiErrors } from './openapi.js'

const describeDataset = hasDataset ? describe : describe.skip

async function checked(
  emu: RunningEmulator,
  method: string,
  route: string,
  path: string,
  status: number,
  body?: unknown
) {
  const res = await rest(emu, method, path, body)
  expect({ path, status: res.status }).toEqual({ path, status })
  expect(res.headers.get('x-ratelimit-limit')).toBe('5000')
  if (res.body !== undefined)
    expect({ route, errors: openapiErrors(route, method, status, res.body) }).toEqual({ route, errors: [] })
  return res
}

function parseLink(header: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="(\w+)"/.exec(part)
    if (m) out[m[2]] = m[1]
  }
  return out
}

describeDataset('REST seeded with ietf-tls-esni', () => {
  let emu: RunningEmulator
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('pulls?state=all&per_page=100: 100 items, Link next/last, walking every page equals the dataset', async () => {
    const archive = datasetArchive()
    const first = await checked(
      emu,
      'GET',
      '/repos/{owner}/{repo}/pulls',
      '/repos/tlswg/draft-ietf-tls-esni/pulls?state=all&per_page=100',
      200
    )
    expect(first.body).toHaveLength(100)
    const link = parseLink(first.headers.get('link'))
    expect(link.next).toBe(`${emu.url}/repos/tlswg/draft-ietf-tls-esni/pulls?state=all&per_page=100&page=2`)
    expect(link.last).toMatch(/page=4$/)
    expect(link.prev).toBeUndefined()
    const numbers: number[] = first.body.map((p: any) => p.number)
    let next: string | undefined = link.next
    while (next) {
      const res = await rest(emu, 'GET', next.slice(emu.url.length))
      numbers.push(...res.body.map((p: any) => p.number))
      const l = parseLink(res.headers.get('link'))
      expect(l.first).toBeDefined()
      expect(l.prev).toBeDefined()
      next = l.next
    }
    expect(numbers).toHaveLength(392)
    const want = [...archive.pulls].sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number
    )
    expect(new Set(numbers)).toEqual(new Set(want.map((p) => p.number)))
    const created = numbers.map((n) => archive.pulls.find((p) => p.number === n)!.createdAt)
    expect([...created].sort().reverse()).toEqual(created)
  })

  test('ETag and If-None-Match give 304 without using the rate limit', async () => {
    const path = '/repos/tlswg/draft-ietf-tls-esni/pulls/1'
    const one = await rest(emu, 'GET', path)
    const etag = one.headers.get('etag')
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/)
    const used = Number(one.headers.get('x-ratelimit-used'))
    const again = await rest(emu, 'GET', path, undefined, { 'if-none-match': etag! })
    expect(again.status).toBe(304)
    expect(again.body).toBeUndefined()
    expect(Number(again.headers.get('x-ratelimit-used'))).toBe(used)
  })

  test('reviews of a pull request match archive.json and validate', async () => {
    const archive = datasetArchive()
    const pull = archive.pulls.find((p) => p.reviews.length >= 3)!
    const res = await checked(
      emu,
      'GET',
      '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      `/repos/tlswg/draft-ietf-tls-esni/pulls/${pull.number}/reviews?per_page=100`,
      200
    )
    expect(res.body.map((r: any) => [r.user.login, r.state, r.submitted_at])).toEqual(
      [...pull.reviews]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((r) => [r.author, r.state, r.createdAt])
    )
  })

  test('every read route validates against OpenAPI', async () => {
    const r = '/repos/tlswg/draft-ietf-tls-esni'
    const R = '/repos/{owner}/{repo}'
    await checked(emu, 'GET', R, r, 200)
    await checked(emu, 'GET', `${R}/pulls/{pull_number}`, `${r}/pulls/658`, 200)
    await checked(
      emu,
      'GET',
      `${R}/pulls/{pull_number}/requested_reviewers`,
      `${r}/pulls/658/requested_reviewers`,
      200
    )
    await checked(emu, 'GET', `${R}/issues`, `${r}/issues?state=all&per_page=50`, 200)
    await checked(emu, 'GET', `${R}/issues/{issue_number}`, `${r}/issues/5`, 200)
    await checked(emu, 'GET', `${R}/issues/{issue_number}/comments`, `${r}/issues/5/comments`, 200)
    await checked(emu, 'GET', `${R}/issues/{issue_number}/timeline`, `${r}/issues/655/timeline`, 200)
    await checked(emu, 'GET', `${R}/labels`, `${r}/labels`, 200)
    await checked(emu, 'GET', `${R}/labels/{name}`, `${r}/labels/bug`, 200)
    const commits = await checked(
      emu,
      'GET',
      `${R}/commits`,
      `${r}/commits?per_page=5&since=2024-01-01T00:00:00Z`,
      200
    )
    expect(commits.body).toHaveLength(5)
    await checked(emu, 'GET', `${R}/commits/{ref}`, `${r}/commits/master`, 200)
    const head = commits.body[0].sha
    const older = commits.body[4].sha
    const compare = await checked(
      emu,
      'GET',
      `${R}/compare/{basehead}`,
      `${r}/compare/${older}...${head}`,
      200
    )
    expect(compare.body.status).toBe('ahead')
    expect(compare.body.ahead_by).toBeGreaterThanOrEqual(4)
    const deployments = await checked(
      emu,
      'GET',
      `${R}/deployments`,
      `${r}/deployments?environment=production&per_page=100`,
      200
    )
    expect(deployments.body).toHaveLength(34)
    await checked(
      emu,
      'GET',
      `${R}/deployments/{deployment_id}/statuses`,
      `${r}/deployments/${deployments.body[0].id}/statuses`,
      200
    )
    const releases = await checked(emu, 'GET', `${R}/releases`, `${r}/releases?per_page=100`, 200)
    expect(releases.body).toHaveLength(22)
    await checked(emu, 'GET', `${R}/tags`, `${r}/tags`, 200)
    await checked(emu, 'GET', '/rate_limit', '/rate_limit', 200)
  })

  test('the OpenAPI check itself rejects a wrong shape', async () => {
    const pull = (await rest(emu, 'GET', '/repos/tlswg/draft-ietf-tls-esni/pulls/1')).body
    const route = '/repos/{owner}/{repo}/pulls/{pull_number}'
    expect(openapiErrors(route, 'GET', 200, pull)).toEqual([])
    expect(
      openapiErrors(route, 'GET', 200, { ...pull, user: undefined, number: '1' }).length
    ).toBeGreaterThan(0)
  })

  test('GitHub Enterprise Server paths (/api/v3, /api/graphql) are served too, Link headers keep the prefix', async () => {
    const res = await rest(emu, 'GET', '/api/v3/repos/tlswg/draft-ietf-tls-esni/pulls?state=all&per_page=100')
    expect(res.body).toHaveLength(100)
    expect(parseLink(res.headers.get('link')).next).toBe(
      `${emu.url}/api/v3/repos/tlswg/draft-ietf-tls-esni/pulls?state=all&per_page=100&page=2`
    )
    const graphql = await fetch(`${emu.url}/api/graphql`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({
        query: '{ repository(owner: "tlswg", name: "draft-ietf-tls-esni") { nameWithOwner } }'
      })
    })
    expect(((await graphql.json()) as any).data.repository.nameWithOwner).toBe('tlswg/draft-ietf-tls-esni')
  })

  test('an unknown repository or route is 404, no token is 401', async () => {
    expect((await rest(emu, 'GET', '/repos/tlswg/other/pulls')).status).toBe(404)
    expect((await rest(emu, 'GET', '/repos/tlswg/draft-ietf-tls-esni/pulls/99999')).status).toBe(404)
    const res = await fetch(`${emu.url}/repos/tlswg/draft-ietf-tls-esni/pulls`)
    expect(res.status).toBe(401)
  })
})

describe('REST writes and the routes the datasets cannot exercise', () => {
  let emu: RunningEmulator
  const r = '/repos/acme/widgets'
  const R = '/repos/{owner}/{repo}'
  beforeAll(async () => {
    emu = await start({ seed: tinySeed() })
  })
  afterAll(async () => {
    await emu.stop()
  })

  test('issues created, labelled, commented and closed over REST show in REST listings and GraphQL', async () => {
    await checked(emu, 'POST', `${R}/labels`, `${r}/labels`, 201, {
      name: 'metrics-report',
      color: '0e8a16',
      description: 'Reports'
    })
    const created = await checked(emu, 'POST', `${R}/issues`, `${r}/issues`, 201, {
      title: 'Report 2026-W02',
      body: 'Hello',
      labels: ['metrics-report']
    })
    const n = created.body.number
    expect(n).toBe(4)
    expect(created.body.html_url).toBe(`${emu.url}/acme/widgets/issues/4`)
    const listed = await checked(
      emu,
      'GET',
      `${R}/issues`,
      `${r}/issues?labels=metrics-report&state=all`,
      200
    )
    expect(listed.body.map((i: any) => i.number)).toEqual([n])
    await checked(emu, 'POST', `${R}/issues/{issue_number}/comments`, `${r}/issues/${n}/comments`, 201, {
      body: 'Updated'
    })
    await checked(emu, 'GET', `${R}/issues/{issue_number}/comments`, `${r}/issues/${n}/comments`, 200)
    await checked(emu, 'POST', `${R}/issues/{issue_number}/labels`, `${r}/issues/${n}/labels`, 200, {
      labels: ['bug']
    })
    const patched = await checked(emu, 'PATCH', `${R}/issues/{issue_number}`, `${r}/issues/${n}`, 200, {
      state: 'closed',
      body: 'Final'
    })
    expect(patched.body.state).toBe('closed')
    expect(patched.body.labels.map((l: any) => l.name)).toEqual(['metrics-report', 'bug'])
    const open = await rest(emu, 'GET', `${r}/issues?labels=metrics-report&state=open`)
    expect(open.body).toEqual([])
    const { body } = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { issue(number: ${n}) { state body author { __typename login } labels(first: 5) { nodes { name } } comments(first: 5) { totalCount } } } }`
    )
    expect(body.data.repository.issue).toEqual({
      state: 'CLOSED',
      body: 'Final',
      author: { __typename: 'Bot', login: 'github-actions' },
      labels: { nodes: [{ name: 'metrics-report' }, { name: 'bug' }] },
      comments: { totalCount: 1 }
    })
    await checked(emu, 'GET', `${R}/issues/{issue_number}/timeline`, `${r}/issues/${n}/timeline`, 200)
    await checked(emu, 'POST', `${R}/issues`, `${r}/issues`, 422, { body: 'no title' })
    // the seed itself is untouched: a second emulator from the same seed starts clean
    await rest(emu, 'POST', `${r}/issues/2/comments`, { body: 'on a pull request' })
    expect((await rest(emu, 'GET', `${r}/issues/2/comments`)).body).toHaveLength(1)
    const other = await start({ seed: emu.state.seed })
    try {
      expect((await rest(other, 'GET', `${r}/issues/2/comments`)).body).toHaveLength(0)
      expect((await rest(other, 'GET', `${r}/issues?state=all`)).body.map((i: any) => i.number)).toEqual([
        3, 2, 1
      ])
    } finally {
      await other.stop()
    }
    await checked(emu, 'GET', `${R}/pulls/{pull_number}`, `${r}/pulls/99`, 404)
  })

  test('pull request shapes with requested reviewers (users and teams) and a timeline with review requests', async () => {
    const pulls = await checked(emu, 'GET', `${R}/pulls`, `${r}/pulls?state=all`, 200)
    expect(pulls.body.map((p: any) => p.number)).toEqual([2, 1])
    expect(pulls.body[0].user.login).toBe('renovate[bot]')
    const one = await checked(emu, 'GET', `${R}/pulls/{pull_number}`, `${r}/pulls/1`, 200)
    expect(one.body.merged).toBe(true)
    const requested = await checked(
      emu,
      'GET',
      `${R}/pulls/{pull_number}/requested_reviewers`,
      `${r}/pulls/1/requested_reviewers`,
      200
    )
    expect(requested.body.users).toEqual([])
    expect(requested.body.teams.map((t: any) => t.slug)).toEqual(['core'])
    const two = await rest(emu, 'GET', `${r}/pulls/2/requested_reviewers`)
    expect(two.body.users.map((u: any) => u.login)).toEqual(['carol'])
    const timeline = await checked(
      emu,
      'GET',
      `${R}/issues/{issue_number}/timeline`,
      `${r}/issues/1/timeline`,
      200
    )
    expect(timeline.body.map((e: any) => e.event)).toEqual([
      'ready_for_review',
      'review_requested',
      'review_requested',
      'review_request_removed',
      'commented',
      'reviewed',
      'merged',
      'closed'
    ])
  })

  test('deployments and statuses created over REST; workflows, runs, dispatches, team members', async () => {
    const dep = await checked(emu, 'POST', `${R}/deployments`, `${r}/deployments`, 201, {
      ref: 'main',
      environment: 'production',
      auto_merge: false,
      required_contexts: []
    })
    expect(dep.body.sha).toBe('c'.repeat(40))
    await checked(
      emu,
      'POST',
      `${R}/deployments/{deployment_id}/statuses`,
      `${r}/deployments/${dep.body.id}/statuses`,
      201,
      { state: 'success' }
    )
    const list = await checked(emu, 'GET', `${R}/deployments`, `${r}/deployments`, 200)
    expect(list.body[0].id).toBe(dep.body.id)
    const { body } = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { deployments(first: 5, orderBy: {field: CREATED_AT, direction: DESC}) { nodes { state } } } }`
    )
    expect(body.data.repository.deployments.nodes.map((d: any) => d.state)).toEqual(['ACTIVE', 'FAILURE'])
    await checked(emu, 'GET', `${R}/actions/workflows`, `${r}/actions/workflows`, 200)
    const runs = await checked(
      emu,
      'GET',
      `${R}/actions/workflows/{workflow_id}/runs`,
      `${r}/actions/workflows/deploy.yml/runs?status=success`,
      200
    )
    expect(runs.body.total_count).toBe(1)
    await checked(emu, 'GET', `${R}/actions/runs`, `${r}/actions/runs?created=>=2026-01-01`, 200)
    const dispatch = await rest(emu, 'POST', `${r}/dispatches`, {
      event_type: 'deployments',
      client_payload: { deployments: [] }
    })
    expect(dispatch.status).toBe(204)
    expect(emu.state.dispatches.map((d) => d.eventType)).toEqual(['deployments'])
    const members = await checked(
      emu,
      'GET',
      '/orgs/{org}/teams/{team_slug}/members',
      '/orgs/acme/teams/core/members?per_page=2',
      200
    )
    expect(members.body.map((m: any) => m.login)).toEqual(['alice', 'bob'])
    expect(parseLink(members.headers.get('link')).next).toBe(
      `${emu.url}/orgs/acme/teams/core/members?per_page=2&page=2`
    )
  })

  test('contents come from the git store (data branch written through the Git Data API)', async () => {
    const blob = await rest(emu, 'POST', `${r}/git/blobs`, {
      content: '{"schemaVersion":1}',
      encoding: 'utf-8'
    })
    expect(blob.status).toBe(201)
    const tree = await rest(emu, 'POST', `${r}/git/trees`, {
      tree: [{ path: 'meta.json', mode: '100644', type: 'blob', sha: blob.body.sha }]
    })
    const commit = await rest(emu, 'POST', `${r}/git/commits`, {
      message: 'data',
      tree: tree.body.sha,
      parents: []
    })
    const ref = await rest(emu, 'POST', `${r}/git/refs`, {
      ref: 'refs/heads/repo-metrics',
      sha: commit.body.sha
    })
    expect(ref.status).toBe(201)
    const file = await checked(
      emu,
      'GET',
      `${R}/contents/{path}`,
      `${r}/contents/meta.json?ref=repo-metrics`,
      200
    )
    expect(Buffer.from(file.body.content, 'base64').toString()).toBe('{"schemaVersion":1}')
    expect(file.body.sha).toBe(blob.body.sha)
    expect((await rest(emu, 'GET', `${r}/contents/missing.json?ref=repo-metrics`)).status).toBe(404)
    const dir = await checked(emu, 'GET', `${R}/contents/{path}`, `${r}/contents?ref=repo-metrics`, 200)
    expect(dir.body.map((e: any) => [e.type, e.path, e.size])).toEqual([['file', 'meta.json', 19]])
    const { body } = await gql(
      emu,
      `{ repository(owner: "acme", name: "widgets") { ref(qualifiedName: "refs/heads/repo-metrics") { name target { oid } } object(expression: "repo-metrics:meta.json") { ... on Blob { text } } } }`
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.repository.ref).toEqual({ name: 'repo-metrics', target: { oid: commit.body.sha } })
    expect(body.data.repository.object.text).toBe('{"schemaVersion":1}')
  })
})
