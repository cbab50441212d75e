/**
 * Send a planned batch with core's HTTP client and classify Segment's answer with
 * {@link SEGMENT_RULES}. No retries and no sleeps here: a `failure` goes back to Bubblehouse, which
 * retries the queue in order.
 * @module
 */
import {
  type ConnectorMetrics,
  type DeliverContext,
  deliverPlan,
  type HttpClient,
  type JsonObject,
  type JsonValue,
  type PlannedRequest,
  type Result,
  reportFieldsDropped,
  result,
} from '@bubblehouse-hooks/core'
import { SEGMENT_RULES } from './rules'

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The keys the plan dropped to fit the size limits, read back from `context.bubblehouse`. */
export function droppedKeys(body: JsonValue | undefined): string[] {
  if (!isObject(body) || !Array.isArray(body.batch)) return []
  const keys: string[] = []
  for (const message of body.batch) {
    if (!isObject(message) || !isObject(message.context)) continue
    const marker = message.context.bubblehouse
    if (!isObject(marker) || !Array.isArray(marker.droppedKeys)) continue
    for (const key of marker.droppedKeys) if (typeof key === 'string') keys.push(key)
  }
  return keys
}

/** The connector's `deliver`, bound to its HTTP client. */
export function createDeliver(
  http: HttpClient,
  metrics: ConnectorMetrics,
): (requests: readonly PlannedRequest[], ctx: DeliverContext) => Promise<Result> {
  return (requests, ctx) =>
    deliverPlan(requests, {
      http,
      rules: SEGMENT_RULES,
      signal: ctx.signal,
      logger: ctx.logger,
      metrics,
      // A batch sent without some oversized properties is still sent, but under its own code, so
      // the operator can count and find it.
      settle: (request, response, verdict) => {
        const dropped = verdict.outcome === 'sent' ? droppedKeys(request.body) : []
        if (dropped.length === 0) return undefined
        reportFieldsDropped({ logger: ctx.logger, metrics }, 'too_large', dropped)
        return result(
          'sent',
          'SEGMENT_SENT_WITHOUT_PROPS',
          `sent without ${dropped.length} oversized ${dropped.length === 1 ? 'property' : 'properties'}`,
          { vendorStatus: response.status },
        )
      },
    })
}
