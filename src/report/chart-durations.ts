/** Duration trend charts: median and 90th percentile per bucket over the number of values. */
import type { Dist } from '../metrics/types.js'
import { bucketLabels, durationUnit, scaled, xEncoding } from './chart-axes.js'
import { CHART_CONFIG, COLORS, LINE_MARK, plotWidth, SCHEMA, noDataSpec } from './chart-theme.js'
import type { BucketUnit, VegaLiteSpec } from './chart-theme.js'

export interface DurationTrendOptions {
  title: string
  /** Axis title stem, e.g. "Review turnaround" → "Review turnaround (hours)". */
  measure: string
  /** What one value is, plural, e.g. "Reviews". */
  countTitle: string
  bucket: BucketUnit
}

/**
 * Median and 90th percentile per bucket (lines, in minutes, hours or days), with the number of values
 * per bucket as bars underneath. Buckets without values leave a gap in the lines.
 */
export function durationTrendSpec(dist: Dist | undefined | null, opts: DurationTrendOptions): VegaLiteSpec {
  const buckets = dist?.buckets ?? []
  if (!dist || dist.count === 0 || !buckets.some((b) => b.count > 0)) return noDataSpec(opts.title)
  const labels = bucketLabels(
    buckets.map((b) => b.start),
    opts.bucket
  )
  const max = Math.max(...buckets.map((b) => b.p90 ?? b.max ?? b.median ?? 0))
  const unit = durationUnit(max)
  const lines: Array<Record<string, unknown>> = []
  const counts: Array<Record<string, unknown>> = []
  buckets.forEach((b, i) => {
    counts.push({ bucket: labels[i], count: b.count })
    const has = b.count > 0
    lines.push({ bucket: labels[i], series: 'Median', value: has ? scaled(b.median, unit) : null })
    lines.push({ bucket: labels[i], series: '90th percentile', value: has ? scaled(b.p90, unit) : null })
  })
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: ['Median', '90th percentile'], range: [COLORS.median, COLORS.p90] },
    legend: { orient: 'top', title: null }
  }
  return {
    $schema: SCHEMA,
    title: opts.title,
    config: CHART_CONFIG,
    vconcat: [
      {
        width: plotWidth(labels.length),
        height: 220,
        data: { values: lines },
        layer: [{ mark: LINE_MARK }, { mark: { type: 'point', filled: true, size: 50 } }],
        encoding: {
          x: xEncoding(labels, opts.bucket, false, 'point'),
          y: {
            field: 'value',
            type: 'quantitative',
            title: `${opts.measure} (${unit.name})`,
            axis: { tickCount: 6 }
          },
          color
        }
      },
      {
        width: plotWidth(labels.length),
        height: 80,
        data: { values: counts },
        mark: { type: 'bar', color: COLORS.count },
        encoding: {
          x: xEncoding(labels, opts.bucket, true, 'band'),
          y: {
            field: 'count',
            type: 'quantitative',
            title: opts.countTitle,
            axis: { tickCount: 3, format: 'd', tickMinStep: 1 }
          }
        }
      }
    ]
  } as VegaLiteSpec
}

export function reviewTurnaroundSpec(dist: Dist | undefined | null, bucket: BucketUnit): VegaLiteSpec {
  return durationTrendSpec(dist, {
    title: 'Review turnaround: request to review',
    measure: 'Turnaround',
    countTitle: 'Reviews',
    bucket
  })
}

export function timeToFirstReviewSpec(dist: Dist | undefined | null, bucket: BucketUnit): VegaLiteSpec {
  return durationTrendSpec(dist, {
    title: 'Time to first review',
    measure: 'Time to first review',
    countTitle: 'Pull requests',
    bucket
  })
}
