/** Typed access to the parts of a planned Klaviyo body that deliver fits or repairs. @module */
import type { JsonObject, JsonValue, PlannedRequest } from '@bubblehouse-hooks/core'

import { isJsonObject as isObject, isRecord } from '@bubblehouse-hooks/core'

/** Core's guards, under the names this package's body code uses. */
export { isObject, isRecord }

/** Where the profile attributes sit, per operation (an event carries its profile inline). */
export const PROFILE_PATH: Readonly<Record<string, readonly string[]>> = {
  createEvent: ['data', 'attributes', 'profile', 'data', 'attributes'],
  createOrUpdateProfile: ['data', 'attributes'],
}

/** The event attributes of a createEvent body. */
export const EVENT_PATH: readonly string[] = ['data', 'attributes']

/** The object at `path` in `body`, or `undefined`. */
export function objectAt(
  body: JsonValue | undefined,
  path: readonly string[],
): JsonObject | undefined {
  let node: JsonValue | undefined = body
  for (const key of path) node = isObject(node) ? node[key] : undefined
  return isObject(node) ? node : undefined
}

/** The profile attributes of a planned event or profile-import request. */
export function profileOf(request: PlannedRequest): JsonObject | undefined {
  const path = PROFILE_PATH[request.operation]
  return path ? objectAt(request.body, path) : undefined
}

/** The event attributes of a planned createEvent request. */
export function eventOf(request: PlannedRequest): JsonObject | undefined {
  return request.operation === 'createEvent' ? objectAt(request.body, EVENT_PATH) : undefined
}

/** A member of the body to leave out: the path of its object and its key. */
export interface FieldPath {
  readonly parent: readonly string[]
  readonly key: string
}

/** A copy of `request` without the members at `paths` (the planned request is never changed). */
export function withoutFields(
  request: PlannedRequest,
  paths: readonly FieldPath[],
): PlannedRequest {
  const copy: PlannedRequest = structuredClone(request)
  for (const { parent, key } of paths) {
    const object = objectAt(copy.body, parent)
    if (object) delete object[key]
  }
  return copy
}
