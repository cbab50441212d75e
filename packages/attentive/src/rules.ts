import {
  type ClassifyRule,
  classifyResponse,
  type Result,
  type VendorResponse,
} from '@bubblehouse-hooks/core'
import { isRecord } from './translate/body'

/**
 * The message of an Attentive error body. The documented error schema is `ErrorResponseDto`
 * `{"error": {"id": <int64 "mapping to service logs">, "message": "…"}}` (attached to other
 * endpoints of the same v1 API, e.g. Offers); for events and attributes the OpenAPI documents
 * only the status descriptions, so a top-level `message` or a plain-text body is read too.
 */
export function errorMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body
  if (!isRecord(body)) return undefined
  const error = body.error
  if (isRecord(error) && typeof error.message === 'string') return error.message
  if (typeof error === 'string') return error
  return typeof body.message === 'string' ? body.message : undefined
}

/** A `when.test` that matches the error message. */
const says =
  (pattern: RegExp) =>
  (response: VendorResponse): boolean => {
    const message = errorMessageOf(response.body)
    return message !== undefined && pattern.test(message)
  }

/** The user has opted out, or never subscribed. */
const NOT_SUBSCRIBED =
  /\b(unsubscribed|not subscribed|no (active )?subscriptions?|opted[ -]?out|not opted[ -]?in)\b/i

/** Attentive does not know the user (phone, email or external identifier). */
const UNKNOWN_USER =
  /\b(user|subscriber|visitor|identifier)s?\b.*\b(not found|does not exist|doesn't exist|could not be found|unknown|not associated)\b|\b(unknown|no such|no matching)\s+(user|subscriber|visitor)/i

/** Statuses an answer about one user can come with (404: "The specified resource was not found"). */
const USER_STATUSES = [400, 404, 409, 422]

/** The code of a 429; {@link classifyAttentive} adds the one-second wait when no header says more. */
export const RATE_LIMITED = 'ATTENTIVE_RATE_LIMITED'

/** Codes of a 400 that names the phone or the email; deliver may send again without it. */
export const INVALID_PHONE = 'ATTENTIVE_INVALID_PHONE'
export const INVALID_EMAIL = 'ATTENTIVE_INVALID_EMAIL'

/** The code of any other 400; deliver may send again without a property the message names. */
export const INVALID_REQUEST = 'ATTENTIVE_INVALID_REQUEST'

/**
 * Attentive answers, in front of core's `DEFAULT_RULES` (first match wins). Every request carries
 * one user and one event, so anything about them is `skipped`, `unsubscribed` or `invalid_data`
 * as the message says; only what would hit every event holds the queue (`failure`). The
 * OpenAPI's descriptions: 400 "Invalid parameter in request query or body", 401 "Unauthorized",
 * 403 "Access Denied", 404 "The specified resource was not found", 429 "The user has sent too
 * many requests in a given amount of time", 500 "Internal Server Error".
 */
export const ATTENTIVE_RULES: readonly ClassifyRule[] = [
  {
    code: 'ATTENTIVE_NOT_SUBSCRIBED',
    when: { status: USER_STATUSES, test: says(NOT_SUBSCRIBED) },
    outcome: 'unsubscribed',
    reason: 'Attentive says this user is not subscribed',
  },
  {
    code: 'ATTENTIVE_UNKNOWN_USER',
    when: { status: USER_STATUSES, test: says(UNKNOWN_USER) },
    outcome: 'skipped',
    reason: 'Attentive does not know this user',
  },
  {
    code: INVALID_PHONE,
    when: { status: 400, test: says(/\bphone/i) },
    outcome: 'invalid_data',
    reason: 'Attentive rejected the phone of this user',
  },
  {
    code: INVALID_EMAIL,
    when: { status: 400, test: says(/\be-?mail/i) },
    outcome: 'invalid_data',
    reason: 'Attentive rejected the email of this user',
  },
  {
    code: 'ATTENTIVE_INVALID_EVENT_TYPE',
    when: { status: 400, test: says(/\b(event )?type\b/i) },
    outcome: 'invalid_data',
    reason: 'Attentive rejected the type of this event',
  },
  {
    code: INVALID_REQUEST,
    when: { status: 400 },
    outcome: 'invalid_data',
    reason: 'Attentive rejected this event (invalid parameter in the body)',
  },
  {
    code: 'ATTENTIVE_UNAUTHORIZED',
    when: { status: 401 },
    outcome: 'failure',
    reason: 'Attentive rejected the API key',
  },
  {
    code: 'ATTENTIVE_FORBIDDEN',
    when: { status: 403 },
    outcome: 'failure',
    reason: 'the API key lacks the events:write or attributes:write scope',
  },
  {
    // We post to two fixed paths and name no record in the URL: a 404 whose message is not about
    // the user (rows above) is the base URL or the path, the same for every event.
    code: 'ATTENTIVE_NOT_FOUND',
    when: { status: 404 },
    outcome: 'failure',
    reason: 'Attentive endpoint not found: check baseUrl (it ends in /v1)',
  },
  {
    code: RATE_LIMITED,
    when: { status: 429 },
    outcome: 'failure',
    reason: 'rate limited by Attentive (150 requests/second per endpoint)',
    retryAfter: true,
  },
]

/**
 * The wait after a 429 with no `Retry-After`: Attentive documents none, and its limits are per
 * second ("x-ratelimit-remaining: the number of requests that you can send in the next second",
 * https://docs.attentivemobile.com/pages/api-rate-limits/).
 */
export const RATE_LIMIT_WAIT_MS = 1_000

/** Classify with {@link ATTENTIVE_RULES}; a 429 always carries a wait hint. */
export function classifyAttentive(response: VendorResponse, now: number = Date.now()): Result {
  const result = classifyResponse(response, ATTENTIVE_RULES, now)
  if (result.code !== RATE_LIMITED || result.retryAfterMs !== undefined) return result
  return { ...result, retryAfterMs: RATE_LIMIT_WAIT_MS }
}

/**
 * The `error.id` of an Attentive error body ("Unique error id, mapping to service logs"), for the
 * unclassified-4xx log line: the id Attentive's support can look up. The message is not logged (it
 * may quote a value).
 */
export function attentiveErrorCode(body: unknown): string | undefined {
  const error = isRecord(body) ? body.error : undefined
  const id = isRecord(error) ? error.id : undefined
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined
}
