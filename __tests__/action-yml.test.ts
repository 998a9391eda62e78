import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { INPUT_DEFAULTS, parseSettings } from '../src/settings.js'
import { isExpression } from '../src/inputs.js'
import { parseActionFile, type Plain } from '../tools/docs/parse.js'

type Entry = { description?: string; default?: string; required?: boolean | string }
type ActionFile = {
  name: string
  description: string
  branding?: { icon?: string; color?: string }
  inputs: Record<string, Entry>
  outputs: Record<string, Entry>
  runs: Record<string, Plain>
}

const parsed = parseActionFile('action.yml', readFileSync('action.yml', 'utf8'))
const action = parsed.value as unknown as ActionFile

const CONTRACT_INPUTS = [
  'token',
  'mode',
  'data-branch',
  'reports-branch',
  'reports-path',
  'window',
  'since',
  'until',
  'bucket',
  'timezone',
  'metrics',
  'ignore-users',
  'include-bots',
  'deployment-environment',
  'deployment-source',
  'incident-label',
  'issue-label',
  'issue-title',
  'issue-repository',
  'issue-assignees',
  'close-previous-issue',
  'notify',
  'template',
  'issue-template',
  'request-budget',
  'dry-run',
  'mention-reviewers',
  'working-hours',
  'holidays',
  'deployments',
  'deployments-file',
  'incidents',
  'incidents-file',
  'fail-on-invalid',
  'prune-source',
  'prune-ids',
  'prune-since',
  'prune-until'
]

const CONTRACT_OUTPUTS = [
  'report-path',
  'report-url',
  'snapshot-path',
  'issue-number',
  'issue-url',
  'metrics-json',
  'api-requests',
  'sync-complete',
  'accepted',
  'rejected',
  'errors',
  'removed'
]

describe('action.yml', () => {
  it("passes GitHub's action schema", () => {
    expect(parsed.errors).toEqual([])
    expect(action.name).toBeTruthy()
    expect(action.description).toBeTruthy()
  })

  it('runs dist/index.js on node24 and has branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(action.branding?.icon).toBeTruthy()
    expect(action.branding?.color).toBeTruthy()
  })

  it('declares every input and output of the contract', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(CONTRACT_INPUTS))
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(CONTRACT_OUTPUTS))
  })

  it('describes every input and output, and gives every input a default', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect({ name, description: (input.description ?? '').length > 10 }).toEqual({
        name,
        description: true
      })
      expect({ name, hasDefault: typeof input.default === 'string' }).toEqual({ name, hasDefault: true })
    }
    for (const [name, output] of Object.entries(action.outputs)) {
      expect({ name, description: (output.description ?? '').length > 10 }).toEqual({
        name,
        description: true
      })
    }
  })

  it('uses the Actions token by default', () => {
    expect(action.inputs.token.default).toBe('${{ github.token }}')
  })

  it('has the defaults the settings parser applies to empty inputs', () => {
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      expect({ name, default: action.inputs[name]?.default }).toEqual({ name, default: value })
    }
    const withDefault = Object.entries(action.inputs).filter(
      ([, i]) => i.default !== '' && !isExpression(i.default ?? '')
    )
    for (const [name, input] of withDefault) {
      expect({ name, default: INPUT_DEFAULTS[name] }).toEqual({ name, default: input.default })
    }
  })

  it('has defaults that the settings parser accepts as they are', () => {
    const inputs = Object.fromEntries(
      Object.entries(action.inputs).map(([name, i]) => [name, i.default ?? ''])
    )
    inputs.token = 'ghs_from_the_runner'
    // the runner fills in the other expression defaults itself; empty is what the readers see then
    for (const [name, value] of Object.entries(inputs))
      if (name !== 'token' && isExpression(value)) inputs[name] = ''
    const result = parseSettings((name) => inputs[name] ?? '', { GITHUB_REPOSITORY: 'octo-org/octo-repo' })
    expect(result.ok).toBe(true)
    const fromEmpty = parseSettings((name) => (name === 'token' ? 'ghs_from_the_runner' : ''), {
      GITHUB_REPOSITORY: 'octo-org/octo-repo'
    })
    expect(result).toEqual(fromEmpty)
  })

  it('declares exactly the inputs the settings parser reads', () => {
    const read = new Set<string>()
    parseSettings(
      (name) => {
        read.add(name)
        return ''
      },
      { GITHUB_REPOSITORY: 'octo-org/octo-repo' }
    )
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
  })
})
