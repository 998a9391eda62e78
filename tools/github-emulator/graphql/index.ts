/**
 * `POST /graphql`: parse, validate against GitHub's schema (a document GitHub would reject is
 * rejected here, with HTTP 200 and `errors` like GitHub), check resource limits, compute the cost,
 * then execute with the emulator's resolvers.
 */
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValueNode
} from 'graphql'
import type { EmulatorState } from '../state.js'
import type { Permissions, TimeoutForm } from '../profile.js'
import { fullName, worldOf, EVERYONE, type EmulatorWorld, type Viewer } from '../world.js'
import { pruneNested, timeoutAnswer } from '../strict.js'
import { computeCost } from './cost.js'
import { forbiddenField } from './permissions.js'
import { bindState, boundState, resolvers, type GraphqlContext } from './resolvers.js'
import { githubSchema } from './schema.js'

export interface GraphqlRequest {
  query?: unknown
  variables?: unknown
  operationName?: unknown
}

export interface GraphqlOutcome {
  status: number
  body: unknown
  cost: number
  /** Largest page any connection asked for (0 when the document did not get that far). */
  largestPage: number
  isMutation: boolean
  /** What the github profile refused or cut (`RATE_LIMITED`, `timeout 502`, `FORBIDDEN`), if anything. */
  refusal?: string
}

export interface RateBudget {
  limit: number
  used: number
  resetAt: string
}

/** The strict profile's part in answering a query (absent: lenient, today's behaviour). */
export interface GraphqlStrictness {
  totalCountWithoutPage: boolean
  /** The token's permissions: a field needing one it lacks answers FORBIDDEN. */
  permissions?: Permissions
  /** The rate-limited answer when the query costs more than what is left. */
  rateLimited: () => { status: number; body: unknown }
  /** The timeout form for a query asking for this many nodes, or undefined. */
  timeoutForm: (nodes: number) => TimeoutForm | undefined
}

const documents = new Map<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>()

function parsed(query: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
  const hit = documents.get(query)
  if (hit) return hit
  let result: { document: DocumentNode } | { errors: readonly GraphQLError[] }
  try {
    const document = parse(query)
    const errors = validate(githubSchema(), document)
    result = errors.length ? { errors } : { document }
  } catch (error) {
    result = { errors: [error as GraphQLError] }
  }
  if (documents.size > 500) documents.clear()
  documents.set(query, result)
  return result
}

const fieldResolver: GraphQLFieldResolver<Record<string, unknown>, GraphqlContext> = (
  source,
  args,
  ctx,
  info
) => {
  const key = `${info.parentType.name}.${info.fieldName}`
  const forbidden = forbiddenField(key, ctx.permissions)
  if (forbidden) throw forbidden
  const resolver = resolvers[key]
  if (!ctx.world.multi) {
    if (resolver) return resolver(source ?? {}, args, ctx)
    return ownField(source, key, info.fieldName, args, ctx)
  }
  // Several repositories: an object answers from the repository it came from, and whatever it
  // resolves to belongs to that repository too (unless a resolver bound it to another one).
  const state = (source && boundState(source)) || ctx.state
  const local = state === ctx.state ? ctx : ctx.forState(state)
  const value = resolver
    ? resolver(source ?? {}, args, local)
    : ownField(source, key, info.fieldName, args, local)
  bindState(value, state)
  return value
}

/** A field read from the object itself (a function-valued property is called with the arguments). */
export function ownField(
  source: Record<string, unknown> | null | undefined,
  key: string,
  field: string,
  args: unknown,
  ctx: unknown
): unknown {
  const value = source?.[field]
  if (value === undefined) throw new Error(`Field "${key}" is not emulated`)
  if (typeof value === 'function')
    return (value as (a: unknown, c: unknown) => unknown).call(source, args, ctx)
  return value
}

const typeResolver: GraphQLTypeResolver<Record<string, unknown>, GraphqlContext> = (value) =>
  value?.__typename as string | undefined

function errorBody(messages: string[], type?: string): unknown {
  return { errors: messages.map((message) => (type ? { type, message } : { message })) }
}

/** Only the parse/validate/limit steps: the cost and page size of a document (for faults and stats). */
export function inspectGraphql(
  request: GraphqlRequest,
  totalCountWithoutPage = false
): {
  cost: number
  largestPage: number
  isMutation: boolean
  nodeCount: number
  /** `owner/name` (lower case) of every top-level `repository(owner:, name:)` the operation names. */
  repositories: string[]
  /** The ids of top-level `node(id:)` and `nodes(ids:)` fields. */
  nodeIds: string[]
} {
  const none = { cost: 0, largestPage: 0, isMutation: false, nodeCount: 0, repositories: [], nodeIds: [] }
  if (typeof request.query !== 'string') return none
  const doc = parsed(request.query)
  if (!('document' in doc)) return none
  const operation = pickOperation(doc.document, request.operationName)
  if (!operation) return none
  const info = computeCost(
    githubSchema(),
    operation,
    fragmentsOf(doc.document),
    variablesOf(request),
    totalCountWithoutPage
  )
  return {
    cost: info.errors.length ? 0 : info.cost,
    largestPage: info.largestPage,
    isMutation: operation.operation === 'mutation',
    nodeCount: info.nodeCount,
    ...namedTargets(operation, fragmentsOf(doc.document), variablesOf(request))
  }
}

/** What a query's top-level fields name: `repository(owner, name)`, `node(id)`, `nodes(ids)`. */
function namedTargets(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>
): { repositories: string[]; nodeIds: string[] } {
  const out = new Set<string>()
  const ids = new Set<string>()
  const value = (node: ValueNode | undefined): unknown =>
    !node
      ? undefined
      : node.kind === Kind.VARIABLE
        ? variables[node.name.value]
        : node.kind === Kind.STRING
          ? node.value
          : node.kind === Kind.LIST
            ? node.values.map((v) => value(v))
            : undefined
  const walk = (selections: readonly SelectionNode[], seen: Set<string>) => {
    for (const sel of selections) {
      if (sel.kind === Kind.FIELD && sel.name.value === 'repository') {
        const arg = (name: string) => value(sel.arguments?.find((a) => a.name.value === name)?.value)
        const owner = arg('owner')
        const name = arg('name')
        if (typeof owner === 'string' && typeof name === 'string') out.add(fullName(owner, name))
      } else if (sel.kind === Kind.FIELD && (sel.name.value === 'node' || sel.name.value === 'nodes')) {
        const given = value(
          sel.arguments?.find((a) => a.name.value === 'id' || a.name.value === 'ids')?.value
        )
        for (const id of Array.isArray(given) ? given : [given]) if (typeof id === 'string') ids.add(id)
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet.selections, seen)
      else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
        seen.add(sel.name.value)
        const fragment = fragments[sel.name.value]
        if (fragment) walk(fragment.selectionSet.selections, seen)
      }
    }
  }
  walk(operation.selectionSet.selections, new Set())
  return { repositories: [...out], nodeIds: [...ids] }
}

function pickOperation(document: DocumentNode, operationName: unknown): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
  )
  if (typeof operationName === 'string') return ops.find((o) => o.name?.value === operationName)
  return ops.length === 1 ? ops[0] : undefined
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const out: Record<string, FragmentDefinitionNode> = {}
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d
  return out
}

function variablesOf(request: GraphqlRequest): Record<string, unknown> {
  return request.variables && typeof request.variables === 'object'
    ? (request.variables as Record<string, unknown>)
    : {}
}

export async function handleGraphql(
  state: EmulatorState,
  request: GraphqlRequest,
  budget: RateBudget,
  strict?: GraphqlStrictness,
  /** The repositories served and what the token may see (absent: `state` alone, all visible). */
  scope?: { world: EmulatorWorld; viewer: Viewer }
): Promise<GraphqlOutcome> {
  const none = { cost: 0, largestPage: 0, isMutation: false }
  if (typeof request.query !== 'string' || !request.query.trim())
    return {
      status: 200,
      body: errorBody(['A query attribute must be specified and must be a string.']),
      ...none
    }
  const doc = parsed(request.query)
  if (!('document' in doc))
    return { status: 200, body: { errors: doc.errors.map((e) => e.toJSON()) }, ...none }
  const operation = pickOperation(doc.document, request.operationName)
  if (!operation)
    return {
      status: 200,
      body: errorBody([
        typeof request.operationName === 'string'
          ? `No operation named "${request.operationName}"`
          : 'An operation name is required when the document has several operations'
      ]),
      ...none
    }
  const variables = variablesOf(request)
  const info = computeCost(
    githubSchema(),
    operation,
    fragmentsOf(doc.document),
    variables,
    strict?.totalCountWithoutPage === true
  )
  const isMutation = operation.operation === 'mutation'
  if (info.errors.length)
    return {
      status: 200,
      body: errorBody(
        info.errors,
        info.nodeCount > 500_000 ? 'MAX_NODE_LIMIT_EXCEEDED' : 'EXCESSIVE_PAGINATION'
      ),
      cost: 0,
      largestPage: info.largestPage,
      isMutation
    }
  if (strict && budget.used + info.cost > budget.limit)
    return {
      ...strict.rateLimited(),
      cost: 0,
      largestPage: info.largestPage,
      isMutation,
      refusal: 'RATE_LIMITED'
    }
  const timedOut = strict && !isMutation ? strict.timeoutForm(info.nodeCount) : undefined
  // A timed-out query still costs its points (GitHub charges them).
  const charged = {
    cost: info.cost,
    largestPage: info.largestPage,
    isMutation,
    refusal: `timeout ${timedOut}`
  }
  if (timedOut && timedOut !== 'resource-limits') return { ...timeoutAnswer(timedOut), ...charged }
  const used = budget.used + info.cost
  const world = scope?.world ?? worldOf(state)
  const contexts = new Map<EmulatorState, GraphqlContext>()
  const ctx: GraphqlContext = {
    state,
    world,
    viewer: scope?.viewer ?? EVERYONE,
    forState(other) {
      let found = contexts.get(other)
      if (!found) contexts.set(other, (found = { ...ctx, state: other }))
      return found
    },
    rateLimit: {
      limit: budget.limit,
      cost: info.cost,
      remaining: Math.max(0, budget.limit - used),
      resetAt: budget.resetAt,
      used,
      nodeCount: info.nodeCount
    },
    permissions: strict?.permissions
  }
  const result = await execute({
    schema: githubSchema(),
    document: doc.document,
    rootValue: {},
    contextValue: ctx,
    variableValues: variables,
    operationName: operation.name?.value,
    fieldResolver,
    typeResolver
  })
  if (timedOut) return { ...timeoutAnswer(timedOut, pruneNested(result.data ?? null)), ...charged }
  const body: Record<string, unknown> = {}
  if (result.data !== undefined) body.data = result.data
  if (result.errors?.length)
    body.errors = result.errors.map((e) => {
      const json = e.toJSON() as unknown as Record<string, unknown>
      const original = e.originalError as { type?: string; extensions?: unknown } | undefined
      const type = original?.type
      if (original?.extensions && !json.extensions) json.extensions = original.extensions
      return type ? { type, ...json } : json
    })
  const forbidden = result.errors?.some(
    (e) => (e.originalError as { type?: string } | undefined)?.type === 'FORBIDDEN'
  )
  return {
    status: 200,
    body,
    cost: info.cost,
    largestPage: info.largestPage,
    isMutation,
    ...(forbidden ? { refusal: 'FORBIDDEN' } : {})
  }
}
