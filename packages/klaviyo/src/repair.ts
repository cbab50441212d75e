/**
 * Klaviyo answers that one more call can fix (issue 17, rule 3): a 409 identity conflict is sent
 * again with fewer identifiers, and a 400 naming fields we can leave out is sent again without
 * them. Pure: deliver sends the repaired request and reports the drops if it is accepted.
 * @module
 */
import type { PlannedRequest, Repair, Result } from '@bubblehouse-hooks/core'
import type { FieldDrop } from './fit'
import { DUPLICATE_PROFILE } from './rules'
import {
  EVENT_PATH,
  isRecord,
  objectAt,
  PROFILE_PATH,
  profileOf,
  withoutFields,
} from './translate/body'

/** A repair and the fields it leaves out (reported once the repaired request is accepted). */
export interface KlaviyoRepair {
  readonly repair: Repair
  readonly drops: readonly FieldDrop[]
}

/**
 * 409 `duplicate_profile`: the identifiers of the request belong to two profiles. The body names
 * one of them (`meta.duplicate_profile_id`) but not which identifier conflicts
 * (klaviyo/klaviyo-api-node#75), and aiming the event at that id while keeping the other
 * identifiers would conflict again. So: first without the phone (the usual conflict when a phone
 * is sent), then without the external id, so the email alone decides (the usual conflict by
 * default: the customer's email changed in the shop and another profile already has the new one).
 * Never without the email, and never down to no identifier.
 */
function identityRepair(request: PlannedRequest): KlaviyoRepair | undefined {
  const profile = profileOf(request)
  const parent = PROFILE_PATH[request.operation]
  if (!profile || !parent) return undefined
  if (profile.phone_number !== undefined) {
    return {
      repair: {
        request: withoutFields(request, [{ parent, key: 'phone_number' }]),
        code: 'KLAVIYO_SENT_WITHOUT_PHONE',
        reason: 'sent without the phone number (it belongs to another Klaviyo profile)',
      },
      drops: [],
    }
  }
  if (profile.external_id !== undefined && typeof profile.email === 'string') {
    return {
      repair: {
        request: withoutFields(request, [{ parent, key: 'external_id' }]),
        code: 'KLAVIYO_SENT_WITHOUT_EXTERNAL_ID',
        reason: 'sent by email alone (the external id belongs to another Klaviyo profile)',
      },
      drops: [],
    }
  }
  return undefined
}

/** Decode one JSON Pointer (RFC 6901) into its keys. */
function pointerKeys(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((key, i) => key === b[i])

/** Profile fields a 400 may name that the event can do without, and the reason reported. */
const PROFILE_FIELDS: Readonly<Record<string, FieldDrop['reason']>> = {
  phone_number: 'invalid_value',
  first_name: 'invalid_value',
  last_name: 'invalid_value',
  email: 'invalid_email',
  external_id: 'invalid_value',
}

/** Event fields a 400 may name that the event can do without. */
const EVENT_FIELDS: Readonly<Record<string, FieldDrop['reason']>> = {
  time: 'invalid_date',
  value: 'invalid_value',
}

/** The member a pointer names, when the request can be sent without it. */
function droppable(request: PlannedRequest, pointer: string): FieldDrop | undefined {
  const keys = pointerKeys(pointer)
  const key = keys.at(-1)
  const parent = keys.slice(0, -1)
  const holder = objectAt(request.body, parent)
  // Own members only: a pointer is vendor text, and `constructor` must not match a prototype.
  if (key === undefined || !holder || !Object.hasOwn(holder, key)) return undefined
  const profile = PROFILE_PATH[request.operation] ?? []
  const isEvent = request.operation === 'createEvent'
  if (same(parent, [...profile, 'properties'])) {
    return { parent, key, name: `profile.${key}`, reason: 'invalid_value' }
  }
  if (isEvent && same(parent, [...EVENT_PATH, 'properties'])) {
    return { parent, key, name: key, reason: 'invalid_value' }
  }
  const fields = same(parent, profile)
    ? PROFILE_FIELDS
    : isEvent && same(parent, EVENT_PATH)
      ? EVENT_FIELDS
      : {}
  const reason = Object.hasOwn(fields, key) ? fields[key] : undefined
  return reason ? { parent, key, name: key, reason } : undefined
}

/** The pointers of a JSON:API error body (`errors[].source.pointer`). */
export function pointersOf(body: unknown): string[] {
  const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors : []
  return errors.flatMap((error: unknown) => {
    const source = isRecord(error) && isRecord(error.source) ? error.source : undefined
    return typeof source?.pointer === 'string' ? [source.pointer] : []
  })
}

/** The email or external id must stay: Klaviyo needs one of them to find the profile. */
function keepsIdentity(request: PlannedRequest, drops: readonly FieldDrop[]): boolean {
  const profile = profileOf(request) ?? {}
  const profilePath = PROFILE_PATH[request.operation] ?? []
  const dropped = new Set(drops.filter((d) => same(d.parent, profilePath)).map((d) => d.key))
  return ['email', 'external_id'].some((key) => profile[key] !== undefined && !dropped.has(key))
}

/** A 400 whose every pointer names a field the event can do without → resend without them. */
function fieldRepair(request: PlannedRequest, body: unknown): KlaviyoRepair | undefined {
  const pointers = [...new Set(pointersOf(body))]
  if (pointers.length === 0) return undefined
  const drops = pointers.map((pointer) => droppable(request, pointer))
  if (!drops.every((d): d is FieldDrop => d !== undefined)) return undefined
  if (!keepsIdentity(request, drops)) return undefined
  return {
    repair: {
      request: withoutFields(request, drops),
      code: 'KLAVIYO_SENT_WITHOUT_FIELDS',
      reason: 'sent without the fields Klaviyo rejected',
    },
    drops,
  }
}

/** The request to send once more after `verdict`, or `undefined` to keep the verdict. */
export function repairKlaviyo(
  request: PlannedRequest,
  status: number,
  body: unknown,
  verdict: Result,
): KlaviyoRepair | undefined {
  if (verdict.code === DUPLICATE_PROFILE) return identityRepair(request)
  if (status === 400 && verdict.outcome === 'invalid_data') return fieldRepair(request, body)
  return undefined
}
