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

/** One field left out of a request: why, and its name (a property or field name, never a value). */
export interface FieldDrop {
  readonly reason: FieldDropReason
  readonly name: string
}

/**
 * Report fields left out of one delivered event: one count and one warn line per reason.
 * @example
 * reportFieldDrops(target, [{ reason: 'too_long', name: 'BH_Link' }, { reason: 'invalid_email', name: 'email' }])
 */
export function reportFieldDrops(target: FieldReportTarget, drops: readonly FieldDrop[]): void {
  const byReason = new Map<FieldDropReason, string[]>()
  for (const { reason, name } of drops) {
    const names = byReason.get(reason)
    if (names) names.push(name)
    else byReason.set(reason, [name])
  }
  for (const [reason, names] of byReason) reportFieldsDropped(target, reason, names)
}
