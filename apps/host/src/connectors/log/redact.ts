/**
 * Keep PII and credentials out of the event lines the `log` connector writes. The email becomes
 * the deployment's keyed hash (the same one the host log uses, for correlation). Names and name-,
 * email-, phone- or address-like properties become "[redacted]", and so do link-, token-, code- or
 * coupon-like properties (`BH_MagicLink` logs its holder in; a referral or reward code is money)
 * and any value holding a URL or an email.
 * @module
 */
import type { EmailHasher, JsonValue, SendEvent1 } from '@bubblehouse-hooks/core'

/** What replaces a redacted value. */
export const REDACTED = '[redacted]'

const PII_KEY =
  /(email|(first|last|full|middle|sur|given|family|nick|user)name|^name$|phone|mobile|address|street|postcode|zipcode|birth|^ip$)/
/**
 * A word of a property name that says its value grants something: a link, a token, a code, a
 * coupon. Judged per word (`BH_MagicLink` → bh, magic, link) so `security` is not a `uri`.
 */
const CREDENTIAL_WORD =
  /(link|url|uri|href|token|code|coupon|voucher|promo|referral|magic|secret|password|passcode|otp)s?$/
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/
/** A scheme URL (`https://…`, `mailto:` is caught as an email) or a bare `www.` host. */
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/\S|\bwww\.[^\s.]+\.\S/i
const CUSTOMER_NAMES = new Set(['first_name', 'last_name', 'full_name'])

const isPiiKey = (key: string) => PII_KEY.test(key.toLowerCase().replace(/[^a-z]/g, ''))

const wordsOf = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)

const isCredentialKey = (key: string) => wordsOf(key).some((word) => CREDENTIAL_WORD.test(word))

function redactValue(key: string, value: JsonValue): JsonValue {
  if (isPiiKey(key)) return REDACTED
  // A flag such as BH_HasCoupon says nothing a reader could use; its value stays.
  if (isCredentialKey(key) && typeof value !== 'boolean' && value !== null) return REDACTED
  if (typeof value === 'string')
    return EMAIL_LIKE.test(value) || URL_LIKE.test(value) ? REDACTED : value
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
 * The event as a JSON object without PII or credentials. Pure. Without `hashEmail` the email is
 * "[redacted]" rather than hashed.
 * @example
 * redactEvent(CANONICAL_EVENT, hashEmail).customer // { bhid, shopid, emailHash: '…', first_name: '[redacted]', … }
 */
export function redactEvent(event: SendEvent1, hashEmail?: EmailHasher): Record<string, JsonValue> {
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
      if (typeof value !== 'string') continue
      if (hashEmail) customer.emailHash = hashEmail(value)
      else customer.email = REDACTED
    } else if (CUSTOMER_NAMES.has(key)) {
      customer[key] = REDACTED
    } else {
      customer[key] = redactValue(key, jsonOf(value))
    }
  }
  out.customer = customer
  return out
}
