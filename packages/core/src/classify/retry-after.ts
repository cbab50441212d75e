/** Parse `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date. @module */

/** The longest wait we pass on; a vendor asking for more is still retried by Bubblehouse's own schedule. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000

/**
 * Milliseconds to wait, from a `Retry-After` value; `undefined` when absent or unreadable.
 * @example
 * parseRetryAfter('120') // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.min(Math.round(Number(trimmed) * 1000), MAX_RETRY_AFTER_MS)
  }
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS)
}
