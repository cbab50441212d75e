/**
 * `POST /attributes/custom` for `customer_only` events: `{properties, user}`; "This API will either
 * create a new custom attribute if it doesn't already exist or update an existing one"
 * (https://docs.attentivemobile.com/openapi/reference/tag/Custom-Attributes/), answered `200 Ok`.
 * It sets attributes only: it never subscribes anyone.
 * @module
 */
import type { JsonObject, PlannedRequest, SendEvent1 } from '@bubblehouse-hooks/core'
import type { AttentiveOptionsOutput } from '../options'
import { SET_ATTRIBUTES, setOwn } from './body'
import { type UserFields, userBody } from './user'

type Options = Pick<AttentiveOptionsOutput, 'phoneProp' | 'attributeProps'>

/** customer_props → custom attributes: renamed or left out by `attributeProps`, else unchanged. */
export function attributesOf(event: SendEvent1, options: Options): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(event.customer_props ?? {})) {
    if (key === options.phoneProp) continue
    const name = Object.hasOwn(options.attributeProps, key) ? options.attributeProps[key] : key
    if (name === null || name === undefined) continue
    setOwn(out, name, value)
  }
  return out
}

/** The custom attributes request. */
export function attributesRequest(properties: JsonObject, user: UserFields): PlannedRequest {
  return {
    operation: SET_ATTRIBUTES,
    method: 'POST',
    path: '/attributes/custom',
    body: { properties, user: userBody(user) },
  }
}
