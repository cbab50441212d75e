// The default baseUrl against https://a.klaviyo.com, intercepted by nock (no network):
// https://developers.klaviyo.com/en/reference/create_event
import { CANONICAL_EVENT, createHarness } from '@bubblehouse-hooks/core/testing'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import klaviyo from './index'
import { KlaviyoOptions } from './options'
import { planKlaviyo } from './plan'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

it('POSTs to https://a.klaviyo.com/api/events by default with the exact headers and body', async () => {
  const plan = planKlaviyo(CANONICAL_EVENT, KlaviyoOptions.parse({ apiKey: 'pk_live_x' }))
  if (plan.kind !== 'send') throw new Error('expected a send plan')
  const scope = nock('https://a.klaviyo.com', {
    reqheaders: {
      authorization: 'Klaviyo-API-Key pk_live_x',
      revision: '2026-07-15',
      accept: 'application/vnd.api+json',
      'content-type': 'application/json',
    },
  })
    .post('/api/events', (body) => JSON.stringify(body) === JSON.stringify(plan.requests[0]?.body))
    .reply(202)
  const h = createHarness(klaviyo, { apiKey: 'pk_live_x' })
  expect(await h.run(CANONICAL_EVENT)).toMatchObject({ outcome: 'sent', vendorStatus: 202 })
  expect(scope.isDone()).toBe(true)
  await h.connector.close?.()
})
