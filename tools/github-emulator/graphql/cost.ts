/**
 * GitHub's GraphQL resource limits: every connection needs `first` or `last` (1..100), a query may
 * request at most 500,000 nodes, and its cost is the number of requests its connections imply
 * (the product of the page sizes of the connections above each one), summed, divided by 100,
 * rounded, at least 1.
 */
import {
  getNamedType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode
} from 'graphql'

export interface QueryCost {
  cost: number
  nodeCount: number
  /** The largest page size any one connection asks for (for the server-error fault). */
  largestPage: number
  errors: string[]
}

export const MAX_NODES = 500_000

function intValue(
  node: ValueNode | undefined,
  variables: Record<string, unknown>
): number | null | undefined {
  if (!node) return undefined
  if (node.kind === Kind.INT) return Number(node.value)
  if (node.kind === Kind.NULL) return null
  if (node.kind === Kind.VARIABLE) {
    const v = variables[node.name.value]
    return typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v)
  }
  return undefined
}

/** True when a selection asks for nothing but `totalCount` (and `__typename`). */
function onlyTotalCount(set: SelectionSetNode | undefined): boolean {
  return (
    set !== undefined &&
    set.selections.every(
      (s) => s.kind === Kind.FIELD && (s.name.value === 'totalCount' || s.name.value === '__typename')
    )
  )
}

export function computeCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  /** GitHub accepts a connection asked only for `totalCount` without `first`/`last`. */
  totalCountWithoutPage = false
): QueryCost {
  const result: QueryCost = { cost: 0, nodeCount: 0, largestPage: 0, errors: [] }
  let requests = 0
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType()
  if (!root) return { ...result, cost: 1 }

  const visit = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    multiplier: number,
    seen: Set<string>
  ) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition
          ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType)
          : parent
        if (type) visit(sel.selectionSet, type, multiplier, seen)
        continue
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[sel.name.value]
        if (!fragment || seen.has(fragment.name.value)) continue
        const type = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType
        visit(fragment.selectionSet, type, multiplier, new Set([...seen, fragment.name.value]))
        continue
      }
      if (sel.name.value.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) continue
      const def = parent.getFields()[sel.name.value]
      if (!def) continue
      const named = getNamedType(def.type)
      let childMultiplier = multiplier
      const isConnection = named.name.endsWith('Connection') && def.args.some((a) => a.name === 'first')
      if (isConnection) {
        const args = sel.arguments ?? []
        const first = intValue(args.find((a) => a.name.value === 'first')?.value, variables)
        const last = intValue(args.find((a) => a.name.value === 'last')?.value, variables)
        const size = first ?? last
        if (
          (size === undefined || size === null) &&
          totalCountWithoutPage &&
          onlyTotalCount(sel.selectionSet)
        ) {
          requests += multiplier
          continue
        }
        if (size === undefined || size === null) {
          result.errors.push(
            `You must provide a \`first\` or \`last\` value to properly paginate the \`${sel.name.value}\` connection.`
          )
          continue
        }
        const which = first !== undefined && first !== null ? 'first' : 'last'
        if (size > 100 || size < 0) {
          result.errors.push(
            `Requesting ${size} records on the \`${sel.name.value}\` connection exceeds the \`${which}\` limit of 100 records.`
          )
          continue
        }
        requests += multiplier
        childMultiplier = multiplier * Math.max(size, 1)
        result.nodeCount += multiplier * size
        result.largestPage = Math.max(result.largestPage, size)
      }
      if (sel.selectionSet && (isObjectType(named) || isInterfaceType(named) || isUnionType(named)))
        visit(sel.selectionSet, named as GraphQLCompositeType, childMultiplier, seen)
    }
  }
  visit(operation.selectionSet, root, 1, new Set())
  if (result.nodeCount > MAX_NODES)
    result.errors.push(
      `This query requests up to ${result.nodeCount.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of 500,000.`
    )
  result.cost = Math.max(1, Math.round(requests / 100))
  return result
}
