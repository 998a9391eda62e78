/** Charts of what is waiting and of pull-request size: open pull requests by age, merges by size band. */
import type { Backlog, PullRequestSize } from '../metrics/types.js'
import { durationUnit, scaled } from './chart-axes.js'
import { CHART_CONFIG, CHART_WIDTH, COLORS, noDataSpec, SCHEMA } from './chart-theme.js'
import type { VegaLiteSpec } from './chart-theme.js'

const BAND_AXIS = { labelAngle: 0, labelLimit: 140, labelPadding: 4 }

/** Open pull requests (not drafts) at the end of the window by age since ready for review. */
export function backlogAgeSpec(backlog: Backlog | undefined | null): VegaLiteSpec {
  const title = 'Open pull requests by age since ready for review'
  const open = backlog?.openPullRequests
  if (!open || open.count === 0) return noDataSpec(title, 'No open pull request at the end of the period')
  const labels = open.ageBands.map((b) => b.label)
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    width: CHART_WIDTH,
    height: 200,
    data: { values: open.ageBands.map((b) => ({ band: b.label, count: b.count })) },
    layer: [
      { mark: { type: 'bar', color: COLORS.opened } },
      {
        mark: { type: 'text', dy: -8, fontSize: 11, color: '#3d444d' },
        encoding: { text: { field: 'count', type: 'quantitative' } }
      }
    ],
    encoding: {
      x: { field: 'band', type: 'ordinal', sort: labels, title: 'Age', axis: BAND_AXIS },
      y: {
        field: 'count',
        type: 'quantitative',
        title: 'Pull requests',
        axis: { format: 'd', tickMinStep: 1 }
      }
    }
  } as VegaLiteSpec
}

/** Merged pull requests per size band (bars) and their median time to merge (points above). */
export function sizeSpec(size: PullRequestSize | undefined | null): VegaLiteSpec {
  const title = 'Pull request size (lines changed) and time to merge'
  if (!size || size.count === 0) return noDataSpec(title, 'No pull request merged in this period')
  const labels = size.bands.map((b) => b.label)
  const max = Math.max(...size.bands.map((b) => b.timeToMergeMedianSeconds ?? 0))
  const unit = durationUnit(max)
  const x = { field: 'band', type: 'ordinal', sort: labels, scale: { domain: labels } }
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    vconcat: [
      {
        width: CHART_WIDTH,
        height: 160,
        data: {
          values: size.bands.map((b) => ({
            band: b.label,
            median: scaled(b.timeToMergeMedianSeconds ?? undefined, unit)
          }))
        },
        mark: { type: 'bar', color: COLORS.merged },
        encoding: {
          x: { ...x, axis: { ...BAND_AXIS, labels: false, ticks: false, title: null } },
          y: { field: 'median', type: 'quantitative', title: `Median time to merge (${unit.name})` }
        }
      },
      {
        width: CHART_WIDTH,
        height: 90,
        data: { values: size.bands.map((b) => ({ band: b.label, count: b.count })) },
        mark: { type: 'bar', color: COLORS.count },
        encoding: {
          x: { ...x, title: 'Size band (additions + deletions)', axis: BAND_AXIS },
          y: {
            field: 'count',
            type: 'quantitative',
            title: 'Merged',
            axis: { tickCount: 3, format: 'd', tickMinStep: 1 }
          }
        }
      }
    ]
  } as VegaLiteSpec
}
