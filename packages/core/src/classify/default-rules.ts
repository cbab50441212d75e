/**
 * Core's default classification table, by blast radius: what would hit every event holds the queue
 * (`failure`); what is about this event alone drops it (`invalid_data`). Connectors put their own
 * rows in front of these.
 * @module
 */
import type { ClassifyRule } from './rules'

/** The default table. The last row matches any status, so classification always ends. */
export const DEFAULT_RULES: readonly ClassifyRule[] = [
  {
    code: 'HTTP_2XX',
    when: { status: { min: 200, max: 299 } },
    outcome: 'sent',
    reason: 'the vendor accepted the request',
  },
  {
    code: 'HTTP_3XX',
    when: { status: { min: 300, max: 399 } },
    outcome: 'failure',
    reason: 'unexpected redirect: check the connector baseUrl',
  },
  {
    code: 'HTTP_401',
    when: { status: 401 },
    outcome: 'failure',
    reason: 'the vendor rejected the credentials',
  },
  {
    code: 'HTTP_403',
    when: { status: 403 },
    outcome: 'failure',
    reason: 'the credentials lack a permission or scope',
  },
  {
    code: 'HTTP_404',
    when: { status: 404 },
    outcome: 'failure',
    reason: 'endpoint, list or account not found: check the connector configuration',
  },
  {
    code: 'HTTP_405',
    when: { status: 405 },
    outcome: 'failure',
    reason: 'method not allowed: check the connector baseUrl',
  },
  {
    code: 'HTTP_407',
    when: { status: 407 },
    outcome: 'failure',
    reason: 'proxy authentication required',
  },
  {
    code: 'HTTP_408',
    when: { status: 408 },
    outcome: 'failure',
    reason: 'the vendor timed out',
    retryAfter: true,
  },
  {
    code: 'HTTP_413',
    when: { status: 413 },
    outcome: 'invalid_data',
    reason: 'the event is too large for the vendor',
  },
  {
    code: 'HTTP_429',
    when: { status: 429 },
    outcome: 'failure',
    reason: 'rate limited by the vendor',
    retryAfter: true,
  },
  {
    code: 'HTTP_4XX',
    when: { status: { min: 400, max: 499 } },
    outcome: 'invalid_data',
    reason: 'the vendor rejected this event',
  },
  {
    code: 'HTTP_5XX',
    when: { status: { min: 500, max: 599 } },
    outcome: 'failure',
    reason: 'vendor server error',
    retryAfter: true,
  },
  {
    code: 'HTTP_UNKNOWN',
    when: {},
    outcome: 'failure',
    reason: 'unexpected vendor status',
  },
]
