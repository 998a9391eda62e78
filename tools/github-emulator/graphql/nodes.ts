/**
 * GraphQL objects built from the emulator state: plain JS objects whose property names are GitHub's
 * field names plus `__typename` (and `_`-prefixed links back to the seed record for resolvers).
 */
import { legacyNodeId } from '../dataset.js'
import { connection } from './connection.js'
import type { EmulatorState } from '../state.js'
import { diskUsageKb } from '../rest/shapes.js'
import type {
  SeedActor,
  SeedComment,
  SeedCommit,
  SeedDeployment,
  SeedIssue,
  SeedPull,
  SeedRelease,
  SeedRequestedReviewer,
  SeedReview,
  SeedTimelineItem
} from '../types.js'

export type Obj = Record<string, unknown>

export function actorNode(state: EmulatorState, a: SeedActor | null | undefined): Obj | null {
  if (!a) return null
  const path = a.type === 'Bot' ? `apps/${a.login}` : a.login
  return {
    __typename: a.type,
    login: a.login,
    url: `${state.baseUrl}/${path}`,
    resourcePath: `/${path}`,
    avatarUrl: `${state.baseUrl}/avatars/${a.login}`
  }
}

export function reviewerNode(state: EmulatorState, r: SeedRequestedReviewer): Obj {
  if (r.type === 'Team')
    return { __typename: 'Team', slug: r.slug, name: r.slug, combinedSlug: `${state.owner}/${r.slug}` }
  return actorNode(state, { login: r.login, type: r.type })!
}

export function commitNode(state: EmulatorState, oid: string): Obj {
  const c: SeedCommit | undefined = state.commitByOid.get(oid)
  const node: Obj = { __typename: 'Commit', oid, abbreviatedOid: oid.slice(0, 7), _oid: oid }
  if (c) {
    node.committedDate = c.committedDate
    node.authoredDate = c.authoredDate
    node.message = c.message
    node.messageHeadline = c.message.split('\n')[0]
    node.url = `${state.baseUrl}/${state.owner}/${state.name}/commit/${oid}`
  }
  return node
}

export function refNode(state: EmulatorState, prefix: string, name: string, oid: string): Obj {
  return {
    __typename: 'Ref',
    id: legacyNodeId('Ref', Number.parseInt(oid.slice(0, 7), 16)),
    name,
    prefix,
    target: commitNode(state, oid)
  }
}

export function labelNode(state: EmulatorState, name: string): Obj {
  const l = state.labels.get(name.toLowerCase())
  return {
    __typename: 'Label',
    id: l?.nodeId ?? legacyNodeId('Label', 0),
    name: l?.name ?? name,
    color: l?.color ?? 'ededed',
    description: l?.description ?? null
  }
}

export function repositoryNode(state: EmulatorState): Obj {
  return {
    __typename: 'Repository',
    id: state.repoNodeId,
    databaseId: state.repoId,
    name: state.name,
    nameWithOwner: `${state.owner}/${state.name}`,
    url: `${state.baseUrl}/${state.owner}/${state.name}`,
    createdAt: state.seed.createdAt,
    isPrivate: (state.seed.visibility ?? 'public') !== 'public',
    isArchived: state.seed.archived === true,
    isFork: state.seed.fork === true,
    visibility: (state.seed.visibility ?? 'public').toUpperCase(),
    description: state.seed.description ?? null,
    pushedAt: state.commits[0]?.committedDate ?? state.seed.until,
    updatedAt: state.seed.until,
    diskUsage: diskUsageKb(state),
    repositoryTopics: (args: { first?: number | null; last?: number | null; after?: string | null }) =>
      connection(
        state.seed.topics ?? [],
        args,
        (name) => ({
          __typename: 'RepositoryTopic',
          id: legacyNodeId('RepositoryTopic', stableTopicId(name)),
          topic: { __typename: 'Topic', name, id: legacyNodeId('Topic', stableTopicId(name)) },
          url: `${state.baseUrl}/topics/${name}`,
          resourcePath: `/topics/${name}`
        }),
        (name) => name
      )
  }
}

function stableTopicId(name: string): number {
  let h = 7
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0
  return (h % 90_000_000) + 1000
}

export function pullState(p: SeedPull): string {
  return p.mergedAt ? 'MERGED' : p.closedAt ? 'CLOSED' : 'OPEN'
}

export function pullNode(state: EmulatorState, p: SeedPull): Obj {
  return {
    __typename: 'PullRequest',
    _pull: p,
    id: p.id,
    databaseId: p.databaseId,
    number: p.number,
    title: p.title,
    body: state.extras.get(p.number)?.body ?? '',
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    closedAt: p.closedAt,
    mergedAt: p.mergedAt,
    closed: p.closedAt !== null,
    merged: p.mergedAt !== null,
    isDraft: p.isDraft,
    state: pullState(p),
    baseRefName: p.baseRefName,
    headRefName: p.headRefName,
    additions: p.additions,
    deletions: p.deletions,
    author: actorNode(state, p.author),
    mergedBy: actorNode(state, p.mergedBy),
    mergeCommit: p.mergeCommitOid ? commitNode(state, p.mergeCommitOid) : null,
    url: `${state.baseUrl}/${state.owner}/${state.name}/pull/${p.number}`,
    resourcePath: `/${state.owner}/${state.name}/pull/${p.number}`,
    repository: repositoryNode(state)
  }
}

export function issueNode(state: EmulatorState, i: SeedIssue): Obj {
  const extra = state.extras.get(i.number)
  return {
    __typename: 'Issue',
    _issue: i,
    id: i.id,
    databaseId: i.databaseId,
    number: i.number,
    title: i.title,
    body: extra?.body ?? '',
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    closed: i.closedAt !== null,
    state: i.closedAt ? 'CLOSED' : 'OPEN',
    stateReason: i.closedAt ? (extra?.stateReason ?? 'completed').toUpperCase() : null,
    author: actorNode(state, i.author),
    url: `${state.baseUrl}/${state.owner}/${state.name}/issues/${i.number}`,
    resourcePath: `/${state.owner}/${state.name}/issues/${i.number}`,
    repository: repositoryNode(state)
  }
}

export function reviewNode(state: EmulatorState, r: SeedReview): Obj {
  return {
    __typename: 'PullRequestReview',
    id: legacyNodeId('PullRequestReview', r.databaseId),
    databaseId: r.databaseId,
    state: r.state,
    submittedAt: r.submittedAt,
    createdAt: r.createdAt,
    author: actorNode(state, r.author),
    body: '',
    commit: r.commitOid ? commitNode(state, r.commitOid) : null
  }
}

export function commentNode(state: EmulatorState, c: SeedComment): Obj {
  const stored = state.commentBodies.get(c.databaseId)
  return {
    __typename: 'IssueComment',
    id: legacyNodeId('IssueComment', c.databaseId),
    databaseId: c.databaseId,
    createdAt: c.createdAt,
    updatedAt: stored?.updatedAt ?? c.createdAt,
    author: actorNode(state, c.author),
    body: stored?.body ?? ''
  }
}

export function eventNode(state: EmulatorState, e: SeedTimelineItem, index: number, owner: number): Obj {
  const node: Obj = {
    __typename: e.type,
    id: legacyNodeId(e.type, owner * 1000 + index),
    createdAt: e.createdAt,
    actor: actorNode(state, e.actor)
  }
  if (e.type === 'ReviewRequestedEvent' || e.type === 'ReviewRequestRemovedEvent')
    node.requestedReviewer = reviewerNode(state, e.reviewer)
  if (e.type === 'TransferredEvent')
    node.fromRepository = e.fromRepository
      ? { __typename: 'Repository', nameWithOwner: e.fromRepository, name: e.fromRepository.split('/')[1] }
      : null
  return node
}

export const DEPLOYMENT_STATE: Record<string, string> = {
  FAILURE: 'FAILURE',
  ERROR: 'ERROR',
  INACTIVE: 'INACTIVE',
  IN_PROGRESS: 'IN_PROGRESS',
  PENDING: 'PENDING',
  QUEUED: 'QUEUED',
  WAITING: 'WAITING'
}

/** Deployment.state as GitHub derives it: the newest successful deployment per environment is ACTIVE. */
export function deploymentState(state: EmulatorState, d: SeedDeployment): string {
  const latest = d.statuses[d.statuses.length - 1]
  if (!latest) return 'PENDING'
  if (latest.state !== 'SUCCESS') return DEPLOYMENT_STATE[latest.state] ?? latest.state
  const active = state.cached('deployments:active', () => {
    const map = new Map<string, number>()
    for (const dep of state.deployments)
      if (dep.statuses[dep.statuses.length - 1]?.state === 'SUCCESS') map.set(dep.environment, dep.databaseId)
    return map
  })
  return active.get(d.environment) === d.databaseId ? 'ACTIVE' : 'INACTIVE'
}

export function deploymentNode(state: EmulatorState, d: SeedDeployment): Obj {
  const status = (s: SeedDeployment['statuses'][number]) => ({
    __typename: 'DeploymentStatus',
    id: legacyNodeId('DeploymentStatus', s.id),
    state: s.state,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    description: null,
    environment: d.environment
  })
  const latest = d.statuses[d.statuses.length - 1]
  return {
    __typename: 'Deployment',
    _deployment: d,
    _status: status,
    id: d.id,
    databaseId: d.databaseId,
    environment: d.environment,
    originalEnvironment: d.environment,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    commitOid: d.sha,
    commit: commitNode(state, d.sha),
    task: d.task,
    description: null,
    state: deploymentState(state, d),
    latestStatus: latest ? status(latest) : null,
    latestEnvironment: d.environment,
    creator: actorNode(state, d.creator)
  }
}

export function releaseNode(state: EmulatorState, r: SeedRelease): Obj {
  return {
    __typename: 'Release',
    id: r.id,
    databaseId: r.databaseId,
    tagName: r.tagName,
    name: r.name,
    createdAt: r.createdAt,
    publishedAt: r.publishedAt,
    isDraft: r.isDraft,
    isPrerelease: r.isPrerelease,
    isLatest: r === state.releases[state.releases.length - 1],
    tagCommit: commitNode(state, r.tagCommitOid),
    tag: refNode(state, 'refs/tags/', r.tagName, r.tagCommitOid),
    author: actorNode(state, r.author),
    url: `${state.baseUrl}/${state.owner}/${state.name}/releases/tag/${encodeURIComponent(r.tagName)}`
  }
}
