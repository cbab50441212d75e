// Rule fixtures: src/__fixtures__/README.md. Attentive documents no error body for events and
// attributes; the bodies are built from its v1 `ErrorResponseDto` shape with the OpenAPI's
// status descriptions (https://docs.attentivemobile.com/openapi/reference/tag/Custom-Events).
import { CANONICAL_EVENT, runConformance } from '@bubblehouse-hooks/core/testing'
import { fixture } from './__fixtures__/load'
import attentive from './index'

const reply = (status: number, name: string) => ({ status, body: fixture(name) })
const badPhone = reply(400, '400-invalid-phone.json')
const badEmail = reply(400, '400-invalid-email.json')
const withPhone = {
  ...CANONICAL_EVENT,
  customer_props: { ...CANONICAL_EVENT.customer_props, BH_Phone: '+15551230987' },
}
const customerOnly = { ...withPhone, customer_only: true }

runConformance({
  definition: attentive,
  options: (baseUrl) => ({ apiKey: 'attentive-conformance-key', baseUrl, phoneProp: 'BH_Phone' }),
  ok: { status: 200 },
  event: withPhone,
  noIdentityEvent: { ...CANONICAL_EVENT, customer: { shopid: '12345' } },
  rules: [
    {
      name: '400 invalid parameter (the OpenAPI description, no field named)',
      replies: [reply(400, '400-invalid-parameter.json')],
      outcome: 'invalid_data',
      code: 'ATTENTIVE_INVALID_REQUEST',
    },
    {
      name: '400 on the phone, resent by email alone → sent',
      replies: [badPhone],
      outcome: 'sent',
      code: 'ATTENTIVE_SENT_WITHOUT_PHONE',
    },
    {
      name: '400 on the phone, again by email alone',
      replies: [badPhone, badPhone],
      outcome: 'invalid_data',
      code: 'ATTENTIVE_INVALID_PHONE',
    },
    {
      name: '400 on the event type',
      replies: [reply(400, '400-invalid-event-type.json')],
      outcome: 'invalid_data',
      code: 'ATTENTIVE_INVALID_EVENT_TYPE',
    },
    {
      name: '400 user not subscribed',
      replies: [reply(400, '400-not-subscribed.json')],
      outcome: 'unsubscribed',
      code: 'ATTENTIVE_NOT_SUBSCRIBED',
    },
    {
      name: '404 user not found',
      replies: [reply(404, '404-user-not-found.json')],
      outcome: 'skipped',
      code: 'ATTENTIVE_UNKNOWN_USER',
    },
    {
      name: '401 unauthorized',
      replies: [reply(401, '401-unauthorized.json')],
      outcome: 'failure',
      code: 'ATTENTIVE_UNAUTHORIZED',
    },
    {
      name: '403 access denied',
      replies: [reply(403, '403-access-denied.json')],
      outcome: 'failure',
      code: 'ATTENTIVE_FORBIDDEN',
    },
    {
      name: '404 the specified resource was not found (wrong base URL)',
      replies: [reply(404, '404-not-found.json')],
      outcome: 'failure',
      code: 'ATTENTIVE_NOT_FOUND',
    },
    {
      name: '429 too many requests',
      replies: [reply(429, '429-too-many-requests.json')],
      outcome: 'failure',
      code: 'ATTENTIVE_RATE_LIMITED',
    },
  ],
  eventScopedAnswers: [
    { name: '400 invalid parameter', replies: [reply(400, '400-invalid-parameter.json')] },
    { name: '400 on the phone', replies: [badPhone] },
    { name: '400 on the phone twice', replies: [badPhone, badPhone] },
    {
      name: '400 on the phone, no email to fall back on',
      replies: [badPhone],
      event: { ...withPhone, customer: { shopid: '12345' } },
    },
    { name: '400 on the email', replies: [badEmail, badEmail] },
    {
      name: '400 on the email, no phone to fall back on',
      replies: [badEmail],
      event: CANONICAL_EVENT,
    },
    { name: '400 on the event type', replies: [reply(400, '400-invalid-event-type.json')] },
    { name: '400 user not subscribed', replies: [reply(400, '400-not-subscribed.json')] },
    { name: '404 user not found', replies: [reply(404, '404-user-not-found.json')] },
    {
      name: '404 user not found on custom attributes',
      replies: [reply(404, '404-user-not-found.json')],
      event: customerOnly,
    },
    {
      name: '400 a value not allowed for a UI-created attribute',
      replies: [reply(400, '400-invalid-attribute-value.json')],
      event: customerOnly,
    },
    {
      name: '400 a value not allowed, again without it',
      replies: [
        reply(400, '400-invalid-attribute-value.json'),
        reply(400, '400-invalid-parameter.json'),
      ],
      event: customerOnly,
    },
    {
      name: 'an array attribute ("the API does not support arrays"), sent without it',
      replies: [{ status: 200 }],
      event: { ...customerOnly, customer_props: { BH_Tier: 'Gold', BH_Cities: ['Vilnius'] } },
    },
    {
      name: 'an event property key with a forbidden character, sent without it',
      replies: [{ status: 200 }],
      event: { ...CANONICAL_EVENT, extra_props: { 'BH_Items[0]': 'x', BH_Points: 50 } },
    },
    {
      name: 'an event name with a forbidden character',
      replies: [{ status: 200 }],
      event: { ...CANONICAL_EVENT, name: 'Tier Reached (Gold)' },
    },
    {
      name: '409 no rule knows',
      replies: [{ status: 409, body: { error: { id: 1, message: 'Conflict' } } }],
    },
    { name: '413 payload too large', replies: [{ status: 413 }] },
    { name: '418 no rule knows', replies: [{ status: 418, body: 'teapot' }] },
  ],
})
