import { runConformance } from '../src/testing/index'
import example from './example-connector'

runConformance({
  definition: example,
  options: (baseUrl) => ({ apiKey: 'k', baseUrl, timeoutMs: 5000 }),
  ok: { status: 202, body: {} },
  rules: [
    {
      name: '409 opted_out',
      replies: [{ status: 409, body: { errors: [{ code: 'opted_out' }] } }],
      outcome: 'unsubscribed',
      code: 'EXAMPLE_OPTED_OUT',
    },
    {
      name: '409 other conflict',
      replies: [{ status: 409, body: { errors: [{ code: 'conflict' }] } }],
      outcome: 'invalid_data',
      code: 'HTTP_4XX',
    },
  ],
  eventScopedAnswers: [
    {
      name: '409 conflict about this customer',
      replies: [{ status: 409, body: { errors: [{ code: 'conflict' }] } }],
    },
    {
      name: '422 a validation error no rule knows',
      replies: [{ status: 422, body: { errors: [{ code: 'something_new' }] } }],
    },
  ],
})
