/**
 * The default page sizes against GitHub's per-query limits: the nodes each round asks for, counted by
 * the emulator's cost model (GitHub's rules, on GitHub's schema) from the documents the sync sends, stay
 * within ROUND_NODE_BUDGET, far under 500,000 nodes and inside the github profile's 10 s processing
 * model. The node formulas the defaults are computed from must match the documents.
 */
import { parse, type OperationDefinitionNode } from 'graphql'
import {
  COLLECTION_PARTS,
  type CollectionPart,
  DEFAULT_PAGE_SIZES,
  followUpRequestNodes,
  itemNodes,
  MAX_PAGE,
  PAGE_NODE_BUDGETS,
  type PageSizes,
  ROUND_NODE_BUDGET,
  roundNodes
} from '../../src/github/page-size.js'
import {
  commitsPart,
  deploymentsPart,
  issuesPart,
  type Order,
  pullsPart,
  releasesPart,
  roundDocument,
  type RoundPart,
  timelineFollowUpQuery
} from '../../src/github/queries.js'
import { computeCost, MAX_NODES } from '../../tools/github-emulator/graphql/cost.js'
import { githubSchema } from '../../tools/github-emulator/graphql/schema.js'
import { GITHUB_PROFILE } from '../../tools/github-emulator/profile.js'
import { StrictChecks } from '../../tools/github-emulator/strict.js'

/** GitHub's node count (and the cost model's errors) of a document with these variables. */
function count(document: string, variables: Record<string, unknown>): { nodes: number; errors: string[] } {
  const operation = parse(document).definitions[0] as OperationDefinitionNode
  const cost = computeCost(githubSchema(), operation, {}, variables, true)
  return { nodes: cost.nodeCount, errors: cost.errors }
}

/** A collection's round part and its variables at these sizes (`top`: the cold backfill's probe too). */
function partOf(part: CollectionPart, sizes: PageSizes, order: Order, top: boolean) {
  const nested = { timelineFirst: sizes.timeline, labelsFirst: sizes.labels }
  const page = { [`${part}First`]: sizes[part], [`${part}After`]: null }
  const parts: Record<CollectionPart, () => { part: RoundPart; variables: Record<string, unknown> }> = {
    pulls: () => ({ part: pullsPart(order, top), variables: { ...page, ...nested } }),
    issues: () => ({ part: issuesPart(order, top), variables: { ...page, ...nested } }),
    commits: () => ({ part: commitsPart(), variables: { ...page, commitsSince: null } }),
    deployments: () => ({ part: deploymentsPart(), variables: page }),
    releases: () => ({ part: releasesPart(), variables: page })
  }
  return parts[part]()
}

/** The round document of these collections at these sizes, counted. */
function round(sizes: PageSizes, parts: readonly CollectionPart[], order: Order, top: boolean) {
  const built = parts.map((p) => partOf(p, sizes, order, top))
  const variables = Object.assign({ owner: 'o', name: 'r' }, ...built.map((b) => b.variables))
  return count(roundDocument(built.map((b) => b.part)), variables)
}

const strict = new StrictChecks(GITHUB_PROFILE, () => 0)

describe('node counts follow the documents', () => {
  const shapes: Array<[string, PageSizes]> = [
    ['the defaults', DEFAULT_PAGE_SIZES],
    ['small pages', { ...DEFAULT_PAGE_SIZES, pulls: 7, issues: 3, commits: 11, deployments: 5, releases: 2 }],
    ['small nested pages', { ...DEFAULT_PAGE_SIZES, timeline: 13, labels: 1 }],
    [
      'every page at 100',
      {
        pulls: 100,
        issues: 100,
        commits: 100,
        deployments: 100,
        releases: 100,
        timeline: 100,
        labels: 100,
        followUps: 10
      }
    ]
  ]
  it.each(shapes.flatMap(([name, sizes]) => COLLECTION_PARTS.map((part) => [part, name, sizes] as const)))(
    '%s, %s: page × nodes per item',
    (part, _name, sizes) => {
      const withTop = part === 'pulls' || part === 'issues'
      const cold = round(sizes, [part], 'CREATED_ASC', withTop)
      expect(cold.errors).toEqual([])
      expect(cold.nodes).toBe(sizes[part] * itemNodes(part, sizes) + (withTop ? 1 : 0))
      expect(round(sizes, [part], 'UPDATED_DESC', false).nodes).toBe(sizes[part] * itemNodes(part, sizes))
    }
  )

  it.each(shapes)('a whole cold round, %s: roundNodes', (_name, sizes) => {
    expect(round(sizes, COLLECTION_PARTS, 'CREATED_ASC', true).nodes).toBe(roundNodes(sizes))
  })

  it.each([1, 4, 10])('a timeline follow-up for %i nodes', (n) => {
    const sizes = { ...DEFAULT_PAGE_SIZES, followUps: n }
    const variables: Record<string, unknown> = { timelineFirst: sizes.timeline }
    for (let i = 0; i < n; i++) Object.assign(variables, { [`id${i}`]: `PR_${i}`, [`after${i}`]: 'c' })
    expect(count(timelineFollowUpQuery('pull', n), variables).nodes).toBe(followUpRequestNodes(sizes))
    expect(count(timelineFollowUpQuery('issue', n), variables).nodes).toBe(followUpRequestNodes(sizes))
  })
})

describe('the default first pages fit GitHub’s limits with margin', () => {
  const cold = round(DEFAULT_PAGE_SIZES, COLLECTION_PARTS, 'CREATED_ASC', true)

  it('a cold round carrying every collection stays within the round budget', () => {
    expect(cold.errors).toEqual([])
    expect(cold.nodes).toBeLessThanOrEqual(ROUND_NODE_BUDGET)
    expect(cold.nodes).toBeLessThanOrEqual(MAX_NODES * 0.03)
    expect(round(DEFAULT_PAGE_SIZES, COLLECTION_PARTS, 'UPDATED_DESC', false).nodes).toBeLessThan(cold.nodes)
  })

  it('and within three quarters of the 10 s GitHub allows, in the github profile’s processing model', () => {
    expect(strict.processingMs(cold.nodes)).toBeLessThanOrEqual(GITHUB_PROFILE.processing.limitMs * 0.75)
    expect(strict.timeoutForm(cold.nodes)).toBeUndefined()
    // The sizes used before (50 pull requests and issues with 100 timeline items and 100 labels each) did not fit.
    const before = { ...DEFAULT_PAGE_SIZES, pulls: 50, issues: 50, timeline: 100, labels: 100 }
    expect(strict.timeoutForm(round(before, COLLECTION_PARTS, 'CREATED_ASC', true).nodes)).toBeDefined()
  })

  it.each(COLLECTION_PARTS)('%s: the largest page whose items fit its node budget', (part) => {
    const budget = PAGE_NODE_BUDGETS[part]
    const page = DEFAULT_PAGE_SIZES[part]
    const perItem = itemNodes(part, DEFAULT_PAGE_SIZES)
    expect(page).toBeGreaterThanOrEqual(1)
    expect(page).toBeLessThanOrEqual(MAX_PAGE)
    expect(page * perItem).toBeLessThanOrEqual(budget)
    if (page < MAX_PAGE) expect((page + 1) * perItem).toBeGreaterThan(budget)
  })

  it('the collections’ node budgets together fit the round’s, with room for the probes', () => {
    const total = COLLECTION_PARTS.reduce((sum, part) => sum + PAGE_NODE_BUDGETS[part], 0)
    expect(total).toBeLessThanOrEqual(ROUND_NODE_BUDGET)
    expect(roundNodes(DEFAULT_PAGE_SIZES)).toBeLessThanOrEqual(total)
  })

  it('a follow-up at the default sizes asks for far fewer nodes than a round', () => {
    expect(followUpRequestNodes(DEFAULT_PAGE_SIZES)).toBeLessThanOrEqual(ROUND_NODE_BUDGET / 4)
  })
})
