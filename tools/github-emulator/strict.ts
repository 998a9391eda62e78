/**
 * The strict profile's checks, each giving GitHub's answer or `undefined` (go on): secondary limits
 * (concurrency, points per minute), content creation, request-body sizes, `client_payload` sizes,
 * GraphQL exhaustion and the processing-time model's timeout answers.
 */
import { Credentials, type Credential } from './credentials.js'
import type { Profile, SecondaryAnswer, TimeoutForm } from './profile.js'
import type { EmulatorResponse } from './types.js'

/** An answer that always has a body. */
export type Answer = EmulatorResponse & { body: unknown }

const DOCS = 'https://docs.github.com/rest'
const SECONDARY_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'

/** REST routes (templates) that create content, as GitHub's content-creation limit counts them. */
export const CONTENT_ROUTES = new Set([
  'POST /repos/{owner}/{repo}/issues',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'POST /repos/{owner}/{repo}/deployments',
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
  'POST /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/releases'
])

export class StrictChecks {
  private turns = { secondary: 0, content: 0, tree: 0, timeout: 0, rateLimited: 0 }

  constructor(
    readonly profile: Profile,
    private readonly now: () => number
  ) {}

  private answer(answers: SecondaryAnswer[], turn: number, message: string): EmulatorResponse {
    const pick = answers[turn % Math.max(1, answers.length)] ?? { status: 403 }
    return {
      status: pick.status,
      headers: pick.retryAfter === undefined ? {} : { 'retry-after': String(pick.retryAfter) },
      body: { message, documentation_url: SECONDARY_DOCS, status: String(pick.status) }
    }
  }

  private secondary(): EmulatorResponse {
    return this.answer(
      this.profile.secondary.answers,
      this.turns.secondary++,
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID EMULATOR.'
    )
  }

  /** Too many requests in flight for this credential (call `release` when the answer is sent). */
  enter(credential: Credential): EmulatorResponse | undefined {
    credential.inFlight++
    const max = this.profile.secondary.concurrent
    return max !== undefined && credential.inFlight > max ? this.secondary() : undefined
  }

  release(credential: Credential): void {
    credential.inFlight = Math.max(0, credential.inFlight - 1)
  }

  /** Points per minute: REST GET 1 and writes 5; GraphQL queries 1 and mutations 5 (GitHub's table). */
  perMinute(credential: Credential, graphql: boolean, writes: boolean): EmulatorResponse | undefined {
    const limit = graphql
      ? this.profile.secondary.graphqlPointsPerMinute
      : this.profile.secondary.restPointsPerMinute
    if (limit === undefined) return undefined
    const used = Credentials.bump(
      credential,
      graphql ? 'graphql/min' : 'rest/min',
      60,
      this.now(),
      writes ? 5 : 1
    )
    return used > limit ? this.secondary() : undefined
  }

  /** Content creation: 80 a minute and 500 an hour; `retry-after` mostly absent. */
  contentCreation(credential: Credential, creates: boolean): EmulatorResponse | undefined {
    const { perMinute, perHour, answers } = this.profile.contentCreation
    if (!creates || (perMinute === undefined && perHour === undefined)) return undefined
    const minute = Credentials.bump(credential, 'content/min', 60, this.now())
    const hour = Credentials.bump(credential, 'content/hour', 3600, this.now())
    if ((perMinute !== undefined && minute > perMinute) || (perHour !== undefined && hour > perHour))
      return this.answer(
        answers,
        this.turns.content++,
        'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID EMULATOR.'
      )
    return undefined
  }

  /** Big `POST git/trees` bodies time out (502, then 422 "request timed out"); big blobs are refused. */
  body(method: string, path: string, bytes: number): EmulatorResponse | undefined {
    if (method !== 'POST') return undefined
    const { treeBodyBytes, blobBodyBytes } = this.profile
    if (treeBodyBytes !== undefined && /\/git\/trees$/.test(path) && bytes > treeBodyBytes)
      return this.turns.tree++ % 2 === 0
        ? { status: 502, body: { message: 'Server Error' } }
        : { status: 422, body: { message: 'request timed out', documentation_url: DOCS, status: '422' } }
    if (blobBodyBytes !== undefined && /\/git\/blobs$/.test(path) && bytes > blobBodyBytes)
      return {
        status: 422,
        body: {
          message: `Invalid request.\n\nThe blob is larger than ${blobBodyBytes} bytes.`,
          documentation_url: DOCS,
          status: '422'
        }
      }
    return undefined
  }

  /** `repository_dispatch`: at most 10 top-level `client_payload` keys, under 64 KB. */
  clientPayload(method: string, path: string, body: unknown): EmulatorResponse | undefined {
    const limits = this.profile.clientPayload
    if (!limits || method !== 'POST' || !/^\/repos\/[^/]+\/[^/]+\/dispatches$/.test(path)) return undefined
    const payload = (body as { client_payload?: unknown } | undefined)?.client_payload
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined
    const keys = Object.keys(payload).length
    const invalid = (message: string): EmulatorResponse => ({
      status: 422,
      body: { message: `Invalid request.\n\n${message}`, documentation_url: DOCS, status: '422' }
    })
    if (keys > limits.maxKeys)
      return invalid(
        `For 'properties/client_payload', ${keys} properties were supplied; no more than ${limits.maxKeys} are allowed.`
      )
    const bytes = Buffer.byteLength(JSON.stringify(payload))
    if (bytes >= limits.maxBytes)
      return invalid(`client_payload is ${bytes} bytes; it must be under ${limits.maxBytes} bytes.`)
    return undefined
  }

  /** GraphQL exhaustion: 200, `errors[].type` RATE_LIMITED (or RATE_LIMIT, in turn). */
  rateLimited(): Answer {
    const types = this.profile.rateLimitedTypes.length ? this.profile.rateLimitedTypes : ['RATE_LIMITED']
    const type = types[this.turns.rateLimited++ % types.length]
    return {
      status: 200,
      body: { errors: [{ type, message: 'API rate limit already exceeded for installation ID 1.' }] }
    }
  }

  /** Milliseconds the model gives a query asking for `nodes` nodes. */
  processingMs(nodes: number): number {
    const p = this.profile.processing
    return p.enabled ? p.baseMs + p.msPerNode * nodes : 0
  }

  /** The timeout form for a query over the limit (the profile's forms, in turn), or undefined. */
  timeoutForm(nodes: number): TimeoutForm | undefined {
    const p = this.profile.processing
    if (!p.enabled || !p.forms.length || this.processingMs(nodes) <= p.limitMs) return undefined
    return p.forms[this.turns.timeout++ % p.forms.length]
  }
}

const WENT_WRONG =
  'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `EMULATOR` when reporting this issue.'

/** GitHub's answer for a timed-out query; `partial` is the executed data for RESOURCE_LIMITS_EXCEEDED. */
export function timeoutAnswer(form: TimeoutForm, partial?: unknown): Answer {
  switch (form) {
    case '502':
      return { status: 502, body: { data: null, errors: [{ message: WENT_WRONG }] } }
    case '504':
      return {
        status: 504,
        body: {
          message:
            "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
          documentation_url: DOCS
        }
      }
    case '500':
      return { status: 500, body: { message: 'Server Error', documentation_url: DOCS } }
    case 'something-went-wrong':
      return { status: 200, body: { data: null, errors: [{ message: WENT_WRONG }] } }
    case 'resource-limits':
      return {
        status: 200,
        body: {
          data: partial ?? null,
          errors: [
            {
              type: 'RESOURCE_LIMITS_EXCEEDED',
              message: 'Resource limits for this query exceeded.'
            }
          ]
        }
      }
  }
}

/** Partial data: every connection nested inside another connection's nodes becomes null. */
export function pruneNested(value: unknown, insideConnection = false): unknown {
  if (Array.isArray(value)) return value.map((v) => pruneNested(v, insideConnection))
  if (!value || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  const isConnection = 'nodes' in obj || 'edges' in obj || 'pageInfo' in obj
  if (isConnection && insideConnection) return null
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj))
    out[k] = pruneNested(v, insideConnection || (isConnection && (k === 'nodes' || k === 'edges')))
  return out
}

/** A short description of a GraphQL request for traces: its operation name or its first characters. */
export function describeQuery(request: { query?: unknown; operationName?: unknown }): string {
  const text = typeof request.query === 'string' ? request.query.replace(/\s+/g, ' ').trim() : ''
  const named = /^(query|mutation)\s+(\w+)/.exec(text)
  return named ? `${named[1]} ${named[2]}` : JSON.stringify(text.slice(0, 120))
}
