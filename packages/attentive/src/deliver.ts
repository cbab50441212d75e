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
import { repairAttentive } from './repair'
import { ATTENTIVE_RULES, attentiveErrorCode, classifyAttentive } from './rules'
import { dropName, type FieldDrop, memberOf, SET_ATTRIBUTES } from './translate/body'

/** What {@link deliverAttentive} needs besides the requests. */
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
  for (const drop of drops) {
    byReason.set(drop.reason, [...(byReason.get(drop.reason) ?? []), dropName(drop)])
  }
  for (const [reason, names] of byReason) reportFieldsDropped(target, reason, names)
}

/** Attributes fitted down to nothing: no call ("properties" is required). */
const NOTHING_LEFT: Result = {
  outcome: 'skipped',
  code: 'ATTENTIVE_NO_ATTRIBUTES',
  reason: 'no customer_props value Attentive can store as a custom attribute',
}

/**
 * Send the planned request through core's loop: first fitted to Attentive's documented limits
 * (fields that break one are left out), then sent; a 400 that names the phone, the email or a
 * property the event can do without is sent once more without it (`repair.ts`). Fields left out
 * are counted and logged only once Attentive accepted the rest. Never throws.
 */
export function deliverAttentive(
  requests: readonly PlannedRequest[],
  ctx: DeliverContext,
  options: DeliverOptions,
): Promise<Result> {
  const target: FieldReportTarget = { logger: ctx.logger, metrics: options.metrics }
  let drops: FieldDrop[] = []
  return deliverPlan(requests, {
    http: options.http,
    rules: ATTENTIVE_RULES,
    signal: ctx.signal,
    logger: ctx.logger,
    metrics: options.metrics,
    now: options.now,
    errorCode: attentiveErrorCode,
    classify: (_request, response) => classifyAttentive(response, options.now()),
    prepare: (request) => {
      const fitted = fitRequest(request)
      drops = [...fitted.drops]
      const left = memberOf(fitted.request, 'properties') ?? {}
      if (request.operation === SET_ATTRIBUTES && Object.keys(left).length === 0) {
        report(drops, target)
        return NOTHING_LEFT
      }
      return fitted.request
    },
    repair: (request, response, verdict) => {
      const repaired = repairAttentive(request, response.body, verdict)
      if (!repaired) return undefined
      ctx.logger.info(
        { code: verdict.code, retry: repaired.repair.code },
        'attentive: sending again',
      )
      drops.push(...repaired.drops)
      return repaired.repair
    },
    settle: (_request, _response, verdict) => {
      if (verdict.outcome !== 'sent' || drops.length === 0) return undefined
      report(drops, target)
      return {
        ...verdict,
        code: 'ATTENTIVE_SENT_WITHOUT_FIELDS',
        reason: 'sent without the fields that break Attentive limits',
      }
    },
  })
}
