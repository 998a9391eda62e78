/**
 * Vega-Lite chart specs for the report and their rendering to SVG in Node (no browser, no canvas).
 *
 * Spec builders are pure: data goes in as inline values, so a spec is a plain JSON document that can
 * be snapshot-tested. `renderChart` compiles Vega-Lite to Vega and renders it headless
 * (`renderer: 'none'`). Vega without a canvas guesses text widths (0.8 em per character, far too
 * wide), which truncates labels and wastes space; we install a width table for Helvetica/Arial with
 * a margin for wider fallback fonts instead.
 */
import * as vega from 'vega'
import { compile } from 'vega-lite'
import type { TopLevelSpec } from 'vega-lite'
import type { Deployments, Dist, PullRequestCounts } from '../metrics/types.js'

export type VegaLiteSpec = TopLevelSpec
export type BucketUnit = 'day' | 'week' | 'month'

/** One chart of the report: the file name beside the report and the spec to render. */
export interface ChartDefinition {
  /** File name without directory, e.g. `review-turnaround.svg`. */
  file: string
  title: string
  /** Alternative text for the image. */
  alt: string
  spec: VegaLiteSpec
  /** False when the chart shows the "no data" message. */
  hasData: boolean
}

export const CHART_WIDTH = 600

/** Plot width for `buckets` buckets: full width from 8 buckets, narrower below so bars stay bar-shaped. */
export function plotWidth(buckets: number): number {
  return Math.min(CHART_WIDTH, Math.max(440, buckets * 75))
}
const FONT = 'Helvetica, Arial, sans-serif'
const COLORS = {
  median: '#1f77b4',
  p90: '#ff7f0e',
  count: '#9aa5b1',
  opened: '#4c78a8',
  merged: '#8e44ad',
  deployments: '#2e8b57',
  failed: '#d62728',
  lead: '#1f77b4'
}

/** Shared look: white background, explicit fonts, no truncated labels. */
export const CHART_CONFIG = {
  background: '#ffffff',
  font: FONT,
  padding: 12,
  view: { stroke: null },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10, limit: 0, color: '#24292f' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: '#3d444d',
    titleColor: '#3d444d',
    labelLimit: 0,
    titleLimit: 0,
    gridColor: '#e6e8eb',
    domainColor: '#8c959f',
    tickColor: '#8c959f'
  },
  legend: {
    orient: 'top',
    direction: 'horizontal',
    labelFontSize: 12,
    titleFontSize: 12,
    labelLimit: 0,
    titleLimit: 0,
    symbolSize: 120
  },
  concat: { spacing: 18 }
} as const

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
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

function scaled(seconds: number | undefined, unit: DurationUnit): number | null {
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
function xEncoding(
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

/** Lines break at buckets without values instead of joining across them. */
const LINE_MARK = { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' }

function messagePanel(title: string | null, message: string): Record<string, unknown> {
  return {
    ...(title ? { title: { text: title, fontSize: 12, fontWeight: 'normal', color: '#3d444d' } } : {}),
    width: CHART_WIDTH,
    height: 90,
    data: { values: [{ message }] },
    mark: { type: 'text', fontSize: 15, color: '#6e7781', align: 'center', baseline: 'middle' },
    encoding: {
      text: { field: 'message', type: 'nominal' },
      x: { value: CHART_WIDTH / 2 },
      y: { value: 45 }
    }
  }
}

/** A chart that says there is nothing to draw (never an error). */
export function noDataSpec(title: string, message = 'No data in this period'): VegaLiteSpec {
  return { $schema: SCHEMA, title, config: CHART_CONFIG, ...messagePanel(null, message) } as VegaLiteSpec
}

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
  if (depBuckets.length) {
    const labels = bucketLabels(
      depBuckets.map((b) => b.start),
      bucket
    )
    const values = depBuckets.flatMap((b, i) => [
      // `count` is successful deployments only (the snapshot's definition); failed ones come on top.
      { bucket: labels[i], series: 'Successful', count: b.count },
      { bucket: labels[i], series: 'Failed', count: b.failed }
    ])
    panels.push({
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
    })
  }
  if (leadBuckets.length) {
    const labels = bucketLabels(
      leadBuckets.map((b) => b.start),
      bucket
    )
    const max = Math.max(...leadBuckets.map((b) => b.median ?? 0))
    const unit = durationUnit(max)
    const values = leadBuckets.map((b, i) => ({
      bucket: labels[i],
      median: b.count > 0 ? scaled(b.median, unit) : null
    }))
    const leadPanel: Record<string, unknown> = {
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
    panels.push(
      values.some((v) => v.median !== null)
        ? leadPanel
        : messagePanel('Lead time for changes', 'No lead time values in this period')
    )
  }
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    vconcat: panels,
    resolve: { scale: { color: 'independent' } }
  } as unknown as VegaLiteSpec
}
// Average advance widths of Helvetica/Arial in 1/1000 em for printable ASCII (32..126).
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584
]
/** Margin for fallback fonts wider than Helvetica (DejaVu Sans is about 10% wider). */
const WIDTH_MARGIN = 1.12

/** Estimated width in pixels of `text` at `fontSize` (bold adds 7%). */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let units = 0
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    units += code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32] : 600
  }
  return (units / 1000) * fontSize * WIDTH_MARGIN * (bold ? 1.07 : 1)
}

interface TextItem {
  text?: unknown
  fontSize?: number
  fontWeight?: string | number
  limit?: number
}

function installTextMetrics(): void {
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } })
    .textMetrics
  metrics.width = (item: TextItem, text?: unknown) => {
    const value = text === undefined || text === null ? '' : String(text).trim()
    const size = item.fontSize !== undefined && item.fontSize !== null ? Number(item.fontSize) || 0 : 11
    const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600
    return estimateTextWidth(value, size, bold)
  }
}

/** Removes anything executable a spec could smuggle into the SVG (there should be none). */
export function sanitizeSvg(svg: string): string {
  return svg
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script[^>]*\/>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '')
}

/** Compiles a Vega-Lite spec and renders it to a standalone SVG document, headless. */
export async function renderChart(spec: VegaLiteSpec): Promise<string> {
  installTextMetrics()
  let vgSpec
  try {
    vgSpec = compile(spec).spec
  } catch (err) {
    throw new Error(`Chart "${chartTitle(spec)}" could not be compiled: ${(err as Error).message}`)
  }
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logLevel: vega.Error })
  try {
    const svg = await view.toSVG()
    return `<?xml version="1.0" encoding="UTF-8"?>\n${sanitizeSvg(svg)}\n`
  } finally {
    view.finalize()
  }
}

function chartTitle(spec: VegaLiteSpec): string {
  const title = (spec as { title?: unknown }).title
  if (typeof title === 'string') return title
  if (title && typeof title === 'object' && 'text' in title) return String((title as { text: unknown }).text)
  return 'untitled'
}
