import {
  type ClassifyRule,
  type ConnectorMetrics,
  type DeliverContext,
  deliverPlan,
  type HttpClient,
  type PlannedRequest,
  type Result,
} from '@bubblehouse-hooks/core'
import { fitRequest } from './fit'
import { repairKlaviyo } from './repair'
import { isRecord } from './translate/body'

/** What {@link deliverKlaviyo} needs besides the requests. */
export interface DeliverOptions {
  readonly http: HttpClient
  readonly rules: readonly ClassifyRule[]
  /** The connector's metrics (`env.metrics`), for dropped fields and unclassified 4xx. */
  readonly metrics: ConnectorMetrics
  /** The clock that bounds an event's `time` (`env.now`). */
  readonly now: () => number
}

/** Klaviyo's error code (`errors[0].code`, e.g. `invalid`), for the unclassified-4xx log line. */
export function klaviyoErrorCode(body: unknown): string | undefined {
  const first = isRecord(body) && Array.isArray(body.errors) ? body.errors[0] : undefined
  const code = isRecord(first) ? first.code : undefined
  return typeof code === 'string' ? code : undefined
}

/**
 * Send the planned requests through core's loop: each first fitted to Klaviyo's documented limits
 * (fields that break one are left out), then sent; a 409 identity conflict or a 400 naming fields
 * we can leave out is sent again with less (see `repair.ts`). Fields left out are counted and
 * logged only once Klaviyo accepted the rest. Never throws.
 */
export function deliverKlaviyo(
  requests: readonly PlannedRequest[],
  ctx: DeliverContext,
  options: DeliverOptions,
): Promise<Result> {
  return deliverPlan(requests, {
    http: options.http,
    rules: options.rules,
    signal: ctx.signal,
    logger: ctx.logger,
    metrics: options.metrics,
    errorCode: klaviyoErrorCode,
    sentWithoutFields: {
      code: 'KLAVIYO_SENT_WITHOUT_FIELDS',
      reason: 'sent without the fields that break Klaviyo limits',
    },
    prepare: (request) => {
      const fitted = fitRequest(request, options.now())
      return 'result' in fitted ? fitted.result : fitted
    },
    repair: (request, response, verdict) => {
      const repaired = repairKlaviyo(request, response.status, response.body, verdict)
      if (!repaired) return undefined
      ctx.logger.info({ code: verdict.code, retry: repaired.repair.code }, 'klaviyo: sending again')
      return { ...repaired.repair, drops: repaired.drops }
    },
  })
}
