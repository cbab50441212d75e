/**
 * The pure plan: SendEvent1 → the member write, then optionally the tags, then the event.
 * Everything here is data; `deliver` is the only I/O.
 * @module
 */
import {
  type EventFilter,
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type PlannedRequest,
  type SendEvent1,
  sendPlan,
} from '@bubblehouse-hooks/core'
import type { MergeFieldMapping } from './merge-fields/types'
import { subscriberHash } from './subscriber-hash'
import { type EventSettings, eventRequest, mailchimpEventName } from './translate/event'
import { type MemberSettings, memberRequest } from './translate/member'
import { mergeValues } from './translate/merge-values'
import { type TagSpec, tagsRequest } from './translate/tags'

/** Everything `plan` reads, resolved once from the options. */
export interface PlanSettings extends MemberSettings, EventSettings {
  readonly sendEvents: boolean
  readonly mergeFields: readonly MergeFieldMapping[]
  readonly tags: readonly TagSpec[]
  readonly events: EventFilter
}

/** A loose shape check; Mailchimp does the real validation ("looks fake or invalid"). */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/

/**
 * Plan one event.
 * @example
 * planEvent(sampleEvent('points-earned'), settings)
 * // { kind: 'send', requests: [PUT member, POST events] }
 */
export function planEvent(event: SendEvent1, settings: PlanSettings): Plan {
  const filtered = filteredEventPlan(settings.events, event)
  if (filtered) return filtered
  const email = event.customer.email?.trim()
  if (!email) {
    return invalidPlan(
      'MAILCHIMP_NO_EMAIL',
      'the customer has no email; Mailchimp keys members on it',
    )
  }
  if (!EMAIL_SHAPE.test(email)) {
    return invalidPlan('MAILCHIMP_INVALID_EMAIL', 'the customer email is not an email address')
  }
  const withEvent = settings.sendEvents && event.customer_only !== true
  const name = withEvent ? mailchimpEventName(event.name, settings.eventNames) : undefined
  if (withEvent && name === undefined) {
    return invalidPlan(
      'MAILCHIMP_EVENT_NAME_INVALID',
      'the event name gives no valid Mailchimp event name (2–30 letters, digits, _ or -): map it in eventNames',
    )
  }

  const hash = subscriberHash(email)
  const requests: PlannedRequest[] = [
    memberRequest(email, hash, mergeValues(event, settings.mergeFields), settings),
  ]
  const tags = tagsRequest(settings.listId, hash, event.customer_props, settings.tags)
  if (tags) requests.push(tags)
  if (name !== undefined) requests.push(eventRequest(event, name, hash, settings))
  return sendPlan(...requests)
}
