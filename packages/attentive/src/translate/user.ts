/**
 * The customer as an Attentive `user` (`EventUser`: `phone`, `email`, `externalIdentifiers`;
 * "Phone, email, or an external identifier … are required", `additionalProperties: false`). The
 * user "does not need to be actively subscribed to Attentive". External identifiers are not sent:
 * one "must first be associated with a phone or email using the Identity API", a second call.
 * @module
 */
import type { JsonObject, SendEvent1 } from '@bubblehouse-hooks/core'
import type { AttentiveOptionsOutput } from '../options'

/** The user fields as Bubblehouse sent them (checked by plan and fit). */
export interface UserFields {
  readonly email?: string
  readonly phone?: string
}

/** The phone from `phoneProp`, when it holds a non-empty string. */
function phoneOf(event: SendEvent1, options: Pick<AttentiveOptionsOutput, 'phoneProp'>) {
  const value = options.phoneProp ? event.customer_props?.[options.phoneProp] : undefined
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The user of an event: `customer.email` and the `phoneProp` phone. */
export function userOf(
  event: SendEvent1,
  options: Pick<AttentiveOptionsOutput, 'phoneProp'>,
): UserFields {
  const email = event.customer.email
  const phone = phoneOf(event, options)
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}) }
}

/** The `user` member of a request body. */
export const userBody = (user: UserFields): JsonObject => ({ ...user })
