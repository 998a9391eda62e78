/**
 * REST objects in GitHub's shapes (the component schemas of @octokit/openapi): users, the
 * repository, pull requests, issues, comments, labels, reviews, commits, deployments, releases,
 * workflows. URLs point at the emulator itself.
 */
import { legacyNodeId } from '../dataset.js'
import type { EmulatorState } from '../state.js'
import type {
  SeedActor,
  SeedComment,
  SeedCommit,
  SeedDeployment,
  SeedDeploymentStatus,
  SeedIssue,
  SeedPull,
  SeedRelease,
  SeedReview,
  SeedWorkflow,
  SeedWorkflowRun
} from '../types.js'

type Json = Record<string, unknown>

function userId(login: string): number {
  let h = 5381
  for (let i = 0; i < login.length; i++) h = (h * 33 + login.charCodeAt(i)) >>> 0
  return (h % 90_000_000) + 1000
}

/** A `simple-user`; a Bot's REST login carries the `[bot]` suffix. */
export function restUser(state: EmulatorState, actor: SeedActor | null | undefined): Json | null {
  if (!actor) return null
  const login = actor.type === 'Bot' ? `${actor.login}[bot]` : actor.login
  const id = userId(login)
  const api = `${state.baseUrl}/users/${encodeURIComponent(login)}`
  return {
    login,
    id,
    node_id: legacyNodeId(actor.type === 'Bot' ? 'Bot' : 'User', id),
    avatar_url: `${state.baseUrl}/avatars/u/${id}`,
    gravatar_id: '',
    url: api,
    html_url: `${state.baseUrl}/${actor.type === 'Bot' ? 'apps/' + actor.login : login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: actor.type === 'Mannequin' ? 'Mannequin' : actor.type,
    user_view_type: 'public',
    site_admin: false
  }
}

export function repoApi(state: EmulatorState): string {
  return `${state.baseUrl}/repos/${state.owner}/${state.name}`
}

export function repoHtml(state: EmulatorState): string {
  return `${state.baseUrl}/${state.owner}/${state.name}`
}

/** When the repository was last pushed to: its newest default-branch commit, else the history's end. */
/**
 * The repository's size in KB as GitHub reports it (`size` over REST, `diskUsage` over GraphQL): here
 * an estimate from its history, about 2 KB per commit and 1 KB per pull request or issue.
 */
export function diskUsageKb(state: EmulatorState): number {
  return 2 * state.commits.length + state.seed.pulls.length + state.seed.issues.length
}

export function pushedAt(state: EmulatorState): string {
  return state.commits[0]?.committedDate ?? state.seed.until
}

/** A `repository` / `full-repository`. */
export function restRepository(state: EmulatorState, full = false): Json {
  const repo = state.cached('rest:repository', () => baseRepository(state))
  if (!full) return repo
  const out: Json = { ...repo, network_count: 0, subscribers_count: 0 }
  if (state.seed.ownerIsOrganization) out.organization = repo.owner
  return out
}

function baseRepository(state: EmulatorState): Json {
  const api = repoApi(state)
  const html = repoHtml(state)
  const owner = restUser(state, { login: state.owner, type: 'User' })!
  owner.type = state.seed.ownerIsOrganization ? 'Organization' : 'User'
  const openIssues =
    state.issues.filter((i) => !i.closedAt).length + state.pulls.filter((p) => !p.closedAt).length
  const pushed = pushedAt(state)
  const repo: Json = {
    id: state.repoId,
    node_id: state.repoNodeId,
    name: state.name,
    full_name: `${state.owner}/${state.name}`,
    owner,
    private: (state.seed.visibility ?? 'public') !== 'public',
    html_url: html,
    description: state.seed.description ?? null,
    fork: state.seed.fork === true,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://127.0.0.1/${state.owner}/${state.name}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${state.owner}/${state.name}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: diskUsageKb(state),
    default_branch: state.seed.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [...(state.seed.topics ?? [])],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: state.seed.archived === true,
    disabled: false,
    visibility: state.seed.visibility ?? 'public',
    pushed_at: pushed,
    created_at: state.seed.createdAt,
    updated_at: state.seed.until,
    license: null,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_forking: true,
    web_commit_signoff_required: false
  }
  return repo
}

export function restLabel(state: EmulatorState, name: string): Json {
  const l = state.labels.get(name.toLowerCase())
  const id = l?.id ?? userId(`label:${name}`)
  return {
    id,
    node_id: l?.nodeId ?? legacyNodeId('Label', id),
    url: `${repoApi(state)}/labels/${encodeURIComponent(l?.name ?? name)}`,
    name: l?.name ?? name,
    description: l?.description ?? null,
    color: l?.color ?? 'ededed',
    default: false
  }
}

function association(state: EmulatorState, actor: SeedActor | null): string {
  return actor ? 'CONTRIBUTOR' : 'NONE'
}

function branchRef(state: EmulatorState, ref: string, sha: string): Json {
  return {
    label: `${state.owner}:${ref}`,
    ref,
    sha,
    user: restRepository(state).owner,
    repo: restRepository(state)
  }
}

const ZERO_SHA = '0000000000000000000000000000000000000000'

/** A `pull-request-simple`, or the full `pull-request` for GET /pulls/{n}. */
export function restPull(state: EmulatorState, p: SeedPull, full = false): Json {
  const api = repoApi(state)
  const html = repoHtml(state)
  const url = `${api}/pulls/${p.number}`
  const headSha = p.commits[p.commits.length - 1]?.oid ?? p.mergeCommitOid ?? ZERO_SHA
  const baseSha = state.commits[0]?.oid ?? ZERO_SHA
  const requested = requestedReviewers(state, p)
  const extra = state.extras.get(p.number)
  const pull: Json = {
    url,
    id: p.databaseId,
    node_id: p.id,
    html_url: `${html}/pull/${p.number}`,
    diff_url: `${html}/pull/${p.number}.diff`,
    patch_url: `${html}/pull/${p.number}.patch`,
    issue_url: `${api}/issues/${p.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${p.number}/comments`,
    statuses_url: `${api}/statuses/${headSha}`,
    number: p.number,
    state: p.closedAt ? 'closed' : 'open',
    locked: extra?.locked ?? false,
    title: p.title,
    user: restUser(state, p.author),
    body: extra?.body ?? null,
    labels: p.labels.map((l) => restLabel(state, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitOid,
    assignee: null,
    assignees: [],
    requested_reviewers: requested.users,
    requested_teams: requested.teams,
    head: branchRef(state, p.headRefName, headSha),
    base: branchRef(state, p.baseRefName, baseSha),
    _links: {
      self: { href: url },
      html: { href: `${html}/pull/${p.number}` },
      issue: { href: `${api}/issues/${p.number}` },
      comments: { href: `${api}/issues/${p.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api}/statuses/${headSha}` }
    },
    author_association: association(state, p.author),
    auto_merge: null,
    draft: p.isDraft
  }
  if (full) {
    Object.assign(pull, {
      merged: p.mergedAt !== null,
      mergeable: p.closedAt ? null : true,
      rebaseable: p.closedAt ? null : true,
      mergeable_state: p.closedAt ? 'unknown' : 'clean',
      merged_by: restUser(state, p.mergedBy),
      comments: p.comments.length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: p.commits.length,
      additions: p.additions,
      deletions: p.deletions,
      changed_files: 0
    })
  }
  return pull
}

/** Reviewers still requested: requested, not removed, and not yet reviewed after the request. */
export function requestedReviewers(state: EmulatorState, p: SeedPull): { users: Json[]; teams: Json[] } {
  const open = new Map<
    string,
    { at: string; event: { type: string; login?: string; slug?: string } & Json }
  >()
  for (const e of p.events) {
    if (e.type !== 'ReviewRequestedEvent' && e.type !== 'ReviewRequestRemovedEvent') continue
    const key = e.reviewer.type === 'Team' ? `team:${e.reviewer.slug}` : e.reviewer.login
    if (e.type === 'ReviewRequestedEvent') open.set(key, { at: e.createdAt, event: e.reviewer as never })
    else open.delete(key)
  }
  for (const r of p.reviews)
    if (r.author && r.submittedAt) {
      const hit = open.get(r.author.login)
      if (hit && hit.at <= r.submittedAt) open.delete(r.author.login)
    }
  const users: Json[] = []
  const teams: Json[] = []
  for (const [, { event }] of open) {
    if (event.type === 'Team') teams.push(restTeam(state, event.slug as string))
    else users.push(restUser(state, { login: event.login as string, type: event.type as SeedActor['type'] })!)
  }
  return { users, teams }
}

export function restTeam(state: EmulatorState, slug: string): Json {
  const id = userId(`team:${slug}`)
  const team = state.seed.teams.find((t) => t.slug === slug)
  const url = `${state.baseUrl}/orgs/${state.owner}/teams/${slug}`
  return {
    id,
    node_id: legacyNodeId('Team', id),
    url,
    html_url: `${state.baseUrl}/orgs/${state.owner}/teams/${slug}`,
    name: team?.name ?? slug,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    type: 'organization',
    parent: null
  }
}

export function restReview(state: EmulatorState, p: SeedPull, r: SeedReview): Json {
  const html = `${repoHtml(state)}/pull/${p.number}#pullrequestreview-${r.databaseId}`
  const pullUrl = `${repoApi(state)}/pulls/${p.number}`
  const review: Json = {
    id: r.databaseId,
    node_id: legacyNodeId('PullRequestReview', r.databaseId),
    user: restUser(state, r.author),
    body: '',
    state: r.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    commit_id: r.commitOid,
    author_association: association(state, r.author)
  }
  if (r.submittedAt) review.submitted_at = r.submittedAt
  return review
}

export function restIssue(state: EmulatorState, item: SeedIssue | SeedPull, isPull: boolean): Json {
  const api = repoApi(state)
  const url = `${api}/issues/${item.number}`
  const extra = state.extras.get(item.number)
  const issue: Json = {
    id: item.databaseId,
    node_id: item.id,
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${repoHtml(state)}/${isPull ? 'pull' : 'issues'}/${item.number}`,
    number: item.number,
    state: item.closedAt ? 'closed' : 'open',
    state_reason: item.closedAt
      ? (extra?.stateReason ?? 'completed')
      : extra?.stateReason === 'reopened'
        ? 'reopened'
        : null,
    title: item.title,
    body: extra?.body ?? null,
    user: restUser(state, item.author),
    labels: item.labels.map((l) => restLabel(state, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: extra?.locked ?? false,
    active_lock_reason: null,
    comments: item.comments.length,
    closed_at: item.closedAt,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    closed_by: null,
    author_association: association(state, item.author)
  }
  if (isPull) {
    const pull = item as SeedPull
    issue.pull_request = {
      url: `${api}/pulls/${item.number}`,
      html_url: `${repoHtml(state)}/pull/${item.number}`,
      diff_url: `${repoHtml(state)}/pull/${item.number}.diff`,
      patch_url: `${repoHtml(state)}/pull/${item.number}.patch`,
      merged_at: pull.mergedAt
    }
    issue.draft = pull.isDraft
  }
  return issue
}

export function restComment(state: EmulatorState, number: number, c: SeedComment): Json {
  const stored = state.commentBodies.get(c.databaseId)
  return {
    id: c.databaseId,
    node_id: legacyNodeId('IssueComment', c.databaseId),
    url: `${repoApi(state)}/issues/comments/${c.databaseId}`,
    html_url: `${repoHtml(state)}/issues/${number}#issuecomment-${c.databaseId}`,
    body: stored?.body ?? '',
    user: restUser(state, c.author),
    created_at: c.createdAt,
    updated_at: stored?.updatedAt ?? c.createdAt,
    issue_url: `${repoApi(state)}/issues/${number}`,
    author_association: association(state, c.author)
  }
}

export function restCommit(state: EmulatorState, c: SeedCommit): Json {
  const api = repoApi(state)
  const person = {
    name: c.authorName,
    email: `${c.authorName.replace(/\s+/g, '.').toLowerCase()}@users.noreply.github.com`
  }
  return {
    url: `${api}/commits/${c.oid}`,
    sha: c.oid,
    node_id: legacyNodeId('Commit', Number.parseInt(c.oid.slice(0, 8), 16)),
    html_url: `${repoHtml(state)}/commit/${c.oid}`,
    comments_url: `${api}/commits/${c.oid}/comments`,
    commit: {
      url: `${api}/git/commits/${c.oid}`,
      author: { ...person, date: c.authoredDate },
      committer: { ...person, date: c.committedDate },
      message: c.message,
      comment_count: 0,
      tree: { sha: ZERO_SHA, url: `${api}/git/trees/${ZERO_SHA}` },
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    },
    author: null,
    committer: null,
    parents: c.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${repoHtml(state)}/commit/${sha}`
    }))
  }
}

export function restDeployment(state: EmulatorState, d: SeedDeployment): Json {
  const url = `${repoApi(state)}/deployments/${d.databaseId}`
  return {
    url,
    id: d.databaseId,
    node_id: d.id,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: {},
    original_environment: d.environment,
    environment: d.environment,
    description: null,
    creator: restUser(state, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: repoApi(state),
    transient_environment: false,
    production_environment: d.environment === 'production'
  }
}

export function restDeploymentStatus(state: EmulatorState, d: SeedDeployment, s: SeedDeploymentStatus): Json {
  const deploymentUrl = `${repoApi(state)}/deployments/${d.databaseId}`
  const given = state.statusUrls.get(s.id)
  const logUrl = given?.logUrl ?? `${repoHtml(state)}/deployments/${encodeURIComponent(d.environment)}`
  const status: Json = {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: legacyNodeId('DeploymentStatus', s.id),
    state: s.state.toLowerCase(),
    creator: restUser(state, d.creator),
    description: given?.description ?? '',
    environment: d.environment,
    target_url: logUrl,
    log_url: logUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: deploymentUrl,
    repository_url: repoApi(state)
  }
  if (given?.environmentUrl) status.environment_url = given.environmentUrl
  return status
}

export function restRelease(state: EmulatorState, r: SeedRelease): Json {
  const url = `${repoApi(state)}/releases/${r.databaseId}`
  return {
    url,
    html_url: `${repoHtml(state)}/releases/tag/${encodeURIComponent(r.tagName)}`,
    assets_url: `${url}/assets`,
    upload_url: `${url}/assets{?name,label}`,
    tarball_url: `${repoApi(state)}/tarball/${r.tagName}`,
    zipball_url: `${repoApi(state)}/zipball/${r.tagName}`,
    id: r.databaseId,
    node_id: r.id,
    tag_name: r.tagName,
    target_commitish: r.tagCommitOid,
    name: r.name,
    body: null,
    draft: r.isDraft,
    prerelease: r.isPrerelease,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    author: restUser(state, r.author ?? { login: 'github-actions', type: 'Bot' }),
    assets: []
  }
}

export function restTag(state: EmulatorState, r: SeedRelease): Json {
  return {
    name: r.tagName,
    commit: { sha: r.tagCommitOid, url: `${repoApi(state)}/commits/${r.tagCommitOid}` },
    zipball_url: `${repoApi(state)}/zipball/refs/tags/${r.tagName}`,
    tarball_url: `${repoApi(state)}/tarball/refs/tags/${r.tagName}`,
    node_id: legacyNodeId('Ref', Number.parseInt(r.tagCommitOid.slice(0, 7), 16))
  }
}

export function restWorkflow(state: EmulatorState, w: SeedWorkflow): Json {
  return {
    id: w.id,
    node_id: legacyNodeId('Workflow', w.id),
    name: w.name,
    path: w.path,
    state: w.state,
    created_at: state.seed.createdAt,
    updated_at: state.seed.createdAt,
    url: `${repoApi(state)}/actions/workflows/${w.id}`,
    html_url: `${repoHtml(state)}/blob/${state.seed.defaultBranch}/${w.path}`,
    badge_url: `${repoHtml(state)}/workflows/${encodeURIComponent(w.name)}/badge.svg`
  }
}

export function restWorkflowRun(state: EmulatorState, r: SeedWorkflowRun): Json {
  const api = repoApi(state)
  const url = `${api}/actions/runs/${r.id}`
  const workflow = state.seed.workflows.find((w) => w.id === r.workflowId)
  const commit = state.commitByOid.get(r.headSha)
  const minimal = restRepository(state)
  return {
    id: r.id,
    name: r.name,
    node_id: legacyNodeId('WorkflowRun', r.id),
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: workflow?.path ?? '',
    display_title: r.name,
    run_number: r.runNumber,
    run_attempt: r.runAttempt,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflowId,
    url,
    html_url: `${repoHtml(state)}/actions/runs/${r.id}`,
    pull_requests: [],
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    run_started_at: r.runStartedAt,
    actor: restUser(state, r.actor),
    triggering_actor: restUser(state, r.actor),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${api}/check-suites/${r.id}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${api}/actions/workflows/${r.workflowId}`,
    head_commit: {
      id: r.headSha,
      tree_id: ZERO_SHA,
      message: commit?.message ?? '',
      timestamp: commit?.committedDate ?? r.createdAt,
      author: { name: commit?.authorName ?? r.actor.login, email: 'noreply@github.com' },
      committer: { name: commit?.authorName ?? r.actor.login, email: 'noreply@github.com' }
    },
    repository: minimal,
    head_repository: minimal
  }
}
