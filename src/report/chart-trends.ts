/** The trend chart: the main medians over the last periods of the report's series. */
import type { TrendMetric, TrendPoint } from '../metrics/trends.js'
import { durationUnit, scaled } from './chart-axes.js'
import { CHART_CONFIG, CHART_WIDTH, LINE_MARK, noDataSpec, SCHEMA } from './chart-theme.js'
import type { VegaLiteSpec } from './chart-theme.js'

export const TREND_LABELS: Record<TrendMetric, string> = {
  reviewTurnaround: 'Review turnaround',
  timeToFirstReview: 'Time to first review',
  timeToMerge: 'Time to merge',
  cycleTime: 'Cycle time',
  issueFirstResponse: 'Issue first response'
}

const TREND_COLORS: Record<TrendMetric, string> = {
  reviewTurnaround: '#1f77b4',
  timeToFirstReview: '#17becf',
  timeToMerge: '#8e44ad',
  cycleTime: '#ff7f0e',
  issueFirstResponse: '#2e8b57'
}

/** One line per metric that has a value in some period; periods without values leave a gap. */
export function trendSpec(points: readonly TrendPoint[] | null | undefined): VegaLiteSpec {
  const title = `Medians over the last ${points?.length ?? 0} periods`
  const list = points ?? []
  const names = (Object.keys(TREND_LABELS) as TrendMetric[]).filter((name) =>
    list.some((p) => p.values[name]?.median !== null && p.values[name]?.median !== undefined)
  )
  if (list.length < 2 || names.length === 0)
    return noDataSpec(title, 'Not enough periods with values for a trend')
  const max = Math.max(...list.flatMap((p) => names.map((n) => p.values[n]?.median ?? 0)))
  const unit = durationUnit(max)
  const periods = list.map((p) => p.period)
  const values = list.flatMap((p) =>
    names.map((name) => ({
      period: p.period,
      series: TREND_LABELS[name],
      value: scaled(p.values[name]?.median ?? undefined, unit),
      count: p.values[name]?.count ?? 0
    }))
  )
  const labels = names.map((n) => TREND_LABELS[n])
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    width: CHART_WIDTH,
    height: 240,
    data: { values },
    encoding: {
      x: {
        field: 'period',
        type: 'ordinal',
        sort: periods,
        scale: { type: 'point', domain: periods, padding: 0.5 },
        title: 'Period',
        axis: {
          labelAngle: periods.length > 5 ? -30 : 0,
          labelAlign: periods.length > 5 ? 'right' : 'center',
          labelOverlap: 'greedy',
          labelLimit: 120
        }
      },
      y: { field: 'value', type: 'quantitative', title: `Median (${unit.name})`, axis: { tickCount: 6 } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: labels, range: names.map((n) => TREND_COLORS[n]) },
        legend: { orient: 'top', title: null, columns: 3 }
      }
    },
    layer: [{ mark: LINE_MARK }, { mark: { type: 'point', filled: true, size: 45 } }]
  } as VegaLiteSpec
}
