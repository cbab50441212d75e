/**
 * Fit a planned request to Klaviyo's documented limits before it is sent (issue 17, rule 4): leave
 * out each field that breaks one and send the rest, instead of spending a call on a 400 that would
 * drop the whole event. Pure: the clock is an argument; drops are returned for deliver to report.
 * @module
 */
import {
  type FieldDropReason,
  type JsonObject,
  jsonByteLength,
  type PlannedRequest,
  type Result,
} from '@bubblehouse-hooks/core'
import {
  isE164,
  isPlausibleEmail,
  MAX_EVENT_TIME_AHEAD_MS,
  MAX_FIELD_BYTES,
  MAX_PAYLOAD_BYTES,
  MIN_EVENT_TIME_MS,
} from './limits'
import {
  EVENT_PATH,
  eventOf,
  type FieldPath,
  objectAt,
  PROFILE_PATH,
  profileOf,
  withoutFields,
} from './translate/body'

/** One field left out, and why. `name` is a field or property name, never a value. */
export interface FieldDrop extends FieldPath {
  readonly reason: FieldDropReason
  readonly name: string
}

/** The request to send and what was left out of it, or an answer reached without a call. */
export type Fitted =
  | { readonly request: PlannedRequest; readonly drops: readonly FieldDrop[] }
  | { readonly result: Result }

/** A property holder of the request: event properties or profile properties. */
interface PropertyBag {
  readonly path: readonly string[]
  /** Prefix of the names reported for its keys. */
  readonly prefix: string
}

function bagsOf(request: PlannedRequest): PropertyBag[] {
  const profile = PROFILE_PATH[request.operation] ?? []
  const bags: PropertyBag[] = [{ path: [...profile, 'properties'], prefix: 'profile.' }]
  if (request.operation === 'createEvent')
    bags.unshift({ path: [...EVENT_PATH, 'properties'], prefix: '' })
  return bags
}

/** `time` outside 2000 … now + 1 year; Klaviyo then uses the time it receives the event. */
function timeDrop(request: PlannedRequest, nowMs: number): FieldDrop | undefined {
  const time = eventOf(request)?.time
  if (typeof time !== 'string') return undefined
  const ms = Date.parse(time)
  const field = { parent: EVENT_PATH, key: 'time', name: 'time' }
  if (Number.isNaN(ms)) return { ...field, reason: 'invalid_date' }
  const inRange = ms >= MIN_EVENT_TIME_MS && ms <= nowMs + MAX_EVENT_TIME_AHEAD_MS
  return inRange ? undefined : { ...field, reason: 'out_of_range' }
}

/** The email when no mailbox can have it, and a phone that is not E.164. */
function identityDrops(request: PlannedRequest, profile: JsonObject): FieldDrop[] {
  const parent = PROFILE_PATH[request.operation] ?? []
  const drops: FieldDrop[] = []
  const { email, phone_number: phone } = profile
  if (typeof email === 'string' && !isPlausibleEmail(email)) {
    drops.push({ parent, key: 'email', name: 'email', reason: 'invalid_email' })
  }
  if (typeof phone === 'string' && !isE164(phone)) {
    drops.push({ parent, key: 'phone_number', name: 'phone_number', reason: 'invalid_value' })
  }
  return drops
}

/** Properties whose own JSON is over the per-field limit. */
function oversizeDrops(request: PlannedRequest): FieldDrop[] {
  const drops: FieldDrop[] = []
  for (const bag of bagsOf(request)) {
    const properties = objectAt(request.body, bag.path) ?? {}
    for (const [key, value] of Object.entries(properties)) {
      if (jsonByteLength(value) > MAX_FIELD_BYTES) {
        drops.push({ parent: bag.path, key, name: `${bag.prefix}${key}`, reason: 'too_large' })
      }
    }
  }
  return drops
}

/** The largest properties left, largest first, until the body fits the payload limit. */
function payloadDrops(request: PlannedRequest, limit: number): FieldDrop[] | undefined {
  const sized = bagsOf(request).flatMap((bag) =>
    Object.entries(objectAt(request.body, bag.path) ?? {}).map(([key, value]) => ({
      drop: { parent: bag.path, key, name: `${bag.prefix}${key}`, reason: 'too_large' as const },
      // "key":value; the comma is not counted, so the estimate errs towards one more drop.
      bytes: jsonByteLength(key) + 1 + jsonByteLength(value),
    })),
  )
  sized.sort((a, b) => b.bytes - a.bytes)
  let excess = jsonByteLength(request.body) - limit
  const drops: FieldDrop[] = []
  for (const { drop, bytes } of sized) {
    if (excess <= 0) break
    drops.push(drop)
    excess -= bytes
  }
  return excess <= 0 ? drops : undefined
}

const TOO_LARGE: Result = {
  outcome: 'invalid_data',
  code: 'KLAVIYO_PAYLOAD_TOO_LARGE',
  reason: "the request is over Klaviyo's payload limit even without its properties",
}

const BAD_EMAIL: Result = {
  outcome: 'invalid_data',
  code: 'KLAVIYO_INVALID_EMAIL',
  reason: 'the email is not a valid address and the customer has no external id',
}

/**
 * The request as Klaviyo will take it: without an event `time` out of range, an email no mailbox
 * can have (when an external id still names the profile), a phone that is not E.164, properties
 * over 100 kB, and then the largest properties until the body is under the payload limit. Returns
 * the planned request itself when nothing breaks a limit.
 */
export function fitRequest(request: PlannedRequest, nowMs: number): Fitted {
  const profile = profileOf(request)
  if (!profile) return { request, drops: [] }
  const drops = identityDrops(request, profile)
  if (drops.some((d) => d.key === 'email') && typeof profile.external_id !== 'string') {
    return { result: BAD_EMAIL }
  }
  const time = timeDrop(request, nowMs)
  if (time) drops.push(time)
  const limit = MAX_PAYLOAD_BYTES[request.operation] ?? Number.POSITIVE_INFINITY
  const bytes = jsonByteLength(request.body)
  // No single value can be over the field limit when the whole body is not.
  if (bytes > MAX_FIELD_BYTES) drops.push(...oversizeDrops(request))
  let fitted = drops.length > 0 ? withoutFields(request, drops) : request
  if ((drops.length > 0 ? jsonByteLength(fitted.body) : bytes) > limit) {
    const more = payloadDrops(fitted, limit)
    if (!more) return { result: TOO_LARGE }
    drops.push(...more)
    fitted = withoutFields(fitted, more)
    if (jsonByteLength(fitted.body) > limit) return { result: TOO_LARGE }
  }
  return { request: fitted, drops }
}
