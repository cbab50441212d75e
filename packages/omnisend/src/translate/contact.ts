/**
 * The customer as an Omnisend contact: email, phone, names and the loyalty properties as contact
 * custom properties in Omnisend's prefixed snake_case (`bh_points_balance`).
 * @module
 */
import type { JsonObject, SendEvent1 } from '@bubblehouse-hooks/core'
import type { OmnisendOptionsOutput } from '../options'
import { setOwn } from './body'
import { customPropertyName } from './names'

/** The customer's identity and names, as the event or the upsert needs them. */
export interface ContactFields {
  readonly email?: string
  readonly phone?: string
  readonly firstName?: string
  readonly lastName?: string
  readonly customProperties?: JsonObject
}

type Options = Pick<OmnisendOptionsOutput, 'phoneProp' | 'propertyPrefix' | 'contactProps'>

/** The phone from `phoneProp`, when it holds a string. */
function phoneOf(event: SendEvent1, options: Options): string | undefined {
  const value = options.phoneProp ? event.customer_props?.[options.phoneProp] : undefined
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** customer_props → custom properties: renamed by `contactProps`, else prefix + snake_case. */
export function customPropertiesOf(event: SendEvent1, options: Options): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(event.customer_props ?? {})) {
    if (key === options.phoneProp) continue
    const name = Object.hasOwn(options.contactProps, key)
      ? options.contactProps[key]
      : customPropertyName(key, options.propertyPrefix)
    if (name === null || name === undefined) continue
    setOwn(out, name, value)
  }
  return out
}

/** The contact fields of an event's customer (values as Bubblehouse sent them; absent ones left out). */
export function contactFieldsOf(event: SendEvent1, options: Options): ContactFields {
  const { email, first_name: firstName, last_name: lastName } = event.customer
  const phone = phoneOf(event, options)
  const customProperties = customPropertiesOf(event, options)
  return {
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(Object.keys(customProperties).length > 0 ? { customProperties } : {}),
  }
}
