/**
 * What every settings reader shares: the raw inputs with the table's defaults, the list of problems found
 * so far (all are reported together), and one method per input kind of src/inputs.ts that reads, checks and
 * reports. A method refuses an input whose kind in the table is not the one it reads, so the table stays
 * the truth about every input.
 */
import { INPUTS, isExpression, type InputKind, type InputName, type InputSpec } from '../inputs.js'
import {
  LOGIN,
  MAX_TITLE_LENGTH,
  branchNameProblem,
  labelProblem,
  parseBoolean,
  parseInstant,
  repoPathProblem,
  shown,
  splitList
} from './checks.js'

export interface SettingsProblem {
  /** The input name (`timezone`) or environment variable (`GITHUB_REPOSITORY`). */
  input: string
  /** The value given, shortened; never the token. */
  value: string
  /** One sentence naming the input, the value and what is accepted. */
  message: string
}

const BY_NAME = new Map<string, InputSpec>(INPUTS.map((spec) => [spec.name, spec]))

/** The table's entry for an input; throws when code asks for an input the table does not have. */
export function inputSpec(name: string): InputSpec {
  const spec = BY_NAME.get(name)
  if (!spec) throw new Error(`No input '${name}' in src/inputs.ts: add it to the table there.`)
  return spec
}

/** Defaults applied when an input is empty: the table's, except expressions the runner fills in. */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    INPUTS.filter((spec) => spec.default !== '' && !isExpression(spec.default)).map((spec) => [
      spec.name,
      spec.default
    ])
  )
)

/** Where a problem is listed: in the table's order, runner variables right after the token. */
function rank(problem: SettingsProblem): number {
  const index = INPUTS.findIndex((spec) => spec.name === problem.input)
  return index >= 0 ? index : 0.5
}

export class InputReader {
  private readonly found: SettingsProblem[] = []

  constructor(
    private readonly getInput: (name: string) => string,
    readonly env: NodeJS.ProcessEnv
  ) {}

  /** Every problem found so far, in the order of action.yml's inputs. */
  get problems(): SettingsProblem[] {
    return [...this.found].sort((a, b) => rank(a) - rank(b))
  }

  /** The input as given, trimmed; '' when not given. */
  raw(name: InputName): string {
    inputSpec(name)
    return (this.getInput(name) ?? '').trim()
  }

  /** The input, or its default when empty. */
  text(name: InputName): string {
    return this.raw(name) || (INPUT_DEFAULTS[name] ?? '')
  }

  optional(name: InputName): string | null {
    return this.text(name) || null
  }

  /** `Input 'NAME' has the value 'V', which WHAT. FIX` */
  problem(name: InputName, value: string, what: string, fix: string): void {
    const v = shown(value)
    this.found.push({
      input: name,
      value: v,
      message: `Input '${name}' has the value '${v}', which ${what}. ${fix}`
    })
  }

  /** For parsers (src/period.ts) whose message already quotes the value and says what is accepted. */
  invalid(name: InputName, value: string, message: string): void {
    const text = message.endsWith('.') ? message : `${message}.`
    this.found.push({ input: name, value: shown(value), message: `Input '${name}' is invalid: ${text}` })
  }

  /** A problem with a runner variable (`GITHUB_REPOSITORY`); empty means not set. */
  envProblem(name: string, value: string, what: string, fix: string): void {
    const v = shown(value)
    const message =
      value === ''
        ? `Environment variable '${name}' is not set. ${fix}`
        : `Environment variable '${name}' has the value '${v}', which ${what}. ${fix}`
    this.found.push({ input: name, value: v, message })
  }

  /** A problem that is not about one value (the message says it all). */
  note(problem: SettingsProblem): void {
    this.found.push(problem)
  }

  bool(name: InputName): boolean {
    const spec = this.spec(name, 'boolean')
    const text = this.text(name)
    const value = parseBoolean(text)
    if (value !== null) return value
    this.problem(name, text, 'is not a boolean', "Use 'true' or 'false'.")
    return parseBoolean(spec.default) ?? false
  }

  oneOf<T extends string>(name: InputName): T {
    const spec = this.spec(name, 'choice')
    const accepted = spec.values ?? []
    const text = this.text(name)
    if (accepted.includes(text)) return text as T
    this.problem(name, text, 'is not accepted', `Use one of: ${accepted.join(', ')}.`)
    return spec.default as T
  }

  /** Free text in a list, without repeats kept as given. */
  list(name: InputName): string[] {
    this.spec(name, 'list')
    return [...new Set(splitList(this.text(name)))]
  }

  logins(name: InputName): string[] {
    this.spec(name, 'logins')
    const list = splitList(this.text(name)).map((login) => login.replace(/^@/, ''))
    for (const login of list.filter((l) => !LOGIN.test(l))) {
      this.problem(
        name,
        login,
        'is not a GitHub login',
        'Give logins separated by commas, such as octocat, dependabot[bot].'
      )
    }
    return [...new Set(list.filter((l) => LOGIN.test(l)))]
  }

  /** A branch name, or '' when neither given nor defaulted. */
  branch(name: InputName): string {
    this.spec(name, 'branch')
    const text = this.text(name)
    const why = text ? branchNameProblem(text) : null
    if (why)
      this.problem(name, text, `is not a valid branch name: it ${why}`, 'Use a name such as repo-metrics.')
    return text
  }

  /** A path inside the repository without trailing slashes, or '' when neither given nor defaulted. */
  path(name: InputName): string {
    const spec = this.spec(name, 'path')
    const text = this.text(name)
    if (!text) return ''
    const cleaned = text.replace(/\/+$/, '')
    const why = repoPathProblem(cleaned)
    if (why) {
      const fix = `Use a relative path such as '${spec.example ?? 'reports'}'.`
      this.problem(name, text, `is not a path inside the repository: it ${why}`, fix)
    }
    return cleaned
  }

  /**
   * A label GitHub accepts (src/settings/checks.ts labelProblem) or a title within GitHub's length
   * limit, or '' when neither given nor defaulted.
   */
  limited(name: InputName): string {
    const kind = this.spec(name, 'label', 'title').kind
    const text = this.text(name)
    if (kind === 'label') {
      const why = text ? labelProblem(text) : null
      const fix = why?.startsWith('is longer')
        ? 'Use a shorter label.'
        : 'Use one label name such as metrics-report.'
      if (why) this.problem(name, text, why, fix)
    } else if (text.length > MAX_TITLE_LENGTH) {
      this.problem(name, text, `is longer than ${MAX_TITLE_LENGTH} characters`, `Use a shorter ${kind}.`)
    }
    return text
  }

  /** A positive whole number, or null when not given. */
  count(name: InputName): number | null {
    this.spec(name, 'count')
    const text = this.raw(name)
    if (!text) return null
    const value = Number(text)
    if (/^\d+$/.test(text) && value > 0 && Number.isSafeInteger(value)) return value
    this.problem(
      name,
      text,
      'is not a positive whole number',
      "Use a number such as '500', or leave it empty for no limit."
    )
    return null
  }

  /** A point in time as a UTC ISO string; date-only values are midnights in `zone`. */
  instant(name: InputName, zone: string): string | null {
    this.spec(name, 'instant')
    const text = this.raw(name)
    if (!text) return null
    const parsed = parseInstant(text, zone)
    if (parsed.ok) return parsed.value
    this.problem(
      name,
      text,
      parsed.message,
      "Use a date such as '2026-01-31' or an ISO time such as '2026-01-31T12:00:00Z'."
    )
    return null
  }

  private spec(name: InputName, ...kinds: InputKind[]): InputSpec {
    const spec = inputSpec(name)
    if (!kinds.includes(spec.kind)) {
      throw new Error(`Input '${name}' is a ${spec.kind} in src/inputs.ts, not a ${kinds.join(' or ')}.`)
    }
    return spec
  }
}
