/**
 * The pure plan: a SendEvent1 event → one POST {baseUrl}/batch holding an identify and a track
 * (only the identify for `customer_only`), or a decision reached without calling Segment. Segment
 * answers 200 to almost everything, including messages it then drops, so every check Segment
 * would fail silently is made here.
 * @module
 */
import {
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type SendEvent1,
  sendPlan,
} from '@bubblehouse-hooks/core'
import { fitBatch, SEGMENT_LIMITS, type SegmentLimits } from './limits'
import type { SegmentOptions } from './options'
import { identifyDraft } from './translate/identify'
import { resolveIdentity } from './translate/identity'
import type { MessageDraft } from './translate/message'
import { trackDraft, trackEventName } from './translate/track'

/** The one request path, relative to the base URL (which carries `/v1`). */
export const BATCH_PATH = '/batch'

/**
 * Plan one event. `limits` is a parameter so tests can reach the batch limit, which two messages
 * within the message limit never do.
 * @example
 * planEvent(CANONICAL_EVENT, options) // { kind: 'send', requests: [{ operation: 'batch', method: 'POST', path: '/batch', body: { batch: [identify, track] } }] }
 */
export function planEvent(
  event: SendEvent1,
  options: SegmentOptions,
  limits: SegmentLimits = SEGMENT_LIMITS,
): Plan {
  const filtered = filteredEventPlan(options.events, event)
  if (filtered) return filtered
  const identity = resolveIdentity(event.customer, options)
  if (!identity) {
    const fields = [options.userIdSource, options.anonymousIdSource].filter(Boolean).join(' or ')
    return invalidPlan(
      'SEGMENT_NO_USER_ID',
      `the customer has no ${fields}; Segment drops messages without a userId or anonymousId`,
    )
  }
  const drafts: MessageDraft[] = [identifyDraft(event, identity, options)]
  if (!event.customer_only) {
    if (trackEventName(event.name, options.eventNames).trim() === '') {
      return invalidPlan(
        'SEGMENT_NO_EVENT_NAME',
        'the event has no name; Segment drops track calls without one',
      )
    }
    drafts.push(trackDraft(event, identity, options))
  }
  const batch = fitBatch(drafts, limits, options.oversize === 'drop_props')
  if (!batch.ok) return invalidPlan(batch.code, batch.reason)
  return sendPlan({
    operation: 'batch',
    method: 'POST',
    path: BATCH_PATH,
    body: { batch: [...batch.messages] },
  })
}
