/**
 * Pure: one SendEvent1 → one POST of the event as JSON. The body is serialised here, once, so the
 * bytes `deliver` signs are the plan's bytes and nothing re-serialises them (core's HTTP client
 * sends a string body as it is). No I/O, no clock, no secret: the timestamp and signature are
 * added at send time.
 * @module
 */
import {
  type Customer,
  filteredEventPlan,
  invalidPlan,
  type Plan,
  type SendEvent1,
  sendPlan,
} from '@bubblehouse-hooks/core'
import type { WebhookOptionsOutput } from './options'
import { splitUrl } from './url'
import { webhookId } from './webhook-id'

/** The operation name of the one request. */
export const POST_EVENT = 'postEvent'

/** The customer fields that tell a receiver who an event is about. */
const IDENTITY_FIELDS = ['bhid', 'shopid', 'email'] as const

const identifies = (customer: Customer) =>
  IDENTITY_FIELDS.some((field) => (customer[field]?.trim() ?? '') !== '')

/**
 * The request an event becomes, or a decision with no request.
 * @example
 * planWebhook(CANONICAL_EVENT, options)
 * // { kind: 'send', requests: [{ operation: 'postEvent', method: 'POST', path: '/bh', headers: { 'content-type': 'application/json', 'webhook-id': '24a5be6c83010001' }, body: '{"bhid":…}' }] }
 */
export function planWebhook(event: SendEvent1, options: WebhookOptionsOutput): Plan {
  const filtered = filteredEventPlan(options.events, event)
  if (filtered) return filtered
  if (!identifies(event.customer)) {
    return invalidPlan(
      'WEBHOOK_NO_CUSTOMER',
      'the customer has no bhid, shopid or email: no receiver could tell who the event is about',
    )
  }
  return sendPlan({
    operation: POST_EVENT,
    method: 'POST',
    path: splitUrl(options.url).path,
    headers: { 'content-type': 'application/json', 'webhook-id': webhookId(event.bhid) },
    body: JSON.stringify(event),
  })
}
