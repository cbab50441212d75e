/** "Did you mean …?" for config keys and connector ids. @module */

/** Edit distance with transpositions (optimal string alignment), small strings only. */
function distance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const row = d[i]!
      const above = d[i - 1]!
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1)
      }
    }
  }
  return d[rows - 1]![cols - 1]!
}

/**
 * The closest candidate to `word` (case-insensitive), if it is close enough to be a typo.
 * @example
 * closest('klavyio', ['log', 'klaviyo']) // 'klaviyo'
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const c = candidate.toLowerCase()
    const dist = c === w ? 0 : distance(w, c)
    if (dist < bestDistance) {
      best = candidate
      bestDistance = dist
    }
  }
  const allowed = Math.max(1, Math.floor(w.length / 3))
  return bestDistance <= allowed ? best : undefined
}
