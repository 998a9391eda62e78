/**
 * The command line's arguments: its own options (--repo, --api-url, --store, --json, ...) and the
 * action inputs the input table (src/inputs.ts) gives a flag. A switch (a boolean) takes `--X`,
 * `--no-X`, `--X=true|false` and `--X true|false`; every problem is collected, none stops the parse.
 */
import { INPUTS, type CliFlag, type InputSpec } from '../inputs.js'
import { parseBoolean } from '../settings/checks.js'
import { suggest } from './suggest.js'

/** `--store github`: the repository's data branch. Anything else is a folder. */
export const GITHUB_STORE = 'github'
/** The folder store when no --store is given (relative to the working directory). */
export const DEFAULT_STORE_DIR = './repo-metrics-data'

/** The command line's own options, which are not action inputs; they fill the `CliArgs` field named. */
export const CLI_OPTIONS = [
  { flag: 'repo', field: 'repo', value: 'OWNER/NAME', help: 'repository to report on (required)' },
  {
    flag: 'api-url',
    field: 'apiUrl',
    value: 'URL',
    help: 'REST API base (default https://api.github.com; GHES: https://HOST/api/v3)'
  },
  {
    flag: 'graphql-url',
    field: 'graphqlUrl',
    value: 'URL',
    help: 'GraphQL endpoint (default: derived from --api-url)'
  },
  {
    flag: 'server-url',
    field: 'serverUrl',
    value: 'URL',
    help: 'web URL for report links (default: derived from --api-url)'
  },
  {
    flag: 'store',
    field: 'store',
    value: 'DIR|github',
    help: `a local folder (default ${DEFAULT_STORE_DIR}), or github: the data branch and the issue`
  }
] as const

/** The command line's own switches. */
export const CLI_SWITCHES = [
  {
    flag: 'json',
    field: 'json',
    help: 'only JSON on stdout: the report\'s snapshot, or {"error": ...} on failure'
  }
] as const

type OptionField = (typeof CLI_OPTIONS)[number]['field']
type SwitchField = (typeof CLI_SWITCHES)[number]['field']

/** The inputs the command line takes as `--NAME`, from the input table (src/inputs.ts). */
export const INPUT_FLAGS = new Map<string, InputSpec & { cli: CliFlag }>(
  INPUTS.flatMap((spec) => (spec.cli ? [[spec.name, { ...spec, cli: spec.cli }] as const] : []))
)

export interface CliArgs {
  command: string | null
  /** Action inputs by name, as text (a switch as `true`/`false`, or the spelling given with `=`). */
  inputs: Record<string, string>
  repo: string | null
  apiUrl: string | null
  graphqlUrl: string | null
  serverUrl: string | null
  /** `github`, or a folder (default DEFAULT_STORE_DIR). */
  store: string
  /** False when --store was not given (the default folder). */
  storeGiven: boolean
  json: boolean
  help: boolean
  problems: string[]
}

type Flag =
  | { kind: 'value'; set: (args: CliArgs, value: string) => void }
  | { kind: 'switch'; set: (args: CliArgs, value: string) => void; strict: boolean }

function flagTable(): Map<string, Flag> {
  const flags = new Map<string, Flag>()
  for (const option of CLI_OPTIONS) {
    const field: OptionField = option.field
    flags.set(option.flag, {
      kind: 'value',
      set: (args, value) => {
        if (field === 'store') {
          args.store = value
          args.storeGiven = true
        } else args[field] = value
      }
    })
  }
  for (const option of CLI_SWITCHES) {
    const field: SwitchField = option.field
    flags.set(option.flag, {
      kind: 'switch',
      strict: true,
      set: (args, value) => (args[field] = parseBoolean(value) === true)
    })
  }
  for (const [name, spec] of INPUT_FLAGS) {
    const set = (args: CliArgs, value: string) => (args.inputs[name] = value)
    // An input switch's spelling is checked by the settings reader, which names the option.
    flags.set(name, spec.kind === 'boolean' ? { kind: 'switch', set, strict: false } : { kind: 'value', set })
  }
  return flags
}

const FLAGS = flagTable()

/** Every spelling an option may take, for "did you mean". */
const SPELLINGS = [
  ...[...FLAGS].flatMap(([name, flag]) => (flag.kind === 'switch' ? [name, `no-${name}`] : [name])),
  'help'
]

function unknownOption(name: string, given = `--${name}`): string {
  const near = suggest(name, SPELLINGS)
  return near ? `Unknown option ${given}; did you mean --${near}?` : `Unknown option ${given}. See --help.`
}

export function emptyArgs(): CliArgs {
  return {
    command: null,
    inputs: {},
    repo: null,
    apiUrl: null,
    graphqlUrl: null,
    serverUrl: null,
    store: DEFAULT_STORE_DIR,
    storeGiven: false,
    json: false,
    help: false,
    problems: []
  }
}

/** One `--name[=value]` argument; returns how many of the following arguments it took. */
function takeFlag(args: CliArgs, arg: string, next: string | undefined): number {
  const [name, inline] = arg.slice(2).split(/=(.*)/s, 2)
  const flag = FLAGS.get(name)
  if (!flag && name.startsWith('no-') && FLAGS.has(name.slice(3))) {
    const base = name.slice(3)
    const negated = FLAGS.get(base) as Flag
    if (negated.kind === 'value') args.problems.push(`Option --${base} takes a value; there is no --${name}.`)
    else if (inline !== undefined)
      args.problems.push(`Option --${name} takes no value: use --${base}=${inline}.`)
    else negated.set(args, 'false')
    return 0
  }
  if (!flag) {
    args.problems.push(unknownOption(name))
    // The value of a misspelt option that takes one is not a stray argument as well.
    const meant = FLAGS.get(suggest(name, SPELLINGS) ?? '')
    return inline === undefined && meant?.kind === 'value' && next !== undefined && !next.startsWith('--')
      ? 1
      : 0
  }
  if (flag.kind === 'switch') {
    const spelled = inline ?? (next !== undefined && parseBoolean(next) !== null ? next : undefined)
    const value = spelled ?? 'true'
    if (flag.strict && parseBoolean(value) === null) {
      args.problems.push(`Option --${name} is a switch: give true or false, not '${value}'.`)
    } else flag.set(args, value)
    return inline === undefined && spelled !== undefined ? 1 : 0
  }
  if (inline !== undefined) {
    flag.set(args, inline)
    return 0
  }
  if (next === undefined || next.startsWith('--')) {
    args.problems.push(`Option --${name} needs a value.`)
    return 0
  }
  flag.set(args, next)
  return 1
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args = emptyArgs()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') args.help = true
    else if (arg.startsWith('--')) i += takeFlag(args, arg, argv[i + 1])
    else if (arg.startsWith('-') && arg.length > 1) args.problems.push(unknownOption(arg.slice(1), arg))
    else if (args.command === null) args.command = arg
    else args.problems.push(`Unexpected argument '${arg}'.`)
  }
  return args
}
