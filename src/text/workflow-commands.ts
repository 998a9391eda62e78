/**
 * Log text that the Actions runner cannot execute. The runner reads every line a step writes and runs
 * it as a workflow command when, after leading white space, it starts with `::` (`::error title=x::y`,
 * `::add-mask::`, `::stop-commands::`), or when it holds `##[` anywhere (the older form,
 * `##[set-output name=x]y`). `core.info` writes its message as it is, so untrusted text in a message
 * (an ingested id, a payload key, a title) could end a line and start a command.
 *
 * `commandSafe` leaves a message that could not be read as a command untouched and wraps any other in
 * `::stop-commands::TOKEN` … `::TOKEN::` with a fresh random token: between the two the runner runs no
 * command at all, and the text is shown exactly as it was written.
 */
import { randomUUID } from 'node:crypto'

/**
 * Line breaks the runner splits its output on (`\n`, `\r`, `\r\n`), and, to be safe, the other
 * characters some readers treat as one.
 */
// eslint-disable-next-line no-control-regex
const LINE_BREAK = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/
/** What the runner's `TrimStart` removes before looking for `::` (.NET white space), and more. */
// eslint-disable-next-line no-control-regex
const LEADING_SPACE = /^[\s\u0085\u001c-\u001f\u180e]+/

/** True when some line of `message` could be read by the runner as a workflow command. */
export function mayHoldCommand(message: string): boolean {
  if (message.includes('##[')) return true
  return message.split(LINE_BREAK).some((line) => line.replace(LEADING_SPACE, '').startsWith('::'))
}

/** A token the text cannot have guessed: letters and digits only, so it is a valid command name. */
function freshToken(): string {
  return `rmr${randomUUID().replace(/-/g, '')}`
}

/**
 * The message as it may be written to the log: unchanged when no line of it could be a command, else
 * wrapped so that the runner executes nothing inside it (see the file comment).
 */
export function commandSafe(message: string, token: () => string = freshToken): string {
  if (!mayHoldCommand(message)) return message
  const stop = token()
  return `::stop-commands::${stop}\n${message}\n::${stop}::`
}
