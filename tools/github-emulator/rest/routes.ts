/**
 * The REST route table. Each route has GitHub's path template (also the key of `byRoute` in the
 * stats); `/repos/{owner}/{repo}/git/*` goes to the git object store (git/).
 */
import type { CredentialKind } from '../profile.js'
import type { EmulatorState } from '../state.js'
import type { EmulatorRequest, EmulatorResponse } from '../types.js'
import { EVERYONE, worldOf, type EmulatorWorld, type Viewer } from '../world.js'
import { notFound, type RestHandler } from './common.js'
import * as contents from './contents.js'
import * as issues from './issues.js'
import * as org from './org.js'
import * as pulls from './pulls.js'
import * as repo from './repo.js'

interface Route {
  method: string
  template: string
  pattern: RegExp
  names: string[]
  handler: RestHandler
}

const table: [string, string, RestHandler][] = [
  ['GET', '/repos/{owner}/{repo}', repo.getRepository],
  ['GET', '/repos/{owner}/{repo}/contents', repo.getContents],
  ['GET', '/repos/{owner}/{repo}/contents/{path+}', repo.getContents],
  ['PUT', '/repos/{owner}/{repo}/contents/{path+}', contents.putContents],
  ['GET', '/repos/{owner}/{repo}/pulls', pulls.listPulls],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}', pulls.getPull],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', pulls.listReviews],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', pulls.listRequestedReviewers],
  ['GET', '/repos/{owner}/{repo}/issues', issues.listIssues],
  ['POST', '/repos/{owner}/{repo}/issues', issues.createIssue],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}', issues.getIssue],
  ['PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', issues.updateIssue],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', issues.listComments],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', issues.createComment],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/timeline', issues.listTimeline],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', issues.addLabels],
  ['GET', '/repos/{owner}/{repo}/labels', issues.listLabels],
  ['POST', '/repos/{owner}/{repo}/labels', issues.createLabel],
  ['GET', '/repos/{owner}/{repo}/labels/{name}', issues.getLabel],
  ['GET', '/repos/{owner}/{repo}/commits', repo.listCommits],
  ['GET', '/repos/{owner}/{repo}/commits/{ref}', repo.getCommit],
  ['GET', '/repos/{owner}/{repo}/compare/{basehead}', repo.compareCommits],
  ['GET', '/repos/{owner}/{repo}/deployments', repo.listDeployments],
  ['POST', '/repos/{owner}/{repo}/deployments', repo.createDeployment],
  ['GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', repo.listDeploymentStatuses],
  ['POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', repo.createDeploymentStatus],
  ['GET', '/repos/{owner}/{repo}/releases', repo.listReleases],
  ['GET', '/repos/{owner}/{repo}/tags', repo.listTags],
  ['GET', '/repos/{owner}/{repo}/actions/workflows', repo.listWorkflows],
  ['GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', repo.listWorkflowRuns],
  ['GET', '/repos/{owner}/{repo}/actions/runs', repo.listRuns],
  ['POST', '/repos/{owner}/{repo}/dispatches', repo.createDispatch],
  ['GET', '/orgs/{org}/teams/{team_slug}/members', repo.listTeamMembers],
  ['GET', '/orgs/{org}/teams', org.listTeams],
  ['GET', '/orgs/{org}/repos', org.listOrgRepos],
  ['GET', '/users/{username}/repos', org.listUserRepos],
  ['GET', '/installation/repositories', org.listInstallationRepos]
]

const routes: Route[] = table.map(([method, template, handler]) => {
  const names: string[] = []
  const source = template.replace(/\{(\w+)(\+?)\}/g, (_m, name: string, plus: string) => {
    names.push(name)
    return plus ? '(.+)' : '([^/]+)'
  })
  return { method, template, pattern: new RegExp(`^${source}$`), names, handler }
})

export const GIT_TEMPLATE = '/repos/{owner}/{repo}/git/*'

/** The route template a path matches (for stats), without running it. */
export function routeTemplate(method: string, path: string): string {
  const git = /^\/repos\/[^/]+\/[^/]+\/git\/(blobs|trees|commits|refs|ref|matching-refs|tags)(\/.+)?$/.exec(
    path
  )
  if (git) {
    const param: Record<string, string> = {
      blobs: '{file_sha}',
      trees: '{tree_sha}',
      commits: '{commit_sha}',
      refs: '{ref}',
      ref: '{ref}',
      'matching-refs': '{ref}',
      tags: '{tag_sha}'
    }
    return `/repos/{owner}/{repo}/git/${git[1]}${git[2] ? `/${param[git[1]]}` : ''}`
  }
  if (/^\/repos\/[^/]+\/[^/]+\/git\//.test(path)) return GIT_TEMPLATE
  for (const r of routes) if (r.method === method && r.pattern.test(path)) return r.template
  const known = routes.find((r) => r.pattern.test(path))
  return known ? known.template : path
}

export interface RestCall {
  method: string
  path: string
  query: URLSearchParams
  body: unknown
  headers: Record<string, string | string[] | undefined>
  baseUrl: string
  /** Every repository served (absent: only `state`). */
  world?: EmulatorWorld
  /** What the token may see (absent: everything). */
  viewer?: Viewer
  kind?: CredentialKind
}

const FORBIDDEN: EmulatorResponse = {
  status: 403,
  body: {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest',
    status: '403'
  }
}

/**
 * Runs a REST request: `/repos/{owner}/{repo}/…` against that repository (404 for one not served
 * or not visible to the token, 403 for a write to one it may only read), other routes against the
 * primary repository `state` and the world.
 */
export async function handleRest(primary: EmulatorState, call: RestCall): Promise<EmulatorResponse> {
  const world = call.world ?? worldOf(primary)
  const viewer = call.viewer ?? EVERYONE
  const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(call.path)
  let state = primary
  if (repoMatch) {
    const found = world.repository(repoMatch[1], repoMatch[2])
    if (!found) return notFound()
    const access = viewer.access(found)
    if (access === 'none') return notFound()
    if (access === 'read' && call.method !== 'GET' && call.method !== 'HEAD') return FORBIDDEN
    state = found
  }
  const req: EmulatorRequest = {
    method: call.method,
    path: repoMatch ? (repoMatch[3] ?? '') : call.path,
    query: call.query,
    body: call.body,
    headers: call.headers,
    baseUrl: call.baseUrl,
    owner: repoMatch ? repoMatch[1] : '',
    repo: repoMatch ? repoMatch[2] : ''
  }
  if (repoMatch && req.path.startsWith('/git/')) {
    // The git store is separate from the sorted indexes, so its writes invalidate nothing here.
    if (!state.git || !state.gitModule) return notFound()
    const answer = state.gitModule.handleGitRest(state.git, req)
    return answer ?? notFound()
  }
  let methodMismatch = false
  for (const r of routes) {
    const m = r.pattern.exec(call.path)
    if (!m) continue
    if (r.method !== call.method) {
      methodMismatch = true
      continue
    }
    const params: Record<string, string> = {}
    r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])))
    return r.handler({ state, req, params, world, viewer, kind: call.kind })
  }
  return methodMismatch
    ? {
        status: 404,
        body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }
      }
    : notFound()
}
