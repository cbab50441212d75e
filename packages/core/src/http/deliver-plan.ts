/** Run a plan's requests through core's HTTP client and classify each answer. @module */
import { type ClassifyRule, classifyResponse } from '../classify/rules'
import type { Result } from '../outcome'
import type { PlannedRequest } from '../plan'
import { attemptRequest } from './attempt'
import type { HttpClient, HttpResponse } from './client'

/** Options of {@link deliverPlan}. */
export interface DeliverPlanOptions {
  /** The connector's client (from `env.createHttpClient`), holding base URL and credentials. */
  readonly http: HttpClient
  /** The connector's rules, in front of core's defaults. */
  readonly rules: readonly ClassifyRule[]
  /** The hook deadline (`ctx.signal`). */
  readonly signal: AbortSignal
  /**
   * Inspect a 2xx answer before it counts as sent (e.g. a 200 whose body reports an error);
   * return a Result to stop there, or `undefined` to go on.
   */
  readonly inspect?: (request: PlannedRequest, response: HttpResponse) => Result | undefined
}

/**
 * Send the requests in order; stop at the first that is not `sent` and return its result. A
 * thrown transport error becomes `failure` with its kind as the code.
 * @example
 * deliver: (requests, ctx) => deliverPlan(requests, { http, rules: SEGMENT_RULES, signal: ctx.signal })
 */
export async function deliverPlan(
  requests: readonly PlannedRequest[],
  options: DeliverPlanOptions,
): Promise<Result> {
  let last: Result = { outcome: 'skipped', code: 'NO_REQUESTS', reason: 'the plan was empty' }
  for (const request of requests) {
    const answer = await attemptRequest(options.http, request, options.signal)
    if (answer.failure) return answer.failure
    const { response } = answer
    const verdict = classifyResponse(response, options.rules)
    if (verdict.outcome !== 'sent') return verdict
    const inspected = options.inspect?.(request, response)
    if (inspected && inspected.outcome !== 'sent') return inspected
    last = inspected ?? verdict
  }
  return last
}
