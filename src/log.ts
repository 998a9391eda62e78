/** The logger every pipeline part takes, so the action, the CLI and tests can route messages. */
import * as core from '@actions/core'
import { commandSafe } from './text/workflow-commands.js'

export interface Logger {
  info(message: string): void
  debug(message: string): void
  notice(message: string): void
  warning(message: string): void
  /**
   * Runs `fn` with its messages gathered under a heading (a collapsible group on a runner). Optional:
   * a logger without it shows the messages ungrouped. Groups do not nest on a runner: never call it
   * from inside a group.
   */
  group?<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** Runs `fn` in a log group when the logger has groups, else plainly. */
export function inGroup<T>(log: Logger, name: string, fn: () => Promise<T>): Promise<T> {
  return log.group ? log.group(name, fn) : fn()
}

/**
 * Logs through @actions/core (workflow commands on a runner); a group is `::group::` … `::endgroup::`.
 * Messages may quote untrusted text: `info` writes its line as it is, so a message that could be read
 * as a workflow command is wrapped by `commandSafe` (the others escape their text as command data).
 */
export function coreLogger(): Logger {
  return {
    info: (m) => core.info(commandSafe(m)),
    debug: (m) => core.debug(m),
    notice: (m) => core.notice(m),
    warning: (m) => core.warning(m),
    group: (name, fn) => core.group(name, fn)
  }
}

/** Adds groups shown as a heading line (`== name`) to a logger that has none (a terminal). */
export function withHeadings<L extends Logger>(log: L): L {
  return {
    ...log,
    group: async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      log.info(`== ${name}`)
      return fn()
    }
  }
}

/**
 * A logger that collects lines into an array (tests). A group adds `group: NAME` before its
 * messages and `endgroup: NAME` after them, also when `fn` throws.
 */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
      lines.push(`group: ${name}`)
      try {
        return await fn()
      } finally {
        lines.push(`endgroup: ${name}`)
      }
    }
  }
}
