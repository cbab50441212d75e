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
import { type FieldDrop, reportFieldDrops } from '../report/fields-dropped'
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
  /** The fields the repaired request leaves out, reported once the vendor accepts it. */
  readonly drops?: readonly FieldDrop[]
}

/** A request made ready to send, and the fields it leaves out (reported once it is sent). */
export interface Prepared {
  readonly request: PlannedRequest
  readonly drops: readonly FieldDrop[]
}

/** What a connector may add around each call. Every hook is optional. */
export interface DeliveryHooks {
  /** The rules for one request; default `rules`. */
  readonly rulesFor?: (request: PlannedRequest) => readonly ClassifyRule[]
  /**
   * Before the first send: the request to send, with the fields it leaves out (fields that break a
   * documented vendor limit, fields the vendor does not have), or a Result to answer without
   * sending (e.g. the failed read of a field list).
   */
  readonly prepare?: (
    request: PlannedRequest,
    signal: AbortSignal,
  ) => PlannedRequest | Prepared | Result | Promise<PlannedRequest | Prepared | Result>
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
  /**
   * The code and reason of a request sent without some of its fields (left out by `prepare` or a
   * repair), e.g. `KLAVIYO_SENT_WITHOUT_FIELDS`; a repair's own code wins. Default `HTTP_2XX`'s.
   */
  readonly sentWithoutFields?: { readonly code: string; readonly reason: string }
}

/**
 * Repairs per request. Two, not one: HubSpot may first leave out properties it rejects and then
 * have to update the contact its 409 names.
 */
const MAX_REPAIRS = 2

const EMPTY_PLAN: Result = { outcome: 'skipped', code: 'NO_REQUESTS', reason: 'the plan was empty' }

const isResult = (value: PlannedRequest | Prepared | Result): value is Result => 'outcome' in value

const isPrepared = (value: PlannedRequest | Prepared): value is Prepared =>
  'drops' in value && 'request' in value

/** The code a sent request answers: its repair's, else the connector's for fields left out. */
function sentCode(
  settled: Result,
  repaired: Repair | undefined,
  drops: readonly FieldDrop[],
  options: DeliverPlanOptions,
): Result {
  if (repaired) return { ...settled, code: repaired.code, reason: repaired.reason }
  if (drops.length > 0 && options.sentWithoutFields) {
    return { ...settled, ...options.sentWithoutFields }
  }
  return settled
}

/** One planned request through prepare, send, repair and settle. */
async function deliverOne(planned: PlannedRequest, options: DeliverPlanOptions): Promise<Result> {
  const { http, signal } = options
  const rules = options.rulesFor?.(planned) ?? options.rules ?? []
  const judge = (request: PlannedRequest, response: HttpResponse): Result =>
    options.classify?.(request, response) ??
    classifyResponse(response, rules, (options.now ?? Date.now)())

  const prepared = options.prepare ? await options.prepare(planned, signal) : planned
  if (isResult(prepared)) return prepared

  let request = isPrepared(prepared) ? prepared.request : prepared
  const drops: FieldDrop[] = isPrepared(prepared) ? [...prepared.drops] : []
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
      drops.push(...(repair.drops ?? []))
      continue
    }
    const settled = (await options.settle?.(request, response, verdict, signal)) ?? verdict
    const target = {
      logger: options.logger ?? noopLogger,
      metrics: options.metrics ?? noopConnectorMetrics,
    }
    if (settled.outcome !== 'sent') {
      reportUnclassified(settled, options.errorCode?.(response.body), target)
      return settled
    }
    // Fields left out are reported only once the vendor took the rest: nothing was dropped from
    // an event that was not delivered.
    reportFieldDrops(target, drops)
    return sentCode(settled, repaired, drops, options)
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
