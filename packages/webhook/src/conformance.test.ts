import { runConformance } from '@bubblehouse-hooks/core/testing'
import { fixture, SECRET } from './__fixtures__/helpers'
import webhook from './index'

// Core's conformance suite. Sources of the receiver bodies: __fixtures__/helpers.ts.
runConformance({
  definition: webhook,
  options: (baseUrl) => ({ url: `${baseUrl}/bh/events`, secret: SECRET }),
  ok: { status: 200, body: fixture('200-zapier-catch-hook.json') },
  rules: [
    {
      name: '410 Gone',
      replies: [{ status: 410, body: 'Gone' }],
      outcome: 'skipped',
      code: 'WEBHOOK_GONE',
    },
    {
      name: '422 FastAPI validation error',
      replies: [{ status: 422, body: fixture('422-fastapi-validation.json') }],
      outcome: 'invalid_data',
      code: 'WEBHOOK_REJECTED',
    },
    {
      name: '400 "No matching signature found" (wrong secret on one side)',
      replies: [{ status: 400, body: fixture('400-no-matching-signature.json') }],
      outcome: 'failure',
      code: 'WEBHOOK_SIGNATURE_REJECTED',
    },
    {
      name: '404 n8n webhook not registered',
      replies: [{ status: 404, body: fixture('404-n8n-not-registered.json') }],
      outcome: 'failure',
      code: 'WEBHOOK_NOT_FOUND',
    },
    {
      name: '200 {"outcome":"unsubscribed"}',
      replies: [{ status: 200, body: { outcome: 'unsubscribed' } }],
      outcome: 'unsubscribed',
      code: 'WEBHOOK_RECEIVER_UNSUBSCRIBED',
    },
  ],
  // Answers about this one event: the receiver rejected it, is done with it, or chose an outcome.
  eventScopedAnswers: [
    { name: '400 Bad Request', replies: [{ status: 400, body: 'Bad Request' }] },
    {
      name: '422 FastAPI validation error',
      replies: [{ status: 422, body: fixture('422-fastapi-validation.json') }],
    },
    { name: '410 Gone (no more of these events)', replies: [{ status: 410, body: 'Gone' }] },
    { name: '413 Payload Too Large', replies: [{ status: 413, body: 'Payload Too Large' }] },
    { name: '409 a status the issue does not list', replies: [{ status: 409, body: {} }] },
    { name: '200 {"outcome":"skipped"}', replies: [{ status: 200, body: { outcome: 'skipped' } }] },
    {
      name: '202 {"outcome":"invalid_data"}',
      replies: [{ status: 202, body: { outcome: 'invalid_data' } }],
    },
  ],
})
