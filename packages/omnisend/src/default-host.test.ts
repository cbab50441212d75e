// The default baseUrl against https://api.omnisend.com/api, intercepted by nock (no network):
// https://api-docs.omnisend.com/reference/post_events
import { CANONICAL_EVENT, createHarness } from '@bubblehouse-hooks/core/testing'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import omnisend from './index'
import { OmnisendOptions } from './options'
import { planOmnisend } from './plan'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

it('POSTs to https://api.omnisend.com/api/events by default with the exact headers and body', async () => {
  const plan = planOmnisend(CANONICAL_EVENT, OmnisendOptions.parse({ apiKey: 'live-key' }))
  if (plan.kind !== 'send') throw new Error('expected a send plan')
  const scope = nock('https://api.omnisend.com', {
    reqheaders: {
      authorization: 'Omnisend-API-Key live-key',
      'omnisend-version': '2026-03-15',
      accept: 'application/json',
      'content-type': 'application/json',
    },
  })
    .post('/api/events', (body) => JSON.stringify(body) === JSON.stringify(plan.requests[0]?.body))
    .reply(202)
  const h = createHarness(omnisend, { apiKey: 'live-key' })
  expect(await h.run(CANONICAL_EVENT)).toMatchObject({ outcome: 'sent', vendorStatus: 202 })
  expect(scope.isDone()).toBe(true)
  await h.connector.close?.()
})
