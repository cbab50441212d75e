/**
 * Deliver a plan with core's HTTP client, in order, each answer classified with the rules table.
 * A contact write leaves out the properties the portal does not list, and gets two repairs before
 * classification: properties HubSpot says do not exist are left out and the write is sent once
 * more, and a 409 "Contact already exists. Existing ID: N" becomes an update of contact N.
 * @module
 */
import {
  attemptRequest,
  type ConnectorEnv,
  type HttpAttempt,
  type HttpClient,
  type PlannedRequest,
  type Result,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { classifyHubspot, effectiveResponse } from './classify'
import type { PropertyCache } from './property-cache'
import { HUBSPOT_EVENT_RULES, HUBSPOT_RULES } from './rules'
import { ID_PROPERTY } from './translate/contact'
import { existingContactId, missingProperties } from './vendor-errors'
import { OPERATIONS, PATHS } from './version'

const Properties = z.record(z.string(), z.string())

const UpsertBody = z.object({
  inputs: z.tuple([
    z.object({ idProperty: z.literal(ID_PROPERTY), id: z.string(), properties: Properties }),
  ]),
})

const PLAN_INVALID: Result = {
  outcome: 'failure',
  code: 'HUBSPOT_PLAN_INVALID',
  reason: 'a planned request does not have the shape deliver expects (a bug: the event is kept)',
}

/** What deliver works with. */
export interface DeliverDeps {
  readonly http: HttpClient
  readonly cache: PropertyCache
  readonly env: ConnectorEnv
}

type WriteTarget = { readonly kind: 'upsert' } | { readonly kind: 'update'; readonly id: string }

const without = (props: Readonly<Record<string, string>>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(props).filter(([name]) => !names.includes(name)))

/** Build deliver for one connector instance. */
export function createDelivery({ http, cache, env }: DeliverDeps) {
  const warned = new Set<string>()

  /** Count every left-out property; warn once per name (names come from config, never PII). */
  function reportDropped(names: readonly string[]): void {
    for (const name of names) {
      env.metrics.count('property_dropped', name)
      if (warned.has(name)) continue
      warned.add(name)
      env.logger.warn(
        { property: name },
        'HubSpot has no contact property with this name; it is left out (run provision or fix the mapping)',
      )
    }
  }

  function write(
    target: WriteTarget,
    email: string,
    properties: Record<string, string>,
    signal: AbortSignal,
  ): Promise<HttpAttempt> {
    if (target.kind === 'update') {
      // The existing contact already holds this email; writing it again could clash once more.
      const body = { properties: without(properties, [ID_PROPERTY]) }
      return attemptRequest(http, { method: 'PATCH', path: PATHS.contact(target.id), body }, signal)
    }
    const body = { inputs: [{ idProperty: ID_PROPERTY, id: email, properties }] }
    return attemptRequest(http, { method: 'POST', path: PATHS.upsertContacts, body }, signal)
  }

  async function upsertContact(request: PlannedRequest, signal: AbortSignal): Promise<Result> {
    const parsed = UpsertBody.safeParse(request.body)
    if (!parsed.success) return PLAN_INVALID
    const [input] = parsed.data.inputs

    const cached = await cache.known(signal)
    if (cached.result) return cached.result
    const { kept, dropped } = cache.filter(input.properties, cached.known, [ID_PROPERTY])
    reportDropped(dropped)

    let properties = kept
    let target: WriteTarget = { kind: 'upsert' }
    let resent = false
    // At most three writes: the upsert, one resend without unknown properties, one update by id.
    for (;;) {
      const answer = await write(target, input.id, properties, signal)
      if (answer.failure) return answer.failure
      const effective = effectiveResponse(answer.response)

      if (effective?.status === 400 && !resent) {
        const missing = missingProperties(effective.body)
        const leaveOut = missing.filter((name) => Object.hasOwn(properties, name))
        if (!missing.includes(ID_PROPERTY) && leaveOut.length > 0) {
          cache.markMissing(leaveOut)
          reportDropped(leaveOut)
          properties = without(properties, leaveOut)
          resent = true
          continue
        }
      }
      if (effective?.status === 409 && target.kind === 'upsert') {
        const id = existingContactId(effective.body)
        if (id) {
          target = { kind: 'update', id }
          continue
        }
      }

      const result = classifyHubspot(answer.response, HUBSPOT_RULES, env.now())
      if (result.outcome !== 'sent') return result
      if (target.kind === 'update') {
        return {
          ...result,
          code: 'HUBSPOT_CONFLICT_RESOLVED',
          reason: 'updated the existing contact HubSpot named in its 409',
        }
      }
      if (resent) {
        return {
          ...result,
          code: 'HUBSPOT_UNKNOWN_PROPERTIES_LEFT_OUT',
          reason: 'sent without the properties HubSpot does not have',
        }
      }
      return result
    }
  }

  async function sendEvent(request: PlannedRequest, signal: AbortSignal): Promise<Result> {
    const answer = await attemptRequest(http, request, signal)
    if (answer.failure) return answer.failure
    return classifyHubspot(answer.response, HUBSPOT_EVENT_RULES, env.now())
  }

  const operations: Readonly<
    Record<string, (request: PlannedRequest, signal: AbortSignal) => Promise<Result>>
  > = {
    [OPERATIONS.upsertContact]: upsertContact,
    [OPERATIONS.sendEvent]: sendEvent,
  }

  /** Run the requests in order; stop at the first that is not `sent`. */
  async function deliver(
    requests: readonly PlannedRequest[],
    signal: AbortSignal,
  ): Promise<Result> {
    let last: Result = { outcome: 'skipped', code: 'NO_REQUESTS', reason: 'the plan was empty' }
    for (const request of requests) {
      const run = operations[request.operation]
      const result = run ? await run(request, signal) : PLAN_INVALID
      if (result.outcome !== 'sent') return result
      last = result
    }
    return last
  }

  return { deliver }
}
