/** Delivery charts: pull request throughput, and the DORA deployments and lead time panels. */
import type { Deployments, Dist, DistBucket, PullRequestCounts } from '../metrics/types.js'
import { bucketLabels, durationUnit, scaled, xEncoding } from './chart-axes.js'
import {
  CHART_CONFIG,
  COLORS,
  LINE_MARK,
  messagePanel,
  noDataSpec,
  plotWidth,
  SCHEMA
} from './chart-theme.js'
import type { BucketUnit, VegaLiteSpec } from './chart-theme.js'

/** Pull requests opened and merged per bucket, side by side. */
export function throughputSpec(
  counts: PullRequestCounts | undefined | null,
  bucket: BucketUnit
): VegaLiteSpec {
  const title = 'Throughput: pull requests opened and merged'
  const buckets = counts?.buckets ?? []
  if (!counts || !buckets.some((b) => b.opened > 0 || b.merged > 0)) return noDataSpec(title)
  const labels = bucketLabels(
    buckets.map((b) => b.start),
    bucket
  )
  const values = buckets.flatMap((b, i) => [
    { bucket: labels[i], series: 'Opened', count: b.opened },
    { bucket: labels[i], series: 'Merged', count: b.merged }
  ])
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    width: plotWidth(labels.length),
    height: 240,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: xEncoding(labels, bucket, true, 'band'),
      xOffset: { field: 'series', type: 'nominal', sort: ['Opened', 'Merged'] },
      y: {
        field: 'count',
        type: 'quantitative',
        title: 'Pull requests',
        axis: { format: 'd', tickMinStep: 1 }
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: ['Opened', 'Merged'], range: [COLORS.opened, COLORS.merged] },
        legend: { orient: 'top', title: null }
      }
    }
  } as VegaLiteSpec
}

type DeploymentBucket = Deployments['buckets'][number]

/** Successful and failed production deployments per bucket, stacked. */
function deploymentsPanel(buckets: DeploymentBucket[], bucket: BucketUnit): Record<string, unknown> {
  const labels = bucketLabels(
    buckets.map((b) => b.start),
    bucket
  )
  const values = buckets.flatMap((b, i) => [
    // `count` is successful deployments only (the snapshot's definition); failed ones come on top.
    { bucket: labels[i], series: 'Successful', count: b.count },
    { bucket: labels[i], series: 'Failed', count: b.failed }
  ])
  return {
    width: plotWidth(labels.length),
    height: 160,
    title: { text: 'Production deployments', fontSize: 12, fontWeight: 'normal', color: '#3d444d' },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: xEncoding(labels, bucket, true, 'band'),
      y: {
        field: 'count',
        type: 'quantitative',
        stack: 'zero',
        title: 'Deployments',
        axis: { format: 'd', tickMinStep: 1 }
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: ['Successful', 'Failed'], range: [COLORS.deployments, COLORS.failed] },
        legend: { orient: 'top', title: null }
      },
      order: { field: 'series', sort: 'descending' }
    }
  }
}

/** Median lead time for changes per bucket as a line, or a message when no bucket has a value. */
function leadTimePanel(buckets: DistBucket[], bucket: BucketUnit): Record<string, unknown> {
  const labels = bucketLabels(
    buckets.map((b) => b.start),
    bucket
  )
  const max = Math.max(...buckets.map((b) => b.median ?? 0))
  const unit = durationUnit(max)
  const values = buckets.map((b, i) => ({
    bucket: labels[i],
    median: b.count > 0 ? scaled(b.median, unit) : null
  }))
  if (!values.some((v) => v.median !== null)) {
    return messagePanel('Lead time for changes', 'No lead time values in this period')
  }
  return {
    width: plotWidth(labels.length),
    height: 160,
    title: {
      text: 'Lead time for changes: median per commit',
      fontSize: 12,
      fontWeight: 'normal',
      color: '#3d444d'
    },
    data: { values },
    encoding: {
      x: xEncoding(labels, bucket, true, 'point'),
      y: { field: 'median', type: 'quantitative', title: `Lead time (${unit.name})` }
    },
    layer: [
      { mark: { ...LINE_MARK, color: COLORS.lead } },
      { mark: { type: 'point', color: COLORS.lead, filled: true, size: 50 } }
    ]
  }
}

/**
 * DORA: production deployments per bucket (successful and failed, stacked) and the median lead time
 * for changes per bucket underneath.
 */
export function doraSpec(
  deployments: Deployments | undefined | null,
  leadTime: Dist | undefined | null,
  bucket: BucketUnit
): VegaLiteSpec {
  const title = 'Delivery: deployments and lead time for changes'
  const depBuckets = deployments?.buckets ?? []
  const hasDeployments = depBuckets.some((b) => b.count > 0)
  const leadBuckets = leadTime?.buckets ?? []
  const hasLead = leadBuckets.some((b) => b.count > 0 && b.median !== undefined)
  if (!hasDeployments && !hasLead) return noDataSpec(title)
  const panels: Array<Record<string, unknown>> = []
  if (depBuckets.length) panels.push(deploymentsPanel(depBuckets, bucket))
  if (leadBuckets.length) panels.push(leadTimePanel(leadBuckets, bucket))
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    vconcat: panels,
    resolve: { scale: { color: 'independent' } }
  } as unknown as VegaLiteSpec
}
