/** Typed access to the parts of a planned Omnisend body that deliver fits or repairs. @module */
import type {
  FieldDropReason,
  JsonObject,
  JsonValue,
  PlannedRequest,
} from '@bubblehouse-hooks/core'

import { isJsonObject as isObject, isRecord } from '@bubblehouse-hooks/core'

/** Core's guards, under the names this package's body code uses. */
export { isObject, isRecord }

/** The operation of a customer event (`POST /events`). */
export const SEND_EVENT = 'sendEvent'

/** The operation of a contact upsert (`POST /contacts`). */
export const UPSERT_CONTACT = 'upsertContact'

/** Where the contact fields sit, per operation: an event carries its contact inline. */
export const CONTACT_PATH: Readonly<Record<string, readonly string[]>> = {
  [SEND_EVENT]: ['contact'],
  [UPSERT_CONTACT]: [],
}

/** The value at `path` in `body`, or `undefined`. */
export function valueAt(
  body: JsonValue | undefined,
  path: readonly string[],
): JsonValue | undefined {
  let node: JsonValue | undefined = body
  for (const key of path) {
    if (Array.isArray(node)) node = node[Number(key)]
    else node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined
  }
  return node
}

/** The object at `path` in `body`, or `undefined`. */
export function objectAt(
  body: JsonValue | undefined,
  path: readonly string[],
): JsonObject | undefined {
  const node = valueAt(body, path)
  return isObject(node) ? node : undefined
}

/** The contact fields of a planned request. */
export function contactOf(request: PlannedRequest): JsonObject | undefined {
  const path = CONTACT_PATH[request.operation]
  return path ? objectAt(request.body, path) : undefined
}

/** The identifiers of a planned contact upsert, each `{type, id, …}`. */
export function identifiersOf(request: PlannedRequest): JsonObject[] {
  const list = request.operation === UPSERT_CONTACT ? valueAt(request.body, ['identifiers']) : []
  return Array.isArray(list) ? list.filter(isObject) : []
}

/** The identity a request still holds: its email and phone, wherever the operation keeps them. */
export function identityOf(request: PlannedRequest): { email: boolean; phone: boolean } {
  if (request.operation === UPSERT_CONTACT) {
    const types = identifiersOf(request).map((identifier) => identifier.type)
    return { email: types.includes('email'), phone: types.includes('phone') }
  }
  const contact = contactOf(request) ?? {}
  return { email: contact.email !== undefined, phone: contact.phone !== undefined }
}

/** A member of the body to leave out: the path of its object (or array) and its key (or index). */
export interface FieldPath {
  readonly parent: readonly string[]
  readonly key: string
}

/** One field left out, and why. `name` is a field or property name, never a value. */
export interface FieldDrop extends FieldPath {
  readonly reason: FieldDropReason
  readonly name: string
}

/**
 * A copy of `request` without the members at `paths` (the planned request is never changed).
 * Array members are removed, not left as holes.
 */
export function withoutFields(
  request: PlannedRequest,
  paths: readonly FieldPath[],
): PlannedRequest {
  const copy: PlannedRequest = structuredClone(request)
  const indices = new Map<JsonValue[], number[]>()
  for (const { parent, key } of paths) {
    const holder = valueAt(copy.body, parent)
    if (Array.isArray(holder)) indices.set(holder, [...(indices.get(holder) ?? []), Number(key)])
    else if (isObject(holder)) delete holder[key]
  }
  for (const [array, list] of indices) {
    for (const index of [...new Set(list)].sort((a, b) => b - a)) array.splice(index, 1)
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
