// The default baseUrl against https://api.attentivemobile.com/v1, intercepted by nock (no network):
// https://docs.attentivemobile.com/openapi/reference/tag/Custom-Events
import { CANONICAL_EVENT, createHarness } from '@bubblehouse-hooks/core/testing'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import attentive from './index'
import { AttentiveOptions } from './options'
import { planAttentive } from './plan'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

it('POSTs to https://api.attentivemobile.com/v1/events/custom by default with the exact headers and body', async () => {
  const plan = planAttentive(CANONICAL_EVENT, AttentiveOptions.parse({ apiKey: 'live-key' }))
  if (plan.kind !== 'send') throw new Error('expected a send plan')
  const scope = nock('https://api.attentivemobile.com', {
    reqheaders: {
      authorization: 'Bearer live-key',
      accept: 'application/json',
      'content-type': 'application/json',
    },
  })
    .post(
      '/v1/events/custom',
      (body) => JSON.stringify(body) === JSON.stringify(plan.requests[0]?.body),
    )
    .reply(200)
  const h = createHarness(attentive, { apiKey: 'live-key' })
  expect(await h.run(CANONICAL_EVENT)).toMatchObject({ outcome: 'sent', vendorStatus: 200 })
  expect(scope.isDone()).toBe(true)
  await h.connector.close?.()
})
