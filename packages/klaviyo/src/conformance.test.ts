// Rule fixtures: vendors.md §1.3 (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling);
// 409 duplicate_profile: https://github.com/klaviyo/klaviyo-api-node/issues/75. The 400 bodies
// other than the invalid email are that documented shape with the pointer of another field.
import { CANONICAL_EVENT, runConformance } from '@bubblehouse-hooks/core/testing'
import { fixture } from './__fixtures__/load'
import klaviyo from './index'

const conflict = { status: 409, body: fixture('409-duplicate-profile.json') }
const badEmail = { status: 400, body: fixture('400-invalid-email.json') }

runConformance({
  definition: klaviyo,
  options: (baseUrl) => ({
    apiKey: 'pk_test_conformance',
    baseUrl,
    identity: { phoneProp: 'BH_Phone' },
  }),
  ok: { status: 202 },
  rules: [
    {
      name: '400 invalid email, again after the resend without it (vendors.md §1.3)',
      replies: [badEmail, badEmail],
      outcome: 'invalid_data',
      code: 'KLAVIYO_INVALID_EMAIL',
    },
    {
      name: '401 not_authenticated (vendors.md §1.3)',
      replies: [{ status: 401, body: fixture('401-not-authenticated.json') }],
      outcome: 'failure',
      code: 'KLAVIYO_NOT_AUTHENTICATED',
    },
    {
      name: '403 permission_denied (vendors.md §1.3)',
      replies: [{ status: 403, body: fixture('403-permission-denied.json') }],
      outcome: 'failure',
      code: 'KLAVIYO_PERMISSION_DENIED',
    },
    {
      name: '404 account resource',
      replies: [{ status: 404 }],
      outcome: 'failure',
      code: 'KLAVIYO_NOT_FOUND',
    },
    {
      name: '409 duplicate_profile, resent by email alone → sent',
      replies: [conflict],
      outcome: 'sent',
      code: 'KLAVIYO_SENT_WITHOUT_EXTERNAL_ID',
    },
    {
      name: '409 duplicate_profile, again by email alone',
      replies: [conflict, conflict],
      outcome: 'invalid_data',
      code: 'KLAVIYO_DUPLICATE_PROFILE',
    },
    {
      name: '410 retired revision',
      replies: [{ status: 410 }],
      outcome: 'failure',
      code: 'KLAVIYO_GONE',
    },
    {
      name: '429 throttled (vendors.md §1.3)',
      replies: [
        { status: 429, headers: { 'retry-after': '1' }, body: fixture('429-throttled.json') },
      ],
      outcome: 'failure',
      code: 'KLAVIYO_THROTTLED',
    },
  ],
  eventScopedAnswers: [
    { name: '400 invalid email (vendors.md §1.3)', replies: [badEmail] },
    { name: '400 invalid email twice', replies: [badEmail, badEmail] },
    {
      name: '400 invalid email, no external id to fall back on',
      replies: [badEmail],
      event: { ...CANONICAL_EVENT, customer: { email: 'customer@example.com' } },
    },
    {
      name: '400 on one event property',
      replies: [{ status: 400, body: fixture('400-invalid-event-property.json') }],
    },
    {
      name: '400 on the event time',
      replies: [{ status: 400, body: fixture('400-invalid-time.json') }],
    },
    {
      name: '400 on the metric name',
      replies: [{ status: 400, body: fixture('400-invalid-metric.json') }],
    },
    {
      name: '400 without a pointer',
      replies: [{ status: 400, body: fixture('400-no-pointer.json') }],
    },
    { name: '409 duplicate_profile (klaviyo-api-node#75)', replies: [conflict] },
    { name: '409 duplicate_profile on every resend', replies: [conflict, conflict, conflict] },
    {
      name: '409 duplicate_profile with a phone, on every resend',
      replies: [conflict, conflict, conflict],
      event: {
        ...CANONICAL_EVENT,
        customer_props: { ...CANONICAL_EVENT.customer_props, BH_Phone: '+15551230987' },
      },
    },
    {
      name: '409 duplicate_profile for a profile import',
      replies: [conflict, conflict],
      event: { ...CANONICAL_EVENT, customer_only: true },
    },
    { name: '413 payload too large', replies: [{ status: 413 }] },
    {
      name: 'an event time before 2000 (ingestion limits), sent without it',
      replies: [{ status: 202 }],
      event: { ...CANONICAL_EVENT, time: '1999-12-31T23:59:59Z' },
    },
    {
      name: 'a property over the 100 kB field limit (ingestion limits), sent without it',
      replies: [{ status: 202 }],
      event: { ...CANONICAL_EVENT, extra_props: { BH_Big: 'x'.repeat(100_001) } },
    },
    { name: '422 no rule knows', replies: [{ status: 422, body: fixture('400-no-pointer.json') }] },
  ],
})
