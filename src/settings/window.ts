/**
 * The time a report covers: the time zone first (date-only values are midnights in it), then the window,
 * an explicit since/until, and the bucket width.
 */
import { parseWindow, resolveWindow } from '../period.js'
import type { Bucket, Settings, WindowSpec } from '../settings-types.js'
import { MAX_BUCKETS, bucketCount, isBefore, isValidZone } from './checks.js'
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

const WIDER: Record<Bucket, string> = {
  day: "bucket 'week' or 'month'",
  week: "bucket 'month'",
  month: ''
}

/**
 * Refuses a window that makes more than MAX_BUCKETS buckets of `settings.bucket` (charts that long
 * fail to render or take minutes). The end of a window without `until` is now, as when the report runs.
 */
function checkBucketCount(ctx: InputReader, settings: WindowSettings, now: Date): void {
  let window: { since: string; until: string }
  try {
    window = resolveWindow({ ...settings, now })
  } catch {
    return // a window that does not resolve is reported by the checks above
  }
  const { bucket, timezone } = settings
  const count = bucketCount(window.since, window.until, bucket, timezone)
  if (count <= MAX_BUCKETS) return
  // a window that does not start at a bucket boundary has a partial first bucket
  const longest = `${MAX_BUCKETS - 1} ${bucket}s`
  const wider = WIDER[bucket] ? `${WIDER[bucket]}, or ` : ''
  const what = `makes ${count} ${bucket} buckets, more than the ${MAX_BUCKETS} a chart can show`
  if (settings.since !== null) {
    const until = ctx.raw('until') || 'now'
    ctx.problem(
      'since',
      ctx.raw('since'),
      `together with until ('${until}') ${what}`,
      `Use ${wider}a since at most ${longest} before until.`
    )
  } else {
    const shortest = settings.window.kind === 'length' ? `${MAX_BUCKETS - 1}d` : longest
    ctx.problem('window', settings.window.text, what, `Use ${wider}a window of at most ${shortest}.`)
  }
}

export function readWindow(ctx: InputReader, now: Date = new Date()): WindowSettings {
  const timezone = readTimezone(ctx)
  const windowText = ctx.text('window')
  const parsed = parseWindow(windowText)
  if (!parsed.ok) ctx.invalid('window', windowText, parsed.message)
  const since = ctx.instant('since', timezone)
  const until = ctx.instant('until', timezone)
  let ordered = true
  if (since && until && !isBefore(since, until)) {
    ordered = false
    ctx.problem(
      'since',
      ctx.raw('since'),
      `is not before until ('${ctx.raw('until')}')`,
      "Give a 'since' earlier than 'until'."
    )
  }
  const settings: WindowSettings = {
    timezone,
    window: parsed.ok ? parsed.value : DEFAULT_WINDOW,
    since,
    until,
    bucket: ctx.oneOf<Bucket>('bucket')
  }
  const bucketGiven = ctx.text('bucket') === settings.bucket
  if (parsed.ok && ordered && bucketGiven && isValidZone(timezone)) checkBucketCount(ctx, settings, now)
  return settings
}
