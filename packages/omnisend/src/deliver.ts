import {
  type ConnectorMetrics,
  type DeliverContext,
  deliverPlan,
  type HttpClient,
  type PlannedRequest,
  type Result,
} from '@bubblehouse-hooks/core'
import { fitRequest } from './fit'
import { repairOmnisend } from './repair'
import { classifyOmnisend, OMNISEND_RULES, omnisendErrorCode } from './rules'

/** What {@link deliverOmnisend} needs besides the requests. */
export interface DeliverOptions {
  readonly http: HttpClient
  /** The connector's metrics (`env.metrics`), for dropped fields and unclassified 4xx. */
  readonly metrics: ConnectorMetrics
  /** The clock for wait hints (`env.now`). */
  readonly now: () => number
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
  return deliverPlan(requests, {
    http: options.http,
    rules: OMNISEND_RULES,
    signal: ctx.signal,
    logger: ctx.logger,
    metrics: options.metrics,
    now: options.now,
    errorCode: omnisendErrorCode,
    classify: (_request, response) => classifyOmnisend(response, options.now()),
    sentWithoutFields: {
      code: 'OMNISEND_SENT_WITHOUT_FIELDS',
      reason: 'sent without the fields that break Omnisend limits',
    },
    prepare: (request) => fitRequest(request),
    repair: (request, response, verdict) => {
      const repaired = repairOmnisend(request, response.status, response.body, verdict)
      if (!repaired) return undefined
      ctx.logger.info(
        { code: verdict.code, retry: repaired.repair.code },
        'omnisend: sending again',
      )
      return { ...repaired.repair, drops: repaired.drops }
    },
  })
}
