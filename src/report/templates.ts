/**
 * Handlebars templates: the bundled defaults (templates/*.md.hbs), user templates, the helpers they
 * may call, and errors that name the template file and line.
 *
 * Templates are compiled with `noEscape`: they produce Markdown, not HTML. Every piece of user text
 * in the template context (titles, logins, data-problem messages) is already Markdown-escaped, and
 * the `md` helper escapes anything else.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Handlebars from 'handlebars'
import {
  escapeMarkdown,
  formatChange,
  formatDuration,
  formatLogin,
  formatNumber,
  formatPercent,
  isoDate,
  markdownTable,
  type ChangeKind
} from './format.js'

export interface TemplateSource {
  /** Where the text came from, used in error messages (e.g. `.github/metrics-report.md.hbs`). */
  name: string
  text: string
}

export type DefaultTemplate = 'report' | 'issue'

/** Thrown for a template that cannot be parsed or rendered; the message names the file and line. */
export class TemplateError extends Error {
  readonly file: string
  readonly line: number | null
  constructor(file: string, line: number | null, detail: string) {
    super(
      `Template ${file}${line !== null ? ` line ${line}` : ''}: ${detail}. ` +
        'Fix the template (Handlebars syntax; the helpers are listed at the top of the bundled templates/report.md.hbs) ' +
        'or clear the input to use the bundled template.'
    )
    this.name = 'TemplateError'
    this.file = file
    this.line = line
  }
}

/** Candidate folders for the bundled templates: beside src/ (tests, tsx) and beside dist/ (the action). */
function templateDirs(): string[] {
  const here = import.meta.url
  return ['../../templates/', '../templates/', './templates/'].map((rel) => fileURLToPath(new URL(rel, here)))
}

/** The bundled default template text (`templates/report.md.hbs` or `templates/issue.md.hbs`). */
export function loadDefaultTemplate(which: DefaultTemplate): TemplateSource {
  const file = `${which}.md.hbs`
  for (const dir of templateDirs()) {
    const path = `${dir}${file}`
    if (existsSync(path)) return { name: `templates/${file}`, text: readFileSync(path, 'utf8') }
  }
  throw new Error(
    `The bundled template templates/${file} was not found next to the action (looked in ${templateDirs().join(', ')}). ` +
      'Reinstall the action, or give your own template with the template / issue-template inputs.'
  )
}

type TableFormat = 'text' | 'raw' | 'number' | 'duration' | 'percent' | 'date' | 'login'
const TABLE_FORMATS: readonly TableFormat[] = [
  'text',
  'raw',
  'number',
  'duration',
  'percent',
  'date',
  'login'
]

export interface HelperOptions {
  /** Write logins as `@login` mentions (input `mention-reviewers`). */
  mentionReviewers: boolean
}

const BUILTIN_HELPERS = new Set([
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'blockHelperMissing',
  'helperMissing'
])

/**
 * The helpers every template can use:
 * - `{{duration seconds}}` → "3 h 12 min"; `{{percent ratio}}` → "12.5%"; `{{number n}}` → "1,234"
 * - `{{change current previous "duration"|"count"|"ratio"}}` → "↑ 25%", "↓ 4 pp", "→ same", "–"
 * - `{{md text}}` escapes Markdown; `{{login name}}` writes a login (a mention only with mention-reviewers)
 * - `{{date iso}}` → `YYYY-MM-DD`; `{{default value "fallback"}}`
 * - `{{table rows "field|Header|format" ...}}` → a Markdown table; formats: text, raw, number,
 *   duration, percent, date, login (strings default to text, numbers to number)
 * - `{{eq a b}}`, `{{gt a b}}` for conditions: `{{#if (gt metrics.issues.opened 0)}}`
 */
export function createHelpers(opts: HelperOptions): Record<string, Handlebars.HelperDelegate> {
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  const formatCell = (value: unknown, format: TableFormat | undefined): string => {
    if (value === null || value === undefined) return '–'
    switch (format ?? (typeof value === 'number' ? 'number' : 'text')) {
      case 'raw':
        return String(value)
      case 'number':
        return formatNumber(num(value))
      case 'duration':
        return formatDuration(num(value))
      case 'percent':
        return formatPercent(num(value))
      case 'date':
        return isoDate(String(value))
      case 'login':
        return formatLogin(String(value), opts.mentionReviewers)
      default:
        return escapeMarkdown(String(value))
    }
  }
  return {
    duration: (seconds: unknown) => formatDuration(num(seconds)),
    percent: (ratio: unknown) => formatPercent(num(ratio)),
    number: (value: unknown) => formatNumber(num(value)),
    change: (current: unknown, previous: unknown, kind: unknown) =>
      formatChange(
        num(current),
        num(previous),
        typeof kind === 'string' && ['duration', 'count', 'ratio'].includes(kind)
          ? (kind as ChangeKind)
          : 'count'
      ),
    md: (text: unknown) => escapeMarkdown(text === null || text === undefined ? '' : String(text)),
    login: (login: unknown) => formatLogin(typeof login === 'string' ? login : null, opts.mentionReviewers),
    date: (iso: unknown) => isoDate(typeof iso === 'string' ? iso : null),
    default: (value: unknown, fallback: unknown) =>
      value === null || value === undefined || value === '' ? fallback : value,
    eq: (a: unknown, b: unknown) => a === b,
    gt: (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b,
    table: function (rows: unknown, ...rest: unknown[]) {
      const columns = rest.slice(0, -1).map((c) => String(c).split('|'))
      if (!Array.isArray(rows) || rows.length === 0 || columns.length === 0) return ''
      for (const [, , format] of columns) {
        if (format && !TABLE_FORMATS.includes(format as TableFormat)) {
          throw new Error(`table: unknown column format "${format}" (use ${TABLE_FORMATS.join(', ')})`)
        }
      }
      const headers = columns.map(([field, header]) => header ?? field)
      const align = columns.map(([, , format]) =>
        format && ['number', 'duration', 'percent'].includes(format) ? 'right' : 'left'
      )
      const body = rows.map((row) =>
        columns.map(([field, , format]) =>
          formatCell((row as Record<string, unknown>)[field], format as TableFormat | undefined)
        )
      )
      return markdownTable(headers, body, align)
    }
  }
}

interface AstNode {
  type: string
  loc?: { start: { line: number } }
  path?: { type: string; original?: string; parts?: string[]; head?: unknown }
  params?: AstNode[]
  hash?: { pairs: Array<{ value: AstNode }> }
  program?: { body: AstNode[] }
  inverse?: { body: AstNode[] }
  body?: AstNode[]
}

/**
 * Finds calls of helpers that do not exist (`{{durration x}}`) before rendering, with their line, so a
 * typo is reported as such rather than as a runtime error without position.
 */
function checkHelpers(ast: AstNode, known: Set<string>, file: string): void {
  const visit = (node: AstNode | undefined): void => {
    if (!node) return
    const isCall =
      (node.type === 'MustacheStatement' ||
        node.type === 'BlockStatement' ||
        node.type === 'SubExpression') &&
      node.path?.type === 'PathExpression' &&
      ((node.params?.length ?? 0) > 0 || (node.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression')
    if (isCall && node.path) {
      const name = node.path.original ?? ''
      if (!known.has(name) && !name.includes('.') && !name.includes('/')) {
        throw new TemplateError(file, node.loc?.start.line ?? null, `unknown helper "${name}"`)
      }
    }
    for (const p of node.params ?? []) visit(p)
    for (const pair of node.hash?.pairs ?? []) visit(pair.value)
    for (const child of node.program?.body ?? []) visit(child)
    for (const child of node.inverse?.body ?? []) visit(child)
    for (const child of node.body ?? []) visit(child)
  }
  visit(ast)
}

/** Line of the first `{{NAME` in the text, for runtime errors that carry no position. */
function guessLine(text: string, name: string | undefined): number | null {
  if (!name) return null
  const lines = text.split('\n')
  const pattern = new RegExp(`\\{\\{[#~^/]?\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)
  const index = lines.findIndex((l) => pattern.test(l))
  return index >= 0 ? index + 1 : null
}

export type RenderTemplate = (context: object) => string

/** Parses and compiles a template; throws `TemplateError` naming the file and line on any problem. */
export function compileTemplate(source: TemplateSource, opts: HelperOptions): RenderTemplate {
  const hb = Handlebars.create()
  const helpers = createHelpers(opts)
  hb.registerHelper(helpers)
  let ast: AstNode
  try {
    ast = hb.parse(source.text) as unknown as AstNode
  } catch (err) {
    const message = (err as Error).message
    const line =
      (err as { lineNumber?: number }).lineNumber ?? Number(/on line (\d+)/.exec(message)?.[1] ?? NaN)
    const detail = message
      .split('\n')[0]
      .replace(/^Parse error on line \d+:?\s*/, '')
      .trim()
    const expecting = /Expecting ([^\n]+)/.exec(message)?.[0]
    throw new TemplateError(
      source.name,
      Number.isFinite(line) ? line : null,
      `syntax error${detail ? ` (${detail})` : ''}${expecting ? `, ${expecting}` : ''}`
    )
  }
  checkHelpers(ast, new Set([...Object.keys(helpers), ...BUILTIN_HELPERS]), source.name)
  let template: HandlebarsTemplateDelegate
  try {
    template = hb.compile(source.text, { noEscape: true, preventIndent: true })
  } catch (err) {
    throw new TemplateError(source.name, null, (err as Error).message)
  }
  return (context: object) => {
    try {
      return template(context, { allowProtoPropertiesByDefault: false })
    } catch (err) {
      const e = err as Error & { lineNumber?: number }
      const helper = /^(\w+):/.exec(e.message)?.[1] ?? /"([^"]+)"/.exec(e.message)?.[1]
      const line = e.lineNumber ?? guessLine(source.text, helper)
      throw new TemplateError(source.name, line, e.message)
    }
  }
}
