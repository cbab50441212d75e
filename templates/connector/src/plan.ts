import {
  eventProperties,
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type SendEvent1,
  sendPlan,
} from '@bubblehouse-hooks/core'
import type { __CONST__OptionsOutput } from './options'

/**
 * Pure: one SendEvent1 → the __TITLE__ requests it becomes. No I/O, no credentials.
 * Replace the path and body with the vendor's real API (link its docs here).
 */
export function plan__CONST__(event: SendEvent1, options: __CONST__OptionsOutput): Plan {
  // The events option's allow/deny filter; customer_only events (profile updates) always pass.
  const filtered = filteredEventPlan(options.events, event)
  if (filtered) return filtered
  const email = event.customer.email
  if (!email) return invalidPlan('__PREFIX___NO_IDENTITY', 'the customer has no email')
  return sendPlan({
    operation: 'trackEvent',
    method: 'POST',
    path: '/events',
    body: {
      id: event.bhid,
      name: options.eventNames[event.name] ?? event.name,
      email,
      time: event.time,
      properties: eventProperties(event, options.eventProps),
    },
  })
}
