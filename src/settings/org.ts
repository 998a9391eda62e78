/**
 * Organization mode's settings: whose repositories, which of them, where their histories are kept,
 * how the work is split, how the org report is shown and announced, and the token that reads.
 * Read in every mode (the table test reads every input), checked strictly only in the org modes, so
 * a repository's own workflow never fails on them.
 */
import { selectionProblems } from '../org/select.js'
import type { Mode, OrgSettings, RepoRef } from '../settings-types.js'
import { parseRepoRef } from './checks.js'
import type { InputReader } from './context.js'

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/

export function isOrgMode(mode: Mode): boolean {
  return mode === 'org-plan' || mode === 'org-sync' || mode === 'org-report' || mode === 'org'
}

function readOrganization(ctx: InputReader, repository: RepoRef, strict: boolean): string {
  const text = ctx.raw('organization').replace(/^@/, '')
  if (!text) return repository.owner
  if (strict && !LOGIN.test(text)) {
    ctx.problem(
      'organization',
      text,
      'is not an organization login',
      "Give the organization's login as in its URL, such as octo-org (or leave it empty for this repository's owner)."
    )
  }
  return text
}

function readReadToken(ctx: InputReader, token: string): string {
  const text = ctx.raw('read-token')
  if (!text) return token
  if (/\s/.test(text)) {
    ctx.note({
      input: 'read-token',
      value: '***',
      message: "Input 'read-token' contains whitespace, so it is not a token. Check the secret it comes from."
    })
  }
  return text
}

export function readOrg(
  ctx: InputReader,
  mode: Mode,
  repository: RepoRef,
  token: string
): { org: OrgSettings } {
  const strict = isOrgMode(mode)
  const only = ctx.raw('only') || null
  const org: OrgSettings = {
    organization: readOrganization(ctx, repository, strict),
    repositories: ctx.list('repositories'),
    includeArchived: ctx.bool('include-archived'),
    includeForks: ctx.bool('include-forks'),
    topics: ctx.list('topics'),
    only,
    layout: ctx.oneOf<OrgSettings['layout']>('store-layout'),
    shards: ctx.count('shards') ?? 4,
    shard: ctx.count('shard'),
    groupsFile: ctx.path('groups-file'),
    people: ctx.oneOf<OrgSettings['people']>('people'),
    notify: ctx.oneOf<OrgSettings['notify']>('org-notify'),
    notificationBudget: ctx.count('notification-budget') ?? 20,
    readToken: readReadToken(ctx, token),
    issueRouting: ctx.raw('issue-repository') ? parseRepoRef(ctx.raw('issue-repository')) : null
  }
  if (!strict) return { org }
  const selection = {
    patterns: org.repositories,
    includeArchived: org.includeArchived,
    includeForks: org.includeForks,
    topics: org.topics,
    only: org.only
  }
  for (const problem of selectionProblems(selection)) {
    const input = problem.startsWith('only:')
      ? 'only'
      : problem.startsWith('topics')
        ? 'topics'
        : 'repositories'
    ctx.note({
      input,
      value: ctx.raw(input),
      message: `Input '${input}' is invalid: ${problem.replace(/^[a-z-]+: /, '')}.`
    })
  }
  if (org.shards > 256) {
    ctx.problem(
      'shards',
      String(org.shards),
      'is more than 256',
      'A matrix has at most 256 jobs: use 256 or fewer.'
    )
  }
  if (mode === 'org-sync' && org.shard === null) {
    ctx.note({
      input: 'shard',
      value: '',
      message:
        "Input 'shard' is required in mode org-sync: pass the matrix entry, `shard: ${{ matrix.shard }}`, from the plan job's `matrix` output."
    })
  }
  return { org }
}
