/** `repo-metrics --help`: the options from the input table and the command line's own, what writes where. */
import { isExpression, type CliFlag, type InputSpec } from '../inputs.js'
import { CLI_OPTIONS, CLI_SWITCHES, DEFAULT_STORE_DIR, INPUT_FLAGS } from './args.js'

export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3 } as const

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
    ...CLI_SWITCHES.map((option) => helpLine(`--${option.flag}`, option.help)),
    ...[...INPUT_FLAGS.values()].map(inputHelpLine),
    helpLine('-h, --help', 'this help')
  ]
  return `repo-metrics — engineering-metrics reports from a repository's GitHub history

Usage:
  repo-metrics report --repo OWNER/NAME [options]
  repo-metrics org --org LOGIN [--repo METRICS-OWNER/NAME] [options]

What it writes:
  By default nothing is written to the repository: history and reports go to the local folder
  ${DEFAULT_STORE_DIR} (--store DIR for another one), and no notification issue is opened.
  --store github commits history and reports to the repository's data branch (--data-branch) and
  opens or updates the notification issue (--no-notify to skip it). --dry-run writes nothing at all.
  Without --store github, GitHub is only read (a read-only token will do); --store github needs
  contents: write and issues: write.
  The org command reports on many repositories of an organization (--organization, --org for short):
  each repository's history goes to repos/OWNER/NAME/ of the store, the pooled org report to
  reports/org/; with --store github, to the data branch of --repo (the metrics repository), with one
  issue there. --read-token reads the organization (an App installation token or a PAT).

Options:
${options.join('\n')}

  Switches take --NAME, --no-NAME, --NAME=true|false or --NAME true|false.
  The token can also come from $GITHUB_TOKEN or $GH_TOKEN, the API URL from $GITHUB_API_URL.

Output:
  Logs and progress go to stderr: one updating line on a terminal, plain lines in CI or a pipe.
  The result goes to stdout (with --json, only JSON).

Exit codes:
  ${EXIT.ok} done; ${EXIT.failed} failed; ${EXIT.usage} invalid arguments; ${EXIT.partial} partial: the request budget ran out before the history was
  fully read, so the report is written but partial (run the same command again to resume).
`
}

export const HELP = renderHelp()
