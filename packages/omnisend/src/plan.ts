import {
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type SendEvent1,
  sendPlan,
  skipPlan,
} from '@bubblehouse-hooks/core'
import { isPlausibleEmail, isUsablePhone } from './limits'
import type { OmnisendOptionsOutput } from './options'
import { contactFieldsOf } from './translate/contact'
import { contactUpsertRequest } from './translate/contact-upsert'
import { eventNameOf, eventRequest } from './translate/event'

/**
 * Pure: one SendEvent1 → exactly one Omnisend request (`POST /events`, or `POST /contacts` for
 * `customer_only`), or a decision reached without calling Omnisend. No I/O, no credentials.
 * Deliver fits the request to Omnisend's documented limits before sending it (`fit.ts`): a field
 * that breaks one is left out there, counted and logged, so this plan may hold a little more than
 * is sent. The contact needs an email or a phone that can be sent; which one is checked here.
 */
export function planOmnisend(event: SendEvent1, options: OmnisendOptionsOutput): Plan {
  const customerOnly = event.customer_only === true
  if (customerOnly && options.customerOnly === 'skip') {
    return skipPlan(
      'OMNISEND_CONTACT_SYNC_OFF',
      'customer_only events are off (customerOnly: skip)',
    )
  }
  const filtered = filteredEventPlan(options.events, event)
  if (filtered) return filtered
  const contact = contactFieldsOf(event, options)
  const email = contact.email !== undefined && isPlausibleEmail(contact.email)
  const phone = contact.phone !== undefined && isUsablePhone(contact.phone)
  if (!email && !phone) {
    if (contact.email !== undefined) {
      return invalidPlan(
        'OMNISEND_INVALID_EMAIL',
        'the email is not a valid address and there is no usable phone',
      )
    }
    if (contact.phone !== undefined) {
      return invalidPlan(
        'OMNISEND_INVALID_PHONE',
        'the phone is not E.164 (at most 15 characters) and there is no email',
      )
    }
    return invalidPlan('OMNISEND_NO_IDENTITY', 'the customer has no email and no phone')
  }
  if (customerOnly) return sendPlan(contactUpsertRequest(contact))
  if (eventNameOf(event, options).trim() === '') {
    return invalidPlan('OMNISEND_NO_EVENT_NAME', 'the event has no name to send as eventName')
  }
  return sendPlan(eventRequest(event, contact, options))
}
