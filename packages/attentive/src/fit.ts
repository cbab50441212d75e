/**
 * Fit a planned request to Attentive's documented limits before it is sent (issue 17, rule 4):
 * leave out each field that breaks one (`limits.ts`) and send the rest, instead of spending a call
 * on a 400 for the whole event. Pure: drops are returned for deliver to report. The plan has
 * already made sure an email or a phone that passes these checks remains.
 * @module
 */
import type { FieldDropReason, JsonValue, PlannedRequest } from '@bubblehouse-hooks/core'
import { isE164, isPlausibleEmail, MAX_ATTRIBUTE_NAME, PROPERTY_KEY_FORBIDDEN } from './limits'
import {
  type FieldDrop,
  isObject,
  memberOf,
  SEND_EVENT,
  SET_ATTRIBUTES,
  withoutFields,
} from './translate/body'

/** The request to send and what was left out of it. */
export interface Fitted {
  readonly request: PlannedRequest
  readonly drops: readonly FieldDrop[]
}

type Check = (key: string, value: JsonValue) => FieldDropReason | undefined

/** Event property keys "cannot contain" `" { } [ ] \ |`; values "can be any type". */
const eventProperty: Check = (key) =>
  PROPERTY_KEY_FORBIDDEN.test(key) ? 'invalid_value' : undefined

/**
 * Custom attributes: arrays are a documented 400; objects are refused by Segment's Attentive
 * destination before sending (`formatUpsertUserAttributesJSON`), and a value has one type ("The key
 * will be assigned a type corresponding to the type seen of the first value"), so null is left out
 * too; names over 200 characters are a documented limit.
 */
const attribute: Check = (key, value) => {
  if (key.length > MAX_ATTRIBUTE_NAME) return 'too_long'
  if (value === null || Array.isArray(value) || isObject(value)) return 'invalid_value'
  return undefined
}

const PROPERTY_CHECKS: Readonly<Record<string, Check>> = {
  [SEND_EVENT]: eventProperty,
  [SET_ATTRIBUTES]: attribute,
}

/** The user's email or phone that cannot be sent (the plan made sure the other one can). */
function userDrops(request: PlannedRequest): FieldDrop[] {
  const user = memberOf(request, 'user') ?? {}
  const drops: FieldDrop[] = []
  if (typeof user.email === 'string' && !isPlausibleEmail(user.email)) {
    drops.push({ parent: 'user', key: 'email', reason: 'invalid_email' })
  }
  if (typeof user.phone === 'string' && !isE164(user.phone)) {
    drops.push({ parent: 'user', key: 'phone', reason: 'invalid_value' })
  }
  return drops
}

function propertyDrops(request: PlannedRequest): FieldDrop[] {
  const check = PROPERTY_CHECKS[request.operation]
  const properties = memberOf(request, 'properties')
  if (!check || !properties) return []
  return Object.entries(properties).flatMap(([key, value]): FieldDrop[] => {
    const reason = check(key, value)
    return reason ? [{ parent: 'properties', key, reason }] : []
  })
}

/** The request without the fields that break Attentive's documented limits. */
export function fitRequest(request: PlannedRequest): Fitted {
  const drops = [...userDrops(request), ...propertyDrops(request)]
  return drops.length === 0 ? { request, drops } : { request: withoutFields(request, drops), drops }
}
