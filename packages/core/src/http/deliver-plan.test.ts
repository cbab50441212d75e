import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ClassifyRule } from '../classify/rules'
import type { PlannedRequest } from '../plan'
import { type FakeVendor, startFakeVendor } from '../testing/fake-vendor'
import { createHttpClient } from './client'
import { deliverPlan } from './deliver-plan'

const RULES: ClassifyRule[] = [
  {
    code: 'VENDOR_OPTED_OUT',
    when: { status: 409, body: { 'errors.code': 'opted_out' } },
    outcome: 'unsubscribed',
    reason: 'opted out',
  },
]

const profile: PlannedRequest = {
  operation: 'upsertProfile',
  method: 'PUT',
  path: '/profiles/1',
  body: { tier: 'Gold' },
}
const track: PlannedRequest = {
  operation: 'track',
  method: 'POST',
  path: '/events',
  query: { v: '2' },
  headers: { 'idempotency-key': 'evt-1' },
  body: { name: 'Points Earned' },
}

let vendor: FakeVendor
beforeAll(async () => {
  vendor = await startFakeVendor()
})
afterAll(() => vendor.close())
beforeEach(() => vendor.reset())

const deliver = (requests: readonly PlannedRequest[], extra = {}) =>
  deliverPlan(requests, {
    http: createHttpClient({ baseUrl: vendor.url, timeoutMs: 2000 }),
    rules: RULES,
    signal: new AbortController().signal,
    ...extra,
  })

describe('deliverPlan', () => {
  it('sends every request in order and answers sent', async () => {
    const r = await deliver([profile, track])
    expect(r).toMatchObject({ outcome: 'sent', code: 'HTTP_2XX', vendorStatus: 200 })
    expect(vendor.requests.map((q) => [q.method, q.url, q.body])).toEqual([
      ['PUT', '/profiles/1', { tier: 'Gold' }],
      ['POST', '/events?v=2', { name: 'Points Earned' }],
    ])
    expect(vendor.requests[1]?.headers['idempotency-key']).toBe('evt-1')
  })

  it('stops at the first request that is not sent, using the connector rules', async () => {
    vendor.reply({ status: 409, body: { errors: [{ code: 'opted_out' }] } })
    expect(await deliver([profile, track])).toMatchObject({
      outcome: 'unsubscribed',
      code: 'VENDOR_OPTED_OUT',
      vendorStatus: 409,
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it('passes Retry-After on as retryAfterMs', async () => {
    vendor.reply({ status: 200 }, { status: 429, headers: { 'retry-after': '4' } })
    expect(await deliver([profile, track])).toMatchObject({
      outcome: 'failure',
      code: 'HTTP_429',
      retryAfterMs: 4000,
    })
  })

  it('turns a transport error into failure with its kind', async () => {
    // The second call's reused socket is reset; the transport retries it once on a fresh socket,
    // which is reset too.
    vendor.reply({ status: 200 }).setDefault({ reset: true })
    expect(await deliver([profile, track])).toEqual({
      outcome: 'failure',
      code: 'NETWORK_RESET',
      reason: 'the connection to the vendor was reset',
    })
  })

  it('answers DEADLINE_EXCEEDED when the signal aborts', async () => {
    vendor.setDefault({ hang: true })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    expect((await deliver([track], { signal: controller.signal })).code).toBe('DEADLINE_EXCEEDED')
  })

  it('lets inspect turn a 2xx into another result', async () => {
    vendor.reply({ status: 200, body: { errors: ['bad'] } })
    const r = await deliver([profile, track], {
      inspect: (_req: PlannedRequest, res: { body: unknown }) =>
        JSON.stringify(res.body).includes('bad')
          ? { outcome: 'invalid_data', code: 'VENDOR_PARTIAL', reason: 'item rejected' }
          : undefined,
    })
    expect(r.code).toBe('VENDOR_PARTIAL')
    expect(vendor.requests).toHaveLength(1)
  })

  it('lets inspect refine a sent result', async () => {
    const r = await deliver([track], {
      inspect: () => ({ outcome: 'sent', code: 'VENDOR_QUEUED', reason: 'queued' }),
    })
    expect(r.code).toBe('VENDOR_QUEUED')
  })

  it('answers skipped for an empty plan without any call', async () => {
    expect((await deliver([])).outcome).toBe('skipped')
    expect(vendor.requests).toHaveLength(0)
  })
})
