/**
 * Klaviyo's documented limits, checked before sending so one field never costs the whole event a
 * 400. Sources: the ingestion limits of `/api/events`
 * (https://developers.klaviyo.com/en/docs/rate-limits-and-error-handling: payload 5 MB, any field
 * 100 kB, event time between 2000 and now + 1 year), Create Event's `time` ("must be after the year
 * 2000 and can only be up to 1 year in the future", https://developers.klaviyo.com/en/reference/create_event)
 * and Create or Update Profile (payload 100 KB, phone numbers in E.164,
 * https://developers.klaviyo.com/en/reference/create_or_update_profile). Sizes count a kB as
 * 1,000 bytes, the smaller reading, so a value at the edge is left out rather than refused.
 * @module
 */

/** The largest JSON size of one property value (event or profile property). */
export const MAX_FIELD_BYTES = 100_000

/** The largest JSON size of a whole request body, per operation. */
export const MAX_PAYLOAD_BYTES: Readonly<Record<string, number>> = {
  createEvent: 5_000_000,
  createOrUpdateProfile: 100_000,
}

/** The earliest event time Klaviyo accepts: 2000-01-01T00:00:00Z. */
export const MIN_EVENT_TIME_MS = Date.UTC(2000, 0, 1)

/** How far ahead an event time may be: 365 days, never more than one calendar year. */
export const MAX_EVENT_TIME_AHEAD_MS = 365 * 24 * 60 * 60 * 1000

/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/

/** True for a phone number Klaviyo takes (E.164). */
export const isE164 = (phone: string): boolean => E164.test(phone)

/**
 * One `@`, a local part of 1 to 64 characters, a domain of dot-separated labels with at least one
 * dot, no spaces or control characters, at most 254 characters (RFC 5321 lengths). Loose on
 * purpose: it only catches addresses no mailbox can have, because an address left out sends the
 * event by external id alone.
 */
const EMAIL = /^[^\s@\p{Cc}]{1,64}@(?=[^\s@\p{Cc}]{1,253}$)[^\s@.\p{Cc}]+(\.[^\s@.\p{Cc}]+)+$/u

/** True unless the address cannot be a mailbox (see {@link EMAIL}). */
export const isPlausibleEmail = (email: string): boolean => email.length <= 254 && EMAIL.test(email)
