import { runConcurrencyScenario } from '../../tools/bench/concurrency.js'

describe('runConcurrencyScenario', () => {
  it('8 writers on one branch: all succeed, every record stored, no force push', async () => {
    const result = await runConcurrencyScenario({ writers: 8 })
    expect(result).toEqual({
      writers: 8,
      succeeded: 8,
      recordsExpected: 43,
      recordsStored: 43,
      forcePushes: 0,
      retries: expect.any(Number)
    })
    expect(result.retries).toBeGreaterThan(0)
  })

  it('rejects a writer count that is not a positive integer', async () => {
    await expect(runConcurrencyScenario({ writers: 0 })).rejects.toThrow(
      '--writers must be a positive integer'
    )
  })
})
