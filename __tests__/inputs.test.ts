import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { HELP, parseArgs } from '../src/cli.js'
import { INPUTS, isExpression, type InputSpec } from '../src/inputs.js'
import { BUCKETS, MODES } from '../src/settings-types.js'
import { INPUT_DEFAULTS, parseSettings } from '../src/settings.js'
import { inputSpec } from '../src/settings/context.js'
import { entryProblem, renderInputsBlock, replaceInputsBlock } from '../tools/docs/action-inputs.js'
import { readActionDocs, renderTables } from '../tools/docs/generate-inputs.js'

const ENV = { GITHUB_REPOSITORY: 'octo-org/octo-repo' }
const action = readActionDocs(readFileSync('action.yml', 'utf8'))

function parse(inputs: Record<string, string>) {
  const all: Record<string, string> = { token: 'ghs_example', ...inputs }
  return parseSettings((name) => all[name] ?? '', ENV)
}

describe('the input table and action.yml', () => {
  it("has exactly the table's inputs, in its order, with its descriptions and defaults", () => {
    expect(action.inputs.map((i) => [i.name, i.description, i.default])).toEqual(
      INPUTS.map((i) => [i.name, i.description, i.default])
    )
  })

  it("has README input rows rendered from the table's entries", () => {
    const readme = readFileSync('README.md', 'utf8')
    const tables = renderTables({ inputs: [...INPUTS], outputs: action.outputs })
    expect(readme).toContain(tables)
  })

  it('gives each input a unique name and an entry the writer accepts', () => {
    expect(new Set(INPUTS.map((i) => i.name)).size).toBe(INPUTS.length)
    expect(INPUTS.map(entryProblem).filter(Boolean)).toEqual([])
  })
})

describe('defaults', () => {
  it('applies every plain default of the table, and never an expression', () => {
    const plain = INPUTS.filter((i) => i.default !== '' && !isExpression(i.default))
    expect(INPUT_DEFAULTS).toEqual(Object.fromEntries(plain.map((i) => [i.name, i.default])))
    expect(INPUT_DEFAULTS.token).toBeUndefined()
  })

  it.each(INPUTS.filter((i) => i.default !== '' && !isExpression(i.default)).map((i) => [i.name, i.default]))(
    '%s: an empty input reads as its default %p',
    (name, value) => {
      expect(parse({ [name]: value })).toEqual(parse({}))
    }
  )
})

describe('kinds, values and settings', () => {
  it('gives accepted values to choices only, the ones of their types', () => {
    expect(INPUTS.filter((i) => i.values).map((i) => i.name)).toEqual(
      INPUTS.filter((i) => i.kind === 'choice').map((i) => i.name)
    )
    expect(inputSpec('mode').values).toEqual(MODES)
    expect(inputSpec('bucket').values).toEqual(BUCKETS)
  })

  it("gives every path an example that is itself accepted, and every choice's default is a value", () => {
    for (const spec of INPUTS.filter((i) => i.kind === 'path')) {
      expect({ name: spec.name, ok: parse({ [spec.name]: spec.example ?? '' }).ok }).toEqual({
        name: spec.name,
        ok: true
      })
    }
    for (const spec of INPUTS.filter((i) => i.kind === 'choice')) expect(spec.values).toContain(spec.default)
  })

  it('feeds every Settings field from an input, except the four the runner environment gives', () => {
    const result = parse({})
    if (!result.ok) throw new Error('defaults should parse')
    const fed = new Set(INPUTS.map((i) => i.setting))
    const fromEnvironment = ['repository', 'apiUrl', 'graphqlUrl', 'serverUrl']
    expect(
      Object.keys(result.settings)
        .filter((key) => !fed.has(key as InputSpec['setting']))
        .sort()
    ).toEqual(fromEnvironment.sort())
    for (const setting of fed) expect(Object.keys(result.settings)).toContain(setting)
  })

  it('names real modes only, and lets the command line take only inputs the report or org modes read', () => {
    const concrete = MODES.filter((m) => m !== 'auto')
    for (const spec of INPUTS) {
      expect(spec.modes.length).toBeGreaterThan(0)
      for (const mode of spec.modes) expect(concrete).toContain(mode)
    }
    for (const spec of INPUTS.filter((i) => i.cli))
      expect({ [spec.name]: spec.modes.some((m) => m === 'report' || m === 'org') }).toEqual({
        [spec.name]: true
      })
  })

  it('reads every input of the table, and refuses to read one that is not in it', () => {
    const read = new Set<string>()
    parseSettings((name) => (read.add(name), ''), ENV)
    expect([...read].sort()).toEqual(INPUTS.map((i) => i.name).sort())
    expect(() => inputSpec('no-such-input')).toThrow(/No input 'no-such-input' in src\/inputs\.ts/)
  })
})

describe('command-line flags from the table', () => {
  const flagged = INPUTS.filter((i) => i.cli)

  it('keeps the flags the command line has always had', () => {
    expect(flagged.map((i) => i.name).sort()).toEqual(
      [
        'token',
        'data-branch',
        'window',
        'since',
        'until',
        'bucket',
        'timezone',
        'metrics',
        'ignore-users',
        'include-bots',
        'deployment-source',
        'deployment-environment',
        'request-budget',
        'incident-label',
        'working-hours',
        'holidays',
        'notify',
        'dry-run',
        // the org command's
        'organization',
        'repositories',
        'topics',
        'only',
        'store-layout',
        'shards',
        'people',
        'read-token'
      ].sort()
    )
  })

  it.each(flagged.map((i) => [i.name, i.kind]))('--%s (%s) sets the input of the same name', (name, kind) => {
    const args = kind === 'boolean' ? parseArgs([`--${name}`]) : parseArgs([`--${name}`, 'some-value'])
    expect(args.problems).toEqual([])
    expect(args.inputs).toEqual({ [name]: kind === 'boolean' ? 'true' : 'some-value' })
  })

  it('lists each flag in the help with its value name and plain default', () => {
    for (const spec of flagged) {
      const line = HELP.split('\n').find((l) => l.startsWith(`  --${spec.name} `) || l === `  --${spec.name}`)
      expect({ name: spec.name, line: line !== undefined }).toEqual({ name: spec.name, line: true })
      expect(line).toContain(spec.cli!.help)
      if (spec.kind !== 'boolean' && spec.default && !isExpression(spec.default)) {
        expect(line).toContain(`(default ${spec.default})`)
      }
    }
    expect(HELP).toContain('--bucket day|week|month')
  })
})

describe('the action.yml inputs writer', () => {
  const spec = (name: string, description: string, value = ''): InputSpec => ({
    name,
    description,
    default: value,
    kind: 'text',
    modes: ['report'],
    setting: 'mode'
  })
  const wrapIn = (block: string) =>
    `name: Sample\ndescription: A sample\n${block}outputs:\n  out:\n    description: An output.\nruns:\n  using: node24\n  main: dist/index.js\n`

  it('writes text YAML would misread so that GitHub reads it back exactly', () => {
    const tricky = [
      spec('colon', 'Width: `day` or `week`, see #12 and say "hi".', 'Metrics report {period}'),
      spec('backtick', "`true` when it is so; it's fine.", 'true'),
      spec('long', `${'word '.repeat(40)}and a `.trim() + ' last `code: x` part.', '${{ github.token }}'),
      spec('number', 'A default that looks like a number.', '10'),
      spec('plain', 'A plain default.', 'repo-metrics')
    ]
    const block = renderInputsBlock(tricky)
    for (const line of block.split('\n')) expect(line.length).toBeLessThanOrEqual(110)
    const docs = readActionDocs(wrapIn(block))
    expect(docs.inputs.map((i) => [i.name, i.description, i.default])).toEqual(
      tricky.map((i) => [i.name, i.description, i.default])
    )
    expect(block).toContain('    default: repo-metrics\n')
    expect(block).toContain("    default: '10'\n")
  })

  it('refuses an entry it could not write faithfully, naming the input', () => {
    expect(() => renderInputsBlock([spec('two-lines', 'First line\nsecond line.')])).toThrow(/'two-lines'/)
    expect(() => renderInputsBlock([spec('Bad_Name', 'A fine description.')])).toThrow(/kebab-case/)
  })

  it('replaces only the inputs block', () => {
    const before = wrapIn('inputs:\n  old:\n    description: Old one.\n\n')
    const after = replaceInputsBlock(before, renderInputsBlock([spec('new', 'The new one.')]))
    expect(after).toBe(
      wrapIn("inputs:\n  new:\n    description: The new one.\n    required: false\n    default: ''\n\n")
    )
    expect(() => replaceInputsBlock('name: x\n', 'inputs:\n')).toThrow(/no top-level 'inputs:' block/)
  })
})
