import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cliMessage, deriveUrls, main, parseArgs } from '../src/cli.js'

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
  it('takes its own options, which are not action inputs, and defaults the store to a local folder', () => {
    const args = parseArgs([
      'report',
      '--api-url=https://ghe.example.com/api/v3',
      '--graphql-url',
      'https://ghe.example.com/gql',
      '--server-url',
      'https://ghe.example.com',
      '--notify=false',
      '--deployment-environment',
      'prod'
    ])
    expect(args).toMatchObject({
      apiUrl: 'https://ghe.example.com/api/v3',
      graphqlUrl: 'https://ghe.example.com/gql',
      serverUrl: 'https://ghe.example.com',
      store: './repo-metrics-data',
      storeGiven: false,
      repo: null,
      inputs: { notify: 'false', 'deployment-environment': 'prod' },
      problems: []
    })
    expect(parseArgs(['--store', './data'])).toMatchObject({ store: './data', storeGiven: true })
    expect(parseArgs(['--store', 'github']).store).toBe('github')
    expect(parseArgs(['--store']).problems).toEqual(['Option --store needs a value.'])
    expect(parseArgs(['--mode', 'record']).problems).toEqual(['Unknown option --mode. See --help.'])
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

describe('repo-metrics messages', () => {
  it('speaks of flags and environment tokens, not of action inputs and runner variables', () => {
    expect(cliMessage({ input: 'token', value: '', message: "Input 'token' is empty." }, 'o/r')).toBe(
      'No GitHub token: pass --token, or set $GITHUB_TOKEN or $GH_TOKEN.'
    )
    expect(cliMessage({ input: 'GITHUB_REPOSITORY', value: 'nope', message: 'x' }, 'nope')).toContain(
      "Option --repo has the value 'nope'"
    )
    expect(cliMessage({ input: 'GITHUB_GRAPHQL_URL', value: 'ftp://x/graphql', message: 'x' }, 'o/r')).toBe(
      ''
    )
    expect(
      cliMessage({ input: 'GITHUB_GRAPHQL_URL', value: 'ftp://y', message: 'x' }, 'o/r', {
        'graphql-url': 'ftp://y'
      })
    ).toContain('--graphql-url')
    expect(
      cliMessage({ input: 'bucket', value: 'x', message: "Input 'bucket' has the value 'x'." }, 'o/r')
    ).toBe("Option --bucket has the value 'x'.")
  })
})

describe('repo-metrics against the emulator', () => {
  it('syncs into a local folder store and writes the report there', async () => {
    const { generateRepository } = await import('../tools/github-emulator/generate.js')
    const { startEmulator } = await import('../tools/github-emulator/server.js')
    const seed = generateRepository({ prs: 60, seed: 3 })
    const emulator = await startEmulator({ seed, port: 0 })
    const dir = mkdtempSync(join(tmpdir(), 'rmr-cli-'))
    const write = process.stdout.write
    let printed = ''
    process.stdout.write = ((chunk: string) => {
      printed += chunk
      return true
    }) as typeof process.stdout.write
    try {
      const code = await main(
        [
          'report',
          '--repo',
          `${seed.owner}/${seed.name}`,
          '--api-url',
          emulator.url,
          '--store',
          dir,
          '--until',
          seed.until
        ],
        { GITHUB_TOKEN: 'cli-test-token' }
      )
      expect(code).toBe(0)
    } finally {
      process.stdout.write = write
      await emulator.stop()
    }
    const reports = readdirSync(join(dir, 'reports')).filter((name) => name !== 'README.md')
    expect(reports).toHaveLength(1)
    expect(existsSync(join(dir, 'reports', reports[0], 'README.md'))).toBe(true)
    expect(readdirSync(join(dir, 'history', 'pulls')).length).toBeGreaterThan(0)
    expect(printed).toContain(`reports/${reports[0]}/README.md`)
    expect(printed).not.toContain('cli-test-token')
    rmSync(dir, { recursive: true, force: true })
  })
})
