/**
 * How Segment's answers map to outcomes, in front of core's DEFAULT_RULES. Segment documents only
 * 200 (almost everything, bad events included) and 400 ("errors caused by large payloads and JSON
 * errors") for the Tracking API, plus 429 with Retry-After when a workspace goes over its rate:
 * https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#errors
 * @module
 */
import type { ClassifyRule } from '@bubblehouse-hooks/core'

/** Segment's rows; 2xx, 3xx, 404, 408, 413, other 4xx and unknown statuses fall to core's table. */
export const SEGMENT_RULES: readonly ClassifyRule[] = [
  {
    code: 'SEGMENT_BAD_REQUEST',
    when: { status: 400 },
    outcome: 'invalid_data',
    // One request carries one customer's messages, so a size or JSON rejection is about this event.
    reason: 'Segment rejected the batch (payload too large or not valid JSON)',
  },
  {
    code: 'SEGMENT_UNAUTHORIZED',
    when: { status: 401 },
    outcome: 'failure',
    reason: 'Segment rejected the credentials: check the write key',
  },
  {
    code: 'SEGMENT_FORBIDDEN',
    when: { status: 403 },
    outcome: 'failure',
    reason: 'Segment refused the source: check the write key and that the source is enabled',
  },
  {
    code: 'SEGMENT_RATE_LIMITED',
    when: { status: 429 },
    outcome: 'failure',
    reason: 'Segment rate limited the workspace',
    // "the response header contains Retry-After and X-RateLimit-Reset" (both in seconds):
    // https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#rate-limits
    retryAfter: ['retry-after', 'x-ratelimit-reset'],
  },
  {
    code: 'SEGMENT_SERVER_ERROR',
    when: { status: { min: 500, max: 599 } },
    outcome: 'failure',
    reason: 'Segment server error',
    retryAfter: true,
  },
]
