/**
 * Keep PII out of the event lines the `log` connector writes: the email becomes a hash (the same
 * one the host log uses, for correlation), names and name-, email-, phone- or address-like
 * properties and any email-looking value become "[redacted]".
 * @module
 */
import { hashEmail, type JsonValue, type SendEvent1 } from '@bubblehouse-hooks/core'

/** What replaces a redacted value. */
export const REDACTED = '[redacted]'

const PII_KEY =
  /(email|(first|last|full|middle|sur|given|family|nick|user)name|^name$|phone|mobile|address|street|postcode|zipcode|birth|^ip$)/
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/
const CUSTOMER_NAMES = new Set(['first_name', 'last_name', 'full_name'])

const isPiiKey = (key: string) => PII_KEY.test(key.toLowerCase().replace(/[^a-z]/g, ''))

function redactValue(key: string, value: JsonValue): JsonValue {
  if (isPiiKey(key)) return REDACTED
  if (typeof value === 'string') return EMAIL_LIKE.test(value) ? REDACTED : value
  if (Array.isArray(value)) return value.map((item) => redactValue('', item))
  if (value !== null && typeof value === 'object') return redactProps(value)
  return value
}

function redactProps(props: Readonly<Record<string, JsonValue>>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {}
  for (const [key, value] of Object.entries(props)) {
    Object.defineProperty(out, key, {
      value: redactValue(key, value),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}

function jsonOf(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null))
}

/**
 * The event as a JSON object without PII. Pure.
 * @example
 * redactEvent(CANONICAL_EVENT).customer // { bhid, shopid, emailHash: '…', first_name: '[redacted]', … }
 */
export function redactEvent(event: SendEvent1): Record<string, JsonValue> {
  const copy = jsonOf(event)
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) return {}
  const out: Record<string, JsonValue> = {}
  for (const [key, value] of Object.entries(copy)) {
    if (key === 'customer') continue
    const redacted =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? redactProps(value)
        : redactValue('', value)
    Object.defineProperty(out, key, {
      value: redacted,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  const customer: Record<string, JsonValue> = {}
  for (const [key, value] of Object.entries(event.customer)) {
    if (value === undefined) continue
    if (key === 'email') {
      if (typeof value === 'string') customer.emailHash = hashEmail(value)
    } else if (CUSTOMER_NAMES.has(key)) {
      customer[key] = REDACTED
    } else {
      customer[key] = redactValue(key, jsonOf(value))
    }
  }
  out.customer = customer
  return out
}
