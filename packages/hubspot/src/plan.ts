/**
 * The pure plan: one contact upsert per event, plus one custom behavioural event when configured
 * for the event's name. An email HubSpot would refuse answers `invalid_data` with no call.
 * Credentials never appear here (deliver adds the Bearer token).
 * @module
 */
import {
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type SendEvent1,
  sendPlan,
} from '@bubblehouse-hooks/core'
import { isAcceptableEmail } from './email'
import type { HubspotOptions } from './options'
import { contactProperties, upsertRequest } from './translate/contact'
import { customEventRequest } from './translate/event'

/** What `plan(event)` needs from the options. */
export type PlanOptions = Pick<HubspotOptions, 'events' | 'properties' | 'fields' | 'customEvents'>

/**
 * @example
 * planEvent(sampleEvent('points-earned'), options) // sendPlan(upsert) or sendPlan(upsert, sendEvent)
 */
export function planEvent(event: SendEvent1, options: PlanOptions): Plan {
  const filtered = filteredEventPlan(options.events, event)
  if (filtered) return filtered
  const email = event.customer.email?.trim()
  if (!email)
    return invalidPlan(
      'NO_EMAIL',
      'the customer has no email, which HubSpot contacts are matched on',
    )
  if (!isAcceptableEmail(email)) {
    return invalidPlan('INVALID_EMAIL', 'the customer email is not an address HubSpot accepts')
  }

  const upsert = upsertRequest(contactProperties(event, email, options))
  const custom = event.customer_only
    ? undefined
    : customEventRequest(event, email, options.customEvents)
  return custom ? sendPlan(upsert, custom) : sendPlan(upsert)
}
