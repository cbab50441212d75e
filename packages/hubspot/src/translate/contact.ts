/** SendEvent1 → the properties of one HubSpot contact upsert. Pure. @module */

import type { PlannedRequest } from '@bubblehouse-hooks/core'
import { mapKeys, type SendEvent1, stringifyValues, toIsoUtc } from '@bubblehouse-hooks/core'
import { defaultPropertyName } from '../naming'
import type { HubspotOptions } from '../options'
import { OPERATIONS, PATHS } from '../version'

/** The unique property the upsert matches contacts on. */
export const ID_PROPERTY = 'email'

/** The HubSpot property name for a `customer_props` key: the configured one, else the default. */
export function propertyNameFor(key: string, mapping: HubspotOptions['properties']): string | null {
  return Object.hasOwn(mapping, key) ? (mapping[key] ?? null) : defaultPropertyName(key)
}

/**
 * The contact's properties, all strings (HubSpot's format): email, the configured customer fields,
 * every `customer_props` key under its property name, and the last event unless `customer_only`.
 * A mapping onto `email` is ignored: the identity is the event's email.
 */
export function contactProperties(
  event: SendEvent1,
  email: string,
  options: Pick<HubspotOptions, 'properties' | 'fields'>,
): Record<string, string> {
  const { fields } = options
  const props: Record<string, string> = { [ID_PROPERTY]: email }
  const names: Array<[string | null, string | undefined]> = [
    [fields.first_name, event.customer.first_name],
    [fields.last_name, event.customer.last_name],
  ]
  for (const [name, value] of names) if (name && value) props[name] = value

  const customer = event.customer_props ?? {}
  const mapping = Object.fromEntries(
    Object.keys(customer).map((key) => [key, propertyNameFor(key, options.properties)]),
  )
  for (const [name, value] of Object.entries(stringifyValues(mapKeys(customer, mapping)))) {
    if (name !== ID_PROPERTY) props[name] = value
  }

  if (!event.customer_only) {
    if (fields.last_event) props[fields.last_event] = event.name
    if (fields.last_event_at) props[fields.last_event_at] = toIsoUtc(event.time)
  }
  return props
}

/** One `batch/upsert` with one input, matched on email: a real upsert, no read-then-write race. */
export function upsertRequest(properties: Record<string, string>): PlannedRequest {
  const email = properties[ID_PROPERTY] ?? ''
  return {
    operation: OPERATIONS.upsertContact,
    method: 'POST',
    path: PATHS.upsertContacts,
    body: { inputs: [{ idProperty: ID_PROPERTY, id: email, properties }] },
  }
}
