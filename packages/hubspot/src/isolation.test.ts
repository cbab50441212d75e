/**
 * Two connector instances in one process share nothing: not the token, not the base URL, not the
 * property cache, not the connections.
 */
import {
  createHarness,
  type FakeVendor,
  sampleEvent,
  startFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PROPERTY_NAMES, healthyHubspot } from './__fixtures__/kit'
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

  it('keep their own connections, even to the same HubSpot', async () => {
    b.reset()
    const one = createHarness(hubspot, { accessToken: 'pat-na1-one', baseUrl: b.url })
    const two = createHarness(hubspot, { accessToken: 'pat-na1-two', baseUrl: b.url })
    for (let i = 0; i < 5; i++) {
      expect((await one.run(event())).outcome).toBe('sent')
      expect((await two.run(event())).outcome).toBe('sent')
    }
    expect(b.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer pat-na1-one',
      'Bearer pat-na1-one',
      'Bearer pat-na1-two',
      'Bearer pat-na1-two',
      ...Array.from({ length: 4 }, () => ['Bearer pat-na1-one', 'Bearer pat-na1-two']).flat(),
    ])
    // One keep-alive connection per instance: no socket is shared between the two tokens.
    expect(b.connections).toBe(2)
  })
})
