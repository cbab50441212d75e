import { type FakeReply, runConformance, sampleEvent } from '@bubblehouse-hooks/core/testing'
import {
  ALL_PROPERTY_NAMES,
  FIXTURES,
  healthyHubspot,
  propertyList,
  UPSERT_OK,
} from './__fixtures__/kit'
import hubspot from './index'

// Every delivery starts by reading the property list (cached per instance), then writes.
const LIST: FakeReply = { status: 200, body: propertyList() }
// A portal where the expiration date property exists as a string (its value goes out as it is).
const LIST_ALL: FakeReply = {
  status: 200,
  body: propertyList(ALL_PROPERTY_NAMES, { bubblehouse_points_next_expiration_date: 'string' }),
}
const UPSERTED: FakeReply = { status: 200, body: UPSERT_OK }
const inside207 = (message: string): FakeReply => ({
  status: 207,
  body: {
    ...FIXTURES['207-batch-validation-error'],
    errors: [{ ...FIXTURES['207-batch-validation-error'].errors[0], message }],
  },
})
const CONFLICT: FakeReply = { status: 409, body: FIXTURES['409-contact-already-exists'] }
// The documented error schema keyed by the event's email.
const EVENT_EMAIL = JSON.parse(
  JSON.stringify(FIXTURES['400-event-name']).replaceAll('eventName', 'email'),
)

runConformance({
  definition: hubspot,
  options: (baseUrl) => ({
    accessToken: 'pat-na1-test',
    baseUrl,
    timeoutMs: 5_000,
    // The suite's event (Points Updated) also sends a custom event, so its answers are checked.
    customEvents: {
      portalId: '1234567',
      events: {
        'Points Updated': { name: 'points_updated', properties: { BH_Points: 'points_earned' } },
      },
    },
  }),
  ok: healthyHubspot(),
  eventScopedAnswers: [
    {
      name: '400 INVALID_EMAIL (vendors.md §3.3)',
      replies: [LIST, { status: 400, body: FIXTURES['400-invalid-email'] }],
    },
    {
      name: '400 INVALID_OPTION on one property',
      replies: [LIST, { status: 400, body: FIXTURES['400-invalid-option'] }],
    },
    {
      name: '400 INVALID_OPTION twice (no repair left)',
      replies: [
        LIST,
        { status: 400, body: FIXTURES['400-invalid-option'] },
        { status: 400, body: FIXTURES['400-invalid-option'] },
      ],
    },
    {
      name: '400 INVALID_FLOAT and INVALID_OPTION',
      replies: [LIST, { status: 400, body: FIXTURES['400-invalid-values'] }],
    },
    {
      name: '400 INVALID_DATE "not midnight" on a date property',
      replies: [LIST_ALL, { status: 400, body: FIXTURES['400-invalid-date'] }],
      event: sampleEvent('points-updated', {
        customer_props: { BH_Points_Balance: 500, BH_Points_NextExpiration_Date: '2025-03-01' },
      }),
    },
    {
      name: '207 with INVALID_DATE inside',
      replies: [LIST_ALL, inside207(FIXTURES['400-invalid-date'].message)],
      event: sampleEvent('points-updated', {
        customer_props: { BH_Points_NextExpiration_Date: '2025-03-01' },
      }),
    },
    {
      name: '207 multi-status with a validation error (vendors.md §3.3)',
      replies: [LIST, { status: 207, body: FIXTURES['207-batch-validation-error'] }],
    },
    {
      name: '400 PROPERTY_DOESNT_EXIST on a mapped property',
      replies: [
        LIST,
        {
          status: 400,
          body: JSON.parse(
            JSON.stringify(FIXTURES['400-property-doesnt-exist']).replaceAll(
              'bh_tier_x',
              'bubblehouse_tier',
            ),
          ),
        },
      ],
    },
    { name: '409 Contact already exists → update by id', replies: [LIST, CONFLICT, UPSERTED] },
    {
      name: '409 naming no contact',
      replies: [
        LIST,
        { status: 409, body: { ...FIXTURES['409-contact-already-exists'], message: 'Conflict' } },
      ],
    },
    {
      name: '409, then 404 on the update by id (contact gone)',
      replies: [
        LIST,
        CONFLICT,
        {
          status: 404,
          body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' },
        },
      ],
    },
    {
      name: '409, then 400 INVALID_OPTION on the update by id',
      replies: [LIST, CONFLICT, { status: 400, body: FIXTURES['400-invalid-option'] }],
    },
    {
      name: '/events/v3/send 400 naming an event property',
      replies: [LIST, UPSERTED, { status: 400, body: FIXTURES['400-event-property-invalid'] }],
    },
    {
      name: '/events/v3/send 400 about the email',
      replies: [LIST, UPSERTED, { status: 400, body: EVENT_EMAIL }],
    },
    {
      name: '/events/v3/send 400 no rule knows',
      replies: [LIST, UPSERTED, { status: 400, body: FIXTURES['400-event-validation'] }],
    },
  ],
  rules: [
    {
      name: '400 INVALID_EMAIL (vendors.md §3.3)',
      replies: [LIST, { status: 400, body: FIXTURES['400-invalid-email'] }],
      outcome: 'invalid_data',
      code: 'HUBSPOT_INVALID_EMAIL',
    },
    {
      // Resent without the property; the suite's custom event follows, so the last code is its own.
      name: '400 invalid option value → resent without it',
      replies: [LIST, { status: 400, body: FIXTURES['400-invalid-option'] }],
      outcome: 'sent',
    },
    {
      name: '400 invalid option value again after the resend',
      replies: [
        LIST,
        { status: 400, body: FIXTURES['400-invalid-option'] },
        { status: 400, body: FIXTURES['400-invalid-option'] },
      ],
      outcome: 'invalid_data',
      code: 'HUBSPOT_INVALID_PROPERTY_VALUE',
    },
    {
      name: '207 multi-status with a validation error (vendors.md §3.3)',
      replies: [LIST, { status: 207, body: FIXTURES['207-batch-validation-error'] }],
      outcome: 'invalid_data',
      code: 'HUBSPOT_INVALID_PROPERTY_VALUE',
    },
    {
      // The suite's custom event follows the update, so the last code is its own.
      name: '409 Contact already exists → update the existing contact',
      replies: [
        LIST,
        { status: 409, body: FIXTURES['409-contact-already-exists'] },
        { status: 200, body: UPSERT_OK.results[0] },
      ],
      outcome: 'sent',
    },
    {
      name: '401 INVALID_AUTHENTICATION on the property list (vendors.md §3.3)',
      replies: [{ status: 401, body: FIXTURES['401-invalid-authentication'] }],
      outcome: 'failure',
      code: 'HUBSPOT_INVALID_AUTHENTICATION',
    },
    {
      name: '403 MISSING_SCOPES on the upsert (vendors.md §3.3)',
      replies: [LIST, { status: 403, body: FIXTURES['403-missing-scopes'] }],
      outcome: 'failure',
      code: 'HUBSPOT_MISSING_SCOPES',
    },
    {
      name: '429 TEN_SECONDLY_ROLLING (vendors.md §3.3)',
      replies: [LIST, { status: 429, body: FIXTURES['429-ten-secondly-rolling'] }],
      outcome: 'failure',
      code: 'HUBSPOT_RATE_LIMITED',
    },
  ],
})
