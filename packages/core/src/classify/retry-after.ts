/** Parse `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date. @module */

// Every HTTP-date form (IMF-fixdate, RFC 850, asctime) has a month name and hh:mm:ss; `Date.parse`
// alone accepts junk such as "soon 5" (read as the year 2001).
const HTTP_DATE_SHAPE = /^(?=.*[A-Za-z]{3})(?=.*\d{1,2}:\d{2}:\d{2})/

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
  if (!HTTP_DATE_SHAPE.test(trimmed)) return undefined
  // HTTP dates are always GMT (RFC 9110 §5.6.7); the asctime form omits the zone, which
  // `Date.parse` would read as local time.
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(trimmed) ? trimmed : `${trimmed} GMT`)
  if (Number.isNaN(at)) return undefined
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS)
}
