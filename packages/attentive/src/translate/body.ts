/** Typed access to the parts of a planned Attentive body that deliver fits or repairs. @module */
import type {
  FieldDropReason,
  JsonObject,
  JsonValue,
  PlannedRequest,
} from '@bubblehouse-hooks/core'

import { isJsonObject as isObject, isRecord } from '@bubblehouse-hooks/core'

/** Core's guards, under the names this package's body code uses. */
export { isObject, isRecord }

/** The operation of a custom event (`POST /events/custom`). */
export const SEND_EVENT = 'sendCustomEvent'

/** The operation of a custom attributes update (`POST /attributes/custom`). */
export const SET_ATTRIBUTES = 'setCustomAttributes'

/** The object member `key` of the request body, or `undefined`. */
export function memberOf(
  request: PlannedRequest,
  key: 'user' | 'properties',
): JsonObject | undefined {
  const body = request.body
  if (!isObject(body) || !Object.hasOwn(body, key)) return undefined
  const member = body[key]
  return isObject(member) ? member : undefined
}

/** One field left out, and why. `name` is a field or property name, never a value. */
export interface FieldDrop {
  /** `user` or `properties`: the object holding the field. */
  readonly parent: 'user' | 'properties'
  readonly key: string
  readonly reason: FieldDropReason
}

/** The reported name of a drop: `user.phone`, `properties.BH_Tier`. */
export const dropName = (drop: FieldDrop): string => `${drop.parent}.${drop.key}`

/** A copy of `request` without the dropped members (the planned request is never changed). */
export function withoutFields(
  request: PlannedRequest,
  drops: readonly FieldDrop[],
): PlannedRequest {
  const copy: PlannedRequest = structuredClone(request)
  for (const { parent, key } of drops) {
    const holder = memberOf(copy, parent)
    if (holder) delete holder[key]
  }
  return copy
}

/** Set an own property, `__proto__` included (plain assignment would change the prototype). */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}
