/** SendEvent1 → an optional HubSpot custom behavioural event. Pure. @module */
import {
  type JsonValue,
  type PlannedRequest,
  type SendEvent1,
  toIsoUtc,
  toVendorString,
} from '@bubblehouse-hooks/core'
import type { HubspotOptions } from '../options'
import { OPERATIONS, PATHS } from '../version'

type CustomEvents = NonNullable<HubspotOptions['customEvents']>

/**
 * HubSpot fails an HTTP event completion whose value exceeds 50 characters; its own JS API
 * truncates instead, and so do we, so one long value never holds the queue
 * (https://developers.hubspot.com/changelog/new-property-limits-for-the-custom-behavioural-events-api).
 */
export const MAX_EVENT_VALUE_LENGTH = 50

/** Cut a value to the limit without splitting a surrogate pair. */
export function truncateValue(value: string, max = MAX_EVENT_VALUE_LENGTH): string {
  if (value.length <= max) return value
  const cut = value.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** The fully qualified event name: `pe<portalId>_<name>` unless the config already says so. */
export function qualifiedEventName(name: string, portalId: string | number): string {
  return /^pe\d+_/.test(name) ? name : `pe${portalId}_${name}`
}

/**
 * The `/events/v3/send` request for this event, or `undefined` when its name is not configured.
 * `uuid` = bhid, HubSpot's idempotency key for occurrences.
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

  // Later sources win: the event's own values over the customer's.
  const values: Record<string, JsonValue> = {
    ...event.customer_props,
    ...event.segment_props,
    ...event.extra_props,
  }
  const props: Record<string, string> = {}
  for (const [key, target] of Object.entries(properties)) {
    const value = Object.hasOwn(values, key) ? values[key] : undefined
    if (value !== undefined) props[target] = truncateValue(toVendorString(value))
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
