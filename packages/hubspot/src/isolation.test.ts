/**
 * Two connector instances in one process share nothing: not the token, not the base URL, not the
 * property cache, and no SDK retry or limiter another `new Client()` switches on later
 * (the SDK's decorator list is a process-global singleton: docs/vendors.md §3.7).
 */
import {
  createHarness,
  type FakeVendor,
  sampleEvent,
  startFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { Client } from '@hubspot/api-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PROPERTY_NAMES, FIXTURES, healthyHubspot, propertyList } from './__fixtures__/kit'
import hubspot from './index'

let a: FakeVendor
let b: FakeVendor
beforeAll(async () => {
  a = await startFakeVendor({
    defaultReply: healthyHubspot(DEFAULT_PROPERTY_NAMES.filter((p) => p !== 'bubblehouse_tier')),
  })
  b = await startFakeVendor({ defaultReply: healthyHubspot() })
})
afterAll(async () => {
  await a.close()
  await b.close()
})

let n = 0
const event = () => sampleEvent('tier-reached', { bhid: `iso-${++n}` })
const upserts = (vendor: FakeVendor) => vendor.requests.filter((r) => r.method === 'POST')

describe('two instances in one process', () => {
  it('keep their own token, base URL and property cache', async () => {
    const one = createHarness(hubspot, { accessToken: 'pat-na1-one', baseUrl: a.url })
    const two = createHarness(hubspot, { accessToken: 'pat-eu1-two', baseUrl: b.url })
    const results = await Promise.all([
      one.run(event()),
      two.run(event()),
      one.run(event()),
      two.run(event()),
    ])
    expect(results.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent', 'sent'])

    expect(new Set(a.requests.map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer pat-na1-one']),
    )
    expect(new Set(b.requests.map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer pat-eu1-two']),
    )
    // Portal A has no bubblehouse_tier: only A's writes leave it out.
    for (const request of upserts(a))
      expect(JSON.stringify(request.body)).not.toContain('bubblehouse_tier')
    for (const request of upserts(b))
      expect(JSON.stringify(request.body)).toContain('"bubblehouse_tier":"Platinum"')
  })

  it('never retries, even after another client in the process turned SDK retries and a limiter on', async () => {
    const rateLimited = async (harness: ReturnType<typeof createHarness>, vendor: FakeVendor) => {
      vendor.reset()
      vendor.reply(
        { status: 200, body: propertyList() },
        { status: 429, body: FIXTURES['429-ten-secondly-rolling'] },
      )
      vendor.setDefault({ status: 500, body: 'Internal Server Error' })
      const result = await harness.run(event())
      expect(result).toMatchObject({ outcome: 'failure', code: 'HUBSPOT_RATE_LIMITED' })
      // The SDK's RetryDecorator would wait 10 s and send the upsert again.
      expect(upserts(vendor)).toHaveLength(1)
    }
    const ours = createHarness(hubspot, { accessToken: 'pat-na1-one', baseUrl: a.url })
    // Someone else's client, created after ours: the SDK makes its decorators the process-wide ones.
    const theirs = new Client({
      accessToken: 'pat-other',
      numberOfApiCallRetries: 3,
      limiterOptions: { maxConcurrent: 1, minTime: 1_000 },
    })
    expect(theirs).toBeInstanceOf(Client)
    await rateLimited(ours, a)
    // And a connector created after that client is just as free of them.
    await rateLimited(createHarness(hubspot, { accessToken: 'pat-eu1-two', baseUrl: b.url }), b)
  })
})
