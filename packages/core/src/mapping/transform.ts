/** Pure helpers for mapping events to vendor payloads. @module */
import type { JsonObject, JsonValue } from '../contract/json'
import type { SendEvent1 } from '../contract/send-event1'
import { type DecisionPlan, skipPlan } from '../plan'
import type { EventFilter, KeyMapping } from './options'

/**
 * Set an own, enumerable property. Plain assignment of a `__proto__` key would change the
 * object's prototype instead of adding a key.
 */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  } else {
    target[key] = value
  }
}

/**
 * True when the filter lets `name` through.
 * @example
 * isEventAllowed({ allow: ['Tier Reached'], deny: [] }, 'Points Earned') // false
 */
export function isEventAllowed(filter: EventFilter, name: string): boolean {
  if (filter.deny.includes(name)) return false
  return filter.allow === undefined || filter.allow.includes(name)
}

/**
 * The `skipped` plan (`EVENT_FILTERED`) of an activity event the `events` option filters out, or
 * `undefined`. A `customer_only` event is never filtered by name: it is a profile update whose
 * name carries no meaning (SendEvent1 docs). Every connector's plan starts with it.
 * @example
 * const filtered = filteredEventPlan(options.events, event)
 * if (filtered) return filtered
 */
export function filteredEventPlan(
  filter: EventFilter,
  event: Pick<SendEvent1, 'name' | 'customer_only'>,
): DecisionPlan | undefined {
  if (event.customer_only === true || isEventAllowed(filter, event.name)) return undefined
  return skipPlan('EVENT_FILTERED', 'the event name is filtered out by the events option')
}

/**
 * Apply a {@link KeyMapping}: rename listed keys, drop those mapped to `null`, keep the rest.
 * @example
 * mapKeys({ BH_Tier: 'Gold', BH_MagicLink: 'https://…' }, { BH_MagicLink: null }) // { BH_Tier: 'Gold' }
 */
export function mapKeys(
  props: Readonly<Record<string, JsonValue>> | undefined,
  mapping: KeyMapping,
): JsonObject {
  const out: JsonObject = {}
  if (!props) return out
  for (const [key, value] of Object.entries(props)) {
    const target = Object.hasOwn(mapping, key) ? mapping[key] : key
    if (target === null || target === undefined) continue
    setOwn(out, target, value)
  }
  return out
}

/**
 * Merge the chosen property maps of an event (later sources win on a clash).
 * @example
 * eventProperties(event, ['segment_props', 'extra_props']) // { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' }
 */
export function eventProperties(
  event: SendEvent1,
  sources: readonly ('segment_props' | 'extra_props')[],
): JsonObject {
  const out: JsonObject = {}
  for (const source of sources) {
    for (const [key, value] of Object.entries(event[source] ?? {})) setOwn(out, key, value)
  }
  return out
}

/**
 * The event's own flags, when Bubblehouse sent them: `new_user` (a new customer is expected) and
 * `referred_user` (the referred customer's referral event). Every connector sends them as event
 * properties.
 * @example
 * eventFlags(sampleEvent('referral-approved-receiver')) // { referred_user: true }
 */
export function eventFlags(event: SendEvent1): JsonObject {
  const flags: JsonObject = {}
  if (event.new_user !== undefined) flags.new_user = event.new_user
  if (event.referred_user !== undefined) flags.referred_user = event.referred_user
  return flags
}

/**
 * A JSON value as a vendor string: strings as they are, numbers and booleans via `String`,
 * `null` as empty, arrays and objects as JSON.
 */
export function toVendorString(value: JsonValue): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** Every value of an object through {@link toVendorString}. */
export function stringifyValues(
  props: Readonly<Record<string, JsonValue>>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(props)) setOwn(out, key, toVendorString(value))
  return out
}

const UTF8 = new TextEncoder()

/** UTF-8 size of a value's JSON, in bytes (vendors limit payload sizes). */
export function jsonByteLength(value: unknown): number {
  return UTF8.encode(JSON.stringify(value) ?? '').byteLength
}
