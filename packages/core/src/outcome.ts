/**
 * The five SendEvent1 outcomes, the per-connector {@link Result}, and the rule that combines the
 * results of several connectors into the one answer Bubblehouse's queue acts on.
 * @module
 */

/** The SendEvent1 outcomes, as Bubblehouse documents them. */
export const OUTCOMES = ['sent', 'skipped', 'invalid_data', 'unsubscribed', 'failure'] as const

/** One SendEvent1 outcome. Only `failure` holds the merchant's queue. */
export type Outcome = (typeof OUTCOMES)[number]

/** The outcomes that remove the event from Bubblehouse's queue (everything but `failure`). */
export type TerminalOutcome = Exclude<Outcome, 'failure'>

/**
 * What one connector made of one event.
 * @example
 * const r: Result = { outcome: 'failure', code: 'HTTP_429', reason: 'rate limited', retryAfterMs: 2000, vendorStatus: 429 }
 */
export interface Result {
  /** What Bubblehouse should do with the event. */
  readonly outcome: Outcome
  /** A stable, low-cardinality code for logs and metrics, e.g. `HTTP_2XX` or `KLAVIYO_INVALID_EMAIL`. */
  readonly code: string
  /** A short human explanation. Never holds PII, secrets or raw vendor bodies. */
  readonly reason: string
  /** When the vendor said how long to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number
  /** The vendor's HTTP status, when there was a response. */
  readonly vendorStatus?: number
}

/** True for the outcomes that remove the event from the queue. */
export function isTerminal(outcome: Outcome): outcome is TerminalOutcome {
  return outcome !== 'failure'
}

/**
 * Priority of each outcome when several connectors handled one event: the combined answer is the
 * outcome with the highest rank present. `failure` wins so a retry re-runs the connectors that failed.
 */
export const OUTCOME_PRIORITY: Readonly<Record<Outcome, number>> = {
  failure: 5,
  sent: 4,
  unsubscribed: 3,
  invalid_data: 2,
  skipped: 1,
}

/**
 * Combine per-connector outcomes: `failure` if any failed, else `sent` if any sent, else
 * `unsubscribed`, else `invalid_data`, else `skipped` (also for no connectors at all).
 * @example
 * combineOutcomes(['sent', 'invalid_data']) // 'sent'
 */
export function combineOutcomes(outcomes: Iterable<Outcome>): Outcome {
  let best: Outcome = 'skipped'
  for (const outcome of outcomes) {
    if (OUTCOME_PRIORITY[outcome] > OUTCOME_PRIORITY[best]) best = outcome
  }
  return best
}

/** Build a {@link Result}; a small helper so connectors read as data. */
export function result(
  outcome: Outcome,
  code: string,
  reason: string,
  extra?: { retryAfterMs?: number; vendorStatus?: number },
): Result {
  return { outcome, code, reason, ...extra }
}
