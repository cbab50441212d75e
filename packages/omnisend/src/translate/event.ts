/**
 * `POST /events`: a custom event with the contact inline ("contact will be created or updated
 * based on the data provided here", https://api-docs.omnisend.com/reference/post_events), so the
 * event and the loyalty properties take one call.
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
import { eventIdOf } from '../event-id'
import type { OmnisendOptionsOutput } from '../options'
import { SEND_EVENT } from './body'
import type { ContactFields } from './contact'

/** The Omnisend event name: the Bubblehouse name, renamed by `eventNames`. */
export function eventNameOf(event: SendEvent1, options: OmnisendOptionsOutput): string {
  return Object.hasOwn(options.eventNames, event.name)
    ? (options.eventNames[event.name] ?? event.name)
    : event.name
}

/** segment_props and extra_props as chosen, plus `new_user` and `referred_user` when set. */
function propertiesOf(event: SendEvent1, options: OmnisendOptionsOutput): JsonObject {
  return { ...eventProperties(event, options.eventProps), ...eventFlags(event) }
}

/**
 * The event request. `eventVersion` is left out: "For custom events you should leave it empty".
 * `eventID` is the UUID v5 of the bhid and `eventTime` the event time, so a retry repeats both.
 */
export function eventRequest(
  event: SendEvent1,
  contact: ContactFields,
  options: OmnisendOptionsOutput,
): PlannedRequest {
  return {
    operation: SEND_EVENT,
    method: 'POST',
    path: '/events',
    body: {
      eventName: eventNameOf(event, options),
      origin: options.origin,
      eventID: eventIdOf(event.bhid),
      eventTime: toIsoUtc(event.time),
      contact: { ...contact },
      properties: propertiesOf(event, options),
    },
  }
}
