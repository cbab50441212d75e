/**
 * The track message: the mapped event name, the chosen prop maps as properties, the event time and
 * messageId = bhid. https://segment.com/docs/connections/spec/track/
 * @module
 */
import {
  eventProperties,
  type JsonObject,
  mapKeys,
  type SendEvent1,
  toIsoUtc,
} from '@bubblehouse-hooks/core'
import { trackMessageId } from '../message-id'
import type { SegmentOptions } from '../options'
import { identityFields, type MessageDraft, type SegmentIdentity } from './message'

/**
 * The Segment event name: the configured mapping, else the Bubblehouse name. `Object.hasOwn`, so
 * an event called `constructor` is not read from the prototype.
 */
export function trackEventName(name: string, mapping: SegmentOptions['eventNames']): string {
  return Object.hasOwn(mapping, name) ? (mapping[name] ?? name) : name
}

/**
 * The track draft. Properties from extra_props (not meant for indexing) are the first to go when
 * the message is too large, then the rest.
 */
export function trackDraft(
  event: SendEvent1,
  identity: SegmentIdentity,
  options: Pick<SegmentOptions, 'eventNames' | 'propsSources' | 'propertyMapping'>,
): MessageDraft {
  const properties: JsonObject = mapKeys(
    eventProperties(event, options.propsSources),
    options.propertyMapping,
  )
  const extra = new Set(
    options.propsSources.includes('extra_props')
      ? Object.keys(mapKeys(event.extra_props, options.propertyMapping))
      : [],
  )
  const keys = Object.keys(properties)
  return {
    head: {
      type: 'track',
      messageId: trackMessageId(event.bhid),
      ...identityFields(identity),
      event: trackEventName(event.name, options.eventNames),
      timestamp: toIsoUtc(event.time),
    },
    bagName: 'properties',
    bag: properties,
    optional: [keys.filter((key) => extra.has(key)), keys.filter((key) => !extra.has(key))],
  }
}
