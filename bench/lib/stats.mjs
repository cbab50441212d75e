/** Small statistics and formatting helpers. @module */

/** The `p`-th percentile (0–100) of `values` (nearest rank); NaN when empty. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

export const median = (values) => percentile(values, 50)

/**
 * How much RSS the second half of a run holds over the first: the median of the samples taken in
 * the second half minus the median of those in the first (the 0-event sample excluded). RSS rises
 * and falls with every GC, so one sample caught just before a collection says little; a leak
 * raises every later sample, and so the median, by what it kept, and a bounded cache does not.
 * @param {{ events: number, rss: number }[]} samples @param {number} events
 */
export function rssGrowth(samples, events) {
  const rss = (from, to) =>
    samples.filter((s) => s.events > from && s.events <= to).map((s) => s.rss)
  return median(rss(events / 2, Number.POSITIVE_INFINITY)) - median(rss(0, events / 2))
}

/** `1234.5` → `1,235`; `digits` decimals. */
export function num(value, digits = 0) {
  if (!Number.isFinite(value)) return 'n/a'
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
}

export const mb = (bytes) => `${num(bytes / 1024 / 1024, 1)} MB`

/** A markdown table from a header row and rows of cells. */
export function table(header, rows, align) {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'))
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')
}

/**
 * The `p`-th percentile (90–100) of several load runs taken together, from each run's tail grid
 * (`[percentile, value]` pairs, ascending, as wrk's scripts print them) weighted by its request
 * count: the smallest grid value at or below which `p` % of all requests fall. Exact to the grid's
 * step; a run's share below its lowest grid point counts as 0, so the answer errs high.
 * @param {{ requests: number, tail: [number, number][] }[]} runs @param {number} p
 */
export function pooledPercentile(runs, p) {
  const total = runs.reduce((sum, r) => sum + r.requests, 0)
  const below = (run, value) => {
    let share = 0
    for (const [q, v] of run.tail) if (v <= value) share = q
    return share / 100
  }
  const candidates = [...new Set(runs.flatMap((r) => r.tail.map(([, v]) => v)))].sort(
    (a, b) => a - b,
  )
  for (const value of candidates) {
    const share = runs.reduce((sum, r) => sum + r.requests * below(r, value), 0) / total
    if (share >= p / 100) return value
  }
  return Number.NaN
}
