/** The notification issue: its label, title, repository, assignees and what happens to the previous one. */
import type { RepoRef, Settings } from '../settings-types.js'
import { parseRepoRef } from './checks.js'
import type { InputReader } from './context.js'

export type NotificationSettings = Pick<
  Settings,
  | 'issueLabel'
  | 'issueTitle'
  | 'issueRepository'
  | 'issueAssignees'
  | 'closePreviousIssue'
  | 'notify'
  | 'mentionReviewers'
>

/** GitHub's limit on an issue's assignees. */
const MAX_ASSIGNEES = 10

function readIssueRepository(ctx: InputReader, repository: RepoRef): RepoRef {
  const text = ctx.raw('issue-repository')
  if (!text) return repository
  const parsed = parseRepoRef(text)
  if (parsed) return parsed
  ctx.problem(
    'issue-repository',
    text,
    'is not in the form owner/name',
    'Use a repository such as octo-org/metrics-testing.'
  )
  return repository
}

function readAssignees(ctx: InputReader): string[] {
  const assignees = ctx.logins('issue-assignees')
  if (assignees.length > MAX_ASSIGNEES) {
    ctx.problem(
      'issue-assignees',
      ctx.text('issue-assignees'),
      `names ${assignees.length} people`,
      `GitHub allows at most ${MAX_ASSIGNEES} assignees.`
    )
  }
  return assignees
}

/** `repository` is where the issue goes unless `issue-repository` names another. */
export function readNotification(ctx: InputReader, repository: RepoRef): NotificationSettings {
  return {
    issueLabel: ctx.limited('issue-label'),
    issueTitle: ctx.limited('issue-title'),
    issueRepository: readIssueRepository(ctx, repository),
    issueAssignees: readAssignees(ctx),
    closePreviousIssue: ctx.bool('close-previous-issue'),
    notify: ctx.bool('notify'),
    mentionReviewers: ctx.bool('mention-reviewers')
  }
}
