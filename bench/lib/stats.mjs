/** Small statistics and formatting helpers. @module */

/** The `p`-th percentile (0–100) of `values` (nearest rank); NaN when empty. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

export const median = (values) => percentile(values, 50)

export const mean = (values) =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length

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
