/**
 * A tiny GitHub for store tests and the concurrency bench: a node:http server on 127.0.0.1 serving the
 * Git Data REST API (handleGitRest) and GraphQL executed by graphql-js over GitHub's real schema, with
 * `Repository.ref` / `Repository.object` resolved from the GitStore. It counts requests, can refuse
 * writes like a read-only token, and fails chosen requests on demand.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildSchema, graphql, type GraphQLSchema } from 'graphql'
import { schema as githubSchema } from '@octokit/graphql-schema'
import {
  GitStore,
  handleGitRest,
  resolveObject,
  resolveRef
} from '../../../tools/github-emulator/git/index.js'
import type { EmulatorRequest } from '../../../tools/github-emulator/types.js'

let cachedSchema: GraphQLSchema | undefined
export function githubGraphqlSchema(): GraphQLSchema {
  cachedSchema ??= buildSchema(githubSchema.idl, { assumeValidSDL: true })
  return cachedSchema
}

export interface RecordedRequest {
  method: string
  /** Path without the query, e.g. `/repos/o/r/git/trees` or `/graphql`. */
  path: string
}

/** Decides whether to fail a request: return a status to fail it with, or undefined. */
export type FaultRule = (request: RecordedRequest, index: number) => number | undefined

export interface TestGitHub {
  url: string
  git: GitStore
  requests: RecordedRequest[]
  /** When true, every write (POST/PATCH/DELETE outside /graphql) gets 403 like a fork's token. */
  readOnly: boolean
  /** Fault rules checked for each request, before it is handled (so a failed request changes nothing). */
  faults: FaultRule[]
  /** Rules checked after a request was handled: its effect stays, but the client gets the error status. */
  lostResponses: FaultRule[]
  /** Counts requests by `METHOD kind` (graphql, or the git route family). */
  count(filter?: (r: RecordedRequest) => boolean): number
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    ...headers
  })
  res.end(text)
}

export async function startTestGitHub(options: { git?: GitStore } = {}): Promise<TestGitHub> {
  const git = options.git ?? new GitStore()
  const schema = githubGraphqlSchema()
  const requests: RecordedRequest[] = []
  const state = { readOnly: false, faults: [] as FaultRule[], lostResponses: [] as FaultRule[] }
  let url = ''

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = new URL(req.url ?? '/', url)
    const recorded: RecordedRequest = { method: (req.method ?? 'GET').toUpperCase(), path: parsed.pathname }
    const index = requests.length
    requests.push(recorded)
    const text = await readBody(req)
    for (const rule of state.faults) {
      const status = rule(recorded, index)
      if (status !== undefined) {
        send(res, status, {
          message: `Injected fault (${status})`,
          documentation_url: 'https://docs.github.com/rest'
        })
        return
      }
    }
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      send(res, 400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' })
      return
    }

    if (
      (parsed.pathname === '/graphql' || parsed.pathname === '/api/graphql') &&
      recorded.method === 'POST'
    ) {
      const { query, variables } = (body ?? {}) as { query?: string; variables?: Record<string, unknown> }
      const rootValue = {
        repository: (args: { owner: string; name: string }) => ({
          nameWithOwner: `${args.owner}/${args.name}`,
          ref: ({ qualifiedName }: { qualifiedName: string }) => resolveRef(git, qualifiedName),
          object: ({ expression, oid }: { expression?: string; oid?: string }) =>
            resolveObject(git, (expression ?? oid) as string)
        })
      }
      const result = await graphql({ schema, source: query ?? '', variableValues: variables, rootValue })
      send(res, 200, result)
      return
    }

    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(parsed.pathname)
    if (!m) {
      send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
      return
    }
    if (state.readOnly && recorded.method !== 'GET') {
      send(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
        status: '403'
      })
      return
    }
    const emulatorRequest: EmulatorRequest = {
      method: recorded.method,
      path: m[3],
      query: parsed.searchParams,
      body,
      headers: req.headers,
      baseUrl: url,
      owner: m[1],
      repo: m[2]
    }
    const response = handleGitRest(git, emulatorRequest)
    if (!response) {
      send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
      return
    }
    for (const rule of state.lostResponses) {
      const status = rule(recorded, index)
      if (status !== undefined) {
        send(res, status, {
          message: `Injected fault after handling (${status})`,
          documentation_url: 'https://docs.github.com/rest'
        })
        return
      }
    }
    send(res, response.status, response.body, response.headers)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { message: String((e as Error)?.stack ?? e) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    git,
    requests,
    get readOnly() {
      return state.readOnly
    },
    set readOnly(value: boolean) {
      state.readOnly = value
    },
    get faults() {
      return state.faults
    },
    set faults(value: FaultRule[]) {
      state.faults = value
    },
    get lostResponses() {
      return state.lostResponses
    },
    set lostResponses(value: FaultRule[]) {
      state.lostResponses = value
    },
    count(filter?: (r: RecordedRequest) => boolean) {
      return filter ? requests.filter(filter).length : requests.length
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((e) => (e ? reject(e) : resolve()))
      })
    }
  }
}
