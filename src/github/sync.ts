/**
 * History sync: reads the repository's history into normalized records with as few requests as the
 * API allows, incrementally (checkpoints per collection in meta.checkpoints) and resumably (a spent
 * request budget stops the run cleanly; the next run continues where it stopped).
 *
 * Each GraphQL round is one request carrying the next page of every collection still being read:
 * pull requests and issues (with their timelines), default-branch commits, GitHub Deployments and
 * releases. Timelines longer than one page get follow-up queries for just those nodes. Workflow runs
 * (REST) and team membership follow the rounds.
 */
import type { Logger } from '../log.js'
import type { CollectionName, Commit, Deployment, DeploymentSource, Issue, PullRequest } from '../model.js'
import { recordKey } from '../model.js'
import { selectedDeploymentSource, type DeploymentSourceSetting } from '../settings-types.js'
import type { Checkpoint, HistoryUpdate } from '../store/types.js'
import { describeRateLimit, isRateLimitError, type GitHubClient, type RequestCounts } from './client.js'
import {
  chooseSyncedSource,
  deploymentsCheckpoint,
  mergeDeployments,
  noteDeploymentEnvironments,
  readDeploymentsCheckpoint,
  resolveWorkflow,
  syncWorkflowRuns
} from './deployments.js'
import {
  type GqlCommitNode,
  type GqlConnection,
  type GqlDeploymentNode,
  type GqlIssueNode,
  type GqlPullNode,
  type GqlReleaseNode,
  type GqlTimelineItem,
  isFinal,
  normalizeCommit,
  normalizeDeployment,
  normalizeIssue,
  normalizePull,
  normalizeRelease
} from './normalize.js'
import { PARENTS_PAGE, type SyncQueryParts, syncQuery, timelineFollowUpQuery } from './queries.js'
import { readTeams, TeamsUnavailableError } from './teams.js'
import { Walker } from './walker.js'

export interface PageSizes {
  pulls: number
  issues: number
  commits: number
  deployments: number
  releases: number
  /** Timeline items per pull request / issue page. */
  timeline: number
  /** Labels read per pull request / issue. */
  labels: number
  /** Nodes per timeline follow-up request. */
  followUps: number
}

export const DEFAULT_PAGE_SIZES: PageSizes = {
  pulls: 50,
  issues: 50,
  commits: 100,
  deployments: 50,
  releases: 50,
  timeline: 100,
  labels: 100,
  followUps: 10
}

/** Smallest sizes a run of 502/504 answers can shrink each page to. */
export const MIN_PAGE_SIZES: PageSizes = {
  pulls: 5,
  issues: 5,
  commits: 10,
  deployments: 5,
  releases: 5,
  timeline: 10,
  labels: 25,
  followUps: 1
}

export interface SyncOptions {
  client: GitHubClient
  owner: string
  repo: string
  /** meta.checkpoints as stored (the sync reads its own keys and ignores others). */
  checkpoints: Record<string, Checkpoint>
  /** Records stored per collection (for the log). */
  stored?: Partial<Record<CollectionName, number>>
  /** meta.teams as stored, so the update can carry the merged team map. */
  storedTeams?: Record<string, string[]> | null
  deploymentSource: DeploymentSourceSetting
  /** Production, for the `auto` choice only: every environment is read and stored as GitHub names it. */
  deploymentEnvironment: string
  /** Oldest history the run needs (null: all). */
  since: string | null
  /** End of the report window. The store keeps complete history, so it does not cut the sync. */
  until: string | null
  log: Logger
  /**
   * Requests to leave in the budget for the rest of the run (store writes, report commit, notification).
   * Default: half the request budget, at most 12 (0 without a budget). Each run still reads at least
   * one round, so even a tiny budget makes progress.
   */
  keepRequests?: number
  pageSizes?: Partial<PageSizes>
  /** Clock (tests). */
  now?: () => Date
}

export interface SyncResult {
  /** Records read, new checkpoints, teams and default branch: hand it to DataStore.save. */
  update: HistoryUpdate
  /** False when the budget (or rate-limit reserve) stopped the sync: the data is partial, the next run resumes. */
  complete: boolean
  /** The deployment source the records come from (for `auto`, the one it chose). */
  deploymentSource: DeploymentSource
  /** Notices to show once (in the log, and in the report when the integrator wants). */
  notes: string[]
  /** Requests this sync made. */
  requests: RequestCounts
  /** Per collection: records read in this run, and whether it is up to date. */
  collections: Record<string, { read: number; complete: boolean }>
}

/** Checkpoint keys of the sync in meta.checkpoints. */
export const CHECKPOINT_KEYS = {
  pulls: 'pulls',
  issues: 'issues',
  commits: 'commits',
  deployments: 'deployments',
  releases: 'releases',
  workflow: (name: string) => `workflow:${name}`,
  source: 'deployment-source',
  teams: 'teams'
}

/** Commits committed this long before the last head are re-read (branches merged with old dates). */
const COMMIT_LOOKBACK_SECONDS = 14 * 86400
/** Cold commit history reaches this far before `since` (a baseline for lead time). */
const COMMIT_SINCE_MARGIN_SECONDS = 90 * 86400
/** Workflow runs: completed runs are listed from when they were created; allow one day to finish. */
const RUN_LOOKBACK_SECONDS = 86400
/** Team membership is refreshed at most this often (it changes rarely). */
const TEAMS_MAX_AGE_MS = 7 * 86400 * 1000

interface RoundData {
  rateLimit?: { limit: number; cost: number; remaining: number; resetAt: string }
  repository: {
    nameWithOwner: string
    defaultBranchRef: { name: string } | null
    pulls?: GqlConnection<GqlPullNode> & { totalCount: number }
    pullsTop?: { nodes: { updatedAt: string }[] }
    issues?: GqlConnection<GqlIssueNode> & { totalCount: number }
    issuesTop?: { nodes: { updatedAt: string }[] }
    commits?: { name: string; target: { oid: string; history?: GqlConnection<GqlCommitNode> } | null } | null
    deployments?: GqlConnection<GqlDeploymentNode> & { totalCount: number }
    releases?: GqlConnection<GqlReleaseNode> & { totalCount: number }
  } | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function shiftIso(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z')
}

function diffCounts(a: RequestCounts, b: RequestCounts): RequestCounts {
  return { total: a.total - b.total, graphql: a.graphql - b.graphql, rest: a.rest - b.rest }
}

export async function syncHistory(opts: SyncOptions): Promise<SyncResult> {
  const { client, owner, repo, log } = opts
  const now = opts.now ?? (() => new Date())
  const sizes: PageSizes = { ...DEFAULT_PAGE_SIZES, ...opts.pageSizes }
  const budgetLimit = client.budget.limit
  const keep = opts.keepRequests ?? (budgetLimit === null ? 0 : Math.min(12, Math.floor(budgetLimit / 2)))
  const startCounts = client.requests()
  const cps = opts.checkpoints ?? {}
  const notes: string[] = []
  const checkpoints: Record<string, Checkpoint | null> = {}
  const env = opts.deploymentEnvironment
  const setting = opts.deploymentSource
  const previousSource =
    (cps[CHECKPOINT_KEYS.source] as { chosen?: DeploymentSource } | undefined)?.chosen ?? null

  // Settings that change what a collection holds start that collection over.
  const explicitSource = selectedDeploymentSource(setting)
  const mergesNewlyOn =
    explicitSource === 'merge' && previousSource !== 'merge' && cps[CHECKPOINT_KEYS.pulls] !== undefined

  const pulls = new Walker('pull requests', mergesNewlyOn ? undefined : cps[CHECKPOINT_KEYS.pulls], {
    ascendingBackfill: true,
    since: opts.since
  })
  const issues = new Walker('issues', cps[CHECKPOINT_KEYS.issues], {
    ascendingBackfill: true,
    since: opts.since
  })
  const commitSince = opts.since === null ? null : shiftIso(opts.since, -COMMIT_SINCE_MARGIN_SECONDS)
  const commits = new Walker('commits', cps[CHECKPOINT_KEYS.commits], {
    ascendingBackfill: false,
    since: commitSince,
    lookbackSeconds: COMMIT_LOOKBACK_SECONDS,
    stopAtHeadId: true
  })
  const wantDeployments = setting.kind === 'deployments' || setting.kind === 'auto'
  const wantReleases = setting.kind === 'releases' || setting.kind === 'auto'
  // Every environment is read (the metrics pick production), so changing the setting needs no new read.
  const storedDeployments = readDeploymentsCheckpoint(cps[CHECKPOINT_KEYS.deployments])
  const deploymentEnvironments = storedDeployments.environments
  const deployments = wantDeployments
    ? new Walker('deployments', storedDeployments.resume, { ascendingBackfill: false, since: null })
    : null
  if (deployments && storedDeployments.startOver)
    log.info(`Sync of deployments starts over: ${storedDeployments.startOver}.`)
  const releases = wantReleases
    ? new Walker('releases', cps[CHECKPOINT_KEYS.releases], { ascendingBackfill: false, since: null })
    : null
  const workflowKey = setting.kind === 'workflow' ? CHECKPOINT_KEYS.workflow(setting.name) : null
  const storedWorkflow = workflowKey ? (cps[workflowKey] as { workflowId?: string } | undefined) : undefined
  const workflow =
    setting.kind === 'workflow'
      ? new Walker(`workflow runs of ${setting.name}`, storedWorkflow, {
          ascendingBackfill: false,
          since: null,
          lookbackSeconds: RUN_LOOKBACK_SECONDS
        })
      : null
  for (const w of [pulls, issues, commits, deployments, releases, workflow]) {
    if (w?.reset) log.info(`Sync of ${w.name} starts over: ${w.reset}.`)
  }
  if (mergesNewlyOn) log.info('Deployments from merges: re-reading pull requests to find every merge.')
  if (opts.stored) {
    const parts = Object.entries(opts.stored).map(([k, v]) => `${v} ${k}`)
    if (parts.length) log.debug(`Stored before the sync: ${parts.join(', ')}.`)
  }
  if (opts.until)
    log.debug(
      `until ${opts.until}: the sync still reads everything up to now (the store keeps full history).`
    )

  const pullRecords = new Map<number, PullRequest>()
  const issueRecords = new Map<number, Issue>()
  const commitRecords = new Map<string, Commit>()
  const deploymentRecords = new Map<string, Deployment>()
  const seenTotals = { releases: 0 }
  let defaultBranch: string | null = null
  let repositoryFound = false
  let rounds = 0
  let stopped = false
  let scale = 1
  let goodSinceShrink = 0
  let recoverAfter = 4
  let recovered = false

  const size = (part: keyof PageSizes) =>
    Math.min(sizes[part], Math.max(MIN_PAGE_SIZES[part], Math.floor(sizes[part] * scale)))
  const budgetLeft = () => client.budget.remaining() - keep
  const rateLimitLow = () => {
    const info = client.rateLimit('graphql') ?? client.rateLimit()
    return info !== null && info.remaining <= client.budget.reserveFor(info.limit)
  }

  /** A GraphQL request; 502/504 halve the page sizes and retry, other 5xx retry a few times. */
  async function request<T>(
    build: () => { document: string; variables: Record<string, unknown> }
  ): Promise<T> {
    let failures = 0
    for (;;) {
      const { document, variables } = build()
      try {
        const data = await client.graphql<T>(document, variables, { retries: 0 })
        if (scale < 1 && ++goodSinceShrink >= recoverAfter) {
          scale = Math.min(1, scale * 2)
          recovered = true
          goodSinceShrink = 0
          log.debug(`Page sizes recover to ${Math.round(scale * 100)}%.`)
        }
        return data
      } catch (error) {
        // A node deleted between a page and its follow-up: GitHub answers the rest, with NOT_FOUND.
        const partial = notFoundPartialData<T>(error)
        if (partial !== null) return partial
        const status = (error as { status?: number }).status
        if (status === 502 || status === 504) {
          failures++
          if (failures > 6) throw error
          // A size that failed again right after recovering waits longer before the next try.
          if (recovered) recoverAfter = Math.min(16, recoverAfter * 2)
          recovered = false
          scale = Math.max(1 / 64, scale / 2)
          goodSinceShrink = 0
          log.warning(
            `GitHub answered ${status} (a timeout): retrying with pages at ${Math.round(scale * 100)}%.`
          )
          await sleep(100 * failures)
          continue
        }
        if (status !== undefined && status >= 500) {
          failures++
          if (failures > 3) throw error
          log.warning(`GitHub answered ${status}: retrying (${failures} of 3).`)
          await sleep(200 * failures)
          continue
        }
        throw error
      }
    }
  }

  /** Reads the rest of each overflowed timeline, several nodes per request. */
  async function completeTimelines(
    kind: 'pull' | 'issue',
    nodes: { id: string; timelineItems: GqlConnection<GqlTimelineItem> }[]
  ): Promise<Map<string, GqlTimelineItem[]>> {
    const items = new Map<string, GqlTimelineItem[]>()
    let queue: { id: string; after: string }[] = []
    for (const node of nodes) {
      items.set(node.id, [...node.timelineItems.nodes])
      const info = node.timelineItems.pageInfo
      if (info?.hasNextPage && info.endCursor) queue.push({ id: node.id, after: info.endCursor })
    }
    while (queue.length > 0) {
      let batch: typeof queue = []
      const data = await request<Record<string, { timelineItems?: GqlConnection<GqlTimelineItem> } | null>>(
        () => {
          batch = queue.slice(0, size('followUps'))
          const variables: Record<string, unknown> = { timelineFirst: size('timeline') }
          batch.forEach((q, i) => {
            variables[`id${i}`] = q.id
            variables[`after${i}`] = q.after
          })
          return { document: timelineFollowUpQuery(kind, batch.length), variables }
        }
      )
      queue = queue.slice(batch.length)
      batch.forEach((q, i) => {
        const connection = data[`n${i}`]?.timelineItems
        if (!connection) {
          log.warning(
            `A ${kind === 'pull' ? 'pull request' : 'issue'} vanished while its timeline was read (${q.id}).`
          )
          return
        }
        items.get(q.id)?.push(...connection.nodes)
        const info = connection.pageInfo
        if (info?.hasNextPage && info.endCursor) queue.push({ id: q.id, after: info.endCursor })
      })
    }
    return items
  }

  // Pull requests and issues whose timelines overflowed one page wait here, so their follow-ups are
  // batched across rounds; they are completed before the sync returns (even when the budget is spent).
  let overflowPulls: GqlPullNode[] = []
  let overflowIssues: GqlIssueNode[] = []
  const keepPull = (node: GqlPullNode, timeline: GqlTimelineItem[]) => {
    if ((node.labels?.totalCount ?? 0) > (node.labels?.nodes.length ?? 0)) {
      log.warning(
        `Pull request #${node.number} has ${node.labels?.totalCount} labels; only ${node.labels?.nodes.length} were read.`
      )
    }
    const existing = pullRecords.get(node.number)
    if (!existing || existing.updatedAt <= node.updatedAt)
      pullRecords.set(node.number, normalizePull(node, timeline))
  }
  const keepIssue = (node: GqlIssueNode, timeline: GqlTimelineItem[]) => {
    if ((node.labels?.totalCount ?? 0) > (node.labels?.nodes.length ?? 0)) {
      log.warning(
        `Issue #${node.number} has ${node.labels?.totalCount} labels; only ${node.labels?.nodes.length} were read.`
      )
    }
    const existing = issueRecords.get(node.number)
    if (!existing || existing.updatedAt <= node.updatedAt)
      issueRecords.set(node.number, normalizeIssue(node, timeline))
  }
  async function flushOverflow(): Promise<void> {
    if (overflowPulls.length > 0) {
      const nodes = overflowPulls
      overflowPulls = []
      const timelines = await completeTimelines('pull', nodes)
      for (const node of nodes) keepPull(node, timelines.get(node.id) ?? node.timelineItems.nodes)
    }
    if (overflowIssues.length > 0) {
      const nodes = overflowIssues
      overflowIssues = []
      const timelines = await completeTimelines('issue', nodes)
      for (const node of nodes) keepIssue(node, timelines.get(node.id) ?? node.timelineItems.nodes)
    }
  }

  const graphqlWalkers = () =>
    [pulls, issues, commits, deployments, releases].filter((w): w is Walker => !!w?.active)

  // ---- GraphQL rounds
  while (graphqlWalkers().length > 0) {
    if (rounds > 0 && (budgetLeft() <= 0 || rateLimitLow())) {
      stopped = true
      break
    }
    if (rounds === 0 && budgetLeft() <= 0) {
      log.warning(
        'The request budget was spent before the sync started: reading one round anyway so runs progress.'
      )
    }
    const active = new Set(graphqlWalkers())
    let data: RoundData
    try {
      data = await request<RoundData>(() => {
        const parts: SyncQueryParts = {}
        const variables: Record<string, unknown> = { owner, name: repo }
        if (active.has(pulls)) {
          parts.pulls = { order: pulls.mode === 'backfill' ? 'CREATED_ASC' : 'UPDATED_DESC' }
          parts.pullsTop = pulls.needsTop
          variables.pullsFirst = size('pulls')
          variables.timelineFirst = size('timeline')
          variables.labelsFirst = size('labels')
          variables.pullsAfter = pulls.cursor
        }
        if (active.has(issues)) {
          parts.issues = { order: issues.mode === 'backfill' ? 'CREATED_ASC' : 'UPDATED_DESC' }
          parts.issuesTop = issues.needsTop
          variables.issuesFirst = size('issues')
          variables.timelineFirst = size('timeline')
          variables.labelsFirst = size('labels')
          variables.issuesAfter = issues.cursor
        }
        if (active.has(commits)) {
          parts.commits = true
          variables.commitsFirst = size('commits')
          variables.commitsAfter = commits.cursor
          variables.commitsSince = commits.target
        }
        if (deployments && active.has(deployments)) {
          parts.deployments = true
          variables.deploymentsFirst = size('deployments')
          variables.deploymentsAfter = deployments.cursor
        }
        if (releases && active.has(releases)) {
          parts.releases = true
          variables.releasesFirst = size('releases')
          variables.releasesAfter = releases.cursor
        }
        return { document: syncQuery(parts), variables }
      })
    } catch (error) {
      if (!isRateLimitError(error)) throw error
      log.warning(
        `GitHub kept refusing for its rate limit (${(error as Error).message}): stopping the sync here.`
      )
      stopped = true
      break
    }
    rounds++
    if (rounds === 1 && data.rateLimit) {
      const r = data.rateLimit
      log.info(
        `GitHub GraphQL rate limit at start: ${r.remaining + r.cost} of ${r.limit} left, resets at ${r.resetAt}.`
      )
    }
    const repository = data.repository
    if (!repository) {
      throw new Error(
        `Repository ${owner}/${repo} was not found, or the token cannot read it. Check the repository name ` +
          'and that the token has `contents: read`, `pull-requests: read` and `issues: read`.'
      )
    }
    repositoryFound = true
    defaultBranch = repository.defaultBranchRef?.name ?? null

    // Pull requests and issues: take the page, complete overflowed timelines, normalize.
    let pullNodes: GqlPullNode[] = []
    if (active.has(pulls) && repository.pulls) {
      const conn = repository.pulls
      const keys = conn.nodes.map((n) => (pulls.mode === 'backfill' ? n.createdAt : n.updatedAt))
      const probe = repository.pullsTop ? (repository.pullsTop.nodes[0]?.updatedAt ?? null) : undefined
      const { keep: n } = pulls.consume(keys, conn.pageInfo ?? { hasNextPage: false, endCursor: null }, probe)
      pullNodes = conn.nodes.slice(0, n)
    }
    let issueNodes: GqlIssueNode[] = []
    if (active.has(issues) && repository.issues) {
      const conn = repository.issues
      const keys = conn.nodes.map((n) => (issues.mode === 'backfill' ? n.createdAt : n.updatedAt))
      const probe = repository.issuesTop ? (repository.issuesTop.nodes[0]?.updatedAt ?? null) : undefined
      const { keep: n } = issues.consume(
        keys,
        conn.pageInfo ?? { hasNextPage: false, endCursor: null },
        probe
      )
      issueNodes = conn.nodes.slice(0, n)
    }
    for (const node of pullNodes) {
      if (node.timelineItems.pageInfo?.hasNextPage) overflowPulls.push(node)
      else keepPull(node, node.timelineItems.nodes)
    }
    for (const node of issueNodes) {
      if (node.timelineItems.pageInfo?.hasNextPage) overflowIssues.push(node)
      else keepIssue(node, node.timelineItems.nodes)
    }
    if (overflowPulls.length >= sizes.followUps || overflowIssues.length >= sizes.followUps)
      await flushOverflow()

    // Default-branch commits.
    if (active.has(commits)) {
      const history = repository.commits?.target?.history ?? null
      const nodes = history?.nodes ?? []
      const { keep: n } = commits.consume(
        nodes.map((c) => c.committedDate),
        history?.pageInfo ?? { hasNextPage: false, endCursor: null },
        undefined,
        nodes.map((c) => c.oid)
      )
      for (const node of nodes.slice(0, n)) {
        if ((node.parents.totalCount ?? 0) > PARENTS_PAGE) {
          log.warning(
            `Commit ${node.oid} has more than ${PARENTS_PAGE} parents: only the first ${PARENTS_PAGE} were read.`
          )
        }
        commitRecords.set(node.oid, normalizeCommit(node))
      }
    }

    // GitHub Deployments (every environment) and releases.
    if (deployments && active.has(deployments) && repository.deployments) {
      const conn = repository.deployments
      const records = conn.nodes.map((node) => normalizeDeployment(node))
      const { keep: n } = deployments.consume(
        conn.nodes.map((d) => d.createdAt),
        conn.pageInfo ?? { hasNextPage: false, endCursor: null },
        undefined,
        undefined,
        records.map((r) => !isFinal(r.status))
      )
      for (const record of records.slice(0, n))
        deploymentRecords.set(recordKey('deployments', record), record)
      noteDeploymentEnvironments(deploymentEnvironments, records.slice(0, n))
    }
    if (releases && active.has(releases) && repository.releases) {
      const conn = repository.releases
      // Prereleases are not deployments (they are not stored either), so they are not data for `auto`.
      const published = conn.nodes.filter((r) => !r.isDraft && !r.isPrerelease).length
      seenTotals.releases = Math.max(seenTotals.releases, published)
      const { keep: n } = releases.consume(
        conn.nodes.map((r) => r.createdAt),
        conn.pageInfo ?? { hasNextPage: false, endCursor: null },
        undefined,
        undefined,
        conn.nodes.map((r) => r.isDraft)
      )
      for (const node of conn.nodes.slice(0, n)) {
        if (node.isPrerelease) continue
        const record = normalizeRelease(node)
        if (record) deploymentRecords.set(recordKey('deployments', record), record)
      }
    }
  }

  await flushOverflow()

  // ---- Workflow runs (REST)
  let workflowId: string | null = storedWorkflow?.workflowId ?? null
  if (workflow && setting.kind === 'workflow' && !stopped) {
    if (defaultBranch === null) {
      log.warning('The repository has no default branch yet: no workflow runs to read.')
    } else {
      let runPages = 0
      if (workflowId === null) workflowId = (await resolveWorkflow(client, owner, repo, setting.name)).id
      const runs = await syncWorkflowRuns({
        client,
        owner,
        repo,
        workflowId,
        workflowName: setting.name,
        branch: defaultBranch,
        walker: workflow,
        // One page per run even on a spent budget, so tiny budgets still progress.
        canContinue: () => runPages++ === 0 || (budgetLeft() > 0 && !rateLimitLow())
      })
      for (const d of runs.deployments) deploymentRecords.set(recordKey('deployments', d), d)
      if (runs.rateLimited)
        log.warning('GitHub kept refusing workflow-run pages for its rate limit: stopping here.')
      if (workflow.active) stopped = true
    }
  }

  // ---- The deployment source
  const deploymentsCp = deployments
    ? deploymentsCheckpoint(deployments.checkpoint(), deploymentEnvironments)
    : null
  const releasesCp = releases
    ? {
        ...releases.checkpoint(),
        hasData:
          seenTotals.releases > 0 ||
          !!(cps[CHECKPOINT_KEYS.releases] as { hasData?: boolean } | undefined)?.hasData
      }
    : null
  // auto: the choice the metrics make from the stored records, made from what the sync saw of them.
  const chosen: DeploymentSource =
    explicitSource ?? chooseSyncedSource({ deploymentEnvironments, hasReleases: !!releasesCp?.hasData }, env)
  let pullsCp: Checkpoint | null = pulls.checkpoint()
  let resetPulls = false
  if (chosen === 'merge') {
    for (const d of mergeDeployments([...pullRecords.values()], defaultBranch)) {
      deploymentRecords.set(recordKey('deployments', d), d)
    }
    // auto switched to merges after pull requests were already read without deriving them: read them again.
    if (setting.kind === 'auto' && previousSource !== null && previousSource !== 'merge') {
      pullsCp = null
      resetPulls = true
      notes.push(
        'Deployments now come from merges: the next run reads pull requests again to find every merge.'
      )
    }
  }
  if (setting.kind === 'auto' && chosen !== previousSource) {
    log.info(`Deployment source (auto): ${chosen}${previousSource ? ` (was ${previousSource})` : ''}.`)
  }

  // ---- Teams
  let teams: Record<string, string[]> | null | undefined
  const teamsCp = (cps[CHECKPOINT_KEYS.teams] ?? {}) as {
    fetchedAt?: string
    readable?: boolean
    slugs?: string[]
    /** A read was skipped for the budget: do it in a later run. */
    due?: boolean
  }
  const storedTeams = opts.storedTeams ?? null
  // Every team seen so far is read again with a new one, so the update carries the whole map.
  const slugs = new Set<string>([...Object.keys(storedTeams ?? {}), ...(teamsCp.slugs ?? [])])
  const newSlugs = new Set<string>()
  for (const pull of pullRecords.values()) {
    for (const r of pull.reviewRequests) {
      if (!r.reviewer.startsWith('team:')) continue
      const slug = r.reviewer.slice(5)
      if (!slugs.has(slug)) newSlugs.add(slug)
      slugs.add(slug)
    }
  }
  const stale = !teamsCp.fetchedAt || now().getTime() - Date.parse(teamsCp.fetchedAt) > TEAMS_MAX_AGE_MS
  const retryUnreadable = teamsCp.readable !== false || stale
  let teamsCheckpoint: Checkpoint | undefined
  const walkersDone =
    !stopped && [pulls, issues, commits, deployments, releases, workflow].every((w) => !w || w.complete)
  if (slugs.size > 0 && ((newSlugs.size > 0 && retryUnreadable) || teamsCp.due || stale)) {
    // The run that completes the sync reads teams even on a spent budget, so they are never left out.
    if ((budgetLeft() <= 0 && !walkersDone) || rateLimitLow()) {
      log.info('Team membership not read: the request budget is spent (a later run reads it).')
      teamsCheckpoint = { ...teamsCp, slugs: [...slugs].sort(), due: true }
    } else {
      let teamRequests = 0
      let result: Awaited<ReturnType<typeof readTeams>> | null = null
      try {
        result = await readTeams(
          client,
          owner,
          [...slugs].sort(),
          () => teamRequests++ === 0 || (budgetLeft() > 0 && !rateLimitLow())
        )
      } catch (error) {
        if (!isRateLimitError(error) && !(error instanceof TeamsUnavailableError)) throw error
        log.info(`Team membership not read now (${(error as Error).message}); a later run reads it.`)
        teamsCheckpoint = { ...teamsCp, slugs: [...slugs].sort(), due: true }
      }
      if (result && !result.readable) {
        log.debug(`Team membership unreadable: ${result.reason}`)
        if (teamsCp.readable !== false) {
          notes.push(
            `Team membership of ${owner} could not be read with this token, so a team review request ends ` +
              'at the first review by anyone but the author (give the token read access to the organization’s teams to refine it).'
          )
        }
        teams = storedTeams && Object.keys(storedTeams).length > 0 ? storedTeams : null
      } else if (result) {
        teams = { ...(storedTeams ?? {}), ...result.members }
        if (result.missing.length > 0) log.info(`Teams not readable: ${result.missing.join(', ')}.`)
      }
      if (result) {
        teamsCheckpoint = {
          fetchedAt: now().toISOString(),
          readable: result.readable,
          slugs: [...slugs].sort()
        }
      }
    }
  }

  // ---- Checkpoints and result
  const complete =
    !stopped &&
    [pulls, issues, commits, deployments, releases, workflow].every((w) => !w || w.complete) &&
    !resetPulls
  checkpoints[CHECKPOINT_KEYS.pulls] = pullsCp
  checkpoints[CHECKPOINT_KEYS.issues] = issues.checkpoint()
  checkpoints[CHECKPOINT_KEYS.commits] = commits.checkpoint()
  if (deploymentsCp) checkpoints[CHECKPOINT_KEYS.deployments] = deploymentsCp
  if (releasesCp) checkpoints[CHECKPOINT_KEYS.releases] = releasesCp
  if (workflow && workflowKey) {
    checkpoints[workflowKey] = { ...workflow.checkpoint(), workflowId }
  }
  checkpoints[CHECKPOINT_KEYS.source] = { chosen }
  if (teamsCheckpoint) checkpoints[CHECKPOINT_KEYS.teams] = teamsCheckpoint

  const requests = diffCounts(client.requests(), startCounts)
  if (stopped) {
    const message =
      `The request budget stopped the history sync after ${requests.total} requests: the report is partial ` +
      'and the next run continues where this one stopped.'
    log.notice(message)
    notes.push(message)
  }
  const read = {
    pulls: pullRecords.size,
    issues: issueRecords.size,
    commits: commitRecords.size,
    deployments: deploymentRecords.size
  }
  log.info(
    `Synced ${read.pulls} pull requests, ${read.issues} issues, ${read.commits} commits and ${read.deployments} ` +
      `deployments (${chosen}) in ${requests.total} requests (${requests.graphql} GraphQL, ${requests.rest} REST)` +
      `${complete ? '' : '; partial, to be continued'}.`
  )
  log.info(
    `${describeRateLimit(client.rateLimit('graphql') ?? client.rateLimit())} (at the end of the sync).`
  )

  const update: HistoryUpdate = {
    pulls: [...pullRecords.values()],
    issues: [...issueRecords.values()],
    commits: [...commitRecords.values()],
    deployments: [...deploymentRecords.values()],
    checkpoints
  }
  if (teams !== undefined) update.teams = teams
  if (repositoryFound) update.defaultBranch = defaultBranch
  return {
    update,
    complete,
    deploymentSource: chosen,
    notes,
    requests,
    collections: {
      pulls: { read: read.pulls, complete: pulls.complete && !resetPulls },
      issues: { read: read.issues, complete: issues.complete },
      commits: { read: read.commits, complete: commits.complete },
      deployments: {
        read: read.deployments,
        complete: [deployments, releases, workflow].every((w) => !w || w.complete)
      }
    }
  }
}

/**
 * The data of a GraphQL answer whose only errors are NOT_FOUND (a pull request or issue deleted
 * while it was being read): the rest of the answer is good. Null for any other error.
 */
export function notFoundPartialData<T>(error: unknown): T | null {
  const e = error as { errors?: Array<{ type?: string }>; data?: unknown }
  if (!e || !Array.isArray(e.errors) || e.errors.length === 0 || e.data === undefined || e.data === null)
    return null
  return e.errors.every((item) => item.type === 'NOT_FOUND') ? (e.data as T) : null
}
