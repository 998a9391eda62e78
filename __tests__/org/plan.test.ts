import {
  WARM_POINTS,
  balanceShards,
  budgetShares,
  expectedPoints,
  planRun,
  type PlannedRepository
} from '../../src/org/plan.js'

const repo = (name: string, pullRequests?: number, issues?: number): PlannedRepository => ({
  owner: 'acme',
  name,
  archived: false,
  fork: false,
  topics: [],
  pushedAt: null,
  sizeKb: 1,
  defaultBranch: 'main',
  pullRequests,
  issues
})

describe('expectedPoints', () => {
  it('is a warm report for a current repository, else a backfill by its size (unknown: 1,000 of each)', () => {
    const status = { state: 'current' as const, lastCompleteAt: '2026-12-01T00:00:00Z' }
    expect(expectedPoints(repo('a', 50_000, 10_000), status)).toBe(WARM_POINTS)
    expect(expectedPoints(repo('a', 50_000, 10_000), undefined)).toBe(WARM_POINTS + 3000 + 200)
    expect(expectedPoints(repo('a', 50_000, 10_000), { state: 'partial', lastCompleteAt: null })).toBe(3215)
    expect(expectedPoints(repo('a'), undefined)).toBe(WARM_POINTS + 80)
  })
})

describe('balanceShards', () => {
  it('puts every repository in exactly one shard, the costliest first to the least loaded', () => {
    const costs = [
      { repository: 'acme/big', points: 900 },
      { repository: 'acme/mid', points: 500 },
      { repository: 'acme/mid2', points: 450 },
      ...Array.from({ length: 20 }, (_, i) => ({
        repository: `acme/s${String(i).padStart(2, '0')}`,
        points: 20
      }))
    ]
    const shards = balanceShards(costs, 3)
    expect(shards.map((s) => s.index)).toEqual([0, 1, 2])
    const all = shards.flatMap((s) => s.repositories).sort()
    expect(all).toEqual(costs.map((c) => c.repository).sort())
    expect(shards.map((s) => s.points).reduce((a, b) => a + b)).toBe(900 + 500 + 450 + 400)
    // the big one alone is most of a shard; the others share the rest evenly
    expect(shards[0]).toMatchObject({ repositories: ['acme/big'], points: 900 })
    expect(Math.abs(shards[1].points - shards[2].points)).toBeLessThanOrEqual(20)
    // deterministic
    expect(balanceShards([...costs].reverse(), 3)).toEqual(shards)
  })

  it('makes no more shards than repositories, and refuses a count below 1', () => {
    expect(balanceShards([{ repository: 'acme/a', points: 1 }], 8)).toHaveLength(1)
    expect(() => balanceShards([], 0)).toThrow(/shard count/)
  })
})

describe('budgetShares', () => {
  it('gives each shard its warm reports first, then the rest by backfill cost, never more than remaining', () => {
    const shards = [
      { index: 0, repositories: ['a', 'b'], points: 2 * WARM_POINTS + 600 },
      { index: 1, repositories: ['c', 'd', 'e'], points: 3 * WARM_POINTS }
    ]
    const shares = budgetShares(shards, 500)
    expect(shares[1]).toBe(3 * WARM_POINTS)
    expect(shares[0]).toBe(500 - 3 * WARM_POINTS)
    expect(shares.reduce((a, b) => a + b)).toBeLessThanOrEqual(500)
    // too little for every warm report: in proportion to them
    const tight = budgetShares(shards, 50)
    expect(tight).toEqual([20, 30])
  })

  it('plans a run: shards with budgets from the statuses', () => {
    const plan = planRun(
      [repo('big', 20_000, 5_000), repo('small', 10, 10), repo('done', 99_000, 1)],
      { 'acme/done': { state: 'current', lastCompleteAt: '2026-12-01T00:00:00Z' } },
      2,
      900
    )
    expect(plan.shards.map((s) => s.repositories)).toEqual([['acme/big'], ['acme/done', 'acme/small']])
    expect(plan.shards.reduce((a, s) => a + s.budget, 0)).toBeLessThanOrEqual(900)
    expect(plan.shards[1].budget).toBeGreaterThanOrEqual(2 * WARM_POINTS)
  })
})
