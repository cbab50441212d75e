/** The 4xx answers no rule knew: counted and logged, so a new vendor error gets a rule. @module */
import type { ConnectorMetrics, Logger } from '../logger'
import type { Result } from '../outcome'

/** The code core's default table gives a 4xx that no connector rule matched. */
export const UNCLASSIFIED_4XX = 'HTTP_4XX'

const CODE_SHAPE = /^[A-Za-z0-9_.-]{1,64}$/

/**
 * When `result` came from the default 4xx row (an answer scoped to one event that no rule knew):
 * count it (`bh_unclassified_vendor_errors_total{connector,status}`) and warn with the status and
 * the vendor's error code, never a value from the body.
 */
export function reportUnclassified(
  result: Result,
  vendorCode: string | undefined,
  target: { readonly logger: Logger; readonly metrics: ConnectorMetrics },
): void {
  if (result.code !== UNCLASSIFIED_4XX || result.vendorStatus === undefined) return
  target.metrics.unclassifiedVendorError(result.vendorStatus)
  // A code is a short identifier; anything else may be a message holding values, so it stays out.
  const code = vendorCode !== undefined && CODE_SHAPE.test(vendorCode) ? vendorCode : undefined
  target.logger.warn(
    { vendorStatus: result.vendorStatus, ...(code ? { vendorCode: code } : {}) },
    'the vendor answered a 4xx no rule knows: invalid_data for this event (add a rule if it is account-wide)',
  )
}
