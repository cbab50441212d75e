/**
 * The identify message: the customer's fields as Segment reserved traits (email, firstName,
 * lastName, name by default) plus the mapped customer_props. https://segment.com/docs/connections/spec/identify/
 * @module
 */
import { type JsonObject, mapKeys, type SendEvent1, toIsoUtc } from '@bubblehouse-hooks/core'
import { identifyMessageId } from '../message-id'
import type { SegmentOptions } from '../options'
import { customerTraits } from './customer-traits'
import { identityFields, type MessageDraft, type SegmentIdentity, setKey } from './message'

/**
 * The identify draft. Customer fields win over a customer_props key mapped to the same trait, and
 * only the customer_props traits are optional.
 */
export function identifyDraft(
  event: SendEvent1,
  identity: SegmentIdentity,
  options: Pick<SegmentOptions, 'customerTraits' | 'traitMapping'>,
): MessageDraft {
  const fromCustomer = customerTraits(event, options.customerTraits)
  const fromProps = mapKeys(event.customer_props, options.traitMapping)
  const optional = Object.keys(fromProps).filter((key) => !Object.hasOwn(fromCustomer, key))
  const traits: JsonObject = { ...fromCustomer }
  for (const [key, value] of Object.entries(fromProps)) {
    if (!Object.hasOwn(fromCustomer, key)) setKey(traits, key, value)
  }
  return {
    head: {
      type: 'identify',
      messageId: identifyMessageId(event.bhid),
      ...identityFields(identity),
      timestamp: toIsoUtc(event.time),
    },
    bagName: 'traits',
    bag: traits,
    optional: [optional],
  }
}
