import {
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type SendEvent1,
  sendPlan,
  skipPlan,
} from '@bubblehouse-hooks/core'
import { isPlausibleEmail } from './limits'
import type { KlaviyoOptionsOutput } from './options'
import { eventRequest, metricName } from './translate/event'
import { profileAttributes } from './translate/profile'
import { profileImportRequest } from './translate/profile-import'

/**
 * Pure: one SendEvent1 → exactly one Klaviyo request (an event, or a profile import for
 * `customer_only`), or a decision reached without calling Klaviyo. No I/O, no credentials.
 * Deliver fits the request to Klaviyo's limits before sending it (`fit.ts`): a field that breaks
 * one is left out there, counted and logged, so this plan may hold a little more than is sent.
 */
export function planKlaviyo(event: SendEvent1, options: KlaviyoOptionsOutput): Plan {
  const customerOnly = event.customer_only === true
  if (customerOnly && options.customerOnly === 'skip') {
    return skipPlan('KLAVIYO_PROFILE_SYNC_OFF', 'customer_only events are off (customerOnly: skip)')
  }
  const filtered = filteredEventPlan(options.events, event)
  if (filtered) return filtered
  const profile = profileAttributes(event, options)
  if (profile === undefined) {
    return invalidPlan('KLAVIYO_NO_IDENTITY', 'the customer has no email and no external id')
  }
  const { email, external_id: externalId } = profile
  if (typeof email === 'string' && !isPlausibleEmail(email) && externalId === undefined) {
    return invalidPlan(
      'KLAVIYO_INVALID_EMAIL',
      'the email is not a valid address and the customer has no external id',
    )
  }
  if (customerOnly) return sendPlan(profileImportRequest(profile))
  if (metricName(event, options).trim() === '') {
    return invalidPlan('KLAVIYO_NO_METRIC_NAME', 'the event has no name to use as the metric')
  }
  return sendPlan(eventRequest(event, profile, options))
}
