/**
 * Omnisend's documented limits, checked before sending so one field never costs the whole event a
 * 400 (issue 17, rule 4). Sources:
 * - the contact of `POST /events` (2026-03-15 OpenAPI, https://api-docs.omnisend.com/reference/post_events):
 *   `phone` maxLength 15, `firstName` / `lastName` maxLength 50;
 * - contact custom properties (https://api-docs.omnisend.com/v4.0/reference/contacts, the only
 *   version that states them): names of latin letters, digits and `_`, at most 128 characters;
 *   string values at most 2048 characters; "Objects are not supported";
 * - identifiers (https://api-docs.omnisend.com/reference/post_contacts): phone "in E.164 format".
 * @module
 */

/** A custom property name: latin letters, digits and `_` only. */
export const CUSTOM_PROPERTY_NAME = /^[A-Za-z0-9_]+$/

/** The longest custom property name. */
export const MAX_CUSTOM_PROPERTY_NAME = 128

/** The longest string value of a custom property. */
export const MAX_CUSTOM_PROPERTY_STRING = 2048

/** The longest first or last name on an event's contact. */
export const MAX_NAME_LENGTH = 50

/** The longest phone on an event's contact (the OpenAPI's maxLength, `+` included). */
export const MAX_PHONE_LENGTH = 15

/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/

/** True for a phone number Omnisend takes: E.164 and within the event contact's maxLength. */
export const isUsablePhone = (phone: string): boolean =>
  E164.test(phone) && phone.length <= MAX_PHONE_LENGTH

/**
 * One `@`, a local part of 1 to 64 characters, a domain of dot-separated labels with at least one
 * dot, no spaces or control characters, at most 254 characters (RFC 5321 lengths). Loose on
 * purpose: it only catches addresses no mailbox can have.
 */
const EMAIL = /^[^\s@\p{Cc}]{1,64}@(?=[^\s@\p{Cc}]{1,253}$)[^\s@.\p{Cc}]+(\.[^\s@.\p{Cc}]+)+$/u

/** True unless the address cannot be a mailbox (see {@link EMAIL}). */
export const isPlausibleEmail = (email: string): boolean => email.length <= 254 && EMAIL.test(email)
