/**
 * The connector over real HTTP against core's fake vendor: exact headers and bodies, one call per
 * event, the fit to Attentive's limits, the resends without rejected fields, the user answers
 * (`skipped` / `unsubscribed`, never `failure`), wait hints, and the key kept out of every result
 * and log line. Error bodies: src/__fixtures__ (built from Attentive's documented ErrorResponseDto
 * shape; Attentive publishes none for these endpoints, see the fixtures README).
 */
import type { SendEvent1 } from '@bubblehouse-hooks/core'
import {
  CANONICAL_EVENT,
  recordingHarness,
  SAMPLE_NAMES,
  sampleEvent,
  useFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { externalEventIdOf } from './event-id'
import attentive from './index'
import type { AttentiveOptionsInput } from './options'

const API_KEY = 'attentive-secret-key-0123456789'
const PHONE = '+15551230987'
const vendor = useFakeVendor({ defaultReply: { status: 200 } })
let n = 0
const fresh = (event: SendEvent1 = CANONICAL_EVENT): SendEvent1 => ({
  ...event,
  bhid: `deliver-${++n}`,
})
const withPhone = (event: SendEvent1 = CANONICAL_EVENT, phone = PHONE): SendEvent1 =>
  fresh({ ...event, customer_props: { ...event.customer_props, BH_Phone: phone } })
const customerOnly = (props: SendEvent1['customer_props']): SendEvent1 =>
  withPhone({ ...CANONICAL_EVENT, customer_only: true, customer_props: props })
const reply = (status: number, name: string) => ({ status, body: fixture(name) })

const recorded = (options: Partial<AttentiveOptionsInput> = {}) =>
  recordingHarness(attentive, {
    apiKey: API_KEY,
    baseUrl: vendor.url,
    phoneProp: 'BH_Phone',
    ...options,
  })

describe('deliver over HTTP', () => {
  it('POSTs the canonical event once, with the bearer key and the exact body', async () => {
    const { h } = recorded()
    expect(await h.run(CANONICAL_EVENT)).toEqual({
      outcome: 'sent',
      code: 'HTTP_2XX',
      reason: 'the vendor accepted the request',
      vendorStatus: 200,
    })
    expect(vendor.requests).toHaveLength(1)
    const [request] = vendor.requests
    expect(`${request?.method} ${request?.url}`).toBe('POST /events/custom')
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      accept: 'application/json',
      'content-type': 'application/json',
    })
    expect(request?.body).toEqual({
      type: 'Points Updated',
      properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
      externalEventId: externalEventIdOf('24a5be6c83010001'),
      occurredAt: '2024-12-26T18:05:42.915Z',
      user: { email: 'customer@example.com' },
    })
  })

  it.each(SAMPLE_NAMES)('sends the %s sample exactly as planned, in one call', async (name) => {
    const { h } = recorded()
    const event = withPhone(sampleEvent(name))
    const plan = h.plan(event)
    if (plan.kind !== 'send') throw new Error('expected a send plan')
    expect((await h.run(event)).outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.path).toBe(plan.requests[0]?.path)
    expect(vendor.requests[0]?.body).toEqual(plan.requests[0]?.body)
  })

  it('sets the loyalty properties as custom attributes for customer_only', async () => {
    const { h } = recorded()
    expect(await h.run(customerOnly(CANONICAL_EVENT.customer_props))).toMatchObject({
      outcome: 'sent',
      vendorStatus: 200,
    })
    expect(vendor.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /attributes/custom'])
    expect(vendor.requests[0]?.body).toEqual({
      properties: { BH_Points_Balance: 500, BH_Tier: 'Gold' },
      user: { phone: PHONE, email: 'customer@example.com' },
    })
  })

  it('a Bubblehouse retry of the same event carries the same externalEventId and occurredAt', async () => {
    const { h } = recorded()
    vendor.reply({ status: 500, body: fixture('500-internal-error.json') })
    const event = fresh()
    expect((await h.run(event)).outcome).toBe('failure')
    expect((await h.run(event)).outcome).toBe('sent')
    const [first, second] = vendor.requests.map((r) => r.body as Record<string, unknown>)
    expect(second?.externalEventId).toBe(first?.externalEventId)
    expect(second?.occurredAt).toBe(first?.occurredAt)
    expect(first?.externalEventId).toBe(externalEventIdOf(event.bhid))
  })
})

describe('fields Attentive cannot take (issue 17, rules 3 and 4)', () => {
  it('leaves out attributes over the documented limits before the call, reported once sent', async () => {
    const { h, logger, metrics } = recorded()
    const long = `BH_${'x'.repeat(200)}`
    const event = customerOnly({
      BH_Tier: 'Gold',
      BH_Cities: ['Vilnius', 'Riga'],
      BH_Address: { city: 'Vilnius' },
      BH_Cleared: null,
      [long]: 1,
    })
    expect(await h.run(event)).toMatchObject({
      outcome: 'sent',
      code: 'ATTENTIVE_SENT_WITHOUT_FIELDS',
    })
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.body).toEqual({
      properties: { BH_Tier: 'Gold' },
      user: { phone: PHONE, email: 'customer@example.com' },
    })
    expect(metrics.fieldDrops).toEqual([
      ['invalid_value', 3],
      ['too_long', 1],
    ])
    const warn = logger.lines
      .filter((l) => l.level === 'warn')
      .map(({ obj: { reason, fields, count } }) => ({ reason, fields, count }))
    expect(warn).toEqual([
      {
        reason: 'invalid_value',
        fields: ['properties.BH_Cities', 'properties.BH_Address', 'properties.BH_Cleared'],
        count: 3,
      },
      { reason: 'too_long', fields: [`properties.${long}`], count: 1 },
    ])
    expect(JSON.stringify(logger.lines)).not.toContain('Vilnius')
  })

  it('attributes with nothing Attentive can store: skipped, no call', async () => {
    const { h, metrics } = recorded()
    expect(await h.run(customerOnly({ BH_Cities: ['Vilnius'] }))).toEqual({
      outcome: 'skipped',
      code: 'ATTENTIVE_NO_ATTRIBUTES',
      reason: 'no customer_props value Attentive can store as a custom attribute',
    })
    expect(vendor.requests).toHaveLength(0)
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
  })

  it('leaves out event property keys with a forbidden character and a phone that is not E.164', async () => {
    const { h, metrics } = recorded()
    const event = withPhone(
      { ...CANONICAL_EVENT, extra_props: { 'BH_Items[0]': 'x', 'a|b': 1, BH_Points: 50 } },
      '555-1234',
    )
    expect((await h.run(event)).code).toBe('ATTENTIVE_SENT_WITHOUT_FIELDS')
    expect(vendor.requests[0]?.body).toMatchObject({
      properties: { BH_Source: 'order', BH_Points: 50 },
      user: { email: 'customer@example.com' },
    })
    expect(vendor.requests[0]?.body).toHaveProperty('properties', {
      BH_Source: 'order',
      BH_Points: 50,
    })
    expect(vendor.requests[0]?.body).toHaveProperty('user', { email: 'customer@example.com' })
    expect(metrics.fieldDrops).toEqual([['invalid_value', 3]])
  })

  it('400 on the phone with an email: sent again by email alone', async () => {
    const { h, metrics } = recorded()
    vendor.reply(reply(400, '400-invalid-phone.json'))
    expect(await h.run(withPhone())).toEqual({
      outcome: 'sent',
      code: 'ATTENTIVE_SENT_WITHOUT_PHONE',
      reason: 'sent by email alone (Attentive rejected the phone)',
      vendorStatus: 200,
    })
    expect(vendor.requests).toHaveLength(2)
    expect(vendor.requests[0]?.body).toHaveProperty('user', {
      phone: PHONE,
      email: 'customer@example.com',
    })
    expect(vendor.requests[1]?.body).toHaveProperty('user', { email: 'customer@example.com' })
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
  })

  it('400 on the email with a phone: sent again by phone alone', async () => {
    const { h, metrics } = recorded()
    vendor.reply(reply(400, '400-invalid-email.json'))
    expect(await h.run(withPhone())).toMatchObject({
      outcome: 'sent',
      code: 'ATTENTIVE_SENT_WITHOUT_EMAIL',
    })
    expect(vendor.requests[1]?.body).toHaveProperty('user', { phone: PHONE })
    expect(metrics.fieldDrops).toEqual([['invalid_email', 1]])
  })

  it('400 on the email with no phone: invalid_data after one call, nothing reported as dropped', async () => {
    const { h, metrics } = recorded()
    vendor.reply(reply(400, '400-invalid-email.json'))
    expect(await h.run(fresh())).toMatchObject({
      outcome: 'invalid_data',
      code: 'ATTENTIVE_INVALID_EMAIL',
    })
    expect(vendor.requests).toHaveLength(1)
    expect(metrics.fieldDrops).toEqual([])
  })

  it('400 naming an attribute (a value not allowed for a UI-created one): sent again without it', async () => {
    const { h, metrics } = recorded()
    vendor.reply(reply(400, '400-invalid-attribute-value.json'))
    expect(await h.run(customerOnly({ BH_Tier: 'Platinum', BH_Points_Balance: 1200 }))).toEqual({
      outcome: 'sent',
      code: 'ATTENTIVE_SENT_WITHOUT_FIELDS',
      reason: 'sent without the properties Attentive rejected',
      vendorStatus: 200,
    })
    expect(vendor.requests[1]?.body).toHaveProperty('properties', { BH_Points_Balance: 1200 })
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
  })

  it('400 naming nothing we sent: invalid_data, no second call', async () => {
    const { h } = recorded()
    vendor.reply(reply(400, '400-invalid-parameter.json'))
    expect(await h.run(fresh())).toEqual({
      outcome: 'invalid_data',
      code: 'ATTENTIVE_INVALID_REQUEST',
      reason: 'Attentive rejected this event (invalid parameter in the body)',
      vendorStatus: 400,
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it('an unknown 4xx is invalid_data, counted and warned with the error id', async () => {
    const { h, logger, metrics } = recorded()
    vendor.reply({ status: 418, body: { error: { id: 4242, message: 'teapot' } } })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'invalid_data', code: 'HTTP_4XX' })
    expect(metrics.unclassified).toEqual([418])
    expect(logger.lines.find((l) => l.level === 'warn')?.obj).toMatchObject({
      vendorStatus: 418,
      vendorCode: '4242',
    })
    expect(JSON.stringify(logger.lines)).not.toContain('teapot')
  })
})

describe('answers about the user: skipped or unsubscribed, never failure', () => {
  it.each([
    ['404 user not found', 404, '404-user-not-found.json', 'skipped', 'ATTENTIVE_UNKNOWN_USER'],
    [
      '400 not subscribed',
      400,
      '400-not-subscribed.json',
      'unsubscribed',
      'ATTENTIVE_NOT_SUBSCRIBED',
    ],
  ] as const)('%s → %s', async (_name, status, body, outcome, code) => {
    const { h } = recorded()
    vendor.reply(reply(status, body))
    expect(await h.run(withPhone())).toMatchObject({ outcome, code, vendorStatus: status })
    expect(vendor.requests).toHaveLength(1)
  })

  it('the same on custom attributes', async () => {
    const { h } = recorded()
    vendor.reply(reply(404, '404-user-not-found.json'))
    expect(await h.run(customerOnly({ BH_Tier: 'Gold' }))).toMatchObject({
      outcome: 'skipped',
      code: 'ATTENTIVE_UNKNOWN_USER',
    })
  })
})

describe('rate limits and configuration answers hold the queue', () => {
  it('429 with no Retry-After: failure with a one-second wait hint (limits are per second)', async () => {
    const { h } = recorded()
    vendor.reply({
      ...reply(429, '429-too-many-requests.json'),
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '150' },
    })
    expect(await h.run(fresh())).toEqual({
      outcome: 'failure',
      code: 'ATTENTIVE_RATE_LIMITED',
      reason: 'rate limited by Attentive (150 requests/second per endpoint)',
      retryAfterMs: 1_000,
      vendorStatus: 429,
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it('429 with Retry-After: that wait', async () => {
    const { h } = recorded()
    vendor.reply({ ...reply(429, '429-too-many-requests.json'), headers: { 'retry-after': '3' } })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', retryAfterMs: 3_000 })
  })

  it.each([
    [401, '401-unauthorized.json', 'ATTENTIVE_UNAUTHORIZED'],
    [403, '403-access-denied.json', 'ATTENTIVE_FORBIDDEN'],
    [404, '404-not-found.json', 'ATTENTIVE_NOT_FOUND'],
    [500, '500-internal-error.json', 'HTTP_5XX'],
  ])('%i → failure %s, no second call', async (status, body, code) => {
    const { h } = recorded()
    vendor.reply(reply(status, body))
    expect(await h.run(withPhone())).toMatchObject({ outcome: 'failure', code })
    expect(vendor.requests).toHaveLength(1)
  })

  it('keeps the API key out of every result and log line', async () => {
    const { h, logger } = recorded()
    vendor.reply(reply(401, '401-unauthorized.json'), { status: 418, body: 'teapot' })
    const results = [await h.run(fresh()), await h.run(fresh())]
    expect(JSON.stringify({ results, lines: logger.lines })).not.toContain(API_KEY)
  })
})
