/**
 * Fit a planned request to Omnisend's documented limits before it is sent (issue 17, rule 4):
 * leave out each field that breaks one (`limits.ts`) and send the rest, instead of spending a call
 * on a 400 for the whole event. Pure: drops are returned for deliver to report. The plan has
 * already made sure an email or a phone that passes these checks remains.
 * @module
 */
import type {
  FieldDropReason,
  JsonObject,
  JsonValue,
  PlannedRequest,
} from '@bubblehouse-hooks/core'
import {
  CUSTOM_PROPERTY_NAME,
  isPlausibleEmail,
  isUsablePhone,
  MAX_CUSTOM_PROPERTY_NAME,
  MAX_CUSTOM_PROPERTY_STRING,
  MAX_NAME_LENGTH,
} from './limits'
import {
  CONTACT_PATH,
  type FieldDrop,
  identifiersOf,
  isObject,
  objectAt,
  SEND_EVENT,
  withoutFields,
} from './translate/body'

/** The request to send and what was left out of it. */
export interface Fitted {
  readonly request: PlannedRequest
  readonly drops: readonly FieldDrop[]
}

/** Why a custom property cannot be sent, if it cannot. */
function customPropertyProblem(name: string, value: JsonValue): FieldDropReason | undefined {
  if (!CUSTOM_PROPERTY_NAME.test(name)) return 'invalid_value'
  if (name.length > MAX_CUSTOM_PROPERTY_NAME) return 'too_long'
  // "Objects are not supported" (v4.0 contacts reference).
  if (isObject(value)) return 'invalid_value'
  if (typeof value === 'string' && value.length > MAX_CUSTOM_PROPERTY_STRING) return 'too_long'
  return undefined
}

function customPropertyDrops(contactPath: readonly string[], contact: JsonObject): FieldDrop[] {
  const props = contact.customProperties
  if (!isObject(props)) return []
  const parent = [...contactPath, 'customProperties']
  return Object.entries(props).flatMap(([key, value]) => {
    const reason = customPropertyProblem(key, value)
    return reason ? [{ parent, key, name: [...parent, key].join('.'), reason }] : []
  })
}

/** The event's inline contact: the OpenAPI's maxLength of names and phone, a plausible email. */
function eventContactDrops(contactPath: readonly string[], contact: JsonObject): FieldDrop[] {
  const drop = (key: string, reason: FieldDropReason): FieldDrop => ({
    parent: contactPath,
    key,
    name: [...contactPath, key].join('.'),
    reason,
  })
  const drops: FieldDrop[] = []
  const { email, phone } = contact
  if (typeof email === 'string' && !isPlausibleEmail(email))
    drops.push(drop('email', 'invalid_email'))
  if (typeof phone === 'string' && !isUsablePhone(phone)) drops.push(drop('phone', 'invalid_value'))
  for (const key of ['firstName', 'lastName']) {
    const name = contact[key]
    if (typeof name === 'string' && name.length > MAX_NAME_LENGTH) drops.push(drop(key, 'too_long'))
  }
  return drops
}

/** The upsert's identifiers: an email no mailbox can have, a phone that is not E.164. */
function identifierDrops(request: PlannedRequest): FieldDrop[] {
  const usable: Readonly<Record<string, (id: string) => boolean>> = {
    email: isPlausibleEmail,
    phone: isUsablePhone,
  }
  return identifiersOf(request).flatMap((identifier, index): FieldDrop[] => {
    const { type, id } = identifier
    const check = typeof type === 'string' && Object.hasOwn(usable, type) ? usable[type] : undefined
    if (typeof id !== 'string' || !check || check(id)) return []
    const reason: FieldDropReason = type === 'email' ? 'invalid_email' : 'invalid_value'
    return [{ parent: ['identifiers'], key: String(index), name: `identifiers.${type}`, reason }]
  })
}

/** The request without the fields that break Omnisend's documented limits. */
export function fitRequest(request: PlannedRequest): Fitted {
  const contactPath = CONTACT_PATH[request.operation]
  const contact = contactPath ? objectAt(request.body, contactPath) : undefined
  if (!contactPath || !contact) return { request, drops: [] }
  const drops = [
    ...(request.operation === SEND_EVENT
      ? eventContactDrops(contactPath, contact)
      : identifierDrops(request)),
    ...customPropertyDrops(contactPath, contact),
  ]
  return drops.length === 0 ? { request, drops } : { request: withoutFields(request, drops), drops }
}
