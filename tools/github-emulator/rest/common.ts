/** Shared REST helpers: GitHub's error bodies and its `per_page`/`page` pagination with `Link` headers. */
import type { CredentialKind } from '../profile.js'
import type { EmulatorState } from '../state.js'
import type { EmulatorRequest, EmulatorResponse } from '../types.js'
import type { EmulatorWorld, Viewer } from '../world.js'

export interface RestContext {
  /** The repository of a `/repos/{owner}/{repo}` route, else the primary one. */
  state: EmulatorState
  req: EmulatorRequest
  params: Record<string, string>
  /** Every repository served. */
  world?: EmulatorWorld
  /** What the token may see. */
  viewer?: Viewer
  kind?: CredentialKind
}

export type RestHandler = (ctx: RestContext) => EmulatorResponse | Promise<EmulatorResponse>

const DOCS = 'https://docs.github.com/rest'

export function notFound(): EmulatorResponse {
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } }
}

export function invalid(message: string, field?: string, resource?: string): EmulatorResponse {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        field
          ? { resource: resource ?? 'Issue', field, code: 'invalid', message }
          : { message, code: 'custom' }
      ],
      documentation_url: DOCS,
      status: '422'
    }
  }
}

export function badRequest(message: string): EmulatorResponse {
  return { status: 400, body: { message, documentation_url: DOCS, status: '400' } }
}

export function bodyOf(req: EmulatorRequest): Record<string, unknown> {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body)
    ? (req.body as Record<string, unknown>)
    : {}
}

/** `per_page` (default 30, at most 100) and `page` (from 1). */
export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perRaw = Number(query.get('per_page') ?? 30)
  const pageRaw = Number(query.get('page') ?? 1)
  const perPage = Number.isFinite(perRaw) && perRaw >= 1 ? Math.min(100, Math.floor(perRaw)) : 30
  const page = Number.isFinite(pageRaw) && pageRaw >= 1 ? Math.floor(pageRaw) : 1
  return { perPage, page }
}

/** GitHub's `Link` header: `prev`, `next`, `last`, `first`, each the same URL with another `page`. */
export function linkHeader(
  req: EmulatorRequest,
  fullPath: string,
  page: number,
  lastPage: number
): string | undefined {
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(req.query)
    q.set('page', String(p))
    return `<${req.baseUrl}${fullPath}?${q.toString()}>; rel="${rel}"`
  }
  const parts: string[] = []
  if (page > 1) parts.push(link(Math.min(page - 1, lastPage), 'prev'))
  if (page < lastPage) parts.push(link(page + 1, 'next'), link(lastPage, 'last'))
  if (page > 1) parts.push(link(1, 'first'))
  return parts.length ? parts.join(', ') : undefined
}

/** One page of `items` as a JSON array (or wrapped, e.g. `{ total_count, workflow_runs }`). */
export function paginate<T>(
  ctx: RestContext,
  items: T[],
  toJson: (item: T) => unknown,
  wrap?: (page: unknown[], total: number) => unknown
): EmulatorResponse {
  const { perPage, page } = pageParams(ctx.req.query)
  const lastPage = Math.max(1, Math.ceil(items.length / perPage))
  const slice = items.slice((page - 1) * perPage, page * perPage).map(toJson)
  const fullPath = `/repos/${ctx.req.owner}/${ctx.req.repo}${ctx.req.path}`
  const link = linkHeader(ctx.req, ctx.req.owner ? fullPath : ctx.req.path, page, lastPage)
  return { status: 200, body: wrap ? wrap(slice, items.length) : slice, headers: link ? { link } : {} }
}

export function ok(body: unknown, status = 200): EmulatorResponse {
  return { status, body }
}

export function nowIso(): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** Sort helper: compare ISO strings then ids. */
export function byTime<T>(time: (t: T) => string, id: (t: T) => number, direction: 'asc' | 'desc') {
  const sign = direction === 'asc' ? 1 : -1
  return (a: T, b: T) => {
    const ta = time(a)
    const tb = time(b)
    return sign * (ta < tb ? -1 : ta > tb ? 1 : id(a) - id(b))
  }
}
