import { type FakeReply, runConformance } from '@bubblehouse-hooks/core/testing'
import { FIXTURES, healthyHubspot, propertyList, UPSERT_OK } from './__fixtures__/kit'
import hubspot from './index'

// Every delivery starts by reading the property list (cached per instance), then writes.
const LIST: FakeReply = { status: 200, body: propertyList() }

runConformance({
  definition: hubspot,
  options: (baseUrl) => ({ accessToken: 'pat-na1-test', baseUrl, timeoutMs: 5_000 }),
  ok: healthyHubspot(),
  rules: [
    {
      name: '400 INVALID_EMAIL (vendors.md §3.3)',
      replies: [LIST, { status: 400, body: FIXTURES['400-invalid-email'] }],
      outcome: 'invalid_data',
      code: 'HUBSPOT_INVALID_EMAIL',
    },
    {
      name: '400 invalid option value',
      replies: [LIST, { status: 400, body: FIXTURES['400-invalid-option'] }],
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
      name: '409 Contact already exists → update the existing contact',
      replies: [
        LIST,
        { status: 409, body: FIXTURES['409-contact-already-exists'] },
        { status: 200, body: UPSERT_OK.results[0] },
      ],
      outcome: 'sent',
      code: 'HUBSPOT_CONFLICT_RESOLVED',
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
