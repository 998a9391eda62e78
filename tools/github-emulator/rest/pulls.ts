/** Pull request routes: list, get, reviews, requested reviewers. */
import type { SeedPull } from '../types.js'
import { invalid, notFound, ok, paginate, type RestHandler } from './common.js'
import { requestedReviewers, restPull, restReview } from './shapes.js'

const SORTS: Record<string, (p: SeedPull) => string> = {
  created: (p) => p.createdAt,
  updated: (p) => p.updatedAt
}

export const listPulls: RestHandler = (ctx) => {
  const q = ctx.req.query
  const stateFilter = q.get('state') ?? 'open'
  if (!['open', 'closed', 'all'].includes(stateFilter))
    return invalid(`state must be open, closed or all`, 'state', 'PullRequest')
  const sort = q.get('sort') ?? 'created'
  const time = SORTS[sort]
  if (!time) return invalid(`sort "${sort}" is not emulated (created, updated)`, 'sort', 'PullRequest')
  const direction = (q.get('direction') ?? (sort === 'created' ? 'desc' : 'asc')) as 'asc' | 'desc'
  const base = q.get('base')
  const head = q.get('head')?.split(':').pop()
  const field = sort === 'created' ? 'createdAt' : 'updatedAt'
  const sorted = ctx.state.pullsSorted(field, direction === 'asc' ? 'ASC' : 'DESC')
  const items =
    stateFilter === 'all' && !base && !head
      ? sorted
      : ctx.state.cached(`rest:pulls:${field}:${direction}:${stateFilter}:${base}:${head}`, () =>
          sorted.filter(
            (p) =>
              (stateFilter === 'all' || (stateFilter === 'open') === (p.closedAt === null)) &&
              (!base || p.baseRefName === base) &&
              (!head || p.headRefName === head)
          )
        )
  return paginate(ctx, items, (p) => restPull(ctx.state, p))
}

function pullOf(ctx: Parameters<RestHandler>[0]): SeedPull | undefined {
  return ctx.state.pullByNumber.get(Number(ctx.params.pull_number))
}

export const getPull: RestHandler = (ctx) => {
  const p = pullOf(ctx)
  return p ? ok(restPull(ctx.state, p, true)) : notFound()
}

export const listReviews: RestHandler = (ctx) => {
  const p = pullOf(ctx)
  if (!p) return notFound()
  const visible = p.reviews.filter((r) => r.state !== 'PENDING')
  return paginate(ctx, visible, (r) => restReview(ctx.state, p, r))
}

export const listRequestedReviewers: RestHandler = (ctx) => {
  const p = pullOf(ctx)
  return p ? ok(requestedReviewers(ctx.state, p)) : notFound()
}
