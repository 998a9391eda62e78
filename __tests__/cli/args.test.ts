import { parseArgs } from '../../src/cli.js'
import { editDistance, suggest } from '../../src/cli/suggest.js'
import { runCli } from './helpers.js'

describe('switches', () => {
  it('takes --X, --no-X, --X=false and --X false for every boolean input', () => {
    expect(parseArgs(['--notify']).inputs).toEqual({ notify: 'true' })
    expect(parseArgs(['--no-notify']).inputs).toEqual({ notify: 'false' })
    expect(parseArgs(['--notify=false']).inputs).toEqual({ notify: 'false' })
    expect(parseArgs(['--notify', 'false']).inputs).toEqual({ notify: 'false' })
    expect(parseArgs(['--dry-run', 'TRUE', '--no-include-bots']).inputs).toEqual({
      'dry-run': 'TRUE',
      'include-bots': 'false'
    })
    for (const argv of [['--no-notify'], ['--notify', 'false'], ['--notify=false']])
      expect(parseArgs(['report', ...argv]).problems).toEqual([])
  })

  it('leaves a word that is not true or false after a switch alone', () => {
    const args = parseArgs(['--dry-run', 'report'])
    expect(args).toMatchObject({ command: 'report', inputs: { 'dry-run': 'true' }, problems: [] })
  })

  it('takes --json, --no-json and --json=false, and refuses another spelling', () => {
    expect(parseArgs(['--json']).json).toBe(true)
    expect(parseArgs(['--json', '--no-json']).json).toBe(false)
    expect(parseArgs(['--json=false']).json).toBe(false)
    expect(parseArgs(['--json=2']).problems).toEqual([
      "Option --json is a switch: give true or false, not '2'."
    ])
  })

  it('refuses --no-X for an option that takes a value, and a value on --no-X', () => {
    expect(parseArgs(['--no-window']).problems).toEqual([
      'Option --window takes a value; there is no --no-window.'
    ])
    expect(parseArgs(['--no-notify=true']).problems).toEqual([
      'Option --no-notify takes no value: use --notify=true.'
    ])
  })
})

describe('misspelt options', () => {
  it('suggests the closest option, and does not take its value for a stray argument', () => {
    expect(parseArgs(['report', '--windw', '30d']).problems).toEqual([
      'Unknown option --windw; did you mean --window?'
    ])
    expect(parseArgs(['--api-ulr=http://x']).problems).toEqual([
      'Unknown option --api-ulr; did you mean --api-url?'
    ])
    expect(parseArgs(['--no-notfy']).problems).toEqual([
      'Unknown option --no-notfy; did you mean --no-notify?'
    ])
    expect(parseArgs(['--jsn']).problems).toEqual(['Unknown option --jsn; did you mean --json?'])
    expect(parseArgs(['-repo', 'o/r']).problems).toEqual(['Unknown option -repo; did you mean --repo?'])
    expect(parseArgs(['--bogus']).problems).toEqual(['Unknown option --bogus. See --help.'])
  })

  it('lists every problem at once, with the input problems, and exits 2', async () => {
    const run = await runCli([
      'report',
      '--repo',
      'o/r',
      '--windw',
      '30d',
      '--bucket',
      'fortnight',
      '--notify',
      'false',
      '--incldue-bots'
    ])
    expect(run.code).toBe(2)
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error: '))
    expect(errors).toEqual([
      'error: Unknown option --windw; did you mean --window?',
      'error: Unknown option --incldue-bots; did you mean --include-bots?',
      expect.stringMatching(/^error: Option --bucket has the value 'fortnight'/)
    ])
    expect(run.stdout).toBe('')
  })

  it('with --json, puts the problems on stdout as JSON too', async () => {
    const run = await runCli(['report', '--json', '--windw', '30d'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        kind: 'usage',
        problems: [
          'Unknown option --windw; did you mean --window?',
          "Option --repo is required: give the repository as OWNER/NAME, e.g. 'octo-org/octo-repo'."
        ]
      }
    })
  })
})

describe('edit distance', () => {
  it('counts inserts, deletes, replacements and swaps of neighbours', () => {
    expect(editDistance('windw', 'window')).toBe(1)
    expect(editDistance('wnidow', 'window')).toBe(1)
    expect(editDistance('bucket', 'bucket')).toBe(0)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })

  it('suggests only what is close, or the one option a prefix starts', () => {
    expect(suggest('windw', ['window', 'since'])).toBe('window')
    expect(suggest('graphql', ['graphql-url', 'server-url'])).toBe('graphql-url')
    expect(suggest('zzz', ['window', 'since'])).toBeNull()
    expect(suggest('url', ['api-url', 'server-url'])).toBeNull()
  })
})
