/**
 * The time a report covers: the time zone first (date-only values are midnights in it), then the window,
 * an explicit since/until, and the bucket width.
 */
import { parseWindow } from '../period.js'
import type { Bucket, Settings, WindowSpec } from '../settings-types.js'
import { isBefore, isValidZone } from './checks.js'
import type { InputReader } from './context.js'

export type WindowSettings = Pick<Settings, 'timezone' | 'window' | 'since' | 'until' | 'bucket'>

const DEFAULT_WINDOW: WindowSpec = { kind: 'length', days: 90, text: '90d' }

/** The report's time zone; UTC (after a problem) when it is not an IANA name. */
export function readTimezone(ctx: InputReader): string {
  const text = ctx.text('timezone')
  if (isValidZone(text)) return text
  ctx.problem('timezone', text, 'is not an IANA time zone', "Use a name such as 'Europe/Berlin' or 'UTC'.")
  return 'UTC'
}

export function readWindow(ctx: InputReader): WindowSettings {
  const timezone = readTimezone(ctx)
  const windowText = ctx.text('window')
  const parsed = parseWindow(windowText)
  if (!parsed.ok) ctx.invalid('window', windowText, parsed.message)
  const since = ctx.instant('since', timezone)
  const until = ctx.instant('until', timezone)
  if (since && until && !isBefore(since, until)) {
    ctx.problem(
      'since',
      ctx.raw('since'),
      `is not before until ('${ctx.raw('until')}')`,
      "Give a 'since' earlier than 'until'."
    )
  }
  return {
    timezone,
    window: parsed.ok ? parsed.value : DEFAULT_WINDOW,
    since,
    until,
    bucket: ctx.oneOf<Bucket>('bucket')
  }
}
