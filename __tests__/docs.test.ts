import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  END_MARKER,
  START_MARKER,
  cell,
  generate,
  main,
  readActionDocs,
  renderTables,
  replaceRegion
} from '../tools/docs/generate-inputs.js'
import type { InputSpec } from '../src/inputs.js'

const ACTION = `name: Sample
description: A sample action
inputs:
  token:
    description: The token.
    default: \${{ github.token }}
  level:
    description: |
      How loud:
      quiet | loud.
    required: true
  empty:
    description: Has an empty default.
    default: ''
outputs:
  count:
    description: How many.
runs:
  using: node24
  main: dist/index.js
`

const README = `# Sample

Intro.

${START_MARKER}
${END_MARKER}

## After
Kept as is.
`

/** A small input table standing in for src/inputs.ts in the command-line tests. */
const TABLE: InputSpec[] = [
  {
    name: 'token',
    description: 'The token for the API.',
    default: '${{ github.token }}',
    kind: 'secret',
    modes: ['report'],
    setting: 'token'
  },
  {
    name: 'level',
    description: 'How loud: quiet | loud.',
    default: 'quiet',
    kind: 'text',
    modes: ['report'],
    setting: 'mode'
  }
]

describe('readActionDocs', () => {
  it('reads inputs, defaults and outputs in file order', () => {
    const docs = readActionDocs(ACTION)
    expect(docs.inputs.map((i) => i.name)).toEqual(['token', 'level', 'empty'])
    expect(docs.inputs[0].default).toBe('${{ github.token }}')
    expect(docs.inputs[1]).toMatchObject({ required: true, default: undefined })
    expect(docs.inputs[2].default).toBe('')
    expect(docs.outputs).toEqual([{ name: 'count', description: 'How many.' }])
  })

  it('refuses a file GitHub would reject, with the parser messages', () => {
    const bad = ACTION.replace('using: node24', 'using: node99')
    expect(() => readActionDocs(bad)).toThrow(/action\.yml is not a valid action definition/)
  })
})

describe('renderTables', () => {
  it('renders one row per input and output, with escaped cells', () => {
    const text = renderTables(readActionDocs(ACTION))
    expect(text).toContain('| `token` | The token. | `${{ github.token }}` |')
    expect(text).toContain('| `level` | **Required.** How loud: quiet \\| loud. |  |')
    expect(text).toContain('| `empty` | Has an empty default. |  |')
    expect(text).toContain('### Outputs')
    expect(text).toContain('| `count` | How many. |')
  })

  it('makes multi-line text one line', () => {
    expect(cell('a\n  b\n')).toBe('a b')
  })
})

describe('replaceRegion', () => {
  it('replaces only the text between the markers and is idempotent', () => {
    const once = replaceRegion(README, 'TABLES')
    expect(once).toContain(`${START_MARKER}\n\nTABLES\n\n${END_MARKER}`)
    expect(once.startsWith('# Sample\n\nIntro.\n\n')).toBe(true)
    expect(once.endsWith(`${END_MARKER}\n\n## After\nKept as is.\n`)).toBe(true)
    expect(replaceRegion(once, 'TABLES')).toBe(once)
  })

  it('explains missing markers', () => {
    expect(() => replaceRegion('# no markers', 'x')).toThrow(/Add both markers/)
  })
})

describe('command line', () => {
  let dir: string
  let actionPath: string
  let readmePath: string
  let errors: string[]
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'docs-test-'))
    actionPath = join(dir, 'action.yml')
    readmePath = join(dir, 'README.md')
    writeFileSync(actionPath, ACTION)
    writeFileSync(readmePath, README)
    errors = []
    jest.spyOn(console, 'log').mockImplementation(() => undefined)
    jest.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message))
  })
  afterEach(() => {
    jest.restoreAllMocks()
    rmSync(dir, { recursive: true, force: true })
  })
  const run = (...extra: string[]) => main(['--action', actionPath, '--readme', readmePath, ...extra], TABLE)

  it('--check fails on a stale README with a message saying how to fix it', () => {
    expect(run('--check')).toBe(1)
    expect(errors.join('\n')).toMatch(/README.*stale.*npm run docs/)
    expect(readFileSync(readmePath, 'utf8')).toBe(README)
    expect(readFileSync(actionPath, 'utf8')).toBe(ACTION)
  })

  it('writes the inputs into action.yml and the tables into the README, after which --check passes', () => {
    expect(run()).toBe(0)
    const action = readFileSync(actionPath, 'utf8')
    expect(action).toContain(
      "  level:\n    description: 'How loud: quiet | loud.'\n    required: false\n    default: quiet\n"
    )
    expect(action).not.toContain('empty:')
    expect(action).toContain('outputs:\n  count:\n    description: How many.')
    expect(readFileSync(readmePath, 'utf8')).toContain('| `level` | How loud: quiet \\| loud. | `quiet` |')
    expect(run('--check')).toBe(0)
  })

  it('notices a changed output description', () => {
    expect(run()).toBe(0)
    writeFileSync(actionPath, readFileSync(actionPath, 'utf8').replace('How many.', 'How many records.'))
    expect(run('--check')).toBe(1)
    expect(errors.join('\n')).toMatch(/README\.md .* stale/)
    expect(errors.join('\n')).not.toMatch(/action\.yml inputs are stale/)
  })

  it('notices an input edited in action.yml instead of the table', () => {
    expect(run()).toBe(0)
    writeFileSync(actionPath, readFileSync(actionPath, 'utf8').replace('default: quiet', 'default: loud'))
    expect(run('--check')).toBe(1)
    expect(errors.join('\n')).toMatch(/action\.yml inputs are stale.*src\/inputs\.ts.*npm run docs/)
    expect(run()).toBe(0)
    expect(readFileSync(actionPath, 'utf8')).toContain('default: quiet')
  })

  it('exits 1 with the reason when action.yml is invalid', () => {
    writeFileSync(actionPath, 'name: x\n')
    expect(run('--check')).toBe(1)
    expect(errors.join('\n')).toContain('not a valid action definition')
  })
})

describe('this repository', () => {
  it('has README tables that match action.yml', () => {
    const result = generate('action.yml', 'README.md')
    expect(result.upToDate).toBe(true)
  })
})
