import {
  type JsonObject,
  type JsonValue,
  noopLogger,
  type PlannedRequest,
  type SendEvent1,
} from '@bubblehouse-hooks/core'
import {
  CANONICAL_EVENT,
  createHarness,
  recordingHarness,
  SAMPLE_NAMES,
  sampleEvent,
  useFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { fitRequest } from './fit'
import klaviyo from './index'
import type { KlaviyoOptionsInput } from './options'
import { KLAVIYO_REVISION } from './version'

const API_KEY = 'pk_test_0123456789abcdef'
const vendor = useFakeVendor({ defaultReply: { status: 202 } })
let n = 0
const fresh = (event: SendEvent1): SendEvent1 => ({ ...event, bhid: `deliver-${++n}` })

const harness = (options: Partial<KlaviyoOptionsInput> = {}) =>
  createHarness(
    klaviyo,
    { apiKey: API_KEY, baseUrl: vendor.url, ...options },
    { deadlineMs: 10_000 },
  )

/** A harness whose log lines and metrics are kept. */
const recorded = (options: Partial<KlaviyoOptionsInput> = {}) =>
  recordingHarness(
    klaviyo,
    { apiKey: API_KEY, baseUrl: vendor.url, ...options },
    { deadlineMs: 10_000 },
  )

function requestsOf(h: ReturnType<typeof harness>, event: SendEvent1): readonly PlannedRequest[] {
  const plan = h.plan(event)
  if (plan.kind !== 'send') throw new Error('expected a send plan')
  return plan.requests
}

describe('deliver over HTTP', () => {
  it('POSTs the canonical event once, with the key, the pinned revision and the exact body', async () => {
    const h = harness()
    expect(await h.run(CANONICAL_EVENT)).toEqual({
      outcome: 'sent',
      code: 'HTTP_2XX',
      reason: 'the vendor accepted the request',
      vendorStatus: 202,
    })
    expect(vendor.requests).toHaveLength(1)
    const [request] = vendor.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/api/events')
    expect(request?.headers).toMatchObject({
      authorization: `Klaviyo-API-Key ${API_KEY}`,
      revision: KLAVIYO_REVISION,
      accept: 'application/vnd.api+json',
      'content-type': 'application/json',
    })
    expect(KLAVIYO_REVISION).toBe('2026-07-15')
    expect(request?.body).toEqual({
      data: {
        type: 'event',
        attributes: {
          properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
          time: '2024-12-26T18:05:42.915Z',
          unique_id: '24a5be6c83010001',
          metric: { data: { type: 'metric', attributes: { name: 'Points Updated' } } },
          profile: {
            data: {
              type: 'profile',
              attributes: {
                email: 'customer@example.com',
                external_id: '12345',
                first_name: 'Jane',
                last_name: 'Doe',
                properties: { BH_Points_Balance: 500, BH_Tier: 'Gold' },
              },
            },
          },
        },
      },
    })
  })

  it.each(SAMPLE_NAMES)('sends the %s sample exactly as planned', async (name) => {
    const h = harness({ valueProp: 'BH_Points', identity: { phoneProp: 'BH_Phone' } })
    const event = fresh(
      sampleEvent(name, {
        customer_props: { ...sampleEvent(name).customer_props, BH_Phone: '+15551230987' },
      }),
    )
    const [planned] = requestsOf(h, event)
    expect((await h.run(event)).outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.path).toBe(planned?.path)
    expect(vendor.requests[0]?.body).toEqual(planned?.body)
  })

  it('imports the profile for customer_only and reads 200/201 as sent', async () => {
    const h = harness()
    vendor.reply({ status: 201, body: { data: { type: 'profile', id: '01HX' } } })
    expect(await h.run(fresh(sampleEvent('customer-only')))).toMatchObject({
      outcome: 'sent',
      vendorStatus: 201,
    })
    expect(vendor.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/profile-import'])
    expect(vendor.requests[0]?.body).toEqual({
      data: {
        type: 'profile',
        attributes: {
          email: 'customer@example.com',
          external_id: '12345',
          first_name: 'Jane',
          last_name: 'Doe',
          properties: { BH_Points_Balance: 500, BH_Tier: 'Gold' },
        },
      },
    })
  })
})

const text = fc.string({ unit: 'grapheme', maxLength: 12 })
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value
const props: fc.Arbitrary<JsonObject> = fc.dictionary(text, json, { maxKeys: 5 })

describe('the plan is the wire body', () => {
  it('sends the JSON of every planned body byte for byte (after the fit to Klaviyo limits), for arbitrary events', async () => {
    const h = harness({ valueProp: 'v', identity: { phoneProp: 'p' } })
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: text.filter((s) => s.trim() !== ''),
          customer_only: fc.boolean(),
          email: fc.option(fc.emailAddress(), { nil: undefined }),
          first_name: fc.option(text, { nil: undefined }),
          customer_props: props,
          segment_props: props,
          extra_props: props,
          phone: fc.constantFrom('+15551230987', 'nope'),
        }),
        async (e) => {
          vendor.reset()
          vendor.setDefault({ status: 202 })
          const event = fresh({
            ...CANONICAL_EVENT,
            name: e.name,
            customer_only: e.customer_only,
            customer: { shopid: '1', email: e.email, first_name: e.first_name },
            customer_props: { ...e.customer_props, p: e.phone },
            segment_props: e.segment_props,
            extra_props: { ...e.extra_props, v: 3 },
          })
          const planned = requestsOf(h, event)
          expect((await h.run(event)).outcome).toBe('sent')
          expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
            planned.map((r) => `${r.method} ${r.path}`),
          )
          const fitted = planned.map((r) => {
            const fit = fitRequest(r, Date.now())
            return 'request' in fit ? fit.request : r
          })
          expect(vendor.requests.map((r) => r.raw)).toEqual(
            fitted.map((r) => JSON.stringify(r.body)),
          )
          // Only a phone that is not E.164 is left out of these events.
          const dropped = planned.map(
            (r, i) => JSON.stringify(r.body) !== JSON.stringify(fitted[i]?.body),
          )
          expect(dropped).toEqual(planned.map(() => e.phone === 'nope'))
        },
      ),
      { numRuns: 100 },
    )
  })
})

type EventBody = {
  data: { attributes: { profile: { data: { attributes: Record<string, unknown> } } } }
}

/** The profile attributes of the i-th event the fake received. */
const profileOnWire = (i: number) =>
  (vendor.requests[i]?.body as EventBody | undefined)?.data.attributes.profile.data.attributes

describe('409 duplicate_profile', () => {
  const withPhone = () =>
    fresh(sampleEvent('points-earned', { customer_props: { BH_Phone: '+15551230987' } }))
  const phoneOptions = { identity: { phoneProp: 'BH_Phone' } }
  const conflict = { status: 409, body: fixture('409-duplicate-profile.json') }

  it('retries once without the phone number, then answers sent', async () => {
    const h = harness(phoneOptions)
    vendor.reply(conflict)
    expect(await h.run(withPhone())).toMatchObject({
      outcome: 'sent',
      code: 'KLAVIYO_SENT_WITHOUT_PHONE',
    })
    expect(vendor.requests).toHaveLength(2)
    expect(JSON.stringify(vendor.requests[0]?.body)).toContain('"phone_number":"+15551230987"')
    expect(JSON.stringify(vendor.requests[1]?.body)).not.toContain('phone_number')
    const { phone_number: _dropped, ...rest } = profileOnWire(0) ?? {}
    expect(profileOnWire(1)).toEqual(rest)
  })

  it('with a phone, then without the external id too; a third conflict stays invalid_data', async () => {
    const h = harness(phoneOptions)
    vendor.reply(conflict, conflict, conflict)
    expect(await h.run(withPhone())).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_DUPLICATE_PROFILE',
    })
    expect(vendor.requests).toHaveLength(3)
    const { phone_number: _p, external_id: _x, ...byEmail } = profileOnWire(0) ?? {}
    expect(profileOnWire(2)).toEqual(byEmail)
  })

  // The usual 409 with the defaults (external_id = shop id, no phone): the customer's email
  // changed in the shop and another Klaviyo profile already has the new one (issue 17).
  it('resends once without the external id, so the email decides, then answers sent', async () => {
    const h = harness()
    vendor.reply(conflict)
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'sent',
      code: 'KLAVIYO_SENT_WITHOUT_EXTERNAL_ID',
      vendorStatus: 202,
    })
    expect(vendor.requests).toHaveLength(2)
    expect(profileOnWire(0)).toMatchObject({ email: 'customer@example.com', external_id: '12345' })
    const { external_id: _dropped, ...rest } = profileOnWire(0) ?? {}
    expect(profileOnWire(1)).toEqual(rest)
    const [one, two] = vendor.requests.map((r) => (r.body as EventBody).data.attributes)
    const { profile: _a, ...first } = one ?? {}
    const { profile: _b, ...second } = two ?? {}
    expect(second).toEqual(first)
  })

  it('answers invalid_data when the email alone conflicts again (two calls)', async () => {
    const h = harness()
    vendor.reply(conflict, conflict)
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_DUPLICATE_PROFILE',
    })
    expect(vendor.requests).toHaveLength(2)
  })

  it('answers invalid_data at once when there is no email to decide and no phone to drop', async () => {
    const h = harness()
    vendor.reply(conflict)
    const event = fresh(sampleEvent('points-earned', { customer: { shopid: '12345' } }))
    expect(await h.run(event)).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_DUPLICATE_PROFILE',
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it('retries a profile import without the phone, then without the external id', async () => {
    const h = harness(phoneOptions)
    vendor.reply(conflict, conflict, {
      status: 200,
      body: { data: { type: 'profile', id: '01HX' } },
    })
    const event = fresh(
      sampleEvent('customer-only', { customer_props: { BH_Phone: '+15551230987' } }),
    )
    expect(await h.run(event)).toMatchObject({
      outcome: 'sent',
      code: 'KLAVIYO_SENT_WITHOUT_EXTERNAL_ID',
    })
    expect(vendor.requests.map((r) => r.path)).toEqual([
      '/api/profile-import',
      '/api/profile-import',
      '/api/profile-import',
    ])
    expect(JSON.stringify(vendor.requests[1]?.body)).not.toContain('phone_number')
    expect(JSON.stringify(vendor.requests[1]?.body)).toContain('"external_id":"12345"')
    expect(JSON.stringify(vendor.requests[2]?.body)).not.toContain('external_id')
    expect(JSON.stringify(vendor.requests[2]?.body)).toContain('"email":"customer@example.com"')
  })
})

type WireEvent = {
  data: {
    attributes: {
      time?: string
      properties: Record<string, unknown>
      profile: { data: { attributes: Record<string, unknown> } }
    }
  }
}
const eventOnWire = (i: number) =>
  (vendor.requests[i]?.body as WireEvent | undefined)?.data.attributes

// Limits: https://developers.klaviyo.com/en/docs/rate-limits-and-error-handling (ingestion limits
// of /api/events). Each case delivers the rest of the event, and counts and names what it left out.
describe('fields that break a Klaviyo limit are left out, the rest is delivered (issue 17)', () => {
  it('a property over the 100 kB field limit', async () => {
    const { h, logger, metrics } = recorded()
    const big = 'v'.repeat(100_001)
    const event = fresh(
      sampleEvent('points-earned', { extra_props: { BH_Big: big, BH_Note: 'kept' } }),
    )
    expect(await h.run(event)).toMatchObject({
      outcome: 'sent',
      code: 'KLAVIYO_SENT_WITHOUT_FIELDS',
      vendorStatus: 202,
    })
    expect(vendor.requests).toHaveLength(1)
    expect(eventOnWire(0)?.properties).toEqual({ BH_Source: 'order', BH_Note: 'kept' })
    expect(metrics.fieldDrops).toEqual([['too_large', 1]])
    const warns = logger.lines.filter((l) => l.level === 'warn')
    expect(warns).toHaveLength(1)
    expect(warns[0]?.obj).toMatchObject({ reason: 'too_large', fields: ['BH_Big'], count: 1 })
    expect(JSON.stringify(logger.lines)).not.toContain('vvvv')
  })

  it.each([
    ['before 2000', '1999-12-31T23:59:59.000Z'],
    ['more than a year ahead', new Date(Date.now() + 400 * 86_400_000).toISOString()],
  ])(
    'a time %s: sent without it, so Klaviyo uses the time it receives the event',
    async (_name, time) => {
      const { h, metrics } = recorded()
      expect(await h.run(fresh(sampleEvent('points-earned', { time })))).toMatchObject({
        outcome: 'sent',
        code: 'KLAVIYO_SENT_WITHOUT_FIELDS',
      })
      expect(eventOnWire(0)).not.toHaveProperty('time')
      expect(eventOnWire(0)?.properties).toEqual({
        BH_Source: 'order',
        BH_Points: 50,
        order_id: 'ORDER-789',
      })
      expect(metrics.fieldDrops).toEqual([['out_of_range', 1]])
    },
  )

  it('an invalid email with an external id: delivered by the external id', async () => {
    const { h, logger, metrics } = recorded()
    const event = fresh(
      sampleEvent('points-earned', { customer: { email: 'jane@example', shopid: '12345' } }),
    )
    expect(await h.run(event)).toMatchObject({
      outcome: 'sent',
      code: 'KLAVIYO_SENT_WITHOUT_FIELDS',
    })
    expect(eventOnWire(0)?.profile.data.attributes).not.toHaveProperty('email')
    expect(eventOnWire(0)?.profile.data.attributes).toMatchObject({ external_id: '12345' })
    expect(metrics.fieldDrops).toEqual([['invalid_email', 1]])
    expect(JSON.stringify(logger.lines)).not.toContain('jane@example')
  })

  it('an invalid email and no external id: invalid_data without a call', async () => {
    const { h, metrics } = recorded({ identity: { externalId: 'none' } })
    const event = fresh(
      sampleEvent('points-earned', { customer: { email: 'jane at example.com' } }),
    )
    expect(await h.run(event)).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_INVALID_EMAIL',
    })
    expect(vendor.requests).toHaveLength(0)
    expect(metrics.fieldDrops).toEqual([])
  })

  it('a phone that is not E.164: sent without it, counted', async () => {
    const { h, metrics } = recorded({ identity: { phoneProp: 'BH_Phone' } })
    const event = fresh(sampleEvent('points-earned', { customer_props: { BH_Phone: '555-0987' } }))
    expect(await h.run(event)).toMatchObject({ outcome: 'sent' })
    expect(eventOnWire(0)?.profile.data.attributes).not.toHaveProperty('phone_number')
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
  })
})

describe('a 400 naming fields the event can do without: resent once without them (issue 17)', () => {
  const badProperty = { status: 400, body: fixture('400-invalid-event-property.json') }

  it('one event property (pointer /data/attributes/properties/order_id)', async () => {
    const { h, logger, metrics } = recorded()
    vendor.reply(badProperty)
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'sent',
      code: 'KLAVIYO_SENT_WITHOUT_FIELDS',
      vendorStatus: 202,
    })
    expect(vendor.requests).toHaveLength(2)
    expect(eventOnWire(0)?.properties).toHaveProperty('order_id')
    const { order_id: _dropped, ...rest } = eventOnWire(0)?.properties ?? {}
    expect(eventOnWire(1)?.properties).toEqual(rest)
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
    expect(logger.lines.find((l) => l.level === 'warn')?.obj).toMatchObject({
      fields: ['order_id'],
    })
  })

  it('the event time', async () => {
    const { h, metrics } = recorded()
    vendor.reply({ status: 400, body: fixture('400-invalid-time.json') })
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({ outcome: 'sent' })
    expect(eventOnWire(0)).toHaveProperty('time')
    expect(eventOnWire(1)).not.toHaveProperty('time')
    expect(metrics.fieldDrops).toEqual([['invalid_date', 1]])
  })

  it('the email, with an external id (vendors.md §1.3 body)', async () => {
    const { h, metrics } = recorded()
    vendor.reply({ status: 400, body: fixture('400-invalid-email.json') })
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({ outcome: 'sent' })
    expect(eventOnWire(1)?.profile.data.attributes).not.toHaveProperty('email')
    expect(metrics.fieldDrops).toEqual([['invalid_email', 1]])
  })

  it('the email, with no external id: invalid_data, one call, nothing counted as dropped', async () => {
    const { h, metrics } = recorded({ identity: { externalId: 'none' } })
    vendor.reply({ status: 400, body: fixture('400-invalid-email.json') })
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_INVALID_EMAIL',
    })
    expect(vendor.requests).toHaveLength(1)
    expect(metrics.fieldDrops).toEqual([])
  })

  it('refused again: invalid_data, and the drop is not reported as delivered', async () => {
    const { h, logger, metrics } = recorded()
    vendor.reply(badProperty, { status: 400, body: fixture('400-invalid-time.json') }, badProperty)
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({ outcome: 'invalid_data' })
    expect(vendor.requests).toHaveLength(3)
    expect(metrics.fieldDrops).toEqual([])
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([])
  })

  it('the metric name cannot be left out: invalid_data after one call', async () => {
    vendor.reply({ status: 400, body: fixture('400-invalid-metric.json') })
    expect(await harness().run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_INVALID_METRIC',
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it('a 400 without a pointer: invalid_data HTTP_4XX, counted and logged with its code', async () => {
    const { h, logger, metrics } = recorded()
    vendor.reply({ status: 400, body: fixture('400-no-pointer.json') })
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'invalid_data',
      code: 'HTTP_4XX',
    })
    expect(metrics.unclassified).toEqual([400])
    expect(logger.lines.find((l) => l.level === 'warn')?.obj).toMatchObject({
      vendorStatus: 400,
      vendorCode: 'invalid',
    })
  })
})

describe('no hidden retries, sleeps or redirects', () => {
  it('answers 429 at once with Retry-After as retryAfterMs (no retries)', async () => {
    const h = harness()
    vendor.setDefault({
      status: 429,
      headers: { 'retry-after': '30' },
      body: fixture('429-throttled.json'),
    })
    expect(await h.run(fresh(CANONICAL_EVENT))).toEqual({
      outcome: 'failure',
      code: 'KLAVIYO_THROTTLED',
      reason: 'rate limited by Klaviyo',
      retryAfterMs: 30_000,
      vendorStatus: 429,
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it.each([503, 504, 524])('makes one call on %i', async (status) => {
    const h = harness()
    vendor.setDefault({ status, body: 'unavailable' })
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({ outcome: 'failure' })
    expect(vendor.requests).toHaveLength(1)
  })

  it('does not follow a redirect (a wrong baseUrl)', async () => {
    const h = harness()
    vendor.reply({ status: 301, headers: { location: `${vendor.url}/elsewhere` } })
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'failure',
      code: 'HTTP_3XX',
    })
    expect(vendor.requests).toHaveLength(1)
  })
})

describe('timeouts and the deadline', () => {
  it('answers failure TIMEOUT when one call exceeds timeoutMs', async () => {
    const h = harness({ timeoutMs: 200 })
    vendor.setDefault({ status: 202, delayMs: 5_000 })
    expect(await h.run(fresh(CANONICAL_EVENT))).toMatchObject({
      outcome: 'failure',
      code: 'TIMEOUT',
    })
  })

  it('aborts the call when the hook signal fires', async () => {
    const h = harness()
    vendor.setDefault({ hang: true })
    const controller = new AbortController()
    const pending = h.connector.deliver(requestsOf(h, CANONICAL_EVENT), {
      signal: controller.signal,
      bhid: CANONICAL_EVENT.bhid,
      logger: noopLogger,
    })
    setTimeout(() => controller.abort(), 100)
    expect(await pending).toMatchObject({ outcome: 'failure', code: 'DEADLINE_EXCEEDED' })
  })

  it('sends nothing when the signal is already aborted', async () => {
    const h = harness()
    const result = await h.connector.deliver(requestsOf(h, CANONICAL_EVENT), {
      signal: AbortSignal.abort(),
      bhid: CANONICAL_EVENT.bhid,
      logger: noopLogger,
    })
    expect(result).toMatchObject({ outcome: 'failure', code: 'DEADLINE_EXCEEDED' })
    expect(vendor.requests).toHaveLength(0)
  })
})
