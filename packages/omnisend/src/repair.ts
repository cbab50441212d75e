/**
 * Omnisend answers that one more call can fix (issue 17, rule 3): a 400 whose `errors[].field`
 * names only fields the event can do without is sent again without them, and a 409 on a contact
 * upsert is sent again without the phone, so the email decides. Pure: deliver sends the repaired
 * request and reports the drops once it is accepted.
 * @module
 */
import type { FieldDropReason, PlannedRequest, Repair, Result } from '@bubblehouse-hooks/core'
import { IDENTIFIER_CONFLICT } from './rules'
import {
  CONTACT_PATH,
  type FieldDrop,
  identifiersOf,
  identityOf,
  isRecord,
  objectAt,
  SEND_EVENT,
  UPSERT_CONTACT,
  withoutFields,
} from './translate/body'

/** A repair and the fields it leaves out (reported once the repaired request is accepted). */
export interface OmnisendRepair {
  readonly repair: Repair
  readonly drops: readonly FieldDrop[]
}

/** The `errors[].field` paths of a validation problem. */
export function fieldsOf(body: unknown): string[] {
  const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors : []
  return errors.flatMap((error: unknown) =>
    isRecord(error) && typeof error.field === 'string' ? [error.field] : [],
  )
}

/** `identifiers[0].id` and `identifiers.0.id` alike → `['identifiers', '0', 'id']`. */
const segmentsOf = (field: string): string[] =>
  field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '')

/** Contact fields the event can do without, and the reason reported. */
const CONTACT_FIELDS: Readonly<Record<string, FieldDropReason>> = {
  email: 'invalid_email',
  phone: 'invalid_value',
  firstName: 'invalid_value',
  lastName: 'invalid_value',
}

/** Top-level event fields the event can do without: Omnisend then makes its own id and time. */
const EVENT_FIELDS: Readonly<Record<string, FieldDropReason>> = {
  eventID: 'invalid_value',
  eventTime: 'invalid_date',
}

/**
 * The own key of the object at `parent` that `rest` names: the whole path, or its longest prefix
 * ending at a `.` (a property name may itself hold dots), or the whole object when `rest` is empty.
 */
function keyDrop(
  request: PlannedRequest,
  parent: readonly string[],
  rest: readonly string[],
): FieldDrop | undefined {
  if (rest.length === 0) {
    const key = parent.at(-1)
    if (key === undefined || !objectAt(request.body, parent)) return undefined
    const outer = parent.slice(0, -1)
    return { parent: outer, key, name: parent.join('.'), reason: 'invalid_value' }
  }
  const holder = objectAt(request.body, parent)
  if (!holder) return undefined
  const path = rest.join('.')
  // Own members only: a field path is vendor text, and `constructor` must not match a prototype.
  const key = Object.keys(holder)
    .filter((k) => path === k || path.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0]
  return key === undefined
    ? undefined
    : { parent, key, name: [...parent, key].join('.'), reason: 'invalid_value' }
}

/** The upsert identifier a field path names (by index, or by `email` / `phone`). */
function identifierDrop(
  request: PlannedRequest,
  segments: readonly string[],
): FieldDrop | undefined {
  const identifiers = identifiersOf(request)
  const [head, index] = segments
  const at =
    head === 'identifiers'
      ? Number(index)
      : identifiers.findIndex((identifier) => identifier.type === head)
  const identifier = Number.isInteger(at) ? identifiers[at] : undefined
  if (!identifier || (identifier.type !== 'email' && identifier.type !== 'phone')) return undefined
  return {
    parent: ['identifiers'],
    key: String(at),
    name: `identifiers.${identifier.type}`,
    reason: identifier.type === 'email' ? 'invalid_email' : 'invalid_value',
  }
}

/** The member a field path names, when the request can be sent without it. */
export function droppable(request: PlannedRequest, field: string): FieldDrop | undefined {
  const segments = segmentsOf(field)
  const contactPath = CONTACT_PATH[request.operation]
  if (!contactPath) return undefined
  const isEvent = request.operation === SEND_EVENT
  const [first] = segments
  if (first === undefined) return undefined
  if (isEvent && segments.length === 1 && Object.hasOwn(EVENT_FIELDS, first)) {
    const reason = EVENT_FIELDS[first]
    const body = objectAt(request.body, [])
    return reason && body && Object.hasOwn(body, first)
      ? { parent: [], key: first, name: first, reason }
      : undefined
  }
  if (isEvent && first === 'properties') return keyDrop(request, ['properties'], segments.slice(1))
  const inContact = isEvent ? (first === 'contact' ? segments.slice(1) : undefined) : segments
  if (!inContact || inContact.length === 0) return undefined
  const [field0] = inContact
  if (field0 === 'customProperties') {
    return keyDrop(request, [...contactPath, 'customProperties'], inContact.slice(1))
  }
  if (
    request.operation === UPSERT_CONTACT &&
    (field0 === 'identifiers' || field0 === 'email' || field0 === 'phone')
  ) {
    return identifierDrop(request, inContact)
  }
  const reason =
    field0 !== undefined && inContact.length === 1 && Object.hasOwn(CONTACT_FIELDS, field0)
      ? CONTACT_FIELDS[field0]
      : undefined
  const contact = objectAt(request.body, contactPath)
  if (!reason || !field0 || !contact || !Object.hasOwn(contact, field0)) return undefined
  return { parent: contactPath, key: field0, name: [...contactPath, field0].join('.'), reason }
}

/** A 400 whose every field is one the event can do without, keeping an email or a phone. */
function fieldRepair(request: PlannedRequest, body: unknown): OmnisendRepair | undefined {
  const fields = [...new Set(fieldsOf(body))]
  if (fields.length === 0) return undefined
  const drops = fields.map((field) => droppable(request, field))
  if (!drops.every((d): d is FieldDrop => d !== undefined)) return undefined
  const repaired = withoutFields(request, drops)
  const left = identityOf(repaired)
  if (!left.email && !left.phone) return undefined
  return {
    repair: {
      request: repaired,
      code: 'OMNISEND_SENT_WITHOUT_FIELDS',
      reason: 'sent without the fields Omnisend rejected',
    },
    drops,
  }
}

/**
 * 409 "Contact identifier already exists": the email and the phone belong to two contacts. Sent
 * again by email alone, the upsert finds the email's contact; never without the email.
 */
function conflictRepair(request: PlannedRequest): OmnisendRepair | undefined {
  const identifiers = identifiersOf(request)
  const phone = identifiers.findIndex((identifier) => identifier.type === 'phone')
  if (phone === -1 || !identityOf(request).email) return undefined
  return {
    repair: {
      request: withoutFields(request, [{ parent: ['identifiers'], key: String(phone) }]),
      code: 'OMNISEND_SENT_WITHOUT_PHONE',
      reason: 'sent by email alone (the phone belongs to another Omnisend contact)',
    },
    drops: [],
  }
}

/** The request to send once more after `verdict`, or `undefined` to keep the verdict. */
export function repairOmnisend(
  request: PlannedRequest,
  status: number,
  body: unknown,
  verdict: Result,
): OmnisendRepair | undefined {
  if (verdict.code === IDENTIFIER_CONFLICT) return conflictRepair(request)
  if (status === 400 && verdict.outcome === 'invalid_data') return fieldRepair(request, body)
  return undefined
}
