/**
 * Core's one delivery loop, used by every connector: a plan's requests in order, each answer
 * classified by the connector's rules, with hooks for what vendors need around a call (leave out
 * fields before sending, repair a request from the vendor's answer and send it once more, read a
 * 2xx body). Stops at the first request that is not `sent`.
 * @module
 */
import { type ClassifyRule, classifyResponse } from '../classify/rules'
import { type ConnectorMetrics, type Logger, noopConnectorMetrics, noopLogger } from '../logger'
import type { Result } from '../outcome'
import type { PlannedRequest } from '../plan'
import { reportUnclassified } from '../report/unclassified'
import { attemptRequest } from './attempt'
import type { HttpClient, HttpResponse } from './client'

/** A request rebuilt from a vendor answer, sent in place of the one the vendor refused. */
export interface Repair {
  /** The request to send instead. */
  readonly request: PlannedRequest
  /** Code of the result when the repaired request is sent, e.g. `KLAVIYO_SENT_WITHOUT_PHONE`. */
  readonly code: string
  /** Reason of that result. */
  readonly reason: string
}

/** What a connector may add around each call. Every hook is optional. */
export interface DeliveryHooks {
  /** The rules for one request; default `rules`. */
  readonly rulesFor?: (request: PlannedRequest) => readonly ClassifyRule[]
  /**
   * Before the first send: the request to send (e.g. without fields the vendor does not have), or
   * a Result to answer without sending (e.g. the failed read of a field list).
   */
  readonly prepare?: (
    request: PlannedRequest,
    signal: AbortSignal,
  ) => PlannedRequest | Result | Promise<PlannedRequest | Result>
  /** Judge an answer; default {@link classifyResponse} with the request's rules. */
  readonly classify?: (request: PlannedRequest, response: HttpResponse) => Result
  /**
   * From an answer that is not `sent`: the request to send once more (without the fields the
   * vendor named, or aimed at the record the vendor named), or `undefined` to keep the answer.
   */
  readonly repair?: (
    request: PlannedRequest,
    response: HttpResponse,
    verdict: Result,
  ) => Repair | undefined
  /**
   * After a request's last answer: a Result that replaces the verdict (a 2xx whose body says the
   * member opted out, a follow-up read that tells a missing member from a missing list), or
   * `undefined` to keep it.
   */
  readonly settle?: (
    request: PlannedRequest,
    response: HttpResponse,
    verdict: Result,
    signal: AbortSignal,
  ) => Result | undefined | Promise<Result | undefined>
  /** The vendor's error code in an error body, for the log line of an unclassified 4xx. */
  readonly errorCode?: (body: unknown) => string | undefined
}

/** Options of {@link deliverPlan}. */
export interface DeliverPlanOptions extends DeliveryHooks {
  /** The connector's client (from `env.createHttpClient`), holding base URL and credentials. */
  readonly http: HttpClient
  /** The connector's rules, in front of core's defaults. */
  readonly rules?: readonly ClassifyRule[]
  /** The hook deadline (`ctx.signal`). */
  readonly signal: AbortSignal
  /** The request's logger (`ctx.logger`), for the unclassified-4xx line. */
  readonly logger?: Logger
  /** The connector's metrics (`env.metrics`), for `bh_unclassified_vendor_errors_total`. */
  readonly metrics?: ConnectorMetrics
  /** The clock for Retry-After dates; default `Date.now`. */
  readonly now?: () => number
}

/**
 * Repairs per request. Two, not one: HubSpot may first leave out properties it rejects and then
 * have to update the contact its 409 names.
 */
const MAX_REPAIRS = 2

const EMPTY_PLAN: Result = { outcome: 'skipped', code: 'NO_REQUESTS', reason: 'the plan was empty' }

const isResult = (value: PlannedRequest | Result): value is Result => 'outcome' in value

/** One planned request through prepare, send, repair and settle. */
async function deliverOne(planned: PlannedRequest, options: DeliverPlanOptions): Promise<Result> {
  const { http, signal } = options
  const rules = options.rulesFor?.(planned) ?? options.rules ?? []
  const judge = (request: PlannedRequest, response: HttpResponse): Result =>
    options.classify?.(request, response) ??
    classifyResponse(response, rules, (options.now ?? Date.now)())

  const prepared = options.prepare ? await options.prepare(planned, signal) : planned
  if (isResult(prepared)) return prepared

  let request = prepared
  let repaired: Repair | undefined
  for (let repairs = 0; ; repairs++) {
    const answer = await attemptRequest(http, request, signal)
    if (answer.failure) return answer.failure
    const { response } = answer
    const verdict = judge(request, response)
    const repair =
      verdict.outcome !== 'sent' && repairs < MAX_REPAIRS
        ? options.repair?.(request, response, verdict)
        : undefined
    if (repair) {
      request = repair.request
      repaired = repair
      continue
    }
    const settled = (await options.settle?.(request, response, verdict, signal)) ?? verdict
    if (settled.outcome === 'sent' && repaired) {
      return { ...settled, code: repaired.code, reason: repaired.reason }
    }
    reportUnclassified(settled, options.errorCode?.(response.body), {
      logger: options.logger ?? noopLogger,
      metrics: options.metrics ?? noopConnectorMetrics,
    })
    return settled
  }
}

/**
 * Send the requests in order; stop at the first that is not `sent` and return its result. A
 * thrown transport error becomes `failure` with its kind as the code. Never throws for vendor
 * answers.
 * @example
 * deliver: (requests, ctx) =>
 *   deliverPlan(requests, { http, rules: SEGMENT_RULES, signal: ctx.signal, logger: ctx.logger, metrics: env.metrics })
 */
export async function deliverPlan(
  requests: readonly PlannedRequest[],
  options: DeliverPlanOptions,
): Promise<Result> {
  let last = EMPTY_PLAN
  for (const request of requests) {
    const result = await deliverOne(request, options)
    if (result.outcome !== 'sent') return result
    last = result
  }
  return last
}
