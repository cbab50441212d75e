/**
 * `POST /events/custom`: `{type, properties, externalEventId, occurredAt, user}`
 * (https://docs.attentivemobile.com/openapi/reference/tag/Custom-Events), answered `200 Ok`.
 * @module
 */
import {
  eventFlags,
  eventProperties,
  type JsonObject,
  type PlannedRequest,
  type SendEvent1,
  toIsoUtc,
} from '@bubblehouse-hooks/core'
import { externalEventIdOf } from '../event-id'
import { EVENT_TYPE_FORBIDDEN_ALL } from '../limits'
import type { AttentiveOptionsOutput } from '../options'
import { SEND_EVENT } from './body'
import { type UserFields, userBody } from './user'

/**
 * The Attentive event type: the Bubblehouse name, renamed by `eventNames` (case sensitive). A type
 * "cannot" hold `" ' ( ) { } [ ] \ | ,`, and Bubblehouse's own names do (`Referral Approved
 * (Sender)`), so those characters are taken out and the spaces left around them collapsed:
 * `Referral Approved Sender`. Names from `eventNames` are checked at start-up instead.
 */
export function eventTypeOf(event: SendEvent1, options: AttentiveOptionsOutput): string {
  const name = Object.hasOwn(options.eventNames, event.name)
    ? (options.eventNames[event.name] ?? event.name)
    : event.name
  return name.replace(EVENT_TYPE_FORBIDDEN_ALL, ' ').replace(/\s+/g, ' ').trim()
}

/** segment_props and extra_props as chosen, plus `new_user` and `referred_user` when set. */
function propertiesOf(event: SendEvent1, options: AttentiveOptionsOutput): JsonObject {
  return { ...eventProperties(event, options.eventProps), ...eventFlags(event) }
}

/**
 * The event request. `externalEventId` is the UUID v5 of the bhid, so a retry repeats it;
 * `occurredAt` is the event time in UTC ("RFC 3339 format with required UTC offset").
 */
export function eventRequest(
  event: SendEvent1,
  user: UserFields,
  options: AttentiveOptionsOutput,
): PlannedRequest {
  return {
    operation: SEND_EVENT,
    method: 'POST',
    path: '/events/custom',
    body: {
      type: eventTypeOf(event, options),
      properties: propertiesOf(event, options),
      externalEventId: externalEventIdOf(event.bhid),
      occurredAt: toIsoUtc(event.time),
      user: userBody(user),
    },
  }
}
