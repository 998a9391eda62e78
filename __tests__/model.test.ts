import { isBot, recordKey, recordMonth } from '../src/model.js'

describe('record keys and shards', () => {
  it('keys pulls by number and deployments by source, provider and id', () => {
    expect(recordKey('pulls', { number: 12 })).toBe('12')
    expect(recordKey('deployments', { source: 'ingest', provider: 'custom-ci', id: 'ci-1' })).toBe(
      'ingest:custom-ci:ci-1'
    )
    expect(recordKey('deployments', { source: 'deployment', id: '77' })).toBe('deployment::77')
  })
  it('shards commits by committedAt month and the rest by createdAt month', () => {
    expect(recordMonth('commits', { committedAt: '2025-07-28T03:00:11Z' })).toBe('2025-07')
    expect(recordMonth('issues', { createdAt: '2018-05-12T00:16:10Z' })).toBe('2018-05')
  })
  it('recognises bots by the [bot] suffix', () => {
    expect(isBot('dependabot[bot]')).toBe(true)
    expect(isBot('octocat')).toBe(false)
    expect(isBot(null)).toBe(false)
  })
})
