/**
 * The track message: the mapped event name, the chosen prop maps plus `new_user` and
 * `referred_user` as properties, the customer's traits in `context.traits`, the event time and
 * messageId = bhid. https://segment.com/docs/connections/spec/track/
 * @module
 */
import {
  eventFlags,
  eventProperties,
  type JsonObject,
  mapKeys,
  type SendEvent1,
  toIsoUtc,
} from '@bubblehouse-hooks/core'
import { trackMessageId } from '../message-id'
import type { SegmentOptions } from '../options'
import { customerTraits } from './customer-traits'
import { identityFields, type MessageDraft, type SegmentIdentity, setKey } from './message'

/**
 * The Segment event name: the configured mapping, else the Bubblehouse name. `Object.hasOwn`, so
 * an event called `constructor` is not read from the prototype.
 */
export function trackEventName(name: string, mapping: SegmentOptions['eventNames']): string {
  return Object.hasOwn(mapping, name) ? (mapping[name] ?? name) : name
}

/**
 * The track draft. Properties from extra_props (not meant for indexing) are the first to go when
 * the message is too large, then the rest; `new_user` and `referred_user` stay.
 */
export function trackDraft(
  event: SendEvent1,
  identity: SegmentIdentity,
  options: Pick<
    SegmentOptions,
    'eventNames' | 'propsSources' | 'propertyMapping' | 'customerTraits'
  >,
): MessageDraft {
  const properties: JsonObject = mapKeys(
    eventProperties(event, options.propsSources),
    options.propertyMapping,
  )
  // The flags go through the same mapping, so an operator can rename or drop them too.
  const fixed = mapKeys(eventFlags(event), options.propertyMapping)
  for (const [key, value] of Object.entries(fixed)) setKey(properties, key, value)
  const extra = new Set(
    options.propsSources.includes('extra_props')
      ? Object.keys(mapKeys(event.extra_props, options.propertyMapping))
      : [],
  )
  const keys = Object.keys(properties).filter((key) => !Object.hasOwn(fixed, key))
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
    contextTraits: customerTraits(event, options.customerTraits),
    optional: [keys.filter((key) => extra.has(key)), keys.filter((key) => !extra.has(key))],
  }
}
