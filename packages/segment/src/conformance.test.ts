import { runConformance } from '@bubblehouse-hooks/core/testing'
import ok from './__fixtures__/200-accepted.json'
import badRequest from './__fixtures__/400-bad-request.json'
import exceedPayloadLimit from './__fixtures__/400-exceed-payload-limit.json'
import { WRITE_KEY } from './__fixtures__/helpers'
import segment from './index'

// Core's conformance suite, with Segment's own rules as rule cases. Fixture sources are listed in
// deliver.test.ts; Segment errors: https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#errors
runConformance({
  definition: segment,
  options: (baseUrl) => ({ writeKey: WRITE_KEY, baseUrl: `${baseUrl}/v1` }),
  ok: { status: 200, body: ok },
  rules: [
    {
      name: '400 Bad Request (batch over 500 KB)',
      replies: [{ status: 400, body: badRequest }],
      outcome: 'invalid_data',
      code: 'SEGMENT_BAD_REQUEST',
    },
    {
      name: '400 Exceed payload limit (message over 32 KB)',
      replies: [{ status: 400, body: exceedPayloadLimit }],
      outcome: 'invalid_data',
      code: 'SEGMENT_BAD_REQUEST',
    },
    { name: '401', replies: [{ status: 401 }], outcome: 'failure', code: 'SEGMENT_UNAUTHORIZED' },
    { name: '403', replies: [{ status: 403 }], outcome: 'failure', code: 'SEGMENT_FORBIDDEN' },
    {
      name: '429 with Retry-After and X-RateLimit-Reset',
      replies: [{ status: 429, headers: { 'retry-after': '3', 'x-ratelimit-reset': '3' } }],
      outcome: 'failure',
      code: 'SEGMENT_RATE_LIMITED',
    },
    { name: '503', replies: [{ status: 503 }], outcome: 'failure', code: 'SEGMENT_SERVER_ERROR' },
  ],
  // One batch carries one customer's messages, so every 4xx but 401, 403 and 429 is about it.
  eventScopedAnswers: [
    { name: '400 Bad Request (batch over 500 KB)', replies: [{ status: 400, body: badRequest }] },
    {
      name: '400 Exceed payload limit (message over 32 KB)',
      replies: [{ status: 400, body: exceedPayloadLimit }],
    },
    { name: '413 Payload Too Large', replies: [{ status: 413, body: 'Payload Too Large' }] },
    { name: '422 an answer Segment does not document', replies: [{ status: 422, body: {} }] },
  ],
})
