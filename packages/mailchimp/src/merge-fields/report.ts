/**
 * Count merge fields that were not sent, and warn once per tag. Logs carry the tag only: never the
 * email, a name or the value.
 * @module
 */
import type { ConnectorMetrics, Logger } from '@bubblehouse-hooks/core'

/** Metric names, counted through `env.metrics.count(name, tag)`. */
export const MERGE_FIELD_METRICS = {
  /** The audience has no such merge tag; the value was not sent. */
  dropped: 'merge_field_dropped',
  /** Mailchimp rejected the value ("Invalid Resource"); the write was resent without it. */
  rejected: 'merge_field_rejected',
} as const

const MESSAGES = {
  dropped:
    'merge tag not on the Mailchimp audience: its values are not sent (run provision to create it)',
  rejected: 'Mailchimp rejected a value of this merge tag: the member was written without it',
} as const

/** Reports merge fields left out of a member write. */
export interface MergeFieldReporter {
  report(kind: keyof typeof MERGE_FIELD_METRICS, tags: readonly string[]): void
}

/** A reporter counting through `metrics` and warning through `logger`, once per tag and kind. */
export function createMergeFieldReporter(
  metrics: ConnectorMetrics,
  logger: Logger,
): MergeFieldReporter {
  const warned = new Set<string>()
  return {
    report(kind, tags) {
      for (const tag of tags) {
        metrics.count(MERGE_FIELD_METRICS[kind], tag)
        if (warned.has(`${kind}:${tag}`)) continue
        warned.add(`${kind}:${tag}`)
        logger.warn({ tag, metric: MERGE_FIELD_METRICS[kind] }, MESSAGES[kind])
      }
    },
  }
}
