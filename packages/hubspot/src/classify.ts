/**
 * Classification on top of the rules: a 2xx batch reply that lists errors (a 207 multi-status, or
 * a 200 that still lists them) is judged by its first error, and a 429 gets a wait hint from
 * HubSpot's rate-limit headers, since HubSpot sends no Retry-After
 * (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines).
 * @module
 */
import {
  type ClassifyRule,
  classifyResponse,
  MAX_RETRY_AFTER_MS,
  type Result,
  type VendorResponse,
  valuesAtPath,
} from '@bubblehouse-hooks/core'
import { batchErrorCount, batchErrors, CATEGORY_STATUS } from './vendor-errors'

/** A 2xx batch reply reporting an error none of the categories explains. */
export const BATCH_ERROR: Result = {
  outcome: 'failure',
  code: 'HUBSPOT_BATCH_ERROR',
  reason: 'HubSpot answered 2xx but reported an error it did not categorise',
}

/**
 * The response to judge: for a 2xx that lists errors (207 multi-status, or the "silent failure"
 * 2xx with errors), the first error as if HubSpot had answered it alone (its category's status,
 * the error as body); `undefined` when the errors cannot be read; otherwise the response itself.
 */
export function effectiveResponse(response: VendorResponse): VendorResponse | undefined {
  if (response.status < 200 || response.status > 299) return response
  const [first] = batchErrors(response.body)
  if (!first) return batchErrorCount(response.body) > 0 ? undefined : response
  const status = typeof first.category === 'string' ? CATEGORY_STATUS[first.category] : undefined
  return status === undefined ? undefined : { status, headers: response.headers, body: first }
}

/** Milliseconds until the next midnight UTC. */
function untilUtcMidnight(now: number): number {
  const d = new Date(now)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now
}

/**
 * A wait hint for a HubSpot 429 without Retry-After. The daily limit (policy `DAILY`, or
 * `X-HubSpot-RateLimit-Daily-Remaining: 0`) resets at midnight in the portal's time zone, which we
 * do not know: the hint is the next midnight UTC. The ten-secondly limit is a rolling window of
 * `X-HubSpot-RateLimit-Interval-Milliseconds`.
 * @example
 * rateLimitRetryAfterMs({ status: 429, headers: { 'x-hubspot-ratelimit-interval-milliseconds': '10000' }, body: {} }, 0) // 10000
 */
export function rateLimitRetryAfterMs(response: VendorResponse, now: number): number | undefined {
  const { headers } = response
  const daily =
    valuesAtPath(response.body, 'policyName').some((p) => p === 'DAILY') ||
    headers['x-hubspot-ratelimit-daily-remaining'] === '0'
  if (daily) return Math.min(untilUtcMidnight(now), MAX_RETRY_AFTER_MS)
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds'])
  return Number.isFinite(interval) && interval > 0
    ? Math.min(interval, MAX_RETRY_AFTER_MS)
    : undefined
}

/**
 * Classify a HubSpot answer with `rules` (then core's defaults). `vendorStatus` stays the real
 * status (207 for a multi-status reply).
 */
export function classifyHubspot(
  response: VendorResponse,
  rules: readonly ClassifyRule[],
  now: number = Date.now(),
): Result {
  const effective = effectiveResponse(response)
  if (!effective) return { ...BATCH_ERROR, vendorStatus: response.status }
  const result = { ...classifyResponse(effective, rules, now), vendorStatus: response.status }
  if (effective.status !== 429 || result.retryAfterMs !== undefined) return result
  const hint = rateLimitRetryAfterMs(effective, now)
  return hint === undefined ? result : { ...result, retryAfterMs: hint }
}
