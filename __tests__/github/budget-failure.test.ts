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
