import {
  eventFlags,
  eventProperties,
  type JsonObject,
  type JsonValue,
  type PlannedRequest,
  type SendEvent1,
  toIsoUtc,
} from '@bubblehouse-hooks/core'
import type { KlaviyoOptionsOutput } from '../options'

const NUMERIC = /^-?\d+(\.\d+)?$/

/** The metric name: the mapped or original event name, behind the optional prefix. */
export function metricName(event: SendEvent1, options: KlaviyoOptionsOutput): string {
  return `${options.metricPrefix}${options.eventNames[event.name] ?? event.name}`
}

/** The event value from the configured property: a finite number, or a numeric string. */
export function eventValue(event: SendEvent1, options: KlaviyoOptionsOutput): number | undefined {
  if (options.valueProp === undefined) return undefined
  const raw = eventProperties(event, ['segment_props', 'extra_props'])[options.valueProp]
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw
  if (typeof raw === 'string' && NUMERIC.test(raw.trim())) return Number(raw.trim())
  return undefined
}

/**
 * `POST /api/events`: one event with its profile inline, which also creates or updates the
 * profile and its properties (https://developers.klaviyo.com/en/reference/create_event).
 * `unique_id` = the event bhid: Klaviyo records only the first event per profile, metric and
 * unique_id, so a retried delivery is not counted twice.
 */
export function eventRequest(
  event: SendEvent1,
  profile: JsonObject,
  options: KlaviyoOptionsOutput,
): PlannedRequest {
  // The event's own flags, after the prop maps: a prop of the same name cannot contradict them.
  const properties = { ...eventProperties(event, options.eventProps), ...eventFlags(event) }
  const attributes: JsonObject = { properties, time: toIsoUtc(event.time) }
  const value = eventValue(event, options)
  if (value !== undefined) attributes.value = value
  attributes.unique_id = event.bhid
  attributes.metric = { data: { type: 'metric', attributes: { name: metricName(event, options) } } }
  attributes.profile = { data: { type: 'profile', attributes: profile } }
  const body: JsonValue = { data: { type: 'event', attributes } }
  return { operation: 'createEvent', method: 'POST', path: '/api/events', body }
}
