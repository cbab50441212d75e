/**
 * The customer's own fields as Segment reserved traits (email, firstName, lastName, name by
 * default): the identify's traits, and each track's `context.traits`, where many Segment
 * destinations read the email of a track call:
 * https://segment.com/docs/connections/spec/common/#context-fields-automatically-collected
 * @module
 */
import type { JsonObject, SendEvent1 } from '@bubblehouse-hooks/core'
import { CUSTOMER_FIELDS, type SegmentOptions } from '../options'
import { setKey } from './message'

/** The traits taken from `customer`, without empty strings (they would blank a known value). */
export function customerTraits(
  event: SendEvent1,
  names: SegmentOptions['customerTraits'],
): JsonObject {
  const traits: JsonObject = {}
  for (const field of CUSTOMER_FIELDS) {
    const name = names[field]
    const value = event.customer[field]
    if (name !== null && value !== undefined && value !== '') setKey(traits, name, value)
  }
  return traits
}
