/**
 * Every action input (and the few GITHUB_* variables the pipeline needs) parsed and validated into one
 * typed, frozen Settings. All problems are collected and reported together, before any API call.
 *
 * The inputs are described once, in src/inputs.ts; one small reader per concern (src/settings/*.ts) reads
 * its part of Settings, and `parseSettings` assembles them. `parseSettings` is pure so the CLI can feed it
 * flags through its own `getInput` and print the same messages; `readSettings` is the action's entry: it
 * reads `core.getInput` and emits one annotation per problem.
 */
import * as core from '@actions/core'
import type { Settings } from './settings-types.js'
import { InputReader, type SettingsProblem } from './settings/context.js'
import { readDeployments } from './settings/deployments.js'
import { readIngest } from './settings/ingest.js'
import { readMetrics } from './settings/metrics.js'
import { readNotification } from './settings/notification.js'
import { readOrg } from './settings/org.js'
import { readRendering } from './settings/rendering.js'
import { readConnection } from './settings/repository.js'
import { readRun } from './settings/run.js'
import { readWindow } from './settings/window.js'

export { INPUT_DEFAULTS, type SettingsProblem } from './settings/context.js'
export {
  branchNameProblem,
  defaultGraphqlUrl,
  parseInstant,
  parseRepoRef,
  repoPathProblem,
  splitList
} from './settings/checks.js'

export type ParseSettingsResult =
  { ok: true; settings: Settings } | { ok: false; problems: SettingsProblem[] }

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/**
 * Parse and validate every input. `getInput(name)` returns the raw input ('' when not given); `env` gives
 * GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_GRAPHQL_URL and GITHUB_SERVER_URL.
 */
export function parseSettings(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv
): ParseSettingsResult {
  const ctx = new InputReader(getInput, env)
  const connection = readConnection(ctx)
  const run = readRun(ctx)
  const window = readWindow(ctx)
  const settings: Settings = {
    ...connection,
    ...run,
    ...readRendering(ctx, connection.dataBranch),
    ...window,
    ...readMetrics(ctx),
    ...readDeployments(ctx),
    ...readNotification(ctx, connection.repository),
    ...readIngest(ctx, run.mode, window.timezone),
    ...readOrg(ctx, run.mode, connection.repository, connection.token)
  }
  if (ctx.problems.length > 0) return { ok: false, problems: ctx.problems }
  return { ok: true, settings: deepFreeze(settings) }
}

/**
 * The action's settings from its inputs. On bad input, emits one `core.error` per problem (titled
 * `Invalid input: NAME`) and returns null; the caller then fails the run before any API call.
 */
export function readSettings(): Settings | null {
  const result = parseSettings((name) => core.getInput(name), process.env)
  if (result.ok) {
    core.setSecret(result.settings.token)
    if (result.settings.org.readToken !== result.settings.token) core.setSecret(result.settings.org.readToken)
    return result.settings
  }
  for (const { input, message } of result.problems) core.error(message, { title: `Invalid input: ${input}` })
  return null
}
