/**
 * The only I/O of an event: run the plan's requests in order, each classified by its operation's
 * rules. Conditional on the answers: an opted-out member stops the plan before the event; a
 * merge-field rejection is resent once without the field; a member 404 under createMembers false
 * is told apart from a missing list by reading the list.
 * @module
 */
import {
  attemptRequest,
  type HttpClient,
  type HttpResponse,
  type PlannedRequest,
  type Result,
} from '@bubblehouse-hooks/core'
import { classify, matchRule } from './call'
import type { MergeFieldCache } from './merge-fields/cache'
import {
  keepKnownMergeFields,
  mergeFieldsOf,
  rejectedMergeTags,
  withoutMergeFields,
} from './merge-fields/filter'
import type { MergeFieldReporter } from './merge-fields/report'
import { MEMBER_OPERATIONS, OPERATIONS } from './operations'
import { listPath } from './paths'
import { MEMBER_STATUS_RESULTS, rulesFor } from './rules'

/** What `deliver` works with, made once per connector instance. */
export interface DeliverDeps {
  readonly http: HttpClient
  readonly listId: string
  readonly mergeFields: MergeFieldCache
  readonly reporter: MergeFieldReporter
  readonly now: () => number
}

const EMPTY_PLAN: Result = { outcome: 'skipped', code: 'NO_REQUESTS', reason: 'the plan was empty' }

/** `unsubscribed` when a successful member write shows an opted-out member, else `undefined`. */
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

async function deliverOne(
  planned: PlannedRequest,
  signal: AbortSignal,
  deps: DeliverDeps,
): Promise<Result> {
  const rules = rulesFor(planned.operation)
  const isMemberWrite = MEMBER_OPERATIONS.has(planned.operation)
  let request = planned
  if (isMemberWrite) {
    const known = await deps.mergeFields.read(signal)
    if (!known.ok) return known.result
    const kept = keepKnownMergeFields(planned, known.fields)
    deps.reporter.report('dropped', kept.dropped)
    request = kept.request
  }

  let answer = await attemptRequest(deps.http, request, signal)
  if (answer.failure) return answer.failure
  let rule = matchRule(rules, answer.response)
  if (rule?.followUp === 'resendWithoutRejectedMergeFields') {
    const rejected = rejectedMergeTags(answer.response.body, mergeFieldsOf(request))
    if (rejected.length > 0) {
      deps.reporter.report('rejected', rejected)
      request = withoutMergeFields(request, rejected)
      answer = await attemptRequest(deps.http, request, signal)
      if (answer.failure) return answer.failure
      rule = matchRule(rules, answer.response)
    }
  }

  const verdict = classify(answer.response, rules, deps.now())
  if (verdict.outcome === 'sent') {
    return (isMemberWrite ? memberStatusResult(answer.response) : undefined) ?? verdict
  }
  if (rule?.followUp === 'confirmList') return confirmList(verdict, signal, deps)
  return verdict
}

/**
 * Run the requests in order and stop at the first answer that is not `sent`. Never throws:
 * transport errors become `failure` with their kind as the code.
 */
export async function deliverRequests(
  requests: readonly PlannedRequest[],
  signal: AbortSignal,
  deps: DeliverDeps,
): Promise<Result> {
  let last = EMPTY_PLAN
  for (const request of requests) {
    const result = await deliverOne(request, signal, deps)
    if (result.outcome !== 'sent') return result
    last = result
  }
  return last
}
