import {
  type ConnectorMetrics,
  type DeliverContext,
  deliverPlan,
  type FieldDropReason,
  type FieldReportTarget,
  type HttpClient,
  type PlannedRequest,
  type Result,
  reportFieldsDropped,
} from '@bubblehouse-hooks/core'
import { fitRequest } from './fit'
import { repairOmnisend } from './repair'
import { classifyOmnisend, OMNISEND_RULES, omnisendErrorCode } from './rules'
import type { FieldDrop } from './translate/body'

/** What {@link deliverOmnisend} needs besides the requests. */
export interface DeliverOptions {
  readonly http: HttpClient
  /** The connector's metrics (`env.metrics`), for dropped fields and unclassified 4xx. */
  readonly metrics: ConnectorMetrics
  /** The clock for wait hints (`env.now`). */
  readonly now: () => number
}

/** One report line and count per reason. */
function report(drops: readonly FieldDrop[], target: FieldReportTarget): void {
  const byReason = new Map<FieldDropReason, string[]>()
  for (const { reason, name } of drops)
    byReason.set(reason, [...(byReason.get(reason) ?? []), name])
  for (const [reason, names] of byReason) reportFieldsDropped(target, reason, names)
}

/**
 * Send the planned request through core's loop: first fitted to Omnisend's documented limits
 * (fields that break one are left out), then sent; a 400 naming fields the event can do without,
 * or a 409 identity conflict, is sent once more with less (`repair.ts`). Fields left out are
 * counted and logged only once Omnisend accepted the rest. Never throws.
 */
export function deliverOmnisend(
  requests: readonly PlannedRequest[],
  ctx: DeliverContext,
  options: DeliverOptions,
): Promise<Result> {
  let drops: FieldDrop[] = []
  return deliverPlan(requests, {
    http: options.http,
    rules: OMNISEND_RULES,
    signal: ctx.signal,
    logger: ctx.logger,
    metrics: options.metrics,
    now: options.now,
    errorCode: omnisendErrorCode,
    classify: (_request, response) => classifyOmnisend(response, options.now()),
    prepare: (request) => {
      const fitted = fitRequest(request)
      drops = [...fitted.drops]
      return fitted.request
    },
    repair: (request, response, verdict) => {
      const repaired = repairOmnisend(request, response.status, response.body, verdict)
      if (!repaired) return undefined
      ctx.logger.info(
        { code: verdict.code, retry: repaired.repair.code },
        'omnisend: sending again',
      )
      drops.push(...repaired.drops)
      return repaired.repair
    },
    settle: (_request, _response, verdict) => {
      if (verdict.outcome !== 'sent' || drops.length === 0) return undefined
      report(drops, { logger: ctx.logger, metrics: options.metrics })
      return {
        ...verdict,
        code: 'OMNISEND_SENT_WITHOUT_FIELDS',
        reason: 'sent without the fields that break Omnisend limits',
      }
    },
  })
}
