// Rule fixtures: src/__fixtures__/README.md (https://api-docs.omnisend.com/reference/responses and
// the 2026-03-15 OpenAPI shapes; bodies Omnisend publishes no example of are built from those shapes).
import { CANONICAL_EVENT, runConformance } from '@bubblehouse-hooks/core/testing'
import { fixture } from './__fixtures__/load'
import omnisend from './index'

const reply = (status: number, name: string) => ({ status, body: fixture(name) })
const badEmail = reply(400, '400-invalid-contact-email.json')
const conflict = reply(409, '409-identifier-conflict.json')
const withPhone = {
  ...CANONICAL_EVENT,
  customer_props: { ...CANONICAL_EVENT.customer_props, BH_Phone: '+15551230987' },
}
const customerOnly = { ...withPhone, customer_only: true }

runConformance({
  definition: omnisend,
  options: (baseUrl) => ({ apiKey: 'omnisend-conformance-key', baseUrl, phoneProp: 'BH_Phone' }),
  ok: { status: 202 },
  event: withPhone,
  noIdentityEvent: { ...CANONICAL_EVENT, customer: { shopid: '12345' } },
  rules: [
    {
      name: '400 validation-failed, verbatim docs example (no field of ours)',
      replies: [reply(400, '400-validation-failed.json')],
      outcome: 'invalid_data',
      code: 'OMNISEND_VALIDATION_FAILED',
    },
    {
      name: '400 on contact.email, again after the resend without it',
      replies: [badEmail, badEmail],
      outcome: 'invalid_data',
      code: 'OMNISEND_INVALID_EMAIL',
    },
    {
      name: '400 on eventName (required: no resend)',
      replies: [reply(400, '400-invalid-event-name.json')],
      outcome: 'invalid_data',
      code: 'OMNISEND_INVALID_EVENT_NAME',
    },
    {
      name: '400 on one event property, resent without it → sent',
      replies: [reply(400, '400-invalid-event-property.json')],
      outcome: 'sent',
      code: 'OMNISEND_SENT_WITHOUT_FIELDS',
    },
    {
      name: '401 unauthorized',
      replies: [reply(401, '401-unauthorized.json')],
      outcome: 'failure',
      code: 'OMNISEND_UNAUTHORIZED',
    },
    {
      name: '403 forbidden',
      replies: [reply(403, '403-forbidden.json')],
      outcome: 'failure',
      code: 'OMNISEND_FORBIDDEN',
    },
    {
      name: '404 not found (verbatim docs example)',
      replies: [reply(404, '404-not-found.json')],
      outcome: 'failure',
      code: 'OMNISEND_NOT_FOUND',
    },
    {
      name: '410 API version retired',
      replies: [reply(410, '410-version-retired.json')],
      outcome: 'failure',
      code: 'OMNISEND_VERSION_RETIRED',
    },
    {
      name: '429 rate limit exceeded',
      replies: [reply(429, '429-rate-limit-exceeded.json')],
      outcome: 'failure',
      code: 'OMNISEND_RATE_LIMITED',
    },
  ],
  eventScopedAnswers: [
    { name: '400 on contact.email', replies: [badEmail] },
    { name: '400 on contact.email twice', replies: [badEmail, badEmail] },
    {
      name: '400 on contact.email, no phone to fall back on',
      replies: [badEmail],
      event: CANONICAL_EVENT,
    },
    {
      name: '400 validation-failed (docs example)',
      replies: [reply(400, '400-validation-failed.json')],
    },
    { name: '400 on a custom property', replies: [reply(400, '400-invalid-custom-property.json')] },
    { name: '400 on an event property', replies: [reply(400, '400-invalid-event-property.json')] },
    { name: '400 on eventID', replies: [reply(400, '400-invalid-event-id.json')] },
    { name: '400 on eventName', replies: [reply(400, '400-invalid-event-name.json')] },
    {
      name: '400 on an identifier of a contact upsert',
      replies: [
        reply(400, '400-invalid-identifier.json'),
        reply(400, '400-invalid-identifier.json'),
      ],
      event: customerOnly,
    },
    {
      name: '400 on a custom property of a contact upsert',
      replies: [reply(400, '400-invalid-custom-property.json')],
      event: customerOnly,
    },
    {
      name: '409 identifier conflict on a contact upsert',
      replies: [conflict],
      event: customerOnly,
    },
    {
      name: '409 identifier conflict on every resend',
      replies: [conflict, conflict, conflict],
      event: customerOnly,
    },
    { name: '409 on an event', replies: [conflict] },
    { name: '413 payload too large', replies: [{ status: 413 }] },
    {
      name: '422 unprocessable',
      replies: [{ status: 422, body: fixture('400-validation-failed.json') }],
    },
    {
      name: 'a custom property over 2048 characters (v4.0 contacts limits), sent without it',
      replies: [{ status: 202 }],
      event: { ...CANONICAL_EVENT, customer_props: { BH_Note: 'x'.repeat(2049) } },
    },
    {
      name: 'an object custom property ("Objects are not supported"), sent without it',
      replies: [{ status: 202 }],
      event: { ...CANONICAL_EVENT, customer_props: { BH_Address: { city: 'Vilnius' } } },
    },
    { name: '418 no rule knows', replies: [{ status: 418, body: { title: 'teapot' } }] },
  ],
})
