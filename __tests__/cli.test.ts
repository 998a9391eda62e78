import { deriveUrls, parseArgs } from '../src/cli.js'

describe('repo-metrics arguments', () => {
  it('maps flags to action inputs and collects every problem', () => {
    const args = parseArgs([
      'report',
      '--repo',
      'o/r',
      '--window=30d',
      '--include-bots',
      '--bogus',
      '--since'
    ])
    expect(args.command).toBe('report')
    expect(args.repo).toBe('o/r')
    expect(args.inputs).toEqual({ window: '30d', 'include-bots': 'true' })
    expect(args.problems).toEqual(['Unknown option --bogus. See --help.', 'Option --since needs a value.'])
  })
  it('derives GraphQL and web URLs for github.com and GitHub Enterprise Server', () => {
    expect(deriveUrls('https://api.github.com')).toEqual({
      graphqlUrl: 'https://api.github.com/graphql',
      serverUrl: 'https://github.com'
    })
    expect(deriveUrls('https://ghe.example.com/api/v3/')).toEqual({
      graphqlUrl: 'https://ghe.example.com/api/graphql',
      serverUrl: 'https://ghe.example.com'
    })
  })
})
