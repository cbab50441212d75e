import type { JsonObject, JsonValue, PlannedRequest } from '@bubblehouse-hooks/core'

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The profile attributes of a planned event or profile-import request. */
function profileOf(request: PlannedRequest): JsonObject | undefined {
  const data = isObject(request.body) ? request.body.data : undefined
  const attributes = isObject(data) ? data.attributes : undefined
  if (!isObject(attributes)) return undefined
  if (request.operation === 'createOrUpdateProfile') return attributes
  const profile = isObject(attributes.profile) ? attributes.profile.data : undefined
  return isObject(profile) && isObject(profile.attributes) ? profile.attributes : undefined
}

/**
 * The same request without the profile's phone number, or `undefined` when it has none. Klaviyo
 * answers 409 `duplicate_profile` when the email and the phone belong to two profiles, even on an
 * update (klaviyo/klaviyo-api-php#63, klaviyo/klaviyo-api-node#74); without the phone the email
 * decides and the event goes through.
 */
export function withoutPhone(request: PlannedRequest): PlannedRequest | undefined {
  if (profileOf(request)?.phone_number === undefined) return undefined
  const copy: PlannedRequest = structuredClone(request)
  const profile = profileOf(copy)
  if (profile) delete profile.phone_number
  return copy
}
