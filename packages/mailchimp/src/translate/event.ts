/**
 * The member event of an activity.
 * https://mailchimp.com/developer/marketing/api/list-member-events/add-event/
 * @module
 */
import {
  eventFlags,
  eventProperties,
  type SendEvent1,
  stringifyValues,
  toIsoUtc,
} from '@bubblehouse-hooks/core'
import { OPERATIONS } from '../operations'
import { MAILCHIMP_EVENT_NAME } from '../options'
import { memberPath } from '../paths'
import { budgetProperties, type RequestWithCuts } from './properties-budget'

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

/**
 * The event's own flags as properties (`"true"` / `"false"`), when the event carries them: whether
 * Bubblehouse expects a new customer, and whether this is the referred customer's referral event.
 */
function flagProperties(event: SendEvent1): Record<string, string> {
  return Object.fromEntries(
    Object.entries(eventFlags(event)).map(([key, value]) => [key, String(value)]),
  )
}

/** Keys that come from extra_props only: the first to leave out when the properties are too big. */
function extraOnlyKeys(event: SendEvent1, settings: EventSettings, kept: object): string[] {
  if (!settings.eventProps.includes('extra_props')) return []
  const segment = settings.eventProps.includes('segment_props') ? (event.segment_props ?? {}) : {}
  return Object.keys(event.extra_props ?? {}).filter(
    (key) => !Object.hasOwn(segment, key) && !Object.hasOwn(kept, key),
  )
}

/**
 * POST …/events: properties are a string → string map within Mailchimp's size budget (what was
 * left out or cut rides on the request as `fieldsCut`); occurred_at is the event time.
 */
export function eventRequest(
  event: SendEvent1,
  name: string,
  hash: string,
  settings: EventSettings,
): RequestWithCuts {
  const flags = flagProperties(event)
  const all = { ...stringifyValues(eventProperties(event, settings.eventProps)), ...flags }
  const { properties, cuts } = budgetProperties(all, extraOnlyKeys(event, settings, flags))
  return {
    operation: OPERATIONS.createListMemberEvent,
    method: 'POST',
    path: `${memberPath(settings.listId, hash)}/events`,
    body: {
      name,
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      occurred_at: toIsoUtc(event.time),
    },
    ...(cuts.length > 0 ? { fieldsCut: cuts } : {}),
  }
}
