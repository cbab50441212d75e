/** SendEvent1 → an optional HubSpot custom behavioural event. Pure. @module */
import {
  eventFlags,
  type JsonValue,
  type PlannedRequest,
  type SendEvent1,
  toIsoUtc,
  toVendorString,
} from '@bubblehouse-hooks/core'
import type { HubspotOptions } from '../options'
import { OPERATIONS, PATHS } from '../version'

type CustomEvents = NonNullable<HubspotOptions['customEvents']>

/** The fully qualified event name: `pe<portalId>_<name>` unless the config already says so. */
export function qualifiedEventName(name: string, portalId: string | number): string {
  return /^pe\d+_/.test(name) ? name : `pe${portalId}_${name}`
}

/**
 * The `/events/v3/send` request for this event, or `undefined` when its name is not configured.
 * `uuid` = bhid, HubSpot's idempotency key for occurrences. Values go out whole: deliver cuts them
 * to HubSpot's limits and counts each cut (see `event-limits.ts`).
 */
export function customEventRequest(
  event: SendEvent1,
  email: string,
  customEvents: CustomEvents | undefined,
): PlannedRequest | undefined {
  if (!customEvents || !Object.hasOwn(customEvents.events, event.name)) return undefined
  const config = customEvents.events[event.name]
  if (config === undefined) return undefined
  const { name, properties } =
    typeof config === 'string' ? { name: config, properties: {} } : config

  // Later sources win: the event's own values over the customer's, its flags over both.
  const values: Record<string, JsonValue> = {
    ...event.customer_props,
    ...event.segment_props,
    ...event.extra_props,
    ...eventFlags(event),
  }
  const props: Record<string, string> = {}
  for (const [key, target] of Object.entries(properties)) {
    const value = Object.hasOwn(values, key) ? values[key] : undefined
    if (value !== undefined) props[target] = toVendorString(value)
  }
  return {
    operation: OPERATIONS.sendEvent,
    method: 'POST',
    path: PATHS.sendEvent,
    body: {
      eventName: qualifiedEventName(name, customEvents.portalId),
      email,
      occurredAt: toIsoUtc(event.time),
      uuid: event.bhid,
      properties: props,
    },
  }
}
