/**
 * The headline figures: each with its sample size, the previous period's figure and a change that says
 * whether it is better or worse for that metric, or "no data" when either side has no values.
 */
import type { Metrics, Snapshot, Stats } from '../metrics/types.js'
import {
  escapeMarkdown,
  formatChange,
  formatDuration,
  formatNumber,
  formatPercent,
  type ChangeKind
} from './format.js'

export type HeadlineFormat = 'duration' | 'count' | 'ratio' | 'decimal' | 'text'

/** One headline figure: shown in the summary, the issue, the report and the `metrics-json` output. */
export interface Headline {
  /** Key in `metrics-json` (e.g. `reviewTurnaroundMedianSeconds`). */
  key: string
  label: string
  format: HeadlineFormat
  value: number | string | null
  previous: number | string | null
  /** How many values the figure is made of (distributions and ratios; null for plain counts). */
  sample: number | null
  previousSample: number | null
  /** Formatted value, previous value and change ("↑ 25%, worse"), ready to print. */
  text: string
  previousText: string
  /** The value with its sample size ("3 d (n = 14)"), and the previous one likewise. */
  shown: string
  previousShown: string
  change: string
  /** Whether the change is an improvement for this metric: null when it is neither or not known. */
  verdict: 'better' | 'worse' | null
}

/** Below this many values on either side, a change is marked as resting on few values. */
export const FEW_VALUES = 5

type MetricKey = keyof Metrics

interface HeadlineDef {
  key: string
  label: string
  format: HeadlineFormat
  metric: MetricKey
  /** Which direction is an improvement: null for figures that are neither (opened, answered...). */
  better: 'lower' | 'higher' | null
  /** The number of values behind the figure, when it is made of values. */
  sample?: (m: Partial<Metrics>) => number | undefined
  pick: (m: Partial<Metrics>) => number | string | null | undefined
}

const median = (d: Stats | undefined): number | undefined => (d && d.count > 0 ? d.median : undefined)

const HEADLINES: HeadlineDef[] = [
  {
    key: 'reviewTurnaroundMedianSeconds',
    label: 'Review turnaround, median',
    format: 'duration',
    metric: 'reviewTurnaround',
    better: 'lower',
    sample: (m) => m.reviewTurnaround?.count,
    pick: (m) => median(m.reviewTurnaround)
  },
  {
    key: 'reviewTurnaroundP90Seconds',
    label: 'Review turnaround, 90th percentile',
    format: 'duration',
    metric: 'reviewTurnaround',
    better: 'lower',
    sample: (m) => m.reviewTurnaround?.count,
    pick: (m) => (m.reviewTurnaround && m.reviewTurnaround.count > 0 ? m.reviewTurnaround.p90 : undefined)
  },
  {
    key: 'reviews',
    label: 'Review requests answered',
    format: 'count',
    metric: 'reviewTurnaround',
    better: null,
    pick: (m) => m.reviewTurnaround?.count
  },
  {
    key: 'pendingReviews',
    label: 'Review requests waiting',
    format: 'count',
    metric: 'reviewTurnaround',
    better: 'lower',
    pick: (m) => m.reviewTurnaround?.pending?.count
  },
  {
    key: 'timeToFirstReviewMedianSeconds',
    label: 'Time to first review, median',
    format: 'duration',
    metric: 'timeToFirstReview',
    better: 'lower',
    sample: (m) => m.timeToFirstReview?.count,
    pick: (m) => median(m.timeToFirstReview)
  },
  {
    key: 'pullRequestsOpened',
    label: 'Pull requests opened',
    format: 'count',
    metric: 'pullRequests',
    better: null,
    pick: (m) => m.pullRequests?.opened
  },
  {
    key: 'pullRequestsMerged',
    label: 'Pull requests merged',
    format: 'count',
    metric: 'pullRequests',
    better: 'higher',
    pick: (m) => m.pullRequests?.merged
  },
  {
    key: 'timeToMergeMedianSeconds',
    label: 'Time to merge, median',
    format: 'duration',
    metric: 'timeToMerge',
    better: 'lower',
    sample: (m) => m.timeToMerge?.count,
    pick: (m) => median(m.timeToMerge)
  },
  {
    key: 'cycleTimeMedianSeconds',
    label: 'Cycle time, median',
    format: 'duration',
    metric: 'cycleTime',
    better: 'lower',
    sample: (m) => m.cycleTime?.count,
    pick: (m) => median(m.cycleTime)
  },
  {
    key: 'issuesOpened',
    label: 'Issues opened',
    format: 'count',
    metric: 'issues',
    better: null,
    pick: (m) => m.issues?.opened
  },
  {
    key: 'issuesClosed',
    label: 'Issues closed',
    format: 'count',
    metric: 'issues',
    better: 'higher',
    pick: (m) => m.issues?.closed
  },
  {
    key: 'issueFirstResponseMedianSeconds',
    label: 'Issue first response, median',
    format: 'duration',
    metric: 'issueFirstResponse',
    better: 'lower',
    sample: (m) => m.issueFirstResponse?.count,
    pick: (m) => median(m.issueFirstResponse)
  },
  {
    key: 'issueTimeToCloseMedianSeconds',
    label: 'Issue time to close, median',
    format: 'duration',
    metric: 'issueTimeToClose',
    better: 'lower',
    sample: (m) => m.issueTimeToClose?.count,
    pick: (m) => median(m.issueTimeToClose)
  },
  {
    key: 'deployments',
    label: 'Production deployments',
    format: 'count',
    metric: 'deployments',
    better: 'higher',
    pick: (m) => m.deployments?.count
  },
  {
    key: 'deploymentsPerWeek',
    label: 'Deployments per week',
    format: 'decimal',
    metric: 'deployments',
    better: 'higher',
    pick: (m) => m.deployments?.perWeek
  },
  {
    key: 'doraClass',
    label: 'Deployment frequency class',
    format: 'text',
    metric: 'deployments',
    // No class without a deployment: "yearly" would read as a verdict on a quiet or empty window.
    better: null,
    pick: (m) => (m.deployments?.count ? m.deployments.doraClass : undefined)
  },
  {
    key: 'leadTimeForChangesMedianSeconds',
    label: 'Lead time for changes, median',
    format: 'duration',
    metric: 'leadTimeForChanges',
    better: 'lower',
    sample: (m) => m.leadTimeForChanges?.count,
    pick: (m) => median(m.leadTimeForChanges)
  },
  {
    key: 'changeFailureRate',
    label: 'Change failure rate',
    format: 'ratio',
    metric: 'changeFailureRate',
    better: 'lower',
    sample: (m) => m.changeFailureRate?.total,
    pick: (m) => m.changeFailureRate?.ratio
  },
  {
    key: 'timeToRestoreMedianSeconds',
    label: 'Time to restore, median',
    format: 'duration',
    metric: 'timeToRestore',
    better: 'lower',
    sample: (m) => m.timeToRestore?.count,
    pick: (m) => median(m.timeToRestore)
  }
]

function formatHeadline(value: number | string | null, format: HeadlineFormat): string {
  if (value === null) return '–'
  if (typeof value === 'string') return escapeMarkdown(value)
  switch (format) {
    case 'duration':
      return formatDuration(value)
    case 'ratio':
      return formatPercent(value)
    default:
      return formatNumber(value)
  }
}

const CHANGE_KIND: Record<HeadlineFormat, ChangeKind | null> = {
  duration: 'duration',
  count: 'count',
  decimal: 'count',
  ratio: 'ratio',
  text: null
}

export interface HeadlineOptions {
  /**
   * False when the previous period starts before the stored history does: its figures would be
   * zeros from missing data, so every change reads "no data".
   */
  previousCovered?: boolean
}

function changeOf(def: HeadlineDef, value: Num, prev: Num, samples: [number | null, number | null]) {
  const kind = CHANGE_KIND[def.format]
  if (value === null || prev === null) return { change: 'no data', verdict: null }
  if (kind === null) return { change: value === prev ? '→ same' : `was ${prev}`, verdict: null }
  if (typeof value !== 'number' || typeof prev !== 'number') return { change: 'no data', verdict: null }
  let change = formatChange(value, prev, kind)
  let verdict: Headline['verdict'] = null
  if (def.better && Math.abs(value - prev) > 1e-9) {
    verdict = value < prev === (def.better === 'lower') ? 'better' : 'worse'
    change += `, ${verdict}`
  }
  const few = samples.some((n) => n !== null && n < FEW_VALUES)
  if (few && change !== '→ same') change += ' (few values)'
  return { change, verdict }
}

type Num = number | string | null

function withSample(text: string, sample: number | null): string {
  return sample === null || text === '–' ? text : `${text} (n = ${formatNumber(sample)})`
}

/** Headline figures for the metrics present in the snapshot, with changes against `previous`. */
export function buildHeadlines(
  snapshot: Snapshot,
  previous: Snapshot | null,
  options: HeadlineOptions = {}
): Headline[] {
  const out: Headline[] = []
  const prevSnapshot = options.previousCovered === false ? null : previous
  for (const def of HEADLINES) {
    if (!snapshot.metrics[def.metric]) continue
    const value = def.pick(snapshot.metrics) ?? null
    const known = prevSnapshot && prevSnapshot.metrics[def.metric] ? prevSnapshot.metrics : null
    const prev = known ? (def.pick(known) ?? null) : null
    const sample = def.sample ? (def.sample(snapshot.metrics) ?? null) : null
    const previousSample = def.sample && known ? (def.sample(known) ?? null) : null
    const { change, verdict } = changeOf(def, value, prev, [sample, previousSample])
    const text = formatHeadline(value, def.format)
    const previousText = previous ? (prevSnapshot ? formatHeadline(prev, def.format) : 'no data') : '–'
    out.push({
      key: def.key,
      label: def.label,
      format: def.format,
      value,
      previous: prev,
      sample,
      previousSample,
      text,
      previousText,
      shown: withSample(text, sample),
      previousShown: prevSnapshot ? withSample(previousText, previousSample) : previousText,
      change: previous ? change : '–',
      verdict: previous ? verdict : null
    })
  }
  return out
}
