import {
  attemptRequest,
  type ClassifyRule,
  classifyResponse,
  type DeliverContext,
  type HttpClient,
  type PlannedRequest,
  type Result,
} from '@bubblehouse-hooks/core'
import { DUPLICATE_PROFILE } from './rules'
import { withoutPhone } from './translate/without-phone'

/** What {@link deliverKlaviyo} needs besides the requests. */
export interface DeliverOptions {
  readonly http: HttpClient
  readonly rules: readonly ClassifyRule[]
}

/** Send one planned request as it is (plans hold the wire JSON) and classify the answer. */
async function attempt(
  request: PlannedRequest,
  ctx: DeliverContext,
  options: DeliverOptions,
): Promise<Result> {
  const answer = await attemptRequest(options.http, request, ctx.signal)
  if (answer.failure) return answer.failure
  return classifyResponse(answer.response, options.rules)
}

/**
 * Send the planned requests in order and classify each answer; stop at the first that is not
 * `sent`. A 409 identity conflict is retried once without the phone number; a second conflict
 * stays `invalid_data`. Never throws.
 */
export async function deliverKlaviyo(
  requests: readonly PlannedRequest[],
  ctx: DeliverContext,
  options: DeliverOptions,
): Promise<Result> {
  let last: Result = { outcome: 'skipped', code: 'NO_REQUESTS', reason: 'the plan was empty' }
  for (const request of requests) {
    let result = await attempt(request, ctx, options)
    const retry = result.code === DUPLICATE_PROFILE ? withoutPhone(request) : undefined
    if (retry) {
      ctx.logger.info({ code: result.code }, 'klaviyo identity conflict: retrying without phone')
      const second = await attempt(retry, ctx, options)
      result =
        second.outcome === 'sent'
          ? {
              ...second,
              code: 'KLAVIYO_SENT_WITHOUT_PHONE',
              reason: 'sent without the phone number (it belongs to another profile)',
            }
          : second
    }
    if (result.outcome !== 'sent') return result
    last = result
  }
  return last
}
