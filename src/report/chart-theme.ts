/**
 * The look shared by every chart of the report: spec types, widths, colours, the Vega-Lite config and
 * the panel that stands in for a chart without data.
 */
import type { TopLevelSpec } from 'vega-lite'

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
export const COLORS = {
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

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'

/** Lines break at buckets without values instead of joining across them. */
export const LINE_MARK = { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' }

/** A fixed-size panel showing `message` in grey, with an optional small title (used when there is nothing to plot). */
export function messagePanel(title: string | null, message: string): Record<string, unknown> {
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
