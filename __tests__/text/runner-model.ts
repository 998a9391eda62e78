/**
 * A model of how the Actions runner reads a step's output (actions/runner ActionCommandManager and
 * ActionCommand.TryParseV2 / TryParse, described in prose in GitHub's docs on workflow commands): it
 * splits the output into lines at `\n`, `\r` and `\r\n`; a line whose text after leading white space
 * starts with `::NAME` and has a second `::` is a command, and so is any line holding `##[NAME]` (the
 * older form), when NAME is a registered command (case-insensitive). `::stop-commands::TOKEN` pauses
 * all commands until a line parses as the command TOKEN.
 */

const REGISTERED = [
  'error',
  'warning',
  'notice',
  'debug',
  'group',
  'endgroup',
  'add-mask',
  'set-output',
  'save-state',
  'set-env',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'echo',
  'stop-commands'
]

/** .NET's char.IsWhiteSpace, which TrimStart uses. */
const DOTNET_LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

export interface RunnerCommand {
  name: string
  data: string
  line: string
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function parseV2(line: string, names: Set<string>): RunnerCommand | null {
  const message = line.replace(DOTNET_LEADING_SPACE, '')
  if (!message.startsWith('::')) return null
  const end = message.indexOf('::', 2)
  if (end < 0) return null
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  if (!names.has(name.toLowerCase())) return null
  return { name: name.toLowerCase(), data: unescapeData(message.slice(end + 2)), line }
}

function parseV1(line: string, names: Set<string>): RunnerCommand | null {
  const start = line.indexOf('##[')
  if (start < 0) return null
  const close = line.indexOf(']', start)
  if (close < 0) return null
  const info = line.slice(start + 3, close)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  if (!names.has(name.toLowerCase())) return null
  return { name: name.toLowerCase(), data: line.slice(close + 1), line }
}

/** The lines of an output as the runner splits them (a final line break ends the last line). */
export function runnerLines(output: string): string[] {
  const lines = output.split(/\r\n|\r|\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/**
 * What the runner makes of `output`: the commands it executes (not counting stop-commands and its
 * resume token) and the lines it shows as text.
 */
export function runnerReads(output: string): { commands: RunnerCommand[]; shown: string[] } {
  const commands: RunnerCommand[] = []
  const shown: string[] = []
  let token: string | null = null
  for (const line of runnerLines(output)) {
    const names = new Set(REGISTERED)
    if (token !== null) names.add(token.toLowerCase())
    const command = parseV2(line, names) ?? parseV1(line, names)
    if (!command) {
      shown.push(line)
    } else if (token !== null) {
      if (command.name === token.toLowerCase()) token = null
      else shown.push(line)
    } else if (command.name === 'stop-commands') {
      token = command.data
    } else {
      commands.push(command)
    }
  }
  return { commands, shown }
}
