import { readFileSync } from 'node:fs'
import type { Snapshot } from '../../src/metrics/types.js'
import {
  bucketLabels,
  doraSpec,
  durationUnit,
  estimateTextWidth,
  noDataSpec,
  plotWidth,
  renderChart,
  reviewTurnaroundSpec,
  sanitizeSvg,
  throughputSpec,
  timeToFirstReviewSpec
} from '../../src/report/charts.js'

const snapshot = JSON.parse(
  readFileSync(new URL('./fixtures/snapshot.json', import.meta.url), 'utf8')
) as Snapshot
const m = snapshot.metrics

function isSvgDocument(svg: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg) && svg.trimEnd().endsWith('</svg>')
}

describe('chart specs (snapshots of the fixture)', () => {
  it('review turnaround: median and p90 lines over review counts', () => {
    expect(reviewTurnaroundSpec(m.reviewTurnaround, 'week')).toMatchSnapshot()
  })
  it('time to first review', () => {
    expect(timeToFirstReviewSpec(m.timeToFirstReview, 'week')).toMatchSnapshot()
  })
  it('throughput: opened and merged', () => {
    expect(throughputSpec(m.pullRequests, 'week')).toMatchSnapshot()
  })
  it('DORA: deployments and lead time', () => {
    expect(doraSpec(m.deployments, m.leadTimeForChanges, 'week')).toMatchSnapshot()
  })
})

describe('chart data', () => {
  it('puts durations in the unit that fits the data, empty buckets as gaps', () => {
    const spec = reviewTurnaroundSpec(m.reviewTurnaround, 'week') as unknown as {
      vconcat: Array<{ data: { values: Array<Record<string, unknown>> }; encoding: { y: { title: string } } }>
    }
    expect(spec.vconcat[0].encoding.y.title).toBe('Turnaround (hours)')
    const medians = spec.vconcat[0].data.values.filter((v) => v.series === 'Median')
    expect(medians).toHaveLength(8)
    // 2026-10-12 has no values: a null breaks the line there.
    expect(medians[2]).toEqual({ bucket: 'Oct 12', series: 'Median', value: null })
    expect(medians[0]).toEqual({ bucket: 'Sep 28, 2026', series: 'Median', value: 3.2 })
    expect(spec.vconcat[1].data.values.map((v) => v.count)).toEqual([3, 2, 0, 4, 2, 2, 3, 1])
  })

  it('labels buckets readably and uniquely', () => {
    expect(bucketLabels(['2025-12-29T00:00:00Z', '2026-01-05T00:00:00Z'], 'week')).toEqual([
      'Dec 29, 2025',
      'Jan 5, 2026'
    ])
    expect(bucketLabels(['2026-11-01T00:00:00+01:00'], 'month')).toEqual(['Nov 2026'])
  })

  it('narrows plots for few buckets but keeps room for the title', () => {
    expect(plotWidth(1)).toBe(440)
    expect(plotWidth(8)).toBe(600)
    expect(plotWidth(90)).toBe(600)
  })

  it('chooses minutes, hours or days', () => {
    expect(durationUnit(3000).name).toBe('minutes')
    expect(durationUnit(20 * 3600).name).toBe('hours')
    expect(durationUnit(10 * 86400).name).toBe('days')
  })

  it('estimates text widths like Helvetica, not 0.8 em per character', () => {
    const w = estimateTextWidth('Review turnaround', 11)
    expect(w).toBeGreaterThan(80)
    expect(w).toBeLessThan(0.8 * 11 * 'Review turnaround'.length)
  })
})

describe('no data', () => {
  it('draws a "no data" chart for empty or missing metrics, never an error', () => {
    const empty = { count: 0, buckets: [{ start: '2026-11-16T00:00:00Z', count: 0 }] }
    for (const spec of [
      reviewTurnaroundSpec(empty, 'week'),
      timeToFirstReviewSpec(undefined, 'week'),
      throughputSpec({ opened: 0, merged: 0, closedUnmerged: 0, buckets: [] }, 'week'),
      doraSpec(undefined, undefined, 'week')
    ]) {
      expect((spec as { mark?: { type: string } }).mark?.type).toBe('text')
      expect(JSON.stringify(spec)).toContain('No data in this period')
    }
  })

  it('renders the no-data chart to an SVG with its message', async () => {
    const svg = await renderChart(noDataSpec('Time to first review'))
    expect(isSvgDocument(svg)).toBe(true)
    expect(svg).toContain('No data in this period')
    expect(svg).toContain('Time to first review')
  })
})

describe('renderChart', () => {
  it('renders every fixture chart to a standalone SVG with a white background and no script', async () => {
    const specs = [
      reviewTurnaroundSpec(m.reviewTurnaround, 'week'),
      throughputSpec(m.pullRequests, 'week'),
      doraSpec(m.deployments, m.leadTimeForChanges, 'week')
    ]
    for (const spec of specs) {
      const svg = await renderChart(spec)
      expect(isSvgDocument(svg)).toBe(true)
      expect(svg).not.toMatch(/<script/i)
      expect(svg).toMatch(/<rect width="\d+" height="\d+" fill="#ffffff"/)
      // Labels are whole: no ellipsis from truncation.
      expect(svg).not.toContain('…')
    }
  })

  it('writes axis titles with units and full labels', async () => {
    const svg = await renderChart(reviewTurnaroundSpec(m.reviewTurnaround, 'week'))
    expect(svg).toContain('Turnaround (hours)')
    expect(svg).toContain('Sep 28, 2026')
    expect(svg).toContain('90th percentile')
  })

  it('names the chart when a spec cannot be compiled', async () => {
    await expect(renderChart({ title: 'Broken', mark: 'nonsense' } as never)).rejects.toThrow(/Broken/)
  })

  it('strips scripts and event handlers', () => {
    expect(sanitizeSvg('<svg><script>alert(1)</script><g onclick="x()"></g></svg>')).toBe(
      '<svg><g></g></svg>'
    )
  })
})
