/**
 * The bundle's one entry point (dist/index.js), shared by the action and the `repo-metrics` command so
 * that dist/ holds one copy of the code. The Actions runner runs this file: the action runs.
 * bin/repo-metrics.js sets the CLI marker below and then imports this file: the command runs instead.
 */
import { main } from './cli.js'
import { run } from './main.js'

/** Set to true on globalThis by bin/repo-metrics.js before it imports the bundle. */
export const CLI_MARKER = Symbol.for('repo-metrics-report.cli')

if ((globalThis as Record<symbol, unknown>)[CLI_MARKER] === true) {
  process.exitCode = await main(process.argv.slice(2))
} else {
  await run()
}
