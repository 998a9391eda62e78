/**
 * repo-metrics: the action's report pipeline from a terminal, against github.com, GitHub
 * Enterprise Server or the local emulator, writing to the data branch or to a local folder.
 *
 * Exit codes: 0 done; 1 the run failed; 2 invalid arguments; 3 done, but the request budget ran out
 * before the history was fully read (the report is partial: run again to resume).
 */
import { resolve } from 'node:path'
import { createGitHubClient } from './github/client.js'
import { withHeadings, type Logger } from './log.js'
import { createIssueNotifier } from './notify/notifier.js'
import { createGitHubHistory } from './pipeline/github-history.js'
import { runReport } from './pipeline/report.js'
import { INPUTS, isExpression, type CliFlag, type InputSpec } from './inputs.js'
import { parseSettings } from './settings.js'
import { DEFAULT_API_URL, deriveUrls, trimUrl } from './settings/checks.js'
import { createDirectoryStore, createGitDataStore } from './store/index.js'

export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3 } as const

/** The command line's own options, which are not action inputs; they fill the `CliArgs` field named. */
export const CLI_OPTIONS = [
  { flag: 'repo', field: 'repo', value: 'OWNER/NAME', help: 'repository to report on (required)' },
  {
    flag: 'api-url',
    field: 'apiUrl',
    value: 'URL',
    help: `REST API base (default ${DEFAULT_API_URL}; GHES: https://HOST/api/v3)`
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
    value: 'github|DIR',
    help: 'keep history on the data branch (github) or in a local folder (default: github)'
  }
] as const

const DEFAULT_STORE = 'github'

/** The inputs the command line takes as `--NAME`, from the input table (src/inputs.ts). */
const INPUT_FLAGS = new Map<string, InputSpec & { cli: CliFlag }>(
  INPUTS.flatMap((spec) => (spec.cli ? [[spec.name, { ...spec, cli: spec.cli }] as const] : []))
)

function helpLine(flag: string, text: string): string {
  return `  ${flag.padEnd(24)} ${text}`
}

/** One line of `--help` for an input flag: its value's name, its help and its default. */
function inputHelpLine(spec: InputSpec & { cli: CliFlag }): string {
  const value = spec.kind === 'boolean' ? '' : ` ${spec.cli.value ?? spec.values?.join('|') ?? 'VALUE'}`
  const shownDefault = spec.kind !== 'boolean' && spec.default !== '' && !isExpression(spec.default)
  return helpLine(
    `--${spec.name}${value}`,
    `${spec.cli.help}${shownDefault ? ` (default ${spec.default})` : ''}`
  )
}

function renderHelp(): string {
  const options = [
    ...CLI_OPTIONS.map((option) => helpLine(`--${option.flag} ${option.value}`, option.help)),
    ...[...INPUT_FLAGS.values()].map(inputHelpLine),
    helpLine('-h, --help', 'this help')
  ]
  return `repo-metrics — engineering-metrics reports from a repository's GitHub history

Usage:
  repo-metrics report --repo OWNER/NAME [options]

Options:
${options.join('\n')}

Exit codes: 0 done, 1 failed, 2 invalid arguments, 3 partial (budget ran out; run again to resume).
`
}

export const HELP = renderHelp()

export interface CliArgs {
  command: string | null
  inputs: Record<string, string>
  repo: string | null
  apiUrl: string | null
  graphqlUrl: string | null
  serverUrl: string | null
  store: string
  help: boolean
  problems: string[]
}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    command: null,
    inputs: {},
    repo: null,
    apiUrl: null,
    graphqlUrl: null,
    serverUrl: null,
    store: DEFAULT_STORE,
    help: false,
    problems: []
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') {
      args.help = true
      continue
    }
    if (!arg.startsWith('--')) {
      if (args.command === null) args.command = arg
      else args.problems.push(`Unexpected argument '${arg}'.`)
      continue
    }
    const [flag, inlineValue] = arg.slice(2).split(/=(.*)/s, 2)
    const takeValue = (): string | null => {
      if (inlineValue !== undefined) return inlineValue
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) {
        args.problems.push(`Option --${flag} needs a value.`)
        return null
      }
      i++
      return next
    }
    const input = INPUT_FLAGS.get(flag)
    const option = CLI_OPTIONS.find((o) => o.flag === flag)
    if (input?.kind === 'boolean') {
      args.inputs[flag] = inlineValue ?? 'true'
    } else if (input) {
      const value = takeValue()
      if (value !== null) args.inputs[flag] = value
    } else if (option?.field === 'store') args.store = takeValue() ?? DEFAULT_STORE
    else if (option) args[option.field] = takeValue()
    else args.problems.push(`Unknown option --${flag}. See --help.`)
  }
  return args
}

/** A settings problem in the command line's own terms (flags instead of inputs and runner variables). */
export function cliMessage(
  problem: { input: string; value: string; message: string },
  repo: string | null,
  given: Partial<Record<'graphql-url' | 'server-url', string | null>> = {}
): string {
  switch (problem.input) {
    case 'token':
      return problem.value
        ? 'The token contains whitespace, so it is not a token. Check --token, $GITHUB_TOKEN or $GH_TOKEN.'
        : 'No GitHub token: pass --token, or set $GITHUB_TOKEN or $GH_TOKEN.'
    case 'GITHUB_REPOSITORY':
      // A missing --repo is reported once, by the command line itself.
      return repo
        ? `Option --repo has the value '${repo}', which is not in the form OWNER/NAME, e.g. 'octo-org/octo-repo'.`
        : ''
    case 'GITHUB_API_URL':
      return `Option --api-url has the value '${problem.value}', which is not an http(s) URL such as https://api.github.com.`
    case 'GITHUB_GRAPHQL_URL':
    case 'GITHUB_SERVER_URL': {
      // Derived from --api-url unless given; a bad --api-url is reported once, above.
      const flag = problem.input === 'GITHUB_GRAPHQL_URL' ? 'graphql-url' : 'server-url'
      return given[flag]
        ? `Option --${flag} has the value '${problem.value}', which is not an http(s) URL.`
        : ''
    }
    default:
      return problem.message.replace(/^Input '([^']+)'/, 'Option --$1')
  }
}

/** Derived URLs for github.com and GitHub Enterprise Server (https://HOST/api/v3); see settings/checks.ts. */
export { deriveUrls }

function terminalLogger(verbose: boolean): Logger & { progress(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true
  let shown = false
  const clear = (): void => {
    if (shown) process.stderr.write('\r\x1b[2K')
    shown = false
  }
  const line = (prefix: string) => (message: string) => {
    clear()
    process.stderr.write(`${prefix}${message}\n`)
  }
  return {
    info: line(''),
    debug: verbose ? line('debug: ') : () => undefined,
    notice: line('notice: '),
    warning: line('warning: '),
    progress(text: string) {
      if (!tty) return
      process.stderr.write(`\r\x1b[2K${text}`)
      shown = true
    },
    done: clear
  }
}

function bar(fraction: number, width = 24): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)))
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv)
  if (args.help || argv.length === 0) {
    process.stdout.write(HELP)
    return args.help ? EXIT.ok : EXIT.usage
  }
  if (args.command !== 'report')
    args.problems.push(`Unknown command '${args.command ?? ''}': the command is 'report'.`)
  if (!args.repo)
    args.problems.push(
      "Option --repo is required: give the repository as OWNER/NAME, e.g. 'octo-org/octo-repo'."
    )

  const apiUrl = trimUrl(args.apiUrl ?? env.GITHUB_API_URL ?? DEFAULT_API_URL)
  const derived = deriveUrls(apiUrl)
  const token = args.inputs.token ?? env.GITHUB_TOKEN ?? env.GH_TOKEN ?? ''
  const inputs: Record<string, string> = { ...args.inputs, token, mode: 'report' }
  if (args.store !== DEFAULT_STORE && inputs.notify === undefined) inputs.notify = 'false'
  const parsed = parseSettings((name) => inputs[name] ?? '', {
    GITHUB_REPOSITORY: args.repo ?? '',
    GITHUB_API_URL: apiUrl,
    GITHUB_GRAPHQL_URL: args.graphqlUrl ?? derived.graphqlUrl,
    GITHUB_SERVER_URL: args.serverUrl ?? derived.serverUrl
  })
  if (!parsed.ok) {
    for (const problem of parsed.problems)
      args.problems.push(
        cliMessage(problem, args.repo, { 'graphql-url': args.graphqlUrl, 'server-url': args.serverUrl })
      )
  }
  if (args.problems.length || !parsed.ok) {
    for (const problem of args.problems.filter(Boolean)) process.stderr.write(`error: ${problem}\n`)
    process.stderr.write('Run repo-metrics --help for the options.\n')
    return EXIT.usage
  }
  const settings = parsed.settings

  const log = withHeadings(terminalLogger(env.RUNNER_DEBUG === '1'))
  const client = createGitHubClient({
    token: settings.token,
    apiUrl: settings.apiUrl,
    graphqlUrl: settings.graphqlUrl,
    budget: settings.requestBudget,
    log
  })
  const budget = settings.requestBudget
  const ticker = setInterval(() => {
    const used = client.requests().total
    log.progress(
      budget ? `syncing ${bar(used / budget)} ${used}/${budget} requests` : `syncing… ${used} requests`
    )
  }, 200)
  try {
    const store =
      args.store === 'github'
        ? createGitDataStore({
            octokit: client.octokit,
            owner: settings.repository.owner,
            repo: settings.repository.repo,
            branch: settings.dataBranch,
            graphqlUrl: settings.graphqlUrl,
            log
          })
        : createDirectoryStore(resolve(args.store))
    const notifications = args.store === 'github' || inputs.notify === 'true'
    const outcome = await runReport(settings, {
      history: createGitHubHistory({
        client,
        owner: settings.repository.owner,
        repo: settings.repository.repo,
        apiUrl: settings.apiUrl,
        log
      }),
      store,
      notifier: notifications
        ? createIssueNotifier({
            octokit: client.octokit,
            owner: settings.issueRepository.owner,
            repo: settings.issueRepository.repo,
            log
          })
        : undefined,
      log,
      now: new Date(),
      writeSummary: async (markdown) => {
        if (settings.dryRun) process.stdout.write(`${markdown}\n`)
      }
    })
    clearInterval(ticker)
    log.done()
    const where = args.store === 'github' ? `branch ${settings.dataBranch}` : resolve(args.store)
    process.stdout.write(
      `report ${outcome.period}: ${outcome.reportPath} in ${where}${outcome.issue ? `, issue ${outcome.issue.url}` : ''}\n` +
        `API requests: ${client.requests().total}${outcome.complete ? '' : ' (partial: run again to resume)'}\n`
    )
    return outcome.complete ? EXIT.ok : EXIT.partial
  } catch (error) {
    clearInterval(ticker)
    log.done()
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
    return EXIT.failed
  }
}
