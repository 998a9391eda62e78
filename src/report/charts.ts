/**
 * Vega-Lite chart specs for the report and their rendering to SVG in Node (no browser, no canvas).
 *
 * Spec builders are pure: data goes in as inline values, so a spec is a plain JSON document that can
 * be snapshot-tested. The pieces live in their own modules; this one is the entry the report uses:
 * - `chart-theme.ts`: spec types, sizes, colours, the shared config and the "no data" panel;
 * - `chart-axes.ts`: bucket labels, duration units and the bucket (x) encoding;
 * - `chart-durations.ts`: median and p90 trends (review turnaround, time to first review);
 * - `chart-delivery.ts`: throughput and DORA (deployments, lead time for changes);
 * - `chart-render.ts`: headless SVG rendering with a text-width table.
 */
export { CHART_CONFIG, CHART_WIDTH, noDataSpec, plotWidth } from './chart-theme.js'
export type { BucketUnit, ChartDefinition, VegaLiteSpec } from './chart-theme.js'
export { bucketLabels, durationUnit } from './chart-axes.js'
export type { DurationUnit } from './chart-axes.js'
export { durationTrendSpec, reviewTurnaroundSpec, timeToFirstReviewSpec } from './chart-durations.js'
export type { DurationTrendOptions } from './chart-durations.js'
export { doraSpec, throughputSpec } from './chart-delivery.js'
export { estimateTextWidth, renderChart, sanitizeSvg } from './chart-render.js'
export { backlogAgeSpec, sizeSpec } from './chart-backlog.js'
export { trendSpec, TREND_LABELS } from './chart-trends.js'
