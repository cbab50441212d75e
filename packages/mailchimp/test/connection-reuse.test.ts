// Core's keep-alive client: the goal is at most 1 new TCP connection per 100 events (the Mailchimp
// SDK opened 2 per event, see the README), and never more than maxConcurrency sockets at once
// (Mailchimp allows 10 simultaneous connections per key, vendors.md §2.5).
import { sampleEvent } from '@bubblehouse-hooks/core'
import { createHarness, type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import mailchimp from '../src/index'
import { okResponder } from './support/fake-mailchimp'
import { API_KEY, LIST_ID } from './support/fixtures'

let vendor: FakeVendor | undefined
afterEach(async () => {
  await vendor?.close()
  vendor = undefined
})

const events = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => sampleEvent('points-earned', { bhid: `${prefix}-${i}` }))

describe('connection reuse', () => {
  it('100 events in a row use one connection', async () => {
    vendor = await startFakeVendor({ defaultReply: okResponder })
    const h = createHarness(mailchimp, {
      apiKey: API_KEY,
      listId: LIST_ID,
      baseUrl: `${vendor.url}/3.0`,
    })
    for (const e of events(100, 'seq')) expect((await h.run(e)).outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(1 + 100 * 2)
    expect(vendor.connections).toBe(1)
  })

  for (const maxConcurrency of [2, 5]) {
    it(`60 concurrent events never open more than maxConcurrency=${maxConcurrency} connections`, async () => {
      const v = await startFakeVendor({
        defaultReply: (r) => ({ ...okResponder(r), delayMs: 10 }),
      })
      vendor = v
      const h = createHarness(mailchimp, {
        apiKey: API_KEY,
        listId: LIST_ID,
        baseUrl: `${v.url}/3.0`,
        maxConcurrency,
      })
      const results = await Promise.all(events(60, `par${maxConcurrency}`).map((e) => h.run(e)))
      expect(results.every((r) => r.outcome === 'sent')).toBe(true)
      expect(v.requests).toHaveLength(1 + 60 * 2)
      expect(v.connections).toBeLessThanOrEqual(maxConcurrency)
    })
  }
})
