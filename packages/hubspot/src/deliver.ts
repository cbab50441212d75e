/**
 * Deliver a plan through core's delivery loop (`deliverPlan`) with HubSpot's hooks:
 * - prepare: a contact write leaves out the properties the portal does not list and puts every
 *   value in its property's format (`date` → `YYYY-MM-DD`, `datetime` → ISO 8601 UTC, `number`
 *   and `bool` checked), leaving out values that have none; a custom event's values are cut to
 *   HubSpot's limits. Every left-out or cut field is counted and warned about by name.
 * - repair: a 400 naming properties (any error: `PROPERTY_DOESNT_EXIST`, `INVALID_OPTION`,
 *   `INVALID_DATE`, …) is resent without them; a 409 "Contact already exists. Existing ID: N"
 *   becomes an update of contact N. The loop allows two repairs per request.
 * - classify: the rules tables, with a 207's first error judged as HubSpot's status for it.
 * @module
 */
import {
  type ClassifyRule,
  type ConnectorEnv,
  type DeliverContext,
  deliverPlan,
  type FieldDropReason,
  type HttpClient,
  type PlannedRequest,
  type Repair,
  type Result,
  reportFieldsDropped,
  type VendorResponse,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { classifyHubspot, effectiveResponse } from './classify'
import { cutToLimits } from './event-limits'
import type { PropertyCache } from './property-cache'
import { normaliseProperties } from './property-values'
import { HUBSPOT_CONTACT_UPDATE_RULES, HUBSPOT_EVENT_RULES, HUBSPOT_RULES } from './rules'
import { ID_PROPERTY } from './translate/contact'
import { dropReason, existingContactId, namedProperties, vendorErrorCode } from './vendor-errors'
import { OPERATIONS, PATHS } from './version'

const Properties = z.record(z.string(), z.string())

const UpsertBody = z.object({
  inputs: z.tuple([
    z.object({ idProperty: z.literal(ID_PROPERTY), id: z.string(), properties: Properties }),
  ]),
})

/** The PATCH of one contact and the custom event carry their properties at the top. */
const PropertiesBody = z.looseObject({ properties: Properties })

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

type Report = (reason: FieldDropReason, names: readonly string[]) => void

/** The properties a request carries, wherever its body keeps them. */
function propertiesOf(request: PlannedRequest): Record<string, string> | undefined {
  if (request.operation === OPERATIONS.upsertContact) {
    return UpsertBody.safeParse(request.body).data?.inputs[0].properties
  }
  return PropertiesBody.safeParse(request.body).data?.properties
}

/** The request with `properties` in place of its own. */
function withProperties(
  request: PlannedRequest,
  properties: Record<string, string>,
): PlannedRequest {
  const upsert = UpsertBody.safeParse(request.body)
  if (upsert.success) {
    const [input] = upsert.data.inputs
    return { ...request, body: { inputs: [{ ...input, properties }] } }
  }
  const body = PropertiesBody.parse(request.body)
  return { ...request, body: { ...body, properties } }
}

const without = (props: Readonly<Record<string, string>>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(props).filter(([name]) => !names.includes(name)))

/** One report per reason, each naming its properties. */
function reportByReason(
  report: Report,
  dropped: ReadonlyArray<readonly [FieldDropReason, string]>,
) {
  const byReason = new Map<FieldDropReason, string[]>()
  for (const [reason, name] of dropped)
    byReason.set(reason, [...(byReason.get(reason) ?? []), name])
  for (const [reason, names] of byReason) report(reason, names)
}

/** The rules for one request. */
function rulesFor(request: PlannedRequest): readonly ClassifyRule[] {
  if (request.operation === OPERATIONS.sendEvent) return HUBSPOT_EVENT_RULES
  if (request.operation === OPERATIONS.updateContact) return HUBSPOT_CONTACT_UPDATE_RULES
  return HUBSPOT_RULES
}

/** Build deliver for one connector instance. */
export function createDelivery({ http, cache, env }: DeliverDeps) {
  /** A contact write without the properties the portal lacks, each value in its type's format. */
  async function prepareContact(
    request: PlannedRequest,
    signal: AbortSignal,
    report: Report,
  ): Promise<PlannedRequest | Result> {
    const properties = propertiesOf(request)
    if (!properties) return PLAN_INVALID
    const cached = await cache.known(signal)
    if (cached.result) return cached.result
    const { kept, dropped } = cache.filter(properties, cached.known, [ID_PROPERTY])
    report('unknown_property', dropped)
    const normalised = normaliseProperties(kept, cached.known)
    reportByReason(report, normalised.dropped)
    return withProperties(request, normalised.properties)
  }

  /** A custom event with every value cut to HubSpot's limit for its property. */
  function prepareEvent(request: PlannedRequest, report: Report): PlannedRequest | Result {
    const properties = propertiesOf(request)
    if (!properties) return PLAN_INVALID
    const limited = cutToLimits(properties)
    report('too_long', limited.cut)
    return withProperties(request, limited.properties)
  }

  /** Resend without the properties a 400 names (never the email the contact is matched on). */
  function leaveOutNamed(
    request: PlannedRequest,
    response: VendorResponse,
    report: Report,
  ): Repair | undefined {
    const properties = propertiesOf(request)
    if (!properties || response.status !== 400) return undefined
    const sent = Object.keys(properties).filter((name) => name !== ID_PROPERTY)
    const named = namedProperties(response.body, sent)
    if (named.length === 0) return undefined
    const names = named.map((e) => e.name ?? '')
    const unknown = named
      .filter((e) => e.error === 'PROPERTY_DOESNT_EXIST')
      .map((e) => e.name ?? '')
    // The cache lists contact properties; an event's properties are another namespace.
    if (request.operation !== OPERATIONS.sendEvent) cache.markMissing(unknown)
    reportByReason(
      report,
      named.map((e) => [dropReason(e.error), e.name ?? ''] as const),
    )
    const onlyUnknown = unknown.length === names.length
    return {
      request: withProperties(request, without(properties, names)),
      code: onlyUnknown ? 'HUBSPOT_UNKNOWN_PROPERTIES_LEFT_OUT' : 'HUBSPOT_PROPERTIES_LEFT_OUT',
      reason: onlyUnknown
        ? 'sent without the properties HubSpot does not have'
        : 'sent without the property values HubSpot rejected',
    }
  }

  /** A 409 naming the existing contact: update that contact instead. */
  function updateExisting(request: PlannedRequest, response: VendorResponse): Repair | undefined {
    const id = response.status === 409 ? existingContactId(response.body) : undefined
    const properties = propertiesOf(request)
    if (!id || !properties || request.operation !== OPERATIONS.upsertContact) return undefined
    return {
      // The existing contact already holds this email; writing it again could clash once more.
      request: {
        operation: OPERATIONS.updateContact,
        method: 'PATCH',
        path: PATHS.contact(id),
        body: { properties: without(properties, [ID_PROPERTY]) },
      },
      code: 'HUBSPOT_CONFLICT_RESOLVED',
      reason: 'updated the existing contact HubSpot named in its 409',
    }
  }

  /** Run the requests in order; stop at the first that is not `sent`. */
  function deliver(requests: readonly PlannedRequest[], ctx: DeliverContext): Promise<Result> {
    const report: Report = (reason, names) =>
      reportFieldsDropped({ logger: ctx.logger, metrics: env.metrics }, reason, names)
    return deliverPlan(requests, {
      http,
      signal: ctx.signal,
      logger: ctx.logger,
      metrics: env.metrics,
      now: env.now,
      rulesFor,
      classify: (request, response) => classifyHubspot(response, rulesFor(request), env.now()),
      prepare: (request, signal) => {
        if (request.operation === OPERATIONS.upsertContact) {
          return prepareContact(request, signal, report)
        }
        if (request.operation === OPERATIONS.sendEvent) return prepareEvent(request, report)
        return PLAN_INVALID
      },
      repair: (request, response) => {
        // A 207 (or a 2xx listing errors) is repaired like the error it carries.
        const effective = effectiveResponse(response)
        if (!effective) return undefined
        return leaveOutNamed(request, effective, report) ?? updateExisting(request, effective)
      },
      errorCode: vendorErrorCode,
    })
  }

  return { deliver }
}
