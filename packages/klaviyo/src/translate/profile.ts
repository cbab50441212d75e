import { type JsonObject, mapKeys, type SendEvent1 } from '@bubblehouse-hooks/core'
import type { KlaviyoOptionsOutput } from '../options'

/** A non-blank string, trimmed; anything else is absent. */
function present(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function externalIdOf(event: SendEvent1, options: KlaviyoOptionsOutput): string | undefined {
  const source = options.identity.externalId
  return source === 'none' ? undefined : present(event.customer[source])
}

/**
 * The phone from the configured customer_props key. Klaviyo rejects numbers that are not E.164
 * with a 400, which would drop the whole event, so deliver leaves such a number out and reports it
 * (`fit.ts`, https://developers.klaviyo.com/en/reference/create_or_update_profile).
 */
function phoneOf(event: SendEvent1, options: KlaviyoOptionsOutput): string | undefined {
  const key = options.identity.phoneProp
  return key === undefined ? undefined : present(event.customer_props?.[key])
}

/**
 * The profile attributes of an event's customer, in the JSON:API shape Klaviyo takes (snake_case),
 * or `undefined` when the customer has neither an email nor an external id. Absent fields are left
 * out, never sent as null: on profile-import a null clears the field.
 */
export function profileAttributes(
  event: SendEvent1,
  options: KlaviyoOptionsOutput,
): JsonObject | undefined {
  const email = present(event.customer.email)
  const externalId = externalIdOf(event, options)
  if (email === undefined && externalId === undefined) return undefined
  const attributes: JsonObject = {}
  // A printed plan is exactly the body sent, in this key order.
  const fields: Array<[string, string | undefined]> = [
    ['email', email],
    ['phone_number', phoneOf(event, options)],
    ['external_id', externalId],
    ['first_name', present(event.customer.first_name)],
    ['last_name', present(event.customer.last_name)],
  ]
  for (const [name, value] of fields) if (value !== undefined) attributes[name] = value
  const properties = mapKeys(event.customer_props, options.profileProps)
  if (Object.keys(properties).length > 0) attributes.properties = properties
  return attributes
}
