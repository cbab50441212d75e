/**
 * Attentive's documented limits, checked before sending so one field never costs the whole event a
 * 400 (issue 17, rule 4). Sources (the OpenAPI behind
 * https://docs.attentivemobile.com/openapi/reference/tag/Custom-Events and
 * https://docs.attentivemobile.com/openapi/reference/tag/Custom-Attributes/):
 * - event `type`: cannot contain `"` `'` `(` `)` `{` `}` `[` `]` `\` `|` `,`;
 * - event `properties` keys: cannot contain `"` `{` `}` `[` `]` `\` `|`;
 * - `user.phone`: "E.164 format is required";
 * - custom attributes: "the API does not support arrays … will result in a 400 error", and "The
 *   maximum length for an attribute name is 200 characters".
 * @module
 */

/** A character an event type may not hold. */
export const EVENT_TYPE_FORBIDDEN = /["'(){}[\]\\|,]/

/** Every character an event type may not hold, for taking them out. */
export const EVENT_TYPE_FORBIDDEN_ALL = new RegExp(EVENT_TYPE_FORBIDDEN.source, 'g')

/** A character an event property key may not hold. */
export const PROPERTY_KEY_FORBIDDEN = /["{}[\]\\|]/

/** The longest custom attribute name. */
export const MAX_ATTRIBUTE_NAME = 200

/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/

/** True for a phone number in E.164 form. */
export const isE164 = (phone: string): boolean => E164.test(phone)

/**
 * One `@`, a local part of 1 to 64 characters, a domain of dot-separated labels with at least one
 * dot, no spaces or control characters, at most 254 characters (RFC 5321 lengths). Loose on
 * purpose: it only catches addresses no mailbox can have.
 */
const EMAIL = /^[^\s@\p{Cc}]{1,64}@(?=[^\s@\p{Cc}]{1,253}$)[^\s@.\p{Cc}]+(\.[^\s@.\p{Cc}]+)+$/u

/** True unless the address cannot be a mailbox (see {@link EMAIL}). */
export const isPlausibleEmail = (email: string): boolean => email.length <= 254 && EMAIL.test(email)
