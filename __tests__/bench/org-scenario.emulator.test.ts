/**
 * The org scenario at a small size (6 repositories, 300 pull requests, 2 shards), end to end: the
 * emulator in its own process, each job of the workflow a process of the action (src/ through tsx,
 * so that a stale dist/ cannot mislead it). It checks that the figures are measured and agree with
 * each other, not that they meet the targets.
 */
import { DEFAULT_ARGS } from '../../tools/bench/args.js'
import { orgScenario } from '../../tools/bench/org.js'

interface Run {
  requests: { total: number; rest: number; graphql: number }
  graphqlPoints: number
  graphqlThroughProxy: number
  writes: {
    total: number
    rest: number
    graphqlMutations: number
    contentCreating: number
    byRoute: Record<string, number>
  }
  plan: { shards: number; repositories: number; skipped: number } | null
  coverage: { counts: Record<string, number> }
  jobs: Array<{ job: string; exitCode: number; seconds: number; graphqlRequests: number }>
  graphqlByOperation: Array<{ operation: string; requests: number }>
  seconds: number
}

test('the org scenario measures a cold backfill and a warm run', async () => {
  const result = (await orgScenario({
    ...DEFAULT_ARGS,
    scenario: 'org',
    repos: 6,
    prs: 300,
    shards: 2,
    maxRuns: 3,
    entry: 'src'
  })) as unknown as {
    cold: { windows: number | null; complete: boolean; runs: Run[] }
    warm: Run & { states: Record<string, string> }
    targets: Record<string, { measured: number | null; pass: boolean }>
  }
  expect(result.cold.complete).toBe(true)
  expect(result.cold.windows).toBe(result.cold.runs.length)
  for (const run of [...result.cold.runs, result.warm]) {
    expect(run.jobs.map((j) => [j.job, j.exitCode])).toEqual([
      ['plan', 0],
      ['shard-1', 0],
      ['shard-2', 0],
      ['report', 0]
    ])
    expect(run.requests.rest).toBeGreaterThan(0)
    expect(run.requests.graphql).toBeGreaterThan(0)
    expect(run.requests.total).toBe(run.requests.rest + run.requests.graphql)
    expect(run.graphqlPoints).toBeGreaterThan(0)
    // Every GraphQL request of the workflow went through the proxy, and is counted once per job.
    expect(run.graphqlThroughProxy).toBe(run.requests.graphql)
    expect(run.jobs.reduce((n, j) => n + j.graphqlRequests, 0)).toBe(run.requests.graphql)
    expect(run.graphqlByOperation.reduce((n, o) => n + o.requests, 0)).toBe(run.requests.graphql)
    // The shards and the report save to the central branch: commits are REST writes.
    expect(run.writes.byRoute['POST /repos/{owner}/{repo}/git/commits']).toBeGreaterThan(0)
    expect(run.writes.total).toBe(run.writes.rest + run.writes.graphqlMutations)
    expect(run.writes.rest).toBe(Object.values(run.writes.byRoute).reduce((a, b) => a + b, 0))
    expect(run.writes.contentCreating).toBeLessThanOrEqual(run.writes.total)
    expect(run.seconds).toBeGreaterThanOrEqual(Math.max(...run.jobs.map((j) => j.seconds)))
    expect(run.plan?.repositories).toBeGreaterThan(0)
  }
  const planned = result.warm.plan!.repositories
  expect(Object.keys(result.warm.states)).toHaveLength(planned)
  expect(result.cold.runs.at(-1)!.coverage.counts.current).toBe(planned)
  // The warm run reads less than the cold backfill's first window.
  expect(result.warm.requests.graphql).toBeLessThan(result.cold.runs[0].requests.graphql)
  expect(result.targets.warmGraphqlRequests.measured).toBe(result.warm.requests.graphql)
  expect(result.targets.warmWrites.measured).toBe(result.warm.writes.total)
}, 240_000)
