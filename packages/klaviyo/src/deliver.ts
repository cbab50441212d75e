import {
  type ClassifyRule,
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
import { type FieldDrop, fitRequest } from './fit'
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

/** One report line and count per reason. */
function report(drops: readonly FieldDrop[], target: FieldReportTarget): void {
  const byReason = new Map<FieldDropReason, string[]>()
  for (const { reason, name } of drops)
    byReason.set(reason, [...(byReason.get(reason) ?? []), name])
  for (const [reason, names] of byReason) reportFieldsDropped(target, reason, names)
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
  let drops: FieldDrop[] = []
  return deliverPlan(requests, {
    http: options.http,
    rules: options.rules,
    signal: ctx.signal,
    logger: ctx.logger,
    metrics: options.metrics,
    errorCode: klaviyoErrorCode,
    prepare: (request) => {
      const fitted = fitRequest(request, options.now())
      if ('result' in fitted) return fitted.result
      drops = [...fitted.drops]
      return fitted.request
    },
    repair: (request, response, verdict) => {
      const repaired = repairKlaviyo(request, response.status, response.body, verdict)
      if (!repaired) return undefined
      ctx.logger.info({ code: verdict.code, retry: repaired.repair.code }, 'klaviyo: sending again')
      drops.push(...repaired.drops)
      return repaired.repair
    },
    settle: (_request, _response, verdict) => {
      if (verdict.outcome !== 'sent' || drops.length === 0) return undefined
      report(drops, { logger: ctx.logger, metrics: options.metrics })
      return {
        ...verdict,
        code: 'KLAVIYO_SENT_WITHOUT_FIELDS',
        reason: 'sent without the fields that break Klaviyo limits',
      }
    },
  })
}
