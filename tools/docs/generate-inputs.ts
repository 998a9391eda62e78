/**
 * Writes the inputs and outputs tables of action.yml into README.md, between
 * `<!-- inputs:start -->` and `<!-- inputs:end -->`. action.yml is the source; the README follows it.
 *
 *   npx tsx tools/docs/generate-inputs.ts            rewrite the README region
 *   npx tsx tools/docs/generate-inputs.ts --check    exit 1 when the README region is stale
 *
 * Options: --action FILE (default action.yml), --readme FILE (default README.md).
 * action.yml is read with GitHub's own parser (@actions/workflow-parser), so a file GitHub would reject
 * fails here too.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { NoOperationTraceWriter } from '@actions/workflow-parser'
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
  /** True when the README on disk already matches. */
  upToDate: boolean
}

export function generate(actionPath: string, readmePath: string): GenerateResult {
  const docs = readActionDocs(readFileSync(actionPath, 'utf8'), actionPath)
  const readme = readFileSync(readmePath, 'utf8')
  const expected = replaceRegion(readme, renderTables(docs))
  return { expected, upToDate: expected === readme }
}

/** Command-line entry; returns the exit code. */
export function main(argv: string[]): number {
  const check = argv.includes('--check')
  const option = (name: string, fallback: string): string => {
    const index = argv.indexOf(name)
    return index >= 0 && argv[index + 1] ? argv[index + 1] : fallback
  }
  const actionPath = resolve(option('--action', 'action.yml'))
  const readmePath = resolve(option('--readme', 'README.md'))
  let result: GenerateResult
  try {
    result = generate(actionPath, readmePath)
  } catch (error) {
    console.error(`docs: ${(error as Error).message}`)
    return 1
  }
  if (check) {
    if (result.upToDate) {
      console.log('docs: README inputs and outputs match action.yml')
      return 0
    }
    console.error(
      'docs: README.md inputs/outputs tables are stale: action.yml changed since they were generated. Run `npm run docs` and commit README.md.'
    )
    return 1
  }
  if (result.upToDate) console.log('docs: README.md already up to date')
  else {
    writeFileSync(readmePath, result.expected)
    console.log('docs: README.md inputs and outputs tables updated from action.yml')
  }
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}
