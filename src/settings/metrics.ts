/** What a report measures and whom it counts: the metrics, ignored users, bots and working hours. */
import { parseWorkingHours } from '../period.js'
import { METRIC_NAMES, type MetricName } from '../metrics/types.js'
import type { Settings, WorkingHours } from '../settings-types.js'
import { isCalendarDate, splitList } from './checks.js'
import type { InputReader } from './context.js'

export type MetricsSettings = Pick<Settings, 'metrics' | 'ignoreUsers' | 'includeBots' | 'workingHours'>

/** `review-turnaround`, `reviewTurnaround` and `review_turnaround` all name `reviewTurnaround`. */
const METRIC_BY_KEY = new Map<string, MetricName>(METRIC_NAMES.map((name) => [name.toLowerCase(), name]))
const KEBAB_NAMES = METRIC_NAMES.map((m) => m.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()))

function readMetricList(ctx: InputReader): MetricName[] {
  const text = ctx.text('metrics')
  const list = splitList(text)
  if (list.some((name) => name.toLowerCase() === 'all')) return [...METRIC_NAMES]
  const chosen: MetricName[] = []
  for (const name of list) {
    const metric = METRIC_BY_KEY.get(name.replace(/[-_]/g, '').toLowerCase())
    if (!metric) {
      const fix = `Use 'all' or a comma-separated list of: ${KEBAB_NAMES.join(', ')}.`
      ctx.problem('metrics', name, 'is not a metric', fix)
    } else if (!chosen.includes(metric)) chosen.push(metric)
  }
  if (list.length === 0) ctx.problem('metrics', text, 'names no metric', "Use 'all' or name metrics.")
  return chosen.length > 0 ? chosen : [...METRIC_NAMES]
}

function readHolidays(ctx: InputReader): string[] {
  const days: string[] = []
  for (const day of splitList(ctx.raw('holidays'))) {
    if (isCalendarDate(day)) days.push(day)
    else
      ctx.problem(
        'holidays',
        day,
        'is not a date',
        "Give dates as YYYY-MM-DD separated by commas, such as '2026-12-25, 2026-12-26'."
      )
  }
  return [...new Set(days)].sort()
}

function readWorkingHours(ctx: InputReader): WorkingHours | null {
  const holidays = readHolidays(ctx)
  const text = ctx.raw('working-hours')
  if (!text) return null
  const parsed = parseWorkingHours(text, holidays)
  if (parsed.ok) return parsed.value
  ctx.invalid('working-hours', text, parsed.message)
  return null
}

export function readMetrics(ctx: InputReader): MetricsSettings {
  return {
    metrics: readMetricList(ctx),
    ignoreUsers: ctx.logins('ignore-users'),
    includeBots: ctx.bool('include-bots'),
    workingHours: readWorkingHours(ctx)
  }
}
