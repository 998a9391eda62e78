/**
 * Which repository permission each GraphQL field needs. A token lacking it gets that field null with
 * a `FORBIDDEN` error (HTTP 200, partial data), as GitHub answers for a permission the workflow's
 * `permissions:` leave out; organization teams need `members`, which an Actions token never has.
 */
import type { Permissions } from '../profile.js'

export const FIELD_PERMISSIONS: Record<string, string> = {
  'Organization.team': 'members',
  'Organization.teams': 'members',
  'Repository.pullRequest': 'pull_requests',
  'Repository.pullRequests': 'pull_requests',
  'Repository.issue': 'issues',
  'Repository.issues': 'issues',
  'Repository.deployments': 'deployments',
  'Repository.environments': 'deployments',
  'Repository.ref': 'contents',
  'Repository.refs': 'contents',
  'Repository.object': 'contents',
  'Repository.releases': 'contents'
}

/** The FORBIDDEN error for `key` (`Type.field`) under `permissions`, or undefined when allowed. */
export function forbiddenField(key: string, permissions: Permissions | undefined): Error | undefined {
  if (!permissions) return undefined
  const needed = FIELD_PERMISSIONS[key]
  if (!needed) return undefined
  const held = permissions[needed]
  if (held === 'read' || held === 'write') return undefined
  return Object.assign(new Error('Resource not accessible by integration'), {
    type: 'FORBIDDEN',
    extensions: { saml_failure: false }
  })
}
