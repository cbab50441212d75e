/**
 * Plans: what `plan(event)` returns. Either the vendor requests the event becomes (pure data,
 * printable by `dry-run`, with no credentials in it) or a decision reached without any call.
 * @module
 */
import type { JsonValue } from './contract/json'
import type { Result } from './outcome'

/** HTTP methods a plan may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One vendor request. `path` is relative to the connector's base URL. Credentials are not part of
 * a plan: `deliver` adds them, so a printed plan leaks nothing.
 */
export interface PlannedRequest {
  /** The vendor operation, e.g. `createEvent`; a connector's delivery hooks dispatch on it. */
  readonly operation: string
  /** HTTP method. */
  readonly method: HttpMethod
  /** Path relative to the connector's base URL, starting with `/`. */
  readonly path: string
  /** Query parameters. */
  readonly query?: Readonly<Record<string, string>>
  /** Request-specific headers (never credentials: `deliver` adds those). */
  readonly headers?: Readonly<Record<string, string>>
  /** JSON body. */
  readonly body?: JsonValue
}

/** A plan that calls the vendor. */
export interface SendPlan {
  /** Discriminant. */
  readonly kind: 'send'
  /** The vendor requests, in the order `deliver` sends them. */
  readonly requests: readonly PlannedRequest[]
}

/** A plan decided without the vendor: `skipped` or `invalid_data`, never `failure`. */
export interface DecisionPlan {
  /** Discriminant. */
  readonly kind: 'decision'
  /** The answer for this connector, reached without any call. */
  readonly result: Result
}

/** What `plan(event)` returns. */
export type Plan = SendPlan | DecisionPlan

/**
 * A plan that sends these requests, in order.
 * @example
 * return sendPlan({ operation: 'createEvent', method: 'POST', path: '/api/events', body })
 */
export function sendPlan(...requests: PlannedRequest[]): SendPlan {
  return { kind: 'send', requests }
}

/**
 * Nothing to do for this connector (event filtered or not mapped).
 * @example
 * return skipPlan('EVENT_FILTERED', 'event name is not in the allow list')
 */
export function skipPlan(code: string, reason: string): DecisionPlan {
  return { kind: 'decision', result: { outcome: 'skipped', code, reason } }
}

/**
 * This event cannot be delivered by any retry (e.g. no email and no external id).
 * @example
 * return invalidPlan('NO_IDENTITY', 'the customer has no email and no external id')
 */
export function invalidPlan(code: string, reason: string): DecisionPlan {
  return { kind: 'decision', result: { outcome: 'invalid_data', code, reason } }
}
