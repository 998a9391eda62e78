/**
 * Faults and budgets change how a run gets its data, never the figures: a run through secondary
 * rate limits, 502s and ref races, and a backfill split by a 12-request budget, end with the same
 * metrics as an undisturbed run.
 */
import { api, distExists, hasDatasets, run, seedFor, startWith } from './helpers.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'

const maybe = distExists ? describe : describe.skip

async function finalMetrics(
  seed: SeedRepository,
  faults: string[],
  inputs: Record<string, string>
): Promise<{ metrics: unknown; runs: number }> {
  const emulator = await startWith(seed, faults)
  try {
    let runs = 0
    let last
    do {
      last = await run(emulator, seed, 'schedule', {}, inputs)
      runs++
      expect(last.exitCode).toBe(0)
    } while (last.outputs['sync-complete'] === 'false' && runs < 40)
    expect(last.outputs['sync-complete']).toBe('true')
    // The next scheduled run, as in the demo: it also reads what a fault made wait (team membership).
    last = await run(emulator, seed, 'schedule', {}, inputs)
    expect(last.exitCode).toBe(0)
    emulator.setFaults?.([]) // the test reads the result undisturbed
    const repo = `${seed.owner}/${seed.name}`
    const file = await api<{ content: string }>(
      emulator.url,
      `/repos/${repo}/contents/${last.outputs['snapshot-path']}?ref=repo-metrics`
    )
    const snapshot = JSON.parse(Buffer.from(file.content, 'base64').toString('utf8'))
    return { metrics: snapshot.metrics, runs }
  } finally {
    await emulator.stop()
  }
}

const kinds: Array<'generated' | 'esni'> = hasDatasets ? ['generated', 'esni'] : ['generated']

maybe.each(kinds)('resilience on %s history', (kind) => {
  let seed: SeedRepository
  let undisturbed: unknown
  beforeAll(async () => {
    seed = await seedFor(kind)
    undisturbed = (await finalMetrics(seed, [], {})).metrics
  })

  it('faults (secondary rate limits, 502s, ref races) do not change the figures', async () => {
    const disturbed = await finalMetrics(seed, ['secondary-rate-limit', 'server-error', 'ref-race'], {})
    expect(disturbed.metrics).toEqual(undisturbed)
  })

  it('a 12-request budget spreads the backfill over several runs and ends with the same figures', async () => {
    const split = await finalMetrics(seed, [], { 'request-budget': '12' })
    expect(split.runs).toBeGreaterThan(1)
    expect(split.metrics).toEqual(undisturbed)
  })
})
