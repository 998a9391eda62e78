/**
 * The bucket (time) axis shared by the trend charts: readable bucket labels, the duration unit that
 * fits the values shown, and the x encoding that keeps stacked bar and line panels aligned.
 */
import type { BucketUnit } from './chart-theme.js'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Axis labels for bucket starts (`2026-11-16T00:00:00+01:00`): "Nov 16" for days and weeks, "Nov 2026"
 * for months; the year is added to the first label and wherever it changes, so labels stay unique.
 */
export function bucketLabels(starts: string[], bucket: BucketUnit): string[] {
  let lastYear = ''
  return starts.map((start, i) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(start)
    if (!m) return start
    const [, year, month, day] = m
    const name = MONTHS[Number(month) - 1]
    if (bucket === 'month') return `${name} ${year}`
    const label = i === 0 || year !== lastYear ? `${name} ${Number(day)}, ${year}` : `${name} ${Number(day)}`
    lastYear = year
    return label
  })
}

export interface DurationUnit {
  name: 'minutes' | 'hours' | 'days'
  seconds: number
}

/** Minutes below two hours, hours up to three days, days beyond (by the largest value shown). */
export function durationUnit(maxSeconds: number): DurationUnit {
  if (maxSeconds < 2 * 3600) return { name: 'minutes', seconds: 60 }
  if (maxSeconds <= 3 * 86400) return { name: 'hours', seconds: 3600 }
  return { name: 'days', seconds: 86400 }
}

const BUCKET_TITLE: Record<BucketUnit, string> = {
  day: 'Day',
  week: 'Week starting',
  month: 'Month'
}

/** `seconds` in `unit`, rounded to two decimals; null (a gap in the line) when there is no value. */
export function scaled(seconds: number | undefined, unit: DurationUnit): number | null {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) return null
  return Math.round((seconds / unit.seconds) * 100) / 100
}

function xAxis(labels: string[], bucket: BucketUnit, showLabels = true): Record<string, unknown> {
  const many = labels.length > 10
  return {
    title: showLabels ? BUCKET_TITLE[bucket] : null,
    labels: showLabels,
    ticks: showLabels,
    labelAngle: many ? -45 : 0,
    labelAlign: many ? 'right' : 'center',
    labelOverlap: 'greedy',
    labelPadding: 4
  }
}

/**
 * The bucket axis. Bars use a band scale and lines a point scale; the paddings are chosen so a point
 * sits exactly at the centre of the matching band, which keeps stacked panels aligned.
 */
export function xEncoding(
  labels: string[],
  bucket: BucketUnit,
  showLabels: boolean,
  scale: 'band' | 'point'
): Record<string, unknown> {
  return {
    field: 'bucket',
    type: 'ordinal',
    sort: labels,
    scale:
      scale === 'band'
        ? { type: 'band', domain: labels, paddingInner: 0.2, paddingOuter: 0.1 }
        : { type: 'point', domain: labels, padding: 0.5 },
    axis: xAxis(labels, bucket, showLabels)
  }
}
