/**
 * The GraphQL rounds of the sync: each round is ONE request carrying the next page of every round
 * collection still being read, so a cold run costs about as many requests as its longest collection
 * has pages. Rounds go on while the budget allows (the first always runs, so runs on a tiny budget
 * progress); a rate limit that outlasted the retries stops them cleanly.
 */
import type { RoundCollection, RoundRepository, SyncContext } from './collections/types.js'
import { RateLimitedError, toGitHubError } from './errors.js'
import { requestGraphql } from './graphql-request.js'
import type { PagePart } from './page-size.js'
import { roundDocument } from './queries.js'

interface RoundData {
  rateLimit?: { limit: number; cost: number; remaining: number; resetAt: string }
  repository: (RoundRepository & { defaultBranchRef?: { name: string } | null }) | null
}

function roundRequest(ctx: SyncContext, active: RoundCollection[], size: (part: PagePart) => number) {
  const parts = active.map((c) => c.query(size))
  const variables: Record<string, unknown> = { owner: ctx.owner, name: ctx.repo }
  for (const part of parts) Object.assign(variables, part.variables)
  return { document: roundDocument(parts.map((p) => p.part)), variables }
}

function repositoryOf(ctx: SyncContext, data: RoundData): RoundRepository {
  const repository = data.repository
  if (!repository) {
    throw new Error(
      `Repository ${ctx.owner}/${ctx.repo} was not found, or the token cannot read it. Check the repository name ` +
        'and that the token has `contents: read`, `pull-requests: read` and `issues: read`.'
    )
  }
  ctx.repository.found = true
  ctx.repository.defaultBranch = repository.defaultBranchRef?.name ?? null
  return repository
}

/** Runs rounds until every collection is read or the budget stops them; true when stopped early. */
export async function readRounds(
  ctx: SyncContext,
  collections: readonly RoundCollection[]
): Promise<boolean> {
  const { log } = ctx
  for (let rounds = 0; ; rounds++) {
    const active = collections.filter((c) => c.walker.active)
    if (active.length === 0) return false
    if (rounds > 0 && !ctx.budget.allows()) return true
    if (rounds === 0 && ctx.budget.left() <= 0) {
      log.warning(
        'The request budget was spent before the sync started: reading one round anyway so runs progress.'
      )
    }
    let data: RoundData
    try {
      const pages = active.flatMap((c) => c.pages)
      data = await requestGraphql<RoundData>(ctx, pages, (size) => roundRequest(ctx, active, size))
    } catch (error) {
      if (!(toGitHubError(error) instanceof RateLimitedError)) throw error
      log.warning(
        `GitHub kept refusing for its rate limit (${(error as Error).message}): stopping the sync here.`
      )
      return true
    }
    if (rounds === 0 && data.rateLimit) {
      const r = data.rateLimit
      log.info(
        `GitHub GraphQL rate limit at start: ${r.remaining + r.cost} of ${r.limit} left, resets at ${r.resetAt}.`
      )
    }
    const repository = repositoryOf(ctx, data)
    for (const collection of active) collection.take(repository)
    if (ctx.followUps.due) await ctx.followUps.flush()
  }
}
