// Rule fixtures: vendors.md §1.3 (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling);
// 409 duplicate_profile: https://github.com/klaviyo/klaviyo-api-node/issues/75.
import { runConformance } from '@bubblehouse-hooks/core/testing'
import { fixture } from './__fixtures__/load'
import klaviyo from './index'

runConformance({
  definition: klaviyo,
  options: (baseUrl) => ({ apiKey: 'pk_test_conformance', baseUrl }),
  ok: { status: 202 },
  rules: [
    {
      name: '400 invalid email (vendors.md §1.3)',
      replies: [{ status: 400, body: fixture('400-invalid-email.json') }],
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
      name: '409 duplicate_profile, no phone to drop',
      replies: [{ status: 409, body: fixture('409-duplicate-profile.json') }],
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
})
