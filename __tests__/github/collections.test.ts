/**
 * The collection descriptors one by one: what each puts into a round, how it takes its part of the
 * answer, what it stores as checkpoint, and which descriptors a setting calls for.
 */
import { validate } from '@octokit/graphql-schema'
import { CHECKPOINT_KEYS } from '../../src/github/checkpoints.js'
import { commitsCollection } from '../../src/github/collections/commits.js'
import { githubDeploymentsCollection } from '../../src/github/collections/github-deployments.js'
import { planCollections } from '../../src/github/collections/index.js'
import { issuesCollection } from '../../src/github/collections/issues.js'
import { mergesCollection } from '../../src/github/collections/merges.js'
import { pullsCollection } from '../../src/github/collections/pulls.js'
import { releasesCollection } from '../../src/github/collections/releases.js'
import { DeploymentSourceChoice } from '../../src/github/collections/source.js'
import type { RoundCollection, SyncContext } from '../../src/github/collections/types.js'
import { workflowRunsCollection } from '../../src/github/collections/workflow-runs.js'
import { DEFAULT_PAGE_SIZES, type PagePart, PageSizeController } from '../../src/github/page-size.js'
import { roundDocument } from '../../src/github/queries.js'
import { SyncRecords } from '../../src/github/records.js'
import { TimelineFollowUps } from '../../src/github/timelines.js'
import { type Logger, memoryLogger } from '../../src/log.js'
import type { DeploymentSourceSetting } from '../../src/settings-types.js'
import type { Checkpoint } from '../../src/store/types.js'
import { FakeGitHub, makeRepo } from './fake-github.js'

interface TestContext extends SyncContext {
  log: Logger & { lines: string[] }
}

function context(
  options: {
    stored?: Record<string, Checkpoint>
    setting?: DeploymentSourceSetting
    since?: string | null
    fake?: FakeGitHub
    environment?: string
  } = {}
): TestContext {
  const fake = options.fake ?? new FakeGitHub(makeRepo(20))
  const log = memoryLogger()
  const client = fake.client()
  const pages = new PageSizeController(DEFAULT_PAGE_SIZES)
  return {
    client,
    owner: fake.repo.owner,
    repo: fake.repo.name,
    log,
    now: () => new Date('2026-01-01T00:00:00Z'),
    stored: options.stored ?? {},
    since: options.since ?? null,
    setting: options.setting ?? { kind: 'auto' },
    environment: options.environment ?? 'production',
    pages,
    records: new SyncRecords(),
    followUps: new TimelineFollowUps({ client, pages, log }),
    budget: { left: () => Infinity, rateLimitLow: () => false, allows: () => true },
    notes: [],
    repository: { found: true, defaultBranch: 'main' },
    stop: { reason: null }
  }
}

const size = (part: PagePart) => DEFAULT_PAGE_SIZES[part]

/** A round with just these collections, answered by the fake. */
function round(fake: FakeGitHub, ctx: SyncContext, collections: RoundCollection[]): Record<string, unknown> {
  const parts = collections.map((c) => c.query(size))
  const variables = Object.assign({ owner: ctx.owner, name: ctx.repo }, ...parts.map((p) => p.variables))
  const document = roundDocument(parts.map((p) => p.part))
  expect(validate(document).map(String)).toEqual([])
  return (fake.answer(document, variables) as { repository: Record<string, unknown> }).repository
}

describe('every round collection’s part is valid GraphQL, alone and together, in every walk mode', () => {
  it.each([
    ['cold', {}],
    ['warm', { since: '2025-01-01T00:00:00Z' }]
  ] as const)('%s', (_name, extra) => {
    const ctx = context(extra)
    const plan = planCollections(ctx, null)
    expect(plan.rounds.map((c) => c.name)).toEqual([
      'pull requests',
      'issues',
      'commits',
      'deployments',
      'releases'
    ])
    for (const subset of [...plan.rounds.map((c) => [c]), plan.rounds]) {
      const document = roundDocument(subset.map((c) => c.query(size).part))
      expect(validate(document).map(String)).toEqual([])
    }
  })
})

describe('pull requests and issues', () => {
  it('a cold walk asks oldest-created first with the newest updatedAt, then takes and normalizes the page', () => {
    const fake = new FakeGitHub(makeRepo(20))
    const ctx = context({ fake })
    const pulls = pullsCollection(ctx)
    const { part, variables } = pulls.query(size)
    expect(part.fields.join('\n')).toContain('orderBy: {field: CREATED_AT, direction: ASC}')
    expect(part.fields.some((f) => f.startsWith('pullsTop:'))).toBe(true)
    expect(variables).toEqual({
      pullsFirst: DEFAULT_PAGE_SIZES.pulls,
      pullsAfter: null,
      timelineFirst: DEFAULT_PAGE_SIZES.timeline,
      labelsFirst: DEFAULT_PAGE_SIZES.labels
    })
    expect(pulls.pages).toEqual(['pulls', 'timeline', 'labels'])
    pulls.take(round(fake, ctx, [pulls]))
    expect(ctx.records.count('pulls')).toBe(20)
    expect(ctx.records.values('pulls')[0]).toMatchObject({ number: 1, author: 'alice' })
    // The backfill is done; a catch-up pass from the front follows (newest updated first).
    expect(pulls.query(size).part.fields.join('\n')).toContain(
      'orderBy: {field: UPDATED_AT, direction: DESC}'
    )
  })

  it('a timeline longer than one page waits for its follow-up before the node is kept', async () => {
    const fake = new FakeGitHub(makeRepo(14, { longTimelines: true }))
    const ctx = context({ fake })
    const pulls = pullsCollection(ctx)
    pulls.take(round(fake, ctx, [pulls]))
    expect(ctx.records.count('pulls')).toBe(12) // #7 and #14 have 234 timeline items
    await ctx.followUps.flush()
    expect(ctx.records.count('pulls')).toBe(14)
    const long = ctx.records.values('pulls').find((p) => p.number === 7)
    expect(long?.comments.map((c) => c.author).sort()).toEqual(['alice', 'bob', 'dependabot[bot]'])
  })

  it('warns when a node has more labels than were read', () => {
    const repo = makeRepo(4)
    repo.issues[0].labels = Array.from({ length: 120 }, (_, i) => `l${i}`)
    const fake = new FakeGitHub(repo)
    const ctx = context({ fake })
    const issues = issuesCollection(ctx)
    issues.take(round(fake, ctx, [issues]))
    expect(
      ctx.log.lines.some((l) =>
        l.includes(`Issue #${repo.issues[0].number} has 120 labels; only ${DEFAULT_PAGE_SIZES.labels}`)
      )
    ).toBe(true)
  })

  it('restart drops the checkpoint so the next run reads the collection again', () => {
    const fake = new FakeGitHub(makeRepo(4))
    const ctx = context({ fake })
    const pulls = pullsCollection(ctx)
    pulls.take(round(fake, ctx, [pulls]))
    pulls.take(round(fake, ctx, [pulls]))
    expect(pulls.complete()).toBe(true)
    expect(pulls.checkpoints()[CHECKPOINT_KEYS.pulls]).toMatchObject({ v: 1, highWater: expect.any(String) })
    pulls.restart()
    expect(pulls.complete()).toBe(false)
    expect(pulls.checkpoints()).toEqual({ [CHECKPOINT_KEYS.pulls]: null })
  })
})

describe('commits', () => {
  it('reach 90 days before since when cold, and warn about octopus merges', () => {
    const repo = makeRepo(4)
    repo.commits[0].parents = Array.from({ length: 12 }, (_, i) => `p${i}`.padEnd(40, '0'))
    const fake = new FakeGitHub(repo)
    const ctx = context({ fake, since: '2025-04-01T00:00:00Z' })
    const commits = commitsCollection(ctx)
    expect(commits.query(size).variables).toEqual({
      commitsFirst: 100,
      commitsAfter: null,
      commitsSince: '2025-01-01T00:00:00Z'
    })
    commits.take(round(fake, ctx, [commits]))
    expect(ctx.records.count('commits')).toBe(12)
    expect(ctx.log.lines.some((l) => l.includes('more than 10 parents'))).toBe(true)
  })
})

describe('deployment collections', () => {
  it('GitHub Deployments: every environment’s, as GitHub names it, pending ones noted, and the checkpoint names the environments with finished deployments', () => {
    const repo = makeRepo(40)
    repo.deployments[0].statuses = [{ state: 'IN_PROGRESS', createdAt: repo.deployments[0].createdAt }]
    const fake = new FakeGitHub(repo)
    const ctx = context({ fake })
    const deployments = githubDeploymentsCollection(ctx)
    expect(deployments.query(size).variables).not.toHaveProperty('environments')
    deployments.take(round(fake, ctx, [deployments]))
    const stored = ctx.records.values('deployments')
    expect(stored.length).toBe(repo.deployments.length)
    expect(new Set(stored.map((d) => d.environment))).toEqual(
      new Set(repo.deployments.map((d) => d.environment))
    )
    expect(deployments.hasData?.()).toBe(true)
    const cp = deployments.checkpoints()[CHECKPOINT_KEYS.deployments] as Checkpoint & {
      environments: string[]
    }
    expect(cp).toMatchObject({ pendingSince: repo.deployments[0].createdAt })
    expect(cp.environments).toContain('production')
    expect(cp).not.toHaveProperty('environment')
  })

  it('GitHub Deployments resume whatever deployment-environment says; a one-environment checkpoint of an older version starts over once', () => {
    const first = context()
    const deployments = githubDeploymentsCollection(first)
    deployments.take({ deployments: { totalCount: 0, nodes: [] } })
    const stored = deployments.checkpoints()[CHECKPOINT_KEYS.deployments] as Checkpoint
    expect(stored.highWater).not.toBeNull()
    const again = githubDeploymentsCollection(
      context({ stored: { deployments: stored }, environment: 'prod' })
    )
    expect(again.walker.checkpoint().highWater).toBe(stored.highWater)
    const { environments: _e, ...older } = stored as Checkpoint & { environments: unknown }
    const oldCtx = context({ stored: { deployments: { ...older, environment: 'staging', hasData: true } } })
    const other = githubDeploymentsCollection(oldCtx)
    expect(other.walker.checkpoint().highWater).toBeNull()
    expect(oldCtx.log.lines.some((l) => l.includes('Sync of deployments starts over'))).toBe(true)
    // What the old checkpoint vouched for is kept until the re-read finds it again.
    expect(other.environments?.()).toEqual(new Set(['staging']))
  })

  it('releases: drafts and prereleases are not deployments, and prereleases are not data for auto', () => {
    const repo = makeRepo(4)
    repo.releases = [
      { ...repo.releases[0], id: 'R_2', databaseId: 2, isPrerelease: true },
      { ...repo.releases[0], id: 'R_3', databaseId: 3, isDraft: true, publishedAt: null }
    ]
    const fake = new FakeGitHub(repo)
    const ctx = context({ fake })
    const releases = releasesCollection(ctx)
    releases.take(round(fake, ctx, [releases]))
    expect(ctx.records.count('deployments')).toBe(0)
    expect(releases.hasData?.()).toBe(false)
    expect(releases.checkpoints()[CHECKPOINT_KEYS.releases]).toMatchObject({ hasData: false })
  })

  it('workflow runs: nothing to read without a default branch, and the checkpoint keeps the workflow id', async () => {
    const ctx = context({
      setting: { kind: 'workflow', name: 'deploy' },
      stored: { 'workflow:deploy': { environment: 'production', workflowId: '77' } }
    })
    ctx.repository.defaultBranch = null
    const runs = workflowRunsCollection(ctx, 'deploy')
    expect(await runs.read()).toBe(false)
    expect(ctx.log.lines.some((l) => l.includes('no default branch yet'))).toBe(true)
    expect(runs.complete()).toBe(false)
    const cp = runs.checkpoints()['workflow:deploy']
    expect(cp).toMatchObject({ workflowId: '77' })
    expect(cp).not.toHaveProperty('environment')
  })

  it('merges derive from the pull requests read when chosen, and re-read them when auto switches to merges', () => {
    const fake = new FakeGitHub(makeRepo(10))
    const ctx = context({ fake, stored: { [CHECKPOINT_KEYS.source]: { chosen: 'release' } } })
    const pulls = pullsCollection(ctx)
    pulls.take(round(fake, ctx, [pulls]))
    const source = new DeploymentSourceChoice(ctx)
    const merges = mergesCollection(ctx, pulls, source)
    merges.derive('release')
    expect(ctx.records.count('deployments')).toBe(0)
    merges.derive('merge')
    const merged = fake.repo.pulls.filter((p) => p.mergedAt).length
    expect(ctx.records.values('deployments')).toHaveLength(merged)
    expect(ctx.records.values('deployments')[0]).toMatchObject({ source: 'merge', status: 'success' })
    expect(pulls.checkpoints()).toEqual({ pulls: null })
    expect(ctx.notes).toEqual([expect.stringContaining('reads pull requests again')])
  })

  it('the source: the setting’s, or for auto deployments, then releases, then merges', () => {
    const ctx = context()
    const found = (source: 'deployment' | 'release') => [
      {
        name: source,
        records: 'deployments' as const,
        source,
        walker: null,
        hasData: () => true,
        complete: () => true,
        checkpoints: () => ({})
      }
    ]
    const auto = new DeploymentSourceChoice(ctx)
    expect(auto.choose(found('release'))).toBe('release')
    expect(auto.choose([])).toBe('merge')
    expect(ctx.log.lines.some((l) => l.includes('Deployment source (auto): merge'))).toBe(true)
    expect(
      new DeploymentSourceChoice(context({ setting: { kind: 'releases' } })).choose(found('deployment'))
    ).toBe('release')
    expect(auto.checkpoints('merge')).toEqual({ [CHECKPOINT_KEYS.source]: { chosen: 'merge' } })
  })
})

describe('planCollections', () => {
  it.each([
    [{ kind: 'auto' }, ['pull requests', 'issues', 'commits', 'deployments', 'releases', 'merges']],
    [{ kind: 'deployments' }, ['pull requests', 'issues', 'commits', 'deployments']],
    [{ kind: 'releases' }, ['pull requests', 'issues', 'commits', 'releases']],
    [{ kind: 'merges' }, ['pull requests', 'issues', 'commits', 'merges']],
    [
      { kind: 'workflow', name: 'deploy.yml' },
      ['pull requests', 'issues', 'commits', 'workflow runs of deploy.yml']
    ]
  ] as const)('%j reads %j', (setting, names) => {
    const plan = planCollections(context({ setting }), null)
    expect(plan.all.map((c) => c.name)).toEqual(names)
    expect(plan.all.filter((c) => c.records === 'deployments').every((c) => c.source !== undefined)).toBe(
      true
    )
  })

  it('a newly selected merges source reads pull requests again from the start', () => {
    const stored = {
      pulls: {
        v: 1,
        coverage: null,
        highWater: '2025-01-01T00:00:00Z',
        headId: null,
        pendingSince: null,
        pass: null
      }
    }
    const ctx = context({ setting: { kind: 'merges' }, stored })
    const plan = planCollections(ctx, null)
    expect(plan.rounds[0].walker.mode).toBe('backfill')
    expect(ctx.log.lines.some((l) => l.includes('re-reading pull requests'))).toBe(true)
    const resumed = planCollections(context({ setting: { kind: 'auto' }, stored }), null)
    expect(resumed.rounds[0].walker.mode).toBe('desc')
  })
})
