/** "Did you mean": the known word closest to a misspelt one, by edit distance. */

/**
 * Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`: the optimal string
 * alignment distance, so `windw` → `window` is 1 and `wnidow` → `window` is 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  )
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/**
 * The candidate `word` most likely meant: the closest within a few edits (one for short words, two
 * from five letters, three from ten), else the only candidate it is the start of; null when none is
 * close. Ties go to the earlier candidate.
 */
export function suggest(word: string, candidates: readonly string[]): string | null {
  const text = word.toLowerCase()
  if (!text) return null
  const allowed = text.length < 5 ? 1 : text.length < 10 ? 2 : 3
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(text, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  if (best !== null && bestDistance <= allowed && bestDistance < text.length) return best
  const starting = text.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(text)) : []
  return starting.length === 1 ? starting[0] : null
}
