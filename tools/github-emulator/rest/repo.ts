/**
 * Repository routes besides pulls and issues: the repository, contents (from the git store),
 * commits and compare, deployments and statuses, releases, tags, Actions workflows and runs,
 * repository_dispatch, team members.
 */
import type { EmulatorState } from '../state.js'
import type { SeedCommit, SeedDeployment, SeedDeploymentStatus } from '../types.js'
import { bodyOf, invalid, notFound, nowIso, ok, paginate, type RestHandler } from './common.js'
import { TOKEN_ACTOR } from './issues.js'
import { orgTeam, withPermissions } from './org.js'
import {
  repoApi,
  repoHtml,
  restCommit,
  restDeployment,
  restDeploymentStatus,
  restRelease,
  restRepository,
  restTag,
  restUser,
  restWorkflow,
  restWorkflowRun
} from './shapes.js'

export const getRepository: RestHandler = (ctx) =>
  ok(withPermissions(ctx, ctx.state, restRepository(ctx.state, true)))

/** A branch name, tag name, full or abbreviated sha → a known default-branch commit. */
export function resolveCommit(state: EmulatorState, ref: string): SeedCommit | undefined {
  const name = ref.replace(/^refs\/(heads|tags)\//, '')
  if (name === state.seed.defaultBranch || name === 'HEAD') return state.commits[0]
  const tag = state.releases.find((r) => r.tagName === name)
  if (tag) return state.commitByOid.get(tag.tagCommitOid)
  const exact = state.commitByOid.get(ref)
  if (exact) return exact
  if (/^[0-9a-f]{4,39}$/.test(ref)) {
    const hits = state.commits.filter((c) => c.oid.startsWith(ref))
    if (hits.length === 1) return hits[0]
  }
  return undefined
}

function ancestors(state: EmulatorState, oid: string): Set<string> {
  const seen = new Set<string>()
  const stack = [oid]
  while (stack.length) {
    const next = stack.pop()!
    if (seen.has(next)) continue
    const c = state.commitByOid.get(next)
    if (!c) continue
    seen.add(next)
    stack.push(...c.parents)
  }
  return seen
}

/** `GET /contents/{path}?ref=`: a file (base64) or a directory listing, read from the git store. */
export const getContents: RestHandler = (ctx) => {
  const { state } = ctx
  const git = state.git
  const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '')
  const ref = (ctx.req.query.get('ref') ?? state.seed.defaultBranch).replace(/^refs\/heads\//, '')
  const head = git?.resolveCommit?.(ref)
  const tree = head ? git?.getCommit?.(head)?.tree : undefined
  if (!git || !tree) return notFound()
  const entry = path ? git.lookupPath?.(tree, path) : { mode: '040000', sha: tree }
  if (!entry) return notFound()
  const links = (p: string, sha: string, dir: boolean) => {
    const self = `${repoApi(state)}/contents/${p}?ref=${encodeURIComponent(ref)}`
    const gitUrl = `${repoApi(state)}/git/${dir ? 'trees' : 'blobs'}/${sha}`
    const html = `${repoHtml(state)}/${dir ? 'tree' : 'blob'}/${ref}/${p}`
    return { url: self, git_url: gitUrl, html_url: html, _links: { self, git: gitUrl, html } }
  }
  if (entry.mode === '040000') {
    const entries = git.getTree?.(entry.sha) ?? []
    return ok(
      entries.map((e) => {
        const p = path ? `${path}/${e.name}` : e.name
        const dir = e.mode === '040000'
        return {
          type: dir ? 'dir' : e.mode === '120000' ? 'symlink' : e.mode === '160000' ? 'submodule' : 'file',
          size: dir ? 0 : (git.getBlob?.(e.sha)?.length ?? 0),
          name: e.name,
          path: p,
          sha: e.sha,
          download_url: dir ? null : `${state.baseUrl}/raw/${state.owner}/${state.name}/${ref}/${p}`,
          ...links(p, e.sha, dir)
        }
      })
    )
  }
  const buffer = git.getBlob?.(entry.sha)
  if (!buffer) return notFound()
  return ok({
    type: 'file',
    encoding: 'base64',
    size: buffer.length,
    name: path.split('/').pop(),
    path,
    content: buffer.toString('base64'),
    sha: entry.sha,
    download_url: `${state.baseUrl}/raw/${state.owner}/${state.name}/${ref}/${path}`,
    ...links(path, entry.sha, false)
  })
}

export const listCommits: RestHandler = (ctx) => {
  const { state } = ctx
  const q = ctx.req.query
  const start = resolveCommit(state, q.get('sha') ?? state.seed.defaultBranch)
  if (!start) return q.get('sha') ? notFound() : ok([])
  const since = q.get('since')
  const until = q.get('until')
  const sinceMs = since ? Date.parse(since) : null
  const untilMs = until ? Date.parse(until) : null
  if (Number.isNaN(sinceMs) || Number.isNaN(untilMs))
    return invalid('since/until must be ISO 8601 timestamps', 'since', 'Commit')
  const key = `rest:commits:${start.oid}:${since}:${until}`
  const items = state.cached(key, () => {
    const from = state.commitIndex.get(start.oid) ?? 0
    const reach = from === 0 ? null : ancestors(state, start.oid)
    return state.commits.slice(from).filter((c) => {
      if (reach && !reach.has(c.oid)) return false
      const t = Date.parse(c.committedDate)
      return (sinceMs === null || t >= sinceMs) && (untilMs === null || t <= untilMs)
    })
  })
  return paginate(ctx, items, (c) => restCommit(state, c))
}

export const getCommit: RestHandler = (ctx) => {
  const c = resolveCommit(ctx.state, decodeURIComponent(ctx.params.ref))
  if (!c)
    return {
      status: 422,
      body: {
        message: `No commit found for SHA: ${ctx.params.ref}`,
        documentation_url: 'https://docs.github.com/rest',
        status: '422'
      }
    }
  return ok({ ...restCommit(ctx.state, c), stats: { total: 0, additions: 0, deletions: 0 }, files: [] })
}

export const compareCommits: RestHandler = (ctx) => {
  const { state } = ctx
  const spec = decodeURIComponent(ctx.params.basehead)
  const match = /^(.+?)\.\.\.(.+)$/.exec(spec)
  if (!match) return notFound()
  const base = resolveCommit(state, match[1])
  const head = resolveCommit(state, match[2])
  if (!base || !head) return notFound()
  const fromBase = ancestors(state, base.oid)
  const fromHead = ancestors(state, head.oid)
  const order = (a: SeedCommit, b: SeedCommit) =>
    state.commitIndex.get(b.oid)! - state.commitIndex.get(a.oid)!
  const ahead = [...fromHead]
    .filter((o) => !fromBase.has(o))
    .map((o) => state.commitByOid.get(o)!)
    .sort(order)
  const behind = [...fromBase].filter((o) => !fromHead.has(o)).length
  const mergeBase = state.commits.find((c) => fromBase.has(c.oid) && fromHead.has(c.oid)) ?? base
  const status =
    ahead.length && behind ? 'diverged' : ahead.length ? 'ahead' : behind ? 'behind' : 'identical'
  const html = `${repoHtml(state)}/compare/${spec}`
  return ok({
    url: `${repoApi(state)}/compare/${spec}`,
    html_url: html,
    permalink_url: `${repoHtml(state)}/compare/${state.owner}:${base.oid.slice(0, 7)}...${state.owner}:${head.oid.slice(0, 7)}`,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: restCommit(state, base),
    merge_base_commit: restCommit(state, mergeBase),
    status,
    ahead_by: ahead.length,
    behind_by: behind,
    total_commits: ahead.length,
    commits: ahead.slice(0, 250).map((c) => restCommit(state, c)),
    files: []
  })
}

function deploymentOf(state: EmulatorState, id: string): SeedDeployment | undefined {
  return state.deployments.find((d) => d.databaseId === Number(id))
}

export const listDeployments: RestHandler = (ctx) => {
  const { state } = ctx
  const q = ctx.req.query
  const filters = ['sha', 'ref', 'task', 'environment']
    .map((k) => [k, q.get(k)] as const)
    .filter(([, v]) => v)
  const key = `rest:deployments:${filters.map((f) => f.join('=')).join('&')}`
  const items = state.cached(key, () =>
    state.deployments
      .filter((d) => filters.every(([k, v]) => String(d[k as 'sha' | 'ref' | 'task' | 'environment']) === v))
      .sort((a, b) =>
        a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.databaseId - a.databaseId
      )
  )
  return paginate(ctx, items, (d) => restDeployment(state, d))
}

export const createDeployment: RestHandler = (ctx) => {
  const { state } = ctx
  const body = bodyOf(ctx.req)
  if (typeof body.ref !== 'string' || !body.ref) return invalid('ref is required', 'ref', 'Deployment')
  const commit = resolveCommit(state, (body.sha as string | undefined) ?? body.ref)
  const sha =
    commit?.oid ?? (typeof body.sha === 'string' && /^[0-9a-f]{40}$/.test(body.sha) ? body.sha : undefined)
  if (!sha)
    return {
      status: 409,
      body: {
        message: `No ref found for: ${body.ref}`,
        documentation_url: 'https://docs.github.com/rest',
        status: '409'
      }
    }
  const now = nowIso()
  const databaseId = state.newId()
  const deployment: SeedDeployment = {
    databaseId,
    id: Buffer.from(`010:Deployment${databaseId}`).toString('base64'),
    environment: typeof body.environment === 'string' ? body.environment : 'production',
    sha,
    ref: body.ref,
    task: typeof body.task === 'string' ? body.task : 'deploy',
    createdAt: now,
    updatedAt: now,
    creator: TOKEN_ACTOR,
    statuses: []
  }
  state.deployments.push(deployment)
  state.touch()
  return { status: 201, body: restDeployment(state, deployment) }
}

export const listDeploymentStatuses: RestHandler = (ctx) => {
  const d = deploymentOf(ctx.state, ctx.params.deployment_id)
  if (!d) return notFound()
  return paginate(ctx, [...d.statuses].reverse(), (s) => restDeploymentStatus(ctx.state, d, s))
}

const STATUS_STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']

export const createDeploymentStatus: RestHandler = (ctx) => {
  const { state } = ctx
  const d = deploymentOf(state, ctx.params.deployment_id)
  if (!d) return notFound()
  const body = bodyOf(ctx.req)
  if (typeof body.state !== 'string' || !STATUS_STATES.includes(body.state))
    return invalid(`state must be one of ${STATUS_STATES.join(', ')}`, 'state', 'DeploymentStatus')
  const now = nowIso()
  const status: SeedDeploymentStatus = {
    id: state.newId(),
    state: body.state.toUpperCase() as SeedDeploymentStatus['state'],
    createdAt: now
  }
  const url = (v: unknown) => (typeof v === 'string' && /^https?:\/\//.test(v) ? v : undefined)
  state.statusUrls.set(status.id, {
    logUrl: url(body.log_url) ?? url(body.target_url),
    environmentUrl: url(body.environment_url),
    description: typeof body.description === 'string' ? body.description : undefined
  })
  d.statuses.push(status)
  d.updatedAt = now
  if (typeof body.environment === 'string') d.environment = body.environment
  state.touch()
  return { status: 201, body: restDeploymentStatus(state, d, status) }
}

export const listReleases: RestHandler = (ctx) =>
  paginate(ctx, [...ctx.state.releases].reverse(), (r) => restRelease(ctx.state, r))

export const listTags: RestHandler = (ctx) =>
  paginate(ctx, [...ctx.state.releases].reverse(), (r) => restTag(ctx.state, r))

export const listWorkflows: RestHandler = (ctx) =>
  paginate(
    ctx,
    ctx.state.seed.workflows,
    (w) => restWorkflow(ctx.state, w),
    (page, total) => ({ total_count: total, workflows: page })
  )

function runFilter(ctx: Parameters<RestHandler>[0], workflowId: number | null) {
  const q = ctx.req.query
  const status = q.get('status')
  const branch = q.get('branch')
  const event = q.get('event')
  const headSha = q.get('head_sha')
  const created = q.get('created')
  let from: string | null = null
  let to: string | null = null
  if (created) {
    const range = /^(.+)\.\.(.+)$/.exec(created)
    if (range) [from, to] = [range[1], range[2]]
    else if (created.startsWith('>=')) from = created.slice(2)
    else if (created.startsWith('<=')) to = created.slice(2)
    else from = to = created
  }
  return ctx.state.seed.workflowRuns
    .filter(
      (r) =>
        (workflowId === null || r.workflowId === workflowId) &&
        (!status || r.status === status || r.conclusion === status) &&
        (!branch || r.headBranch === branch) &&
        (!event || r.event === event) &&
        (!headSha || r.headSha === headSha) &&
        (!from || r.createdAt >= from) &&
        (!to || r.createdAt.slice(0, to.length) <= to)
    )
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id))
}

export const listWorkflowRuns: RestHandler = (ctx) => {
  const key = decodeURIComponent(ctx.params.workflow_id)
  const workflow = ctx.state.seed.workflows.find(
    (w) => String(w.id) === key || w.path.split('/').pop() === key
  )
  if (!workflow) return notFound()
  return paginate(
    ctx,
    runFilter(ctx, workflow.id),
    (r) => restWorkflowRun(ctx.state, r),
    (page, total) => ({
      total_count: total,
      workflow_runs: page
    })
  )
}

export const listRuns: RestHandler = (ctx) =>
  paginate(
    ctx,
    runFilter(ctx, null),
    (r) => restWorkflowRun(ctx.state, r),
    (page, total) => ({
      total_count: total,
      workflow_runs: page
    })
  )

export const createDispatch: RestHandler = (ctx) => {
  const body = bodyOf(ctx.req)
  if (typeof body.event_type !== 'string' || !body.event_type || body.event_type.length > 100)
    return invalid('event_type is required (at most 100 characters)', 'event_type', 'Repository')
  if (
    body.client_payload !== undefined &&
    (typeof body.client_payload !== 'object' ||
      body.client_payload === null ||
      Array.isArray(body.client_payload))
  )
    return invalid('client_payload must be an object', 'client_payload', 'Repository')
  ctx.state.dispatches.push({
    eventType: body.event_type,
    clientPayload: body.client_payload ?? {},
    at: nowIso()
  })
  return { status: 204 }
}

export const listTeamMembers: RestHandler = (ctx) => {
  const team = orgTeam(ctx)
  if (!team) return notFound()
  return paginate(ctx, team.members, (login) => restUser(team.home, { login, type: 'User' }))
}
