/** The backlog, size and trend charts: data when there is some, the "no data" panel otherwise, and SVG. */
import { backlogAgeSpec, renderChart, sizeSpec, trendSpec } from '../../src/report/charts.js'
import type { TrendPoint } from '../../src/metrics/trends.js'

const isNoData = (spec: unknown) => (spec as { mark?: { type?: string } }).mark?.type === 'text'

describe('work charts', () => {
  it('draws one trend line per metric with values, in the unit of the largest median', async () => {
    const points: TrendPoint[] = ['2026-W44', '2026-W45'].map((period, i) => ({
      period,
      since: '',
      until: '',
      values: {
        timeToMerge: { median: (i + 1) * 86400, count: 3 },
        reviewTurnaround: { median: null, count: 0 }
      }
    }))
    const spec = trendSpec(points) as unknown as {
      data: { values: Array<{ series: string; value: number | null }> }
    }
    expect(new Set(spec.data.values.map((v) => v.series))).toEqual(new Set(['Time to merge']))
    expect(spec.data.values.map((v) => v.value)).toEqual([24, 48])
    const svg = await renderChart(spec as never)
    expect(svg).toContain('<svg')
    expect(svg).toContain('2026-W45')
    expect(isNoData(trendSpec(points.slice(0, 1)))).toBe(true)
  })

  it('shows the no-data panel for an empty backlog or no merges', () => {
    expect(isNoData(backlogAgeSpec(null))).toBe(true)
    expect(isNoData(sizeSpec({ count: 0, bands: [] }))).toBe(true)
  })
})
