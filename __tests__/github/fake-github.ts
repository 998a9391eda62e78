/**
 * A fake at the edge for sync tests: a GitHubClient whose `graphql` answers the sync's documents
 * from an in-memory repository, after validating each document against GitHub's schema. Cursors are
 * plain offsets (the least forgiving kind: an item moving to the front shifts everything behind it).
 */
import { GraphqlResponseError } from '@octokit/graphql'
import { validate } from '@octokit/graphql-schema'
import { RequestError } from '@octokit/request-error'
import type { GitHubClient, RateLimitInfo, RequestCounts } from '../../src/github/client.js'
import type { Logger } from '../../src/log.js'

export interface FakeActor {
  __typename: 'User' | 'Bot'
  login: string
}

export interface FakeItem {
  __typename: string
  createdAt: string
  [key: string]: unknown
}

export interface FakePull {
  id: string
  number: number
  title: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  mergedAt: string | null
  isDraft: boolean
  baseRefName: string
  additions: number
  deletions: number
  author: FakeActor | null
  mergeCommit: { oid: string } | null
  labels: string[]
  firstCommitAuthoredAt: string | null
  timeline: FakeItem[]
}

export interface FakeIssue {
  id: string
  number: number
  title: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  author: FakeActor | null
  labels: string[]
  timeline: FakeItem[]
}

export interface FakeCommit {
  oid: string
  committedDate: string
  parents: string[]
}

export interface FakeDeployment {
  id: string
  databaseId: number
  environment: string
  createdAt: string
  commitOid: string
  statuses: { state: string; createdAt: string }[]
}

export interface FakeRelease {
  id: string
  databaseId: number
  tagName: string
  createdAt: string
  publishedAt: string | null
  isDraft: boolean
  isPrerelease: boolean
  tagCommit: { oid: string }
}

export interface FakeRepo {
  owner: string
  name: string
  defaultBranch: string
  pulls: FakePull[]
  issues: FakeIssue[]
  /** Newest first. */
  commits: FakeCommit[]
  deployments: FakeDeployment[]
  releases: FakeRelease[]
  /** Org teams; null when the owner is not an organization. */
  teams: Record<string, string[]> | null
}

export interface FakeOptions {
  budget?: number | null
  /** Any page size above this gets a 502 (as GitHub times out on big pages). */
  failAbove?: number
  /** How a page above `failAbove` fails: 502 (default), a 200 "Something went wrong … timeout", or RESOURCE_LIMITS_EXCEEDED. */
  failWith?: 'bad-gateway' | 'timeout-200' | 'resource-limits'
  /** Only documents starting with this (e.g. 'query TimelineFollowUp') fail for their size. */
  failOnly?: string
  /** Refuse the run's n-th request (1-based) with a secondary rate limit that outlasted the retries. */
  refuse?: (n: number) => boolean
  log?: Logger
}

/** What Octokit throws for an HTTP error answer to a GraphQL request. */
function httpFailure(status: number, body: { message?: string; [key: string]: unknown }): RequestError {
  const request = { method: 'POST' as const, url: 'https://api.github.com/graphql', headers: {} }
  return new RequestError(body.message ?? `Unknown error: ${JSON.stringify(body)}`, status, {
    request,
    response: { url: request.url, status, headers: {}, data: body }
  })
}

const TIMEOUT_MESSAGE =
  'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.'

/** What GitHub answers a query that asks for too much, as Octokit throws it. */
function tooBigFailure(kind: NonNullable<FakeOptions['failWith']>, document: string): Error {
  if (kind === 'bad-gateway') return httpFailure(502, { data: null, errors: [{ message: TIMEOUT_MESSAGE }] })
  const errors =
    kind === 'timeout-200'
      ? [{ message: TIMEOUT_MESSAGE }]
      : [{ type: 'RESOURCE_LIMITS_EXCEEDED', message: 'Resource limits for this query exceeded.' }]
  return new GraphqlResponseError({ method: 'POST', url: '/graphql', query: document } as never, {}, {
    data: kind === 'resource-limits' ? { repository: null } : null,
    errors
  } as never)
}

const silent: Logger = { info: () => {}, debug: () => {}, notice: () => {}, warning: () => {} }

function page<T>(
  all: T[],
  first: number,
  after: unknown
): { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const start = after === null || after === undefined ? 0 : Number(after)
  const nodes = all.slice(start, start + first)
  const end = start + nodes.length
  return {
    nodes,
    pageInfo: {
      hasNextPage: end < all.length,
      endCursor: nodes.length ? String(end) : ((after as string | null) ?? null)
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function ordered<T extends { createdAt: string; updatedAt?: string; id: string }>(
  items: T[],
  order: string
): T[] {
  const [field, direction] = order.split(' ')
  const key = (x: T) => (field === 'UPDATED_AT' ? (x.updatedAt as string) : x.createdAt)
  return [...items].sort((a, b) => {
    const c = cmp(key(a), key(b)) || cmp(a.id, b.id)
    return direction === 'DESC' ? -c : c
  })
}

function orderOf(document: string, alias: string): string {
  const match = new RegExp(`${alias}: \\w+\\([^)]*orderBy: \\{field: (\\w+), direction: (\\w+)\\}`).exec(
    document
  )
  if (!match) throw new Error(`fake: no orderBy for ${alias}`)
  return `${match[1]} ${match[2]}`
}

function labelsOf(names: string[], first: number) {
  return { totalCount: names.length, nodes: names.slice(0, first).map((name) => ({ name })) }
}

export class FakeGitHub {
  counts: RequestCounts = { total: 0, graphql: 0, rest: 0 }
  documents: string[] = []
  /** The variables of each document, in the same order. */
  variables: Record<string, unknown>[] = []

  constructor(public repo: FakeRepo) {}

  /** A client for one run (its own request count and budget), served by this fake repository. */
  client(options: FakeOptions = {}): GitHubClient & { runCounts: RequestCounts } {
    const runCounts: RequestCounts = { total: 0, graphql: 0, rest: 0 }
    const limit = options.budget ?? null
    const rate: RateLimitInfo = {
      resource: 'graphql',
      limit: 5000,
      remaining: 5000,
      used: 0,
      resetAt: '2030-01-01T00:00:00Z'
    }
    const answer = (document: string, variables: Record<string, unknown>) => this.answer(document, variables)
    const counts = this.counts
    const documents = this.documents
    const variableLog = this.variables
    return {
      runCounts,
      octokit: {} as GitHubClient['octokit'],
      log: options.log ?? silent,
      requests: () => ({ ...runCounts }),
      rateLimit: () => ({ ...rate }),
      graphqlCost: () => runCounts.graphql,
      budget: {
        limit,
        used: () => runCounts.total,
        remaining: () => (limit === null ? Infinity : Math.max(0, limit - runCounts.total)),
        exhausted: () => limit !== null && runCounts.total >= limit,
        reserveFor: () => 50,
        enforce: () => {},
        enforced: false
      },
      async graphql<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
        runCounts.total++
        runCounts.graphql++
        counts.total++
        counts.graphql++
        rate.remaining--
        rate.used++
        documents.push(document)
        variableLog.push(variables)
        if (options.refuse?.(runCounts.total)) {
          throw httpFailure(403, {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes.'
          })
        }
        const errors = validate(document)
        if (errors.length) throw new Error(`fake: invalid document: ${errors.map(String).join('; ')}`)
        if (options.failAbove !== undefined) {
          const sizes = Object.entries(variables)
            .filter(([k, v]) => k.endsWith('First') && typeof v === 'number')
            .map(([, v]) => v as number)
          const applies = options.failOnly === undefined || document.startsWith(options.failOnly)
          if (applies && sizes.some((s) => s > (options.failAbove as number))) {
            throw tooBigFailure(options.failWith ?? 'bad-gateway', document)
          }
        }
        return answer(document, variables) as T
      }
    }
  }

  private pullNode(p: FakePull, v: Record<string, unknown>) {
    const tl = p.timeline.slice().sort((a, b) => cmp(a.createdAt, b.createdAt))
    return {
      id: p.id,
      number: p.number,
      title: p.title,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      closedAt: p.closedAt,
      mergedAt: p.mergedAt,
      isDraft: p.isDraft,
      baseRefName: p.baseRefName,
      additions: p.additions,
      deletions: p.deletions,
      author: p.author,
      mergeCommit: p.mergeCommit,
      labels: labelsOf(p.labels, v.labelsFirst as number),
      commits: {
        totalCount: p.firstCommitAuthoredAt ? 1 : 0,
        nodes: p.firstCommitAuthoredAt ? [{ commit: { authoredDate: p.firstCommitAuthoredAt } }] : []
      },
      timelineItems: { totalCount: tl.length, ...page(tl, v.timelineFirst as number, null) }
    }
  }

  private issueNode(i: FakeIssue, v: Record<string, unknown>) {
    const tl = i.timeline.slice().sort((a, b) => cmp(a.createdAt, b.createdAt))
    return {
      id: i.id,
      number: i.number,
      title: i.title,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      closedAt: i.closedAt,
      author: i.author,
      labels: labelsOf(i.labels, v.labelsFirst as number),
      timelineItems: { totalCount: tl.length, ...page(tl, v.timelineFirst as number, null) }
    }
  }

  answer(document: string, v: Record<string, unknown>): unknown {
    const repo = this.repo
    const rateLimit = { limit: 5000, cost: 1, remaining: 4000, resetAt: '2030-01-01T00:00:00Z', used: 1000 }
    if (document.startsWith('query TimelineFollowUp')) {
      const out: Record<string, unknown> = { rateLimit }
      for (let i = 0; `id${i}` in v; i++) {
        const id = v[`id${i}`]
        const item = repo.pulls.find((p) => p.id === id) ?? repo.issues.find((x) => x.id === id)
        if (!item) {
          out[`n${i}`] = null
          continue
        }
        const tl = item.timeline.slice().sort((a, b) => cmp(a.createdAt, b.createdAt))
        out[`n${i}`] = { timelineItems: page(tl, v.timelineFirst as number, v[`after${i}`]) }
      }
      return out
    }
    if (document.startsWith('query TeamMembers')) {
      if (repo.teams === null) {
        throw new GraphqlResponseError({ method: 'POST', url: '/graphql', query: document } as never, {}, {
          data: { organization: null },
          errors: [
            {
              type: 'NOT_FOUND',
              path: ['organization'],
              message: `Could not resolve to an Organization with the login of '${v.org}'.`
            }
          ]
        } as never)
      }
      const org: Record<string, unknown> = {}
      for (let i = 0; `slug${i}` in v; i++) {
        const members = repo.teams[v[`slug${i}`] as string]
        org[`t${i}`] = members
          ? {
              slug: v[`slug${i}`],
              members: {
                totalCount: members.length,
                ...page(
                  members.map((login) => ({ login })),
                  100,
                  v[`after${i}`]
                )
              }
            }
          : null
      }
      return { rateLimit, organization: org }
    }
    if (!document.startsWith('query SyncRound')) throw new Error('fake: unknown document')
    const r: Record<string, unknown> = {
      nameWithOwner: `${repo.owner}/${repo.name}`,
      defaultBranchRef: { name: repo.defaultBranch }
    }
    if (document.includes('pulls: pullRequests(')) {
      const list = ordered(repo.pulls, orderOf(document, 'pulls'))
      const p = page(list, v.pullsFirst as number, v.pullsAfter)
      r.pulls = {
        totalCount: list.length,
        pageInfo: p.pageInfo,
        nodes: p.nodes.map((x) => this.pullNode(x, v))
      }
    }
    if (document.includes('pullsTop:')) {
      r.pullsTop = {
        nodes: ordered(repo.pulls, 'UPDATED_AT DESC')
          .slice(0, 1)
          .map((x) => ({ updatedAt: x.updatedAt }))
      }
    }
    if (document.includes('issues: issues(')) {
      const list = ordered(repo.issues, orderOf(document, 'issues'))
      const p = page(list, v.issuesFirst as number, v.issuesAfter)
      r.issues = {
        totalCount: list.length,
        pageInfo: p.pageInfo,
        nodes: p.nodes.map((x) => this.issueNode(x, v))
      }
    }
    if (document.includes('issuesTop:')) {
      r.issuesTop = {
        nodes: ordered(repo.issues, 'UPDATED_AT DESC')
          .slice(0, 1)
          .map((x) => ({ updatedAt: x.updatedAt }))
      }
    }
    if (document.includes('commits: defaultBranchRef')) {
      const since = v.commitsSince as string | null
      const list = repo.commits.filter((c) => !since || c.committedDate >= since)
      const p = page(list, v.commitsFirst as number, v.commitsAfter)
      r.commits = {
        name: repo.defaultBranch,
        target: {
          oid: repo.commits[0]?.oid ?? '',
          history: {
            totalCount: list.length,
            pageInfo: p.pageInfo,
            nodes: p.nodes.map((c) => ({
              oid: c.oid,
              committedDate: c.committedDate,
              parents: { totalCount: c.parents.length, nodes: c.parents.map((oid) => ({ oid })) }
            }))
          }
        }
      }
    }
    if (document.includes('deployments: deployments(')) {
      const envs = v.environments as string[] | null
      const list = ordered(
        repo.deployments.filter((d) => !envs || envs.includes(d.environment)),
        'CREATED_AT DESC'
      )
      const p = page(list, v.deploymentsFirst as number, v.deploymentsAfter)
      r.deployments = {
        totalCount: list.length,
        pageInfo: p.pageInfo,
        nodes: p.nodes.map((d) => {
          const statuses = [...d.statuses].sort((a, b) => cmp(b.createdAt, a.createdAt))
          return {
            id: d.id,
            databaseId: d.databaseId,
            environment: d.environment,
            createdAt: d.createdAt,
            updatedAt: statuses[0]?.createdAt ?? d.createdAt,
            commitOid: d.commitOid,
            state: statuses[0]?.state ?? 'PENDING',
            latestStatus: statuses[0] ?? null,
            statuses: { nodes: statuses.slice(0, 20) }
          }
        })
      }
    }
    if (document.includes('releases: releases(')) {
      const list = ordered(repo.releases, 'CREATED_AT DESC')
      const p = page(list, v.releasesFirst as number, v.releasesAfter)
      r.releases = {
        totalCount: list.length,
        pageInfo: p.pageInfo,
        nodes: p.nodes.map((x) => ({ ...x, name: x.tagName }))
      }
    }
    return { rateLimit, repository: r }
  }
}

/** A deterministic repository: `n` pull requests, `n / 2` issues, `3n` commits, a few deployments. */
export function makeRepo(n: number, options: { longTimelines?: boolean } = {}): FakeRepo {
  const t = (minutes: number) =>
    new Date(Date.UTC(2025, 0, 1) + minutes * 60000).toISOString().replace('.000Z', 'Z')
  const alice: FakeActor = { __typename: 'User', login: 'alice' }
  const bob: FakeActor = { __typename: 'User', login: 'bob' }
  const bot: FakeActor = { __typename: 'Bot', login: 'dependabot' }
  const pulls: FakePull[] = []
  for (let i = 1; i <= n; i++) {
    const created = i * 600
    const timeline: FakeItem[] = [
      {
        __typename: 'ReviewRequestedEvent',
        createdAt: t(created + 1),
        requestedReviewer: { __typename: 'User', login: 'bob' }
      },
      {
        __typename: 'ReviewRequestedEvent',
        createdAt: t(created + 2),
        requestedReviewer: { __typename: 'Team', slug: 'core' }
      },
      {
        __typename: 'PullRequestReview',
        createdAt: t(created + 30),
        submittedAt: t(created + 30),
        state: 'APPROVED',
        author: bob
      },
      { __typename: 'IssueComment', createdAt: t(created + 40), author: bot }
    ]
    const extra = options.longTimelines && i % 7 === 0 ? 230 : 0
    for (let k = 0; k < extra; k++) {
      timeline.push({
        __typename: 'IssueComment',
        createdAt: t(created + 50 + k),
        author: k % 2 ? alice : bob
      })
    }
    pulls.push({
      id: `PR_${i}`,
      number: i,
      title: `Pull ${i}`,
      createdAt: t(created),
      updatedAt: t(created + 300 + extra),
      closedAt: i % 5 === 0 ? null : t(created + 200),
      mergedAt: i % 5 === 0 || i % 4 === 0 ? null : t(created + 200),
      isDraft: false,
      baseRefName: 'main',
      additions: i,
      deletions: 1,
      author: i % 3 === 0 ? bot : alice,
      mergeCommit: i % 5 === 0 || i % 4 === 0 ? null : { oid: `m${String(i).padStart(39, '0')}` },
      labels: i % 2 ? ['bug'] : [],
      firstCommitAuthoredAt: t(created - 60),
      timeline
    })
  }
  const issues: FakeIssue[] = []
  for (let i = 1; i <= Math.floor(n / 2); i++) {
    const created = i * 1000 + 5
    issues.push({
      id: `I_${i}`,
      number: n + i,
      title: `Issue ${i}`,
      createdAt: t(created),
      updatedAt: t(created + 100),
      closedAt: i % 2 ? t(created + 100) : null,
      author: bob,
      labels: i % 4 === 0 ? ['incident'] : [],
      timeline: [
        { __typename: 'IssueComment', createdAt: t(created + 10), author: alice },
        { __typename: 'IssueComment', createdAt: t(created + 20), author: alice },
        ...(i % 6 === 0
          ? [
              {
                __typename: 'TransferredEvent',
                createdAt: t(created + 1),
                fromRepository: { nameWithOwner: 'acme/old' }
              }
            ]
          : [])
      ]
    })
  }
  const commits: FakeCommit[] = []
  for (let i = 3 * n; i >= 1; i--) {
    commits.push({
      oid: `c${String(i).padStart(39, '0')}`,
      committedDate: t(i * 200),
      parents: i > 1 ? [`c${String(i - 1).padStart(39, '0')}`] : []
    })
  }
  const deployments: FakeDeployment[] = []
  for (let i = 1; i <= Math.max(3, Math.floor(n / 10)); i++) {
    deployments.push({
      id: `D_${i}`,
      databaseId: 100 + i,
      environment: i % 4 === 0 ? 'staging' : 'production',
      createdAt: t(i * 5000),
      commitOid: `c${String(i).padStart(39, '0')}`,
      statuses: [
        { state: 'IN_PROGRESS', createdAt: t(i * 5000 + 1) },
        { state: i % 3 === 0 ? 'FAILURE' : 'SUCCESS', createdAt: t(i * 5000 + 5) }
      ]
    })
  }
  return {
    owner: 'acme',
    name: 'widgets',
    defaultBranch: 'main',
    pulls,
    issues,
    commits,
    deployments,
    releases: [
      {
        id: 'R_1',
        databaseId: 1,
        tagName: 'v1',
        createdAt: t(100),
        publishedAt: t(110),
        isDraft: false,
        isPrerelease: false,
        tagCommit: { oid: commits[commits.length - 1].oid }
      }
    ],
    teams: { core: ['bob', 'carol'] }
  }
}
