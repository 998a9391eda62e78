/** A request refused by the hard request budget is told apart from GitHub's own refusals. */
import { describeFailure } from '../../src/cli/failure.js'
import {
  BudgetSpentError,
  PagesExhaustedError,
  stopsTheSync,
  toGitHubError
} from '../../src/github/errors.js'

const ctx = {
  apiUrl: 'https://api.github.com',
  graphqlUrl: 'https://api.github.com/graphql',
  graphqlGiven: false,
  repository: 'acme/widgets',
  storeDir: null
}

describe('the spent request budget', () => {
  it('is a failure of its own kind naming the flag to raise', () => {
    const failure = describeFailure(new BudgetSpentError('spent', 12, { request: 'PUT /repos/x' }), ctx)
    expect(failure.kind).toBe('budget')
    expect(failure.message).toMatch(/budget of 12 requests was spent before PUT \/repos\/x could be sent/)
    expect(failure.message).toMatch(/--request-budget/)
  })

  it('stops the sync cleanly, as pages at one item and rate limits do; other failures do not', () => {
    expect(stopsTheSync(new BudgetSpentError('spent', 1))).toBe(true)
    expect(stopsTheSync(new PagesExhaustedError('one item'))).toBe(true)
    expect(stopsTheSync(new Error('a bug'))).toBe(false)
    expect(toGitHubError(new BudgetSpentError('spent', 1))?.kind).toBe('budget-spent')
  })
})

describe('the client under a request budget', () => {
  it('never sends a retry past the budget; outside the sync a first attempt still goes', async () => {
    const { startEmulator } = await import('../../tools/github-emulator/server.js')
    const { tinySeed } = await import('../emulator/helpers.js')
    const { createGitHubClient } = await import('../../src/github/client.js')
    const emu = await startEmulator({ seed: tinySeed(), port: 0, faults: ['timeout:1:0'] })
    try {
      const client = createGitHubClient({
        token: 'ghs_budget',
        apiUrl: emu.url,
        graphqlUrl: `${emu.url}/graphql`,
        budget: 2,
        retryBaseMs: 1
      })
      const get = () =>
        client.octokit.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'widgets' })
      // Every read answers 504: the retry plugin retries, but only as far as the budget allows.
      const thrown = await get().catch((e: unknown) => e)
      expect(toGitHubError(thrown)).toBeInstanceOf(BudgetSpentError)
      expect(client.requests().total).toBe(2)
      expect(emu.stats.snapshot().requests.total).toBe(2)
      // The store's and the notifier's first attempts after the sync are sent (their retries are not).
      await get().catch(() => undefined)
      expect(emu.stats.snapshot().requests.total).toBe(3)
      // While the sync holds the cap nothing is sent.
      client.budget.enforce(true)
      expect(toGitHubError(await get().catch((e: unknown) => e))).toBeInstanceOf(BudgetSpentError)
      expect(emu.stats.snapshot().requests.total).toBe(3)
    } finally {
      await emu.stop()
    }
  })
})
