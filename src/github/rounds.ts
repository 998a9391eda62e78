/**
 * The GraphQL rounds of the sync: each round is ONE request carrying the next page of every round
 * collection still being read, so a cold run costs about as many requests as its longest collection
 * has pages. Rounds go on while the budget allows (the first always runs when the request budget has
 * room, so runs on a tiny budget progress). What stops them cleanly, cursors kept: a rate limit of any
 * form that outlasted the retries, the spent request budget, pages that cannot shrink any further.
 * A collection the token may not read (FORBIDDEN) is skipped with a notice naming the permission, and
 * the round goes on without it.
 */
import type { RoundCollection, RoundRepository, SyncContext } from './collections/types.js'
import { ForbiddenError, stopsTheSync, toGitHubError } from './errors.js'
import { requestGraphql } from './graphql-request.js'
import type { PagePart } from './page-size.js'
import { roundDocument } from './queries.js'
import { noteStop } from './stops.js'

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

/** The collections a FORBIDDEN answer names (by their alias under `repository`). */
function forbiddenCollections(
  failure: ForbiddenError,
  active: readonly RoundCollection[]
): RoundCollection[] {
  const aliases = new Set(
    failure.paths.filter((p) => p[0] === 'repository' && typeof p[1] === 'string').map((p) => String(p[1]))
  )
  return active.filter((c) => c.aliases.some((alias) => aliases.has(alias)))
}

/** Skips collections the token may not read, with a notice naming the permission the workflow needs. */
export function skipForbidden(ctx: SyncContext, collections: readonly RoundCollection[], why: string): void {
  for (const collection of collections) {
    collection.skip()
    const message =
      `The token may not read ${collection.name} (${why}): they were skipped in this run and the report ` +
      `has none of them. Give the workflow \`permissions: ${collection.permission}\` (or a token that may read them).`
    ctx.log.warning(message)
    ctx.notes.push(message)
  }
}

/** Runs rounds until every collection is read or the budget stops them; true when stopped early. */
export async function readRounds(
  ctx: SyncContext,
  collections: readonly RoundCollection[]
): Promise<boolean> {
  const { log } = ctx
  for (let rounds = 0; ;) {
    const active = collections.filter((c) => c.walker.active && !c.skipped)
    if (active.length === 0) return false
    // Another round only when the budget also pays for the timeline follow-ups already waiting.
    if (rounds > 0 && (!ctx.budget.allows() || ctx.budget.left() <= ctx.followUps.pendingRequests))
      return true
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
      if (stopsTheSync(error)) {
        noteStop(ctx, error)
        return true
      }
      const failure = toGitHubError(error)
      if (failure instanceof ForbiddenError) {
        const forbidden = forbiddenCollections(failure, active)
        if (forbidden.length > 0) {
          // GitHub nulls the forbidden field (and `repository` when the field is non-null): the round
          // is sent again without the collections the token may not read.
          skipForbidden(ctx, forbidden, `GitHub answered FORBIDDEN: ${failure.message}`)
          continue
        }
      }
      throw error
    }
    if (rounds === 0 && data.rateLimit) {
      const r = data.rateLimit
      log.info(
        `GitHub GraphQL rate limit at start: ${r.remaining + r.cost} of ${r.limit} left, resets at ${r.resetAt}.`
      )
    }
    rounds++
    const repository = repositoryOf(ctx, data)
    for (const collection of active) collection.take(repository)
    if (ctx.followUps.due) {
      try {
        await ctx.followUps.flush()
      } catch (error) {
        if (!stopsTheSync(error)) throw error
        noteStop(ctx, error)
        return true
      }
    }
  }
}
