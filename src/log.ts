/** The logger every pipeline part takes, so the action, the CLI and tests can route messages. */
import * as core from '@actions/core'

export interface Logger {
  info(message: string): void
  debug(message: string): void
  notice(message: string): void
  warning(message: string): void
}

/** Logs through @actions/core (workflow commands on a runner). */
export function coreLogger(): Logger {
  return {
    info: (m) => core.info(m),
    debug: (m) => core.debug(m),
    notice: (m) => core.notice(m),
    warning: (m) => core.warning(m)
  }
}

/** A logger that drops everything (tests) or collects lines into an array. */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`)
  }
}
