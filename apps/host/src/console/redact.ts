/**
 * A kept event body as the console shows it before the operator asks to reveal it: the event's
 * own fields stay, the customer's fields (but their ids) and every property value become
 * `[redacted]`, so names, emails and order data are not on screen by default.
 * @module
 */

const KEPT_CUSTOMER_FIELDS = new Set(['bhid', 'shopid'])
const PROPS = ['customer_props', 'segment_props', 'extra_props'] as const
export const REDACTED = '[redacted]'

const redactValues = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.keys(value).map((key) => [key, REDACTED]))
    : value === undefined
      ? undefined
      : REDACTED

/** The body, pretty-printed, redacted unless `reveal`. A body that is not JSON is hidden whole. */
export function shownBody(body: string, reveal: boolean): string {
  let event: Record<string, unknown>
  try {
    event = JSON.parse(body) as Record<string, unknown>
  } catch {
    return reveal ? body : REDACTED
  }
  if (reveal) return JSON.stringify(event, null, 2)
  const customer = event.customer
  const redacted: Record<string, unknown> = { ...event }
  if (typeof customer === 'object' && customer !== null) {
    redacted.customer = Object.fromEntries(
      Object.entries(customer).map(([k, v]) => [k, KEPT_CUSTOMER_FIELDS.has(k) ? v : REDACTED]),
    )
  }
  for (const props of PROPS) {
    if (props in redacted) redacted[props] = redactValues(redacted[props])
  }
  return JSON.stringify(redacted, null, 2)
}
