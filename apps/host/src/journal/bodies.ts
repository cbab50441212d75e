/**
 * Which events keep their body in the journal, by `journal.bodies`. A body holds the customer's
 * email, names and properties (PII); `failures` keeps only what a replay may need.
 * @module
 */
import type { Outcome } from '@bubblehouse-hooks/core'

/** `journal.bodies`. */
export type BodiesPolicy = 'failures' | 'all' | 'none'

/** Whether a line whose last outcome is this keeps the body, per policy. */
export const KEEPS_BODY: Readonly<Record<BodiesPolicy, (outcome: Outcome) => boolean>> = {
  // The two outcomes a replay is for: failure (the queue is held) and invalid_data (dropped for good).
  failures: (outcome) => outcome === 'failure' || outcome === 'invalid_data',
  all: () => true,
  none: () => false,
}
