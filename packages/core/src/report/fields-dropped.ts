/** One way every connector reports fields it left out of a delivered event. @module */
import type { ConnectorMetrics, FieldDropReason, Logger } from '../logger'

/** Where a report goes: the request's logger and the connector's metrics. */
export interface FieldReportTarget {
  readonly logger: Logger
  readonly metrics: ConnectorMetrics
}

/** Names past this many are counted but not listed, so one line stays short. */
const MAX_NAMED = 20

/**
 * Count fields left out of an event (`bh_fields_dropped_total{connector,reason}`) and write one
 * warn line naming them. Names are property or field names, never values.
 * @example
 * reportFieldsDropped({ logger: ctx.logger, metrics: env.metrics }, 'too_long', ['BH_MagicLink'])
 */
export function reportFieldsDropped(
  target: FieldReportTarget,
  reason: FieldDropReason,
  names: readonly string[],
): void {
  if (names.length === 0) return
  target.metrics.fieldsDropped(reason, names.length)
  target.logger.warn(
    { reason, fields: names.slice(0, MAX_NAMED), count: names.length },
    'fields left out of the event; the rest was delivered',
  )
}
