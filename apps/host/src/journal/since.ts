/** `--since`: a duration back from now (`90s`, `15m`, `1h`, `2d`, `1w`) or an ISO 8601 time. @module */

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/**
 * ms since epoch, or `undefined` when `text` is neither form.
 * @example
 * parseSince('1h', Date.parse('2026-01-01T01:00:00Z')) // Date.parse('2026-01-01T00:00:00Z')
 */
export function parseSince(text: string, now: number): number | undefined {
  const relative = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim())
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]!]!
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : at
}
