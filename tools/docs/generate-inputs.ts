/**
 * Writes action.yml's `inputs:` block from the input table (src/inputs.ts), then the inputs and outputs
 * tables of action.yml into README.md, between `<!-- inputs:start -->` and `<!-- inputs:end -->`. The table
 * is the source of the inputs; action.yml's outputs are written by hand; the README follows both.
 *
 *   npx tsx tools/docs/generate-inputs.ts            rewrite action.yml's inputs and the README region
 *   npx tsx tools/docs/generate-inputs.ts --check    exit 1 when either is stale
 *
 * Options: --action FILE (default action.yml), --readme FILE (default README.md).
 * action.yml is read with GitHub's own parser (@actions/workflow-parser), so a file GitHub would reject
 * fails here too, and the written inputs are read back and compared with the table.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { NoOperationTraceWriter } from '@actions/workflow-parser'
import { INPUTS, type InputSpec } from '../../src/inputs.js'
import { renderInputsBlock, replaceInputsBlock } from './action-inputs.js'
import {
  convertActionTemplate,
  parseAction,
  type ActionTemplate
} from '@actions/workflow-parser/actions/index'

export const START_MARKER = '<!-- inputs:start -->'
export const END_MARKER = '<!-- inputs:end -->'

export interface DocEntry {
  name: string
  description: string
  default?: string
  required?: boolean
}

export interface ActionDocs {
  inputs: DocEntry[]
  outputs: DocEntry[]
}

/** Parse action.yml text with GitHub's action schema; throws with every parser error when it is invalid. */
export function readActionDocs(text: string, fileName = 'action.yml'): ActionDocs {
  const parsed = parseAction({ name: fileName, content: text }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map((error) => error.message)
  if (errors.length > 0 || !parsed.value) {
    throw new Error(
      `${fileName} is not a valid action definition:\n  ${errors.join('\n  ') || 'it is empty'}`
    )
  }
  const template: ActionTemplate = convertActionTemplate(parsed.context, parsed.value)
  return {
    inputs: (template.inputs ?? []).map((input) => ({
      name: input.id,
      description: input.description ?? '',
      default: input.default?.toString(),
      required: input.required ?? false
    })),
    outputs: (template.outputs ?? []).map((output) => ({
      name: output.id,
      description: output.description ?? ''
    }))
  }
}

/** Make text safe for one Markdown table cell: one line, pipes escaped. */
export function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/\|/g, '\\|')
}

/** Inline code that survives backticks inside the value. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`'
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** The Markdown that goes between the markers: an inputs table and an outputs table. */
export function renderTables(docs: ActionDocs): string {
  const lines: string[] = []
  lines.push('### Inputs', '')
  if (docs.inputs.length === 0) lines.push('This action has no inputs.')
  else {
    lines.push('| Name | Description | Default |', '| --- | --- | --- |')
    for (const input of docs.inputs) {
      const description = input.required ? `**Required.** ${input.description}` : input.description
      const fallback = input.default === undefined || input.default === '' ? '' : code(cell(input.default))
      lines.push(`| ${code(input.name)} | ${cell(description)} | ${fallback} |`)
    }
  }
  lines.push('', '### Outputs', '')
  if (docs.outputs.length === 0) lines.push('This action has no outputs.')
  else {
    lines.push('| Name | Description |', '| --- | --- |')
    for (const output of docs.outputs) lines.push(`| ${code(output.name)} | ${cell(output.description)} |`)
  }
  return lines.join('\n')
}

/** README text with the region between the markers replaced by `tables`. Throws when the markers are missing. */
export function replaceRegion(readme: string, tables: string): string {
  const start = readme.indexOf(START_MARKER)
  const end = readme.indexOf(END_MARKER)
  if (start < 0 || end < 0 || end < start) {
    throw new Error(
      `README has no '${START_MARKER}' ... '${END_MARKER}' region. Add both markers, in that order, where the tables belong.`
    )
  }
  return `${readme.slice(0, start + START_MARKER.length)}\n\n${tables}\n\n${readme.slice(end)}`
}

export interface GenerateResult {
  /** README text as it should be. */
  expected: string
  /** action.yml text as it should be. */
  expectedAction: string
  readmeUpToDate: boolean
  actionUpToDate: boolean
  /** True when both files already match. */
  upToDate: boolean
}

/** Throws unless the inputs GitHub reads from `docs` are exactly the table's. */
function checkRoundTrip(docs: ActionDocs, inputs: readonly InputSpec[]): void {
  const read = docs.inputs.map((i) => JSON.stringify([i.name, i.description, i.default ?? '']))
  const wanted = inputs.map((i) => JSON.stringify([i.name, i.description, i.default]))
  const differs = wanted.findIndex((entry, index) => entry !== read[index])
  if (differs >= 0 || read.length !== wanted.length) {
    throw new Error(
      `action.yml as written reads back differently from src/inputs.ts at input '${inputs[differs]?.name ?? docs.inputs[wanted.length]?.name}': fix tools/docs/action-inputs.ts.`
    )
  }
}

/** action.yml and README.md as the table (by default src/inputs.ts) says they should be. */
export function generate(
  actionPath: string,
  readmePath: string,
  inputs: readonly InputSpec[] = INPUTS
): GenerateResult {
  const action = readFileSync(actionPath, 'utf8')
  // A file without an inputs block: say first what GitHub's parser finds wrong with it, if anything.
  if (!/^inputs:\s*$/m.test(action)) readActionDocs(action, actionPath)
  const expectedAction = replaceInputsBlock(action, renderInputsBlock(inputs))
  const docs = readActionDocs(expectedAction, actionPath)
  checkRoundTrip(docs, inputs)
  const readme = readFileSync(readmePath, 'utf8')
  const expected = replaceRegion(readme, renderTables(docs))
  const actionUpToDate = expectedAction === action
  const readmeUpToDate = expected === readme
  return {
    expected,
    expectedAction,
    actionUpToDate,
    readmeUpToDate,
    upToDate: actionUpToDate && readmeUpToDate
  }
}

/** Command-line entry; returns the exit code. `inputs` is the table to write (src/inputs.ts). */
export function main(argv: string[], inputs: readonly InputSpec[] = INPUTS): number {
  const check = argv.includes('--check')
  const option = (name: string, fallback: string): string => {
    const index = argv.indexOf(name)
    return index >= 0 && argv[index + 1] ? argv[index + 1] : fallback
  }
  const actionPath = resolve(option('--action', 'action.yml'))
  const readmePath = resolve(option('--readme', 'README.md'))
  let result: GenerateResult
  try {
    result = generate(actionPath, readmePath, inputs)
  } catch (error) {
    console.error(`docs: ${(error as Error).message}`)
    return 1
  }
  if (check) {
    if (result.upToDate) {
      console.log('docs: action.yml inputs match src/inputs.ts; README inputs and outputs match action.yml')
      return 0
    }
    if (!result.actionUpToDate) {
      console.error(
        'docs: action.yml inputs are stale: they differ from the input table in src/inputs.ts (edit inputs there, not in action.yml). Run `npm run docs` and commit action.yml.'
      )
    }
    if (!result.readmeUpToDate) {
      console.error(
        'docs: README.md inputs/outputs tables are stale: src/inputs.ts or action.yml changed since they were generated. Run `npm run docs` and commit README.md.'
      )
    }
    return 1
  }
  if (!result.actionUpToDate) {
    writeFileSync(actionPath, result.expectedAction)
    console.log('docs: action.yml inputs updated from src/inputs.ts')
  }
  if (!result.readmeUpToDate) {
    writeFileSync(readmePath, result.expected)
    console.log('docs: README.md inputs and outputs tables updated from action.yml')
  }
  if (result.upToDate) console.log('docs: action.yml and README.md already up to date')
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}
