import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ClassifyRule } from '../classify/rules'
import type { PlannedRequest } from '../plan'
import { type FakeVendor, startFakeVendor } from '../testing/fake-vendor'
import { recordingLogger, recordingMetrics } from '../testing/recorders'
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

const http = () => createHttpClient({ baseUrl: vendor.url, timeoutMs: 2000 })

// biome-ignore lint/suspicious/noExplicitAny: each test passes the hooks it exercises
const deliver = (requests: readonly PlannedRequest[], extra: Record<string, any> = {}) =>
  deliverPlan(requests, {
    http: http(),
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

  it('lets settle turn a 2xx into another result', async () => {
    vendor.reply({ status: 200, body: { errors: ['bad'] } })
    const r = await deliver([profile, track], {
      settle: (_req: PlannedRequest, res: { body: unknown }) =>
        JSON.stringify(res.body).includes('bad')
          ? { outcome: 'invalid_data', code: 'VENDOR_PARTIAL', reason: 'item rejected' }
          : undefined,
    })
    expect(r.code).toBe('VENDOR_PARTIAL')
    expect(vendor.requests).toHaveLength(1)
  })

  it('lets settle refine a sent result, with a follow-up call under the same signal', async () => {
    vendor.reply({ status: 200 }, { status: 200, body: { id: 'list' } })
    const r = await deliver([track], {
      settle: async () => {
        const list = await http().request({ method: 'GET', path: '/lists/1' })
        return list.status === 200
          ? { outcome: 'sent', code: 'VENDOR_QUEUED', reason: 'queued' }
          : undefined
      },
    })
    expect(r.code).toBe('VENDOR_QUEUED')
    expect(vendor.requests.map((q) => q.url)).toEqual(['/events?v=2', '/lists/1'])
  })

  it('lets prepare rewrite a request before it is sent', async () => {
    await deliver([profile], {
      prepare: (req: PlannedRequest) => ({ ...req, body: { tier: 'Silver' } }),
    })
    expect(vendor.requests.map((q) => q.body)).toEqual([{ tier: 'Silver' }])
  })

  it('lets prepare answer without any call', async () => {
    const r = await deliver([profile, track], {
      prepare: () => ({ outcome: 'failure', code: 'FIELDS_UNREADABLE', reason: 'x' }),
    })
    expect(r.code).toBe('FIELDS_UNREADABLE')
    expect(vendor.requests).toHaveLength(0)
  })

  it('sends a repaired request once and answers sent under the repair code', async () => {
    vendor.reply({ status: 400, body: { errors: [{ code: 'bad_field', field: 'tier' }] } })
    const r = await deliver([profile, track], {
      repair: (req: PlannedRequest) => ({
        request: { ...req, body: {} },
        code: 'VENDOR_SENT_WITHOUT_FIELD',
        reason: 'sent without the field',
      }),
    })
    expect(r).toMatchObject({ outcome: 'sent', code: 'HTTP_2XX' })
    expect(vendor.requests.map((q) => [q.url, q.body])).toEqual([
      ['/profiles/1', { tier: 'Gold' }],
      ['/profiles/1', {}],
      ['/events?v=2', { name: 'Points Earned' }],
    ])
  })

  it('answers the repair code when the repaired request is the last one', async () => {
    vendor.reply({ status: 400, body: {} })
    const r = await deliver([profile], {
      repair: (req: PlannedRequest) => ({ request: req, code: 'REPAIRED', reason: 'repaired' }),
    })
    expect(r).toMatchObject({ outcome: 'sent', code: 'REPAIRED', vendorStatus: 200 })
  })

  it('repairs a request at most twice, then keeps the vendor answer', async () => {
    vendor.setDefault({ status: 400, body: { errors: [{ code: 'still_bad' }] } })
    let repairs = 0
    const r = await deliver([profile], {
      repair: (req: PlannedRequest) => {
        repairs++
        return { request: req, code: 'REPAIRED', reason: 'repaired' }
      },
    })
    expect(r).toMatchObject({ outcome: 'invalid_data', code: 'HTTP_4XX' })
    expect(repairs).toBe(2)
    expect(vendor.requests).toHaveLength(3)
  })

  it('never repairs an answer that was sent', async () => {
    let asked = false
    await deliver([profile], {
      repair: () => {
        asked = true
        return undefined
      },
    })
    expect(asked).toBe(false)
  })

  it('uses rulesFor and classify per request', async () => {
    vendor.reply({ status: 409, body: { errors: [{ code: 'opted_out' }] } })
    const r = await deliver([profile], { rulesFor: () => [] })
    expect(r).toMatchObject({ outcome: 'invalid_data', code: 'HTTP_4XX' })
    const judged = await deliver([track], {
      classify: () => ({ outcome: 'skipped', code: 'JUDGED', reason: 'judged' }),
    })
    expect(judged.code).toBe('JUDGED')
  })

  it('reports the fields prepare and repairs left out once sent, under sentWithoutFields', async () => {
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    vendor.reply({ status: 400, body: { errors: [{ field: 'tier' }] } })
    const r = await deliver([profile], {
      logger,
      metrics,
      sentWithoutFields: { code: 'VENDOR_SENT_WITHOUT_FIELDS', reason: 'sent without some fields' },
      prepare: (req: PlannedRequest) => ({
        request: req,
        drops: [{ reason: 'too_long', name: 'BH_Link' }],
      }),
      repair: (req: PlannedRequest) => ({
        request: { ...req, body: {} },
        code: 'VENDOR_SENT_WITHOUT_TIER',
        reason: 'sent without tier',
        drops: [{ reason: 'invalid_value', name: 'tier' }],
      }),
    })
    expect(r).toMatchObject({ outcome: 'sent', code: 'VENDOR_SENT_WITHOUT_TIER' })
    expect(metrics.fieldDrops).toEqual([
      ['too_long', 1],
      ['invalid_value', 1],
    ])
    expect(logger.lines.map((l) => l.obj.fields)).toEqual([['BH_Link'], ['tier']])
  })

  it('answers sentWithoutFields when prepare left fields out and no repair was needed', async () => {
    const r = await deliver([profile], {
      sentWithoutFields: { code: 'VENDOR_SENT_WITHOUT_FIELDS', reason: 'sent without some fields' },
      prepare: (req: PlannedRequest) => ({
        request: req,
        drops: [{ reason: 'too_large', name: 'x' }],
      }),
    })
    expect(r).toMatchObject({
      outcome: 'sent',
      code: 'VENDOR_SENT_WITHOUT_FIELDS',
      vendorStatus: 200,
    })
  })

  it('reports no dropped field when the event was not delivered', async () => {
    const metrics = recordingMetrics()
    vendor.reply({ status: 400, body: {} })
    const r = await deliver([profile], {
      metrics,
      prepare: (req: PlannedRequest) => ({
        request: req,
        drops: [{ reason: 'too_large', name: 'x' }],
      }),
    })
    expect(r.outcome).toBe('invalid_data')
    expect(metrics.fieldDrops).toEqual([])
  })

  it('counts and logs a 4xx no rule knows, with the vendor code and no body values', async () => {
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    vendor.reply({ status: 422, body: { code: 'new_error', detail: 'jane@example.com is odd' } })
    const r = await deliver([profile], {
      logger,
      metrics,
      errorCode: (body: { code?: string }) => body.code,
    })
    expect(r).toMatchObject({ outcome: 'invalid_data', code: 'HTTP_4XX', vendorStatus: 422 })
    expect(metrics.unclassified).toEqual([422])
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        obj: { vendorStatus: 422, vendorCode: 'new_error' },
      }),
    ])
  })

  it('leaves a vendor "code" that is not a short identifier out of the log line', async () => {
    const logger = recordingLogger()
    vendor.reply({ status: 400, body: { code: 'jane@example.com is not valid' } })
    await deliver([profile], { logger, errorCode: (body: { code?: string }) => body.code })
    expect(logger.lines[0]?.obj).toEqual({ vendorStatus: 400 })
  })

  it('does not count 4xx answers a rule knows', async () => {
    const metrics = recordingMetrics()
    vendor.reply({ status: 409, body: { errors: [{ code: 'opted_out' }] } })
    await deliver([profile], { metrics })
    vendor.reply({ status: 401, body: {} })
    await deliver([profile], { metrics })
    expect(metrics.unclassified).toEqual([])
  })

  it('answers skipped for an empty plan without any call', async () => {
    expect((await deliver([])).outcome).toBe('skipped')
    expect(vendor.requests).toHaveLength(0)
  })
})
