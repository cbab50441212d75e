import {
  invalidPlan,
  isEventAllowed,
  jsonByteLength,
  type Plan,
  type PlannedRequest,
  type SendEvent1,
  sendPlan,
  skipPlan,
} from '@bubblehouse-hooks/core'
import type { KlaviyoOptionsOutput } from './options'
import { eventRequest, metricName } from './translate/event'
import { profileAttributes } from './translate/profile'
import { profileImportRequest } from './translate/profile-import'

/** Payload limits Klaviyo documents: 5 MB per event request, 100 KB per profile-import. */
const MAX_BYTES: Readonly<Record<string, number>> = {
  createEvent: 5 * 1024 * 1024,
  createOrUpdateProfile: 100 * 1024,
}

function withinLimit(request: PlannedRequest): Plan {
  const limit = MAX_BYTES[request.operation]
  if (limit !== undefined && jsonByteLength(request.body) > limit) {
    return invalidPlan(
      'KLAVIYO_PAYLOAD_TOO_LARGE',
      `the ${request.operation} payload is over Klaviyo's ${limit / 1024} KB limit`,
    )
  }
  return sendPlan(request)
}

/**
 * Pure: one SendEvent1 → exactly one Klaviyo request (an event, or a profile import for
 * `customer_only`), or a decision reached without calling Klaviyo. No I/O, no credentials.
 */
export function planKlaviyo(event: SendEvent1, options: KlaviyoOptionsOutput): Plan {
  const customerOnly = event.customer_only === true
  if (customerOnly && options.customerOnly === 'skip') {
    return skipPlan('KLAVIYO_PROFILE_SYNC_OFF', 'customer_only events are off (customerOnly: skip)')
  }
  // A customer_only event's name carries no meaning (SendEvent1 docs), so only activity events
  // go through the name filter.
  if (!customerOnly && !isEventAllowed(options.events, event.name)) {
    return skipPlan('EVENT_FILTERED', 'the event name is filtered by the events option')
  }
  const profile = profileAttributes(event, options)
  if (profile === undefined) {
    return invalidPlan('KLAVIYO_NO_IDENTITY', 'the customer has no email and no external id')
  }
  if (customerOnly) return withinLimit(profileImportRequest(profile))
  if (metricName(event, options).trim() === '') {
    return invalidPlan('KLAVIYO_NO_METRIC_NAME', 'the event has no name to use as the metric')
  }
  return withinLimit(eventRequest(event, profile, options))
}
