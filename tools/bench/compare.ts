/** Figure-for-figure comparison of two snapshots (steady bench's `identical`). */

/** Paths that are run metadata, not figures: when the run happened. */
export const IGNORED_PATHS = ['generatedAt']

/**
 * The paths (`metrics.reviewTurnaround.median`, `details.pulls[3].number`) where `a` and `b` differ,
 * at most `limit` of them; `ignore` paths and everything under them are skipped.
 */
export function differingPaths(a: unknown, b: unknown, ignore = IGNORED_PATHS, limit = 50): string[] {
  const out: string[] = []
  const walk = (x: unknown, y: unknown, path: string) => {
    if (out.length >= limit || ignore.includes(path)) return
    if (Object.is(x, y)) return
    const bothArrays = Array.isArray(x) && Array.isArray(y)
    const bothObjects =
      !bothArrays &&
      x !== null &&
      y !== null &&
      typeof x === 'object' &&
      typeof y === 'object' &&
      !Array.isArray(x) &&
      !Array.isArray(y)
    if (bothArrays) {
      const xs = x as unknown[]
      const ys = y as unknown[]
      if (xs.length !== ys.length) out.push(`${path}.length`)
      for (let i = 0; i < Math.min(xs.length, ys.length); i++) walk(xs[i], ys[i], `${path}[${i}]`)
      return
    }
    if (bothObjects) {
      const xo = x as Record<string, unknown>
      const yo = y as Record<string, unknown>
      for (const key of [...new Set([...Object.keys(xo), ...Object.keys(yo)])].sort())
        walk(xo[key], yo[key], path ? `${path}.${key}` : key)
      return
    }
    out.push(path || '(root)')
  }
  walk(a, b, '')
  return out
}
