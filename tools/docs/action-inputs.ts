/**
 * action.yml's `inputs:` block written from the input table (src/inputs.ts). GitHub reads action.yml as
 * it is, so the block is generated into the file and `--check` keeps it in step; the rest of the file
 * (name, outputs, runs, branding) is written by hand and left alone.
 */
import { isExpression, type InputSpec } from '../../src/inputs.js'

/** Longest line written, as in the rest of the project. */
const WIDTH = 110
const ENTRY_INDENT = '  '
const FIELD_INDENT = '    '
const BLOCK_INDENT = '      '

/** Characters that may not start a plain YAML scalar. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/
/** Plain scalars YAML would read as something other than a string. */
const NOT_A_STRING =
  /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[\da-fA-F]+|0o[0-7]+|[-+]?\.inf|\.nan)$/i

function isPlainSafe(text: string): boolean {
  return (
    text !== '' &&
    !INDICATOR_START.test(text) &&
    !/:\s|\s#|:$/.test(text) &&
    !/^\s|\s$/.test(text) &&
    !NOT_A_STRING.test(text)
  )
}

function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

/** Words greedily packed into lines of at most `width` characters (a longer word gets its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}

/** A problem with an entry that would not survive the trip into YAML and back, or null. */
export function entryProblem(spec: InputSpec): string | null {
  const { name, description } = spec
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return `input '${name}': the name must be lowercase kebab-case`
  if (description.trim().length <= 10) return `input '${name}': the description is missing or too short`
  if (/\n|\s{2}|^\s|\s$/.test(description)) {
    return `input '${name}': write the description as one line, single spaces, no leading or trailing space`
  }
  if (/\n/.test(spec.default)) return `input '${name}': the default must be one line`
  return null
}

function descriptionLines(text: string): string[] {
  const key = `${FIELD_INDENT}description: `
  if (key.length + text.length <= WIDTH) return [`${key}${isPlainSafe(text) ? text : singleQuoted(text)}`]
  // A folded block scalar joins its lines with single spaces, which gives the text back exactly.
  return [
    `${FIELD_INDENT}description: >-`,
    ...wrap(text, WIDTH - BLOCK_INDENT.length).map((l) => BLOCK_INDENT + l)
  ]
}

function defaultScalar(text: string): string {
  if (text === '') return "''"
  if (isExpression(text)) return text
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text) && isPlainSafe(text) ? text : singleQuoted(text)
}

/** The `inputs:` block, one entry per input in table order, ending with a blank line. */
export function renderInputsBlock(inputs: readonly InputSpec[]): string {
  const problems = inputs.map(entryProblem).filter((p): p is string => p !== null)
  if (problems.length > 0) throw new Error(`the input table cannot be written:\n  ${problems.join('\n  ')}`)
  const lines = ['inputs:']
  for (const spec of inputs) {
    lines.push(`${ENTRY_INDENT}${spec.name}:`, ...descriptionLines(spec.description))
    lines.push(`${FIELD_INDENT}required: false`, `${FIELD_INDENT}default: ${defaultScalar(spec.default)}`)
  }
  return `${lines.join('\n')}\n\n`
}

/**
 * action.yml text with its top-level `inputs:` block (up to the next top-level key) replaced by `block`.
 * Throws when the file has no such block.
 */
export function replaceInputsBlock(action: string, block: string): string {
  const lines = action.split('\n')
  const start = lines.findIndex((line) => /^inputs:\s*$/.test(line))
  if (start < 0) {
    throw new Error(
      "action.yml has no top-level 'inputs:' block. Add an 'inputs:' line where the inputs belong."
    )
  }
  let end = start + 1
  while (end < lines.length && !/^\S/.test(lines[end])) end++
  const before = lines.slice(0, start).join('\n')
  const after = lines.slice(end).join('\n')
  return `${before ? `${before}\n` : ''}${block}${after}`
}
