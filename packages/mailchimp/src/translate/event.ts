/**
 * The member event of an activity.
 * https://mailchimp.com/developer/marketing/api/list-member-events/add-event/
 * @module
 */
import {
  eventProperties,
  type PlannedRequest,
  type SendEvent1,
  stringifyValues,
  toIsoUtc,
} from '@bubblehouse-hooks/core'
import { OPERATIONS } from '../operations'
import { MAILCHIMP_EVENT_NAME } from '../options'
import { memberPath } from '../paths'

/** What the event needs from the settings. */
export interface EventSettings {
  readonly listId: string
  readonly eventNames: Readonly<Record<string, string>>
  readonly eventProps: readonly ('segment_props' | 'extra_props')[]
}

/**
 * A lower-case slug of a Bubblehouse event name, cut to 30 characters.
 * @example
 * slugEventName('Referral Approved (Sender)') // 'referral_approved_sender'
 */
export function slugEventName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+/, '')
    .slice(0, 30)
    .replace(/_+$/, '')
}

/** The Mailchimp event name of a Bubblehouse event, or `undefined` when none is valid. */
export function mailchimpEventName(
  name: string,
  mapping: Readonly<Record<string, string>>,
): string | undefined {
  const mapped = Object.hasOwn(mapping, name) ? mapping[name] : undefined
  const candidate = mapped ?? slugEventName(name)
  return MAILCHIMP_EVENT_NAME.test(candidate) ? candidate : undefined
}

/** POST …/events: properties are a string → string map; occurred_at is the event time. */
export function eventRequest(
  event: SendEvent1,
  name: string,
  hash: string,
  settings: EventSettings,
): PlannedRequest {
  const properties = stringifyValues(eventProperties(event, settings.eventProps))
  return {
    operation: OPERATIONS.createListMemberEvent,
    method: 'POST',
    path: `${memberPath(settings.listId, hash)}/events`,
    body: {
      name,
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      occurred_at: toIsoUtc(event.time),
    },
  }
}
