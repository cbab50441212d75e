/**
 * What the handler tells its `journal` hook after each SendEvent1 it ran (and what a replay
 * gives): the event, the route, the combined answer and each connector's run with its timing.
 * The hook decides what to keep and where; core stays storage-agnostic.
 * @module
 */
import type { SendEvent1 } from '../contract/send-event1'
import type { Outcome } from '../outcome'

/** One connector's run of one event, timed. */
export interface ConnectorAttempt {
  readonly connector: string
  readonly outcome: Outcome
  readonly code: string
  readonly vendorStatus?: number | undefined
  /** The stored result of an earlier delivery was returned without a vendor call. */
  readonly duplicate: boolean
  /** When the run started, ms since epoch. */
  readonly startedAt: number
  readonly durationMs: number
}

/** One answered SendEvent1. */
export interface SendEventRecord {
  /** The route it was posted to, e.g. `/hooks/SendEvent1` or `/hooks/klaviyo/SendEvent1`. */
  readonly route: string
  readonly event: SendEvent1
  /** The combined outcome answered. */
  readonly outcome: Outcome
  readonly runs: readonly ConnectorAttempt[]
}

/**
 * Called once per answered SendEvent1, after the answer is decided. Its promise is not awaited
 * and whatever it throws or rejects is ignored: a journal never changes an answer.
 */
export type SendEventHook = (record: SendEventRecord) => void | Promise<void>
