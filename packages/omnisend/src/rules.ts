import {
  type ClassifyRule,
  classifyResponse,
  parseRetryAfter,
  type Result,
  type VendorResponse,
} from '@bubblehouse-hooks/core'
import { isRecord } from './translate/body'

/**
 * A 400 `validation-failed` names each rejected field in `errors[].field`, a dot-separated path
 * ("All validation errors are returned at once", https://api-docs.omnisend.com/reference/responses).
 * The first row whose pattern matches one of them gives the code; deliver first sends the event
 * again without the fields it can do without (`repair.ts`).
 */
const FIELDS: ReadonlyArray<{ code: string; field: RegExp; what: string }> = [
  { code: 'OMNISEND_INVALID_EMAIL', field: /^(contact\.)?email$/, what: 'email' },
  { code: 'OMNISEND_INVALID_PHONE', field: /^(contact\.)?phone$/, what: 'phone' },
  {
    code: 'OMNISEND_INVALID_IDENTIFIER',
    field: /^identifiers\b/,
    what: 'email or phone identifier',
  },
  {
    code: 'OMNISEND_INVALID_NAME',
    field: /^(contact\.)?(firstName|lastName)$/,
    what: 'first or last name',
  },
  {
    code: 'OMNISEND_INVALID_CUSTOM_PROPERTY',
    field: /^(contact\.)?customProperties([.[]|$)/,
    what: 'contact custom property',
  },
  { code: 'OMNISEND_INVALID_PROPERTY', field: /^properties([.[]|$)/, what: 'event property' },
  { code: 'OMNISEND_INVALID_EVENT_ID', field: /^eventID$/, what: 'eventID' },
  { code: 'OMNISEND_INVALID_EVENT_TIME', field: /^eventTime$/, what: 'eventTime' },
  { code: 'OMNISEND_INVALID_EVENT_NAME', field: /^eventName$/, what: 'event name' },
  { code: 'OMNISEND_INVALID_ORIGIN', field: /^origin$/, what: 'origin' },
]

const fieldRules: ClassifyRule[] = FIELDS.map(({ code, field, what }) => ({
  code,
  when: { status: 400, body: { 'errors.field': field } },
  outcome: 'invalid_data',
  reason: `Omnisend rejected the ${what} of this event`,
}))

/** The code of a 429; {@link classifyOmnisend} adds the body's `retryAfter`. */
export const RATE_LIMITED = 'OMNISEND_RATE_LIMITED'

/** The code of a 409 on a contact upsert; deliver sends it again without the phone. */
export const IDENTIFIER_CONFLICT = 'OMNISEND_IDENTIFIER_CONFLICT'

/**
 * Omnisend answers (2026-03-15, RFC 9457 problem bodies), in front of core's `DEFAULT_RULES`
 * (first match wins). Every request carries one customer and one event, so anything about them is
 * `invalid_data`; only what would hit every event holds the queue (`failure`). Neither endpoint
 * refuses a contact for being unsubscribed, so no rule answers `unsubscribed`.
 */
export const OMNISEND_RULES: readonly ClassifyRule[] = [
  ...fieldRules,
  {
    code: 'OMNISEND_VALIDATION_FAILED',
    when: { status: 400 },
    outcome: 'invalid_data',
    reason: 'Omnisend rejected this event (validation failed)',
  },
  {
    code: 'OMNISEND_UNAUTHORIZED',
    when: { status: 401 },
    outcome: 'failure',
    reason: 'Omnisend rejected the API key',
  },
  {
    code: 'OMNISEND_FORBIDDEN',
    when: { status: 403 },
    outcome: 'failure',
    reason: 'the API key may not write events or contacts, or the brand is blocked',
  },
  {
    // We never send a contact id, so a 404 on /events or /contacts cannot be about one contact:
    // it is the base URL or the path, the same for every event.
    code: 'OMNISEND_NOT_FOUND',
    when: { status: 404 },
    outcome: 'failure',
    reason: 'Omnisend endpoint not found: check baseUrl (it ends in /api)',
  },
  {
    code: IDENTIFIER_CONFLICT,
    when: { status: 409 },
    outcome: 'invalid_data',
    reason: "the customer's email or phone belongs to another Omnisend contact",
  },
  {
    // "API version has been retired" (every operation of the 2026 contacts OpenAPI): every event
    // would get it, and dropping them as invalid_data would lose the backlog.
    code: 'OMNISEND_VERSION_RETIRED',
    when: { status: 410 },
    outcome: 'failure',
    reason: 'Omnisend retired this API version: upgrade the connector',
  },
  {
    code: 'OMNISEND_UNPROCESSABLE',
    when: { status: 422 },
    outcome: 'invalid_data',
    reason: 'Omnisend could not process this event',
  },
  {
    code: RATE_LIMITED,
    when: { status: 429 },
    outcome: 'failure',
    reason: 'rate limited by Omnisend (400 requests/minute per brand)',
    // Older versions documented X-Rate-Limit-Reset ("seconds left in the current period").
    retryAfter: ['retry-after', 'x-rate-limit-reset'],
  },
]

/** The 429 body's `retryAfter` ("Seconds to wait before retrying the request", RateLimitProblem). */
function bodyRetryAfterMs(body: unknown, now: number): number | undefined {
  const seconds = isRecord(body) ? body.retryAfter : undefined
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? parseRetryAfter(String(seconds), now)
    : undefined
}

/**
 * Classify with {@link OMNISEND_RULES}; a 429 takes its wait from the body's `retryAfter`
 * (documented for 2026-03-15), else from `Retry-After` or `X-Rate-Limit-Reset`.
 */
export function classifyOmnisend(response: VendorResponse, now: number = Date.now()): Result {
  const result = classifyResponse(response, OMNISEND_RULES, now)
  if (result.code !== RATE_LIMITED) return result
  const retryAfterMs = bodyRetryAfterMs(response.body, now) ?? result.retryAfterMs
  return retryAfterMs === undefined ? result : { ...result, retryAfterMs }
}

/** Omnisend's problem type (`…/validation-failed`), for the unclassified-4xx log line. */
export function omnisendErrorCode(body: unknown): string | undefined {
  const type = isRecord(body) ? body.type : undefined
  return typeof type === 'string'
    ? type.replace(/^https:\/\/problems\.omnisend\.com\//, '')
    : undefined
}
