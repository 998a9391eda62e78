/**
 * Why a sync stopped early, said once: a rate limit of any form (with when it resets), the spent
 * request budget, or pages that could not shrink any further. The first stop wins; the note goes to
 * the log and the run's notes. Never a failed run: the cursors are kept and the next run resumes.
 */
import type { SyncContext } from './collections/types.js'
import { BudgetSpentError, PagesExhaustedError, RateLimitedError, toGitHubError } from './errors.js'

/** When the limit GitHub refused for resets, as well as it is known. */
function whenItResets(ctx: SyncContext, failure: RateLimitedError): string {
  if (failure.limit === 'secondary') {
    const wait = failure.retryAfterSeconds
    return wait === null
      ? 'GitHub gave no retry-after; secondary limits lift after a minute or so'
      : `GitHub asked to wait ${wait} s (until ${new Date(ctx.now().getTime() + wait * 1000).toISOString()})`
  }
  const resource = failure.request?.endsWith('graphql') ? 'graphql' : 'core'
  const resetAt =
    failure.resetAt ?? ctx.client.rateLimit(resource)?.resetAt ?? ctx.client.rateLimit()?.resetAt ?? null
  return resetAt === null ? 'the hourly budget resets within the hour' : `the budget resets at ${resetAt}`
}

/** Notes why the sync stops here (only the first reason is kept). */
export function noteStop(ctx: SyncContext, error: unknown): void {
  if (ctx.stop.reason !== null) return
  const failure = toGitHubError(error)
  let message: string
  if (failure instanceof RateLimitedError) {
    message =
      `GitHub's ${failure.limit} rate limit stopped the history sync (${whenItResets(ctx, failure)}): ` +
      'the report is partial and the next run continues where this one stopped.'
  } else if (failure instanceof BudgetSpentError) {
    message =
      `The request budget of ${failure.limit} requests stopped the history sync: the report is partial and ` +
      'the next run continues where this one stopped.'
  } else if (failure instanceof PagesExhaustedError) {
    message =
      `GitHub kept timing out even with pages of one item (${failure.message}): the history sync stopped ` +
      'here, the report is partial and the next run tries again where this one stopped.'
  } else {
    message = `The history sync stopped early (${(error as Error).message}); the next run continues.`
  }
  ctx.stop.reason = message
  ctx.log.warning(message)
}
