/**
 * action.yml and workflow files read with GitHub's own parser (@actions/workflow-parser), which checks
 * them against the schemas the Actions service uses. Results are plain JSON-like values, so callers
 * (the docs generator, the tests) need no YAML library.
 */
import {
  NoOperationTraceWriter,
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString,
  parseWorkflow
} from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain }

export interface ParsedFile {
  /** Parser messages, each with the file name, line and column; empty when the file is valid. */
  errors: string[]
  /** The document as plain values; expressions are kept as their `${{ ... }}` text. */
  value: Plain | undefined
}

/** A parser token tree as plain values. */
export function toPlain(token: TemplateToken): Plain {
  if (isMapping(token)) {
    const out: { [key: string]: Plain } = {}
    for (const pair of token) out[pair.key.toString()] = toPlain(pair.value)
    return out
  }
  if (isSequence(token)) return [...token].map(toPlain)
  if (isString(token)) return token.value
  if (isBoolean(token)) return token.value
  if (isNumber(token)) return token.value
  if (isBasicExpression(token)) return token.toDisplayString()
  return token.isScalar ? token.toString() : null
}

/** Parse action.yml text against GitHub's action schema. */
export function parseActionFile(name: string, content: string): ParsedFile {
  const result = parseAction({ name, content }, new NoOperationTraceWriter())
  return {
    errors: result.context.errors.getErrors().map((error) => error.message),
    value: result.value ? toPlain(result.value) : undefined
  }
}

/** Parse a workflow file against GitHub's workflow schema. */
export function parseWorkflowFile(name: string, content: string): ParsedFile {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  return {
    errors: result.context.errors.getErrors().map((error) => error.message),
    value: result.value ? toPlain(result.value) : undefined
  }
}
