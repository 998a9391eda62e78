/**
 * Renders a Vega-Lite spec to SVG in Node (no browser, no canvas). `renderChart` compiles Vega-Lite to
 * Vega and renders it headless (`renderer: 'none'`). Vega without a canvas guesses text widths (0.8 em
 * per character, far too wide), which truncates labels and wastes space; we install a width table for
 * Helvetica/Arial with a margin for wider fallback fonts instead.
 */
import * as vega from 'vega'
import { compile } from 'vega-lite'
import type { VegaLiteSpec } from './chart-theme.js'

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
