/** What the run does and how much it may spend: the mode, the request budget and dry-run. */
import type { Mode, Settings } from '../settings-types.js'
import type { InputReader } from './context.js'

export type RunSettings = Pick<Settings, 'mode' | 'requestBudget' | 'dryRun'>

export function readRun(ctx: InputReader): RunSettings {
  return {
    mode: ctx.oneOf<Mode>('mode'),
    requestBudget: ctx.count('request-budget'),
    dryRun: ctx.bool('dry-run')
  }
}
