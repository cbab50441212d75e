import {
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type SendEvent1,
  sendPlan,
  skipPlan,
} from '@bubblehouse-hooks/core'
import { isE164, isPlausibleEmail } from './limits'
import type { AttentiveOptionsOutput } from './options'
import { attributesOf, attributesRequest } from './translate/attributes'
import { eventRequest, eventTypeOf } from './translate/event'
import { type UserFields, userOf } from './translate/user'

/** Why a user cannot be sent: no usable email and no usable phone. */
function identityProblem(user: UserFields): Plan | undefined {
  const email = user.email !== undefined && isPlausibleEmail(user.email)
  const phone = user.phone !== undefined && isE164(user.phone)
  if (email || phone) return undefined
  if (user.email !== undefined) {
    return invalidPlan(
      'ATTENTIVE_INVALID_EMAIL',
      'the email is not a valid address and there is no E.164 phone',
    )
  }
  if (user.phone !== undefined) {
    return invalidPlan('ATTENTIVE_INVALID_PHONE', 'the phone is not E.164 and there is no email')
  }
  return invalidPlan('ATTENTIVE_NO_IDENTITY', 'the customer has no email and no phone')
}

/**
 * Pure: one SendEvent1 → exactly one Attentive request (`POST /events/custom`, or
 * `POST /attributes/custom` for `customer_only`), or a decision reached without calling Attentive.
 * No I/O, no credentials. Deliver fits the request to Attentive's documented limits before sending
 * it (`fit.ts`), so this plan may hold a little more than is sent; that an email or a phone that
 * passes those limits remains is checked here.
 */
export function planAttentive(event: SendEvent1, options: AttentiveOptionsOutput): Plan {
  const customerOnly = event.customer_only === true
  if (customerOnly && options.customerOnly === 'skip') {
    return skipPlan(
      'ATTENTIVE_ATTRIBUTE_SYNC_OFF',
      'customer_only events are off (customerOnly: skip)',
    )
  }
  const filtered = filteredEventPlan(options.events, event)
  if (filtered) return filtered
  const user = userOf(event, options)
  const problem = identityProblem(user)
  if (problem) return problem
  if (customerOnly) {
    const properties = attributesOf(event, options)
    if (Object.keys(properties).length === 0) {
      return skipPlan('ATTENTIVE_NO_ATTRIBUTES', 'the event has no customer_props to set')
    }
    return sendPlan(attributesRequest(properties, user))
  }
  const type = eventTypeOf(event, options)
  if (type.trim() === '') {
    return invalidPlan(
      'ATTENTIVE_NO_EVENT_TYPE',
      'the event name has nothing Attentive takes as a type',
    )
  }
  return sendPlan(eventRequest(event, user, options))
}
