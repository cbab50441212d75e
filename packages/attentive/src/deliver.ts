import {
  type ConnectorMetrics,
  type DeliverContext,
  deliverPlan,
  type FieldDrop,
  type HttpClient,
  type PlannedRequest,
  type Result,
  reportFieldDrops,
} from '@bubblehouse-hooks/core'
import { fitRequest } from './fit'
import { repairAttentive } from './repair'
import { ATTENTIVE_RULES, attentiveErrorCode, classifyAttentive } from './rules'
import {
  type FieldDrop as AttentiveDrop,
  dropName,
  memberOf,
  SET_ATTRIBUTES,
} from './translate/body'

/** What {@link deliverAttentive} needs besides the requests. */
export interface DeliverOptions {
  readonly http: HttpClient
  /** The connector's metrics (`env.metrics`), for dropped fields and unclassified 4xx. */
  readonly metrics: ConnectorMetrics
  /** The clock for wait hints (`env.now`). */
  readonly now: () => number
}

/** Drops as core reports them: `user.phone`, `properties.BH_Tier`. */
const named = (drops: readonly AttentiveDrop[]): FieldDrop[] =>
  drops.map((drop) => ({ reason: drop.reason, name: dropName(drop) }))

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
  return deliverPlan(requests, {
    http: options.http,
    rules: ATTENTIVE_RULES,
    signal: ctx.signal,
    logger: ctx.logger,
    metrics: options.metrics,
    now: options.now,
    errorCode: attentiveErrorCode,
    classify: (_request, response) => classifyAttentive(response, options.now()),
    sentWithoutFields: {
      code: 'ATTENTIVE_SENT_WITHOUT_FIELDS',
      reason: 'sent without the fields that break Attentive limits',
    },
    prepare: (request) => {
      const fitted = fitRequest(request)
      const drops = named(fitted.drops)
      const left = memberOf(fitted.request, 'properties') ?? {}
      if (request.operation === SET_ATTRIBUTES && Object.keys(left).length === 0) {
        reportFieldDrops({ logger: ctx.logger, metrics: options.metrics }, drops)
        return NOTHING_LEFT
      }
      return { request: fitted.request, drops }
    },
    repair: (request, response, verdict) => {
      const repaired = repairAttentive(request, response.body, verdict)
      if (!repaired) return undefined
      ctx.logger.info(
        { code: verdict.code, retry: repaired.repair.code },
        'attentive: sending again',
      )
      return { ...repaired.repair, drops: named(repaired.drops) }
    },
  })
}
