/**
 * What Mailchimp needs around core's delivery loop (`deliverPlan`), as its hooks:
 * - `prepare`: a member write keeps only the merge fields the audience has, coerced to their
 *   types; an event reports the properties its plan cut to Mailchimp's size budget;
 * - `repair`: a member write Mailchimp refuses for merge fields it names is sent once without them;
 * - `settle`: a 2xx member whose status gets no event (unsubscribed, cleaned, archived) stops the
 *   plan; a PATCH 404 is told apart from a missing list by reading the list.
 * @module
 */
import {
  attemptRequest,
  type ConnectorMetrics,
  type DeliverPlanOptions,
  type HttpClient,
  type HttpResponse,
  type Logger,
  type PlannedRequest,
  type Repair,
  type Result,
  reportFieldsDropped,
} from '@bubblehouse-hooks/core'
import { classify } from './call'
import type { MergeFieldCache } from './merge-fields/cache'
import {
  keepKnownMergeFields,
  mergeFieldsOf,
  rejectedMergeTags,
  withoutMergeFields,
} from './merge-fields/filter'
import { MEMBER_OPERATIONS, OPERATIONS } from './operations'
import { listPath } from './paths'
import {
  INVALID_MERGE_FIELD,
  MEMBER_NOT_FOUND,
  MEMBER_STATUS_RESULTS,
  mailchimpErrorCode,
  rulesFor,
} from './rules'
import { fieldsCutOf } from './translate/properties-budget'

/** What the hooks work with, made once per connector instance. */
export interface DeliverDeps {
  readonly http: HttpClient
  readonly listId: string
  readonly mergeFields: MergeFieldCache
  readonly metrics: ConnectorMetrics
  readonly now: () => number
}

/** The hooks as `deliverPlan` takes them. */
export type MailchimpHooks = Pick<
  DeliverPlanOptions,
  'rulesFor' | 'classify' | 'prepare' | 'repair' | 'settle' | 'errorCode'
>

const SENT_WITHOUT_MERGE_FIELDS = {
  code: 'MAILCHIMP_SENT_WITHOUT_MERGE_FIELDS',
  reason: 'the member was written without the merge fields Mailchimp rejected',
} as const

/** The Result a 2xx member body stands for, when its status gets no event; else `undefined`. */
function memberStatusResult(response: HttpResponse): Result | undefined {
  const body = response.body
  if (body === null || typeof body !== 'object' || !('status' in body)) return undefined
  const status = body.status
  if (typeof status !== 'string' || !Object.hasOwn(MEMBER_STATUS_RESULTS, status)) return undefined
  const result = MEMBER_STATUS_RESULTS[status]
  return result ? { ...result, vendorStatus: response.status } : undefined
}

/**
 * A PATCH 404 means "no such member" only if the list exists. Read the list: if that read fails
 * for any reason, answer that failure rather than guess (vendors.md §2.1).
 */
async function confirmList(
  memberVerdict: Result,
  signal: AbortSignal,
  deps: DeliverDeps,
): Promise<Result> {
  const answer = await attemptRequest(
    deps.http,
    { method: 'GET', path: listPath(deps.listId), query: { fields: 'id' } },
    signal,
  )
  if (answer.failure) return answer.failure
  const listVerdict = classify(answer.response, rulesFor(OPERATIONS.getList), deps.now())
  return listVerdict.outcome === 'sent' ? memberVerdict : listVerdict
}

/**
 * The hooks of one delivery (`logger` is the request's, so drop reports carry its bindings).
 * @example
 * deliverPlan(requests, { http, signal, logger, metrics, ...mailchimpHooks(deps, logger) })
 */
export function mailchimpHooks(deps: DeliverDeps, logger: Logger): MailchimpHooks {
  const report = { logger, metrics: deps.metrics }
  // Requests built by a repair: Mailchimp gets one resend per member write, not core's two.
  const repaired = new WeakSet<PlannedRequest>()

  return {
    rulesFor: (request) => rulesFor(request.operation),
    classify: (request, response) => classify(response, rulesFor(request.operation), deps.now()),
    errorCode: mailchimpErrorCode,

    async prepare(request, signal) {
      if (request.operation === OPERATIONS.createListMemberEvent) {
        for (const cut of fieldsCutOf(request)) reportFieldsDropped(report, cut.reason, cut.names)
        return request
      }
      if (!MEMBER_OPERATIONS.has(request.operation)) return request
      const known = await deps.mergeFields.read(signal)
      if (!known.ok) return known.result
      const kept = keepKnownMergeFields(request, known.fields)
      reportFieldsDropped(report, 'unknown_property', kept.dropped)
      return kept.request
    },

    repair(request, response, verdict): Repair | undefined {
      if (verdict.code !== INVALID_MERGE_FIELD || repaired.has(request)) return undefined
      const rejected = rejectedMergeTags(response.body, mergeFieldsOf(request))
      if (rejected.length === 0) return undefined
      reportFieldsDropped(report, 'invalid_value', rejected)
      const resend = withoutMergeFields(request, rejected)
      repaired.add(resend)
      return { request: resend, ...SENT_WITHOUT_MERGE_FIELDS }
    },

    settle(request, response, verdict, signal) {
      if (!MEMBER_OPERATIONS.has(request.operation)) return undefined
      if (verdict.outcome === 'sent') return memberStatusResult(response)
      return verdict.code === MEMBER_NOT_FOUND ? confirmList(verdict, signal, deps) : undefined
    },
  }
}
