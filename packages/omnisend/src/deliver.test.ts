/**
 * The connector over real HTTP against core's fake vendor: exact headers and bodies, one call per
 * event, the fit to Omnisend's limits, the resend without rejected fields, wait hints, and the key
 * kept out of every result and log line.
 * Error bodies: src/__fixtures__ (https://api-docs.omnisend.com/reference/responses).
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
import { eventIdOf } from './event-id'
import omnisend from './index'
import type { OmnisendOptionsInput } from './options'
import { OMNISEND_API_VERSION } from './version'

const API_KEY = '5f0c1e2d3a4b5c6d7e8f9a0b-0123456789abcdef'
const vendor = useFakeVendor({ defaultReply: { status: 202 } })
let n = 0
const fresh = (event: SendEvent1 = CANONICAL_EVENT): SendEvent1 => ({
  ...event,
  bhid: `deliver-${++n}`,
})
const withPhone = (event: SendEvent1 = CANONICAL_EVENT): SendEvent1 =>
  fresh({ ...event, customer_props: { ...event.customer_props, BH_Phone: '+15551230987' } })

const recorded = (options: Partial<OmnisendOptionsInput> = {}) =>
  recordingHarness(omnisend, {
    apiKey: API_KEY,
    baseUrl: vendor.url,
    phoneProp: 'BH_Phone',
    ...options,
  })

describe('deliver over HTTP', () => {
  it('POSTs the canonical event once, with the key, the pinned version and the exact body', async () => {
    const { h } = recorded()
    expect(await h.run(CANONICAL_EVENT)).toEqual({
      outcome: 'sent',
      code: 'HTTP_2XX',
      reason: 'the vendor accepted the request',
      vendorStatus: 202,
    })
    expect(vendor.requests).toHaveLength(1)
    const [request] = vendor.requests
    expect(`${request?.method} ${request?.url}`).toBe('POST /events')
    expect(request?.headers).toMatchObject({
      authorization: `Omnisend-API-Key ${API_KEY}`,
      'omnisend-version': '2026-03-15',
      accept: 'application/json',
      'content-type': 'application/json',
    })
    expect(OMNISEND_API_VERSION).toBe('2026-03-15')
    expect(request?.body).toEqual({
      eventName: 'Points Updated',
      origin: 'api',
      eventID: eventIdOf('24a5be6c83010001'),
      eventTime: '2024-12-26T18:05:42.915Z',
      contact: {
        email: 'customer@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        customProperties: { bh_points_balance: 500, bh_tier: 'Gold' },
      },
      properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
    })
  })

  it.each(SAMPLE_NAMES)('sends the %s sample exactly as planned, in one call', async (name) => {
    const { h } = recorded()
    const event = withPhone(sampleEvent(name))
    const plan = h.plan(event)
    if (plan.kind !== 'send') throw new Error('expected a send plan')
    vendor.setDefault({ status: event.customer_only ? 200 : 202 })
    expect((await h.run(event)).outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.path).toBe(plan.requests[0]?.path)
    expect(vendor.requests[0]?.body).toEqual(plan.requests[0]?.body)
  })

  it('upserts the contact for customer_only and reads 201 Created as sent', async () => {
    const { h } = recorded()
    vendor.reply({ status: 201, body: fixture('201-contact-created.json') })
    expect(await h.run(withPhone({ ...CANONICAL_EVENT, customer_only: true }))).toMatchObject({
      outcome: 'sent',
      vendorStatus: 201,
    })
    expect(vendor.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /contacts'])
    expect(vendor.requests[0]?.body).toEqual({
      identifiers: [
        { type: 'email', id: 'customer@example.com', sendWelcomeMessage: false },
        { type: 'phone', id: '+15551230987', sendWelcomeMessage: false },
      ],
      firstName: 'Jane',
      lastName: 'Doe',
      customProperties: { bh_points_balance: 500, bh_tier: 'Gold' },
    })
  })

  it('a Bubblehouse retry of the same event carries the same eventID and eventTime', async () => {
    const { h } = recorded()
    vendor.reply({ status: 503 })
    const event = fresh()
    expect((await h.run(event)).outcome).toBe('failure')
    expect((await h.run(event)).outcome).toBe('sent')
    const [first, second] = vendor.requests.map((r) => r.body as Record<string, unknown>)
    expect(second?.eventID).toBe(first?.eventID)
    expect(second?.eventTime).toBe(first?.eventTime)
    expect(first?.eventID).toBe(eventIdOf(event.bhid))
  })
})

describe('fields Omnisend cannot take (issue 17, rules 3 and 4)', () => {
  it('leaves out a custom property over the documented limits before the call, reported once sent', async () => {
    const { h, logger, metrics } = recorded()
    const event = fresh({
      ...CANONICAL_EVENT,
      customer_props: { BH_Tier: 'Gold', BH_Note: 'x'.repeat(2049) },
    })
    expect(await h.run(event)).toMatchObject({
      outcome: 'sent',
      code: 'OMNISEND_SENT_WITHOUT_FIELDS',
    })
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.body).toMatchObject({
      contact: { customProperties: { bh_tier: 'Gold' } },
    })
    expect(vendor.requests[0]?.body).not.toHaveProperty('contact.customProperties.bh_note')
    expect(metrics.fieldDrops).toEqual([['too_long', 1]])
    expect(logger.lines.find((l) => l.level === 'warn')?.obj).toMatchObject({
      reason: 'too_long',
      fields: ['contact.customProperties.bh_note'],
    })
  })

  it('400 naming an event property: sent again without it, the rest delivered', async () => {
    const { h, metrics } = recorded()
    vendor.reply({ status: 400, body: fixture('400-invalid-event-property.json') })
    expect(await h.run(fresh())).toEqual({
      outcome: 'sent',
      code: 'OMNISEND_SENT_WITHOUT_FIELDS',
      reason: 'sent without the fields Omnisend rejected',
      vendorStatus: 202,
    })
    expect(vendor.requests).toHaveLength(2)
    expect(vendor.requests[0]?.body).toHaveProperty('properties.BH_Points', 50)
    expect(vendor.requests[1]?.body).toHaveProperty('properties', {
      BH_Source: 'order',
      order_id: 'ORDER-789',
    })
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
  })

  it('400 on contact.email with a phone: sent again by phone', async () => {
    const { h, metrics } = recorded()
    vendor.reply({ status: 400, body: fixture('400-invalid-contact-email.json') })
    expect(await h.run(withPhone())).toMatchObject({
      outcome: 'sent',
      code: 'OMNISEND_SENT_WITHOUT_FIELDS',
    })
    expect(vendor.requests[1]?.body).toMatchObject({ contact: { phone: '+15551230987' } })
    expect(vendor.requests[1]?.body).not.toHaveProperty('contact.email')
    expect(metrics.fieldDrops).toEqual([['invalid_email', 1]])
  })

  it('400 on contact.email with no phone: invalid_data after one call, nothing reported as dropped', async () => {
    const { h, metrics } = recorded()
    vendor.reply({ status: 400, body: fixture('400-invalid-contact-email.json') })
    expect(await h.run(fresh())).toMatchObject({
      outcome: 'invalid_data',
      code: 'OMNISEND_INVALID_EMAIL',
    })
    expect(vendor.requests).toHaveLength(1)
    expect(metrics.fieldDrops).toEqual([])
  })

  it('400 on eventName (required): invalid_data, no second call', async () => {
    const { h } = recorded()
    vendor.reply({ status: 400, body: fixture('400-invalid-event-name.json') })
    expect(await h.run(fresh())).toMatchObject({
      outcome: 'invalid_data',
      code: 'OMNISEND_INVALID_EVENT_NAME',
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it('400 on eventID: sent again without it (Omnisend then makes its own)', async () => {
    const { h } = recorded()
    vendor.reply({ status: 400, body: fixture('400-invalid-event-id.json') })
    expect((await h.run(fresh())).code).toBe('OMNISEND_SENT_WITHOUT_FIELDS')
    expect(vendor.requests[1]?.body).not.toHaveProperty('eventID')
    expect(vendor.requests[1]?.body).toHaveProperty('eventTime')
  })

  it('409 on a contact upsert: sent again by email alone', async () => {
    const { h } = recorded()
    vendor.reply({ status: 409, body: fixture('409-identifier-conflict.json') }, { status: 200 })
    expect(await h.run(withPhone({ ...CANONICAL_EVENT, customer_only: true }))).toMatchObject({
      outcome: 'sent',
      code: 'OMNISEND_SENT_WITHOUT_PHONE',
    })
    expect(vendor.requests[1]?.body).toMatchObject({
      identifiers: [{ type: 'email', id: 'customer@example.com', sendWelcomeMessage: false }],
    })
    expect(vendor.requests[1]?.body).toHaveProperty('identifiers.length', 1)
  })

  it('an unknown 4xx is invalid_data, counted and warned with the problem type', async () => {
    const { h, logger, metrics } = recorded()
    vendor.reply({
      status: 418,
      body: { type: 'https://problems.omnisend.com/teapot', status: 418 },
    })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'invalid_data', code: 'HTTP_4XX' })
    expect(metrics.unclassified).toEqual([418])
    expect(JSON.stringify(logger.lines)).toContain('teapot')
  })
})

describe('rate limits and configuration answers hold the queue', () => {
  it("429: failure with the body's retryAfter as the wait hint", async () => {
    const { h } = recorded()
    vendor.reply({ status: 429, body: fixture('429-rate-limit-exceeded.json') })
    expect(await h.run(fresh())).toEqual({
      outcome: 'failure',
      code: 'OMNISEND_RATE_LIMITED',
      reason: 'rate limited by Omnisend (400 requests/minute per brand)',
      retryAfterMs: 60_000,
      vendorStatus: 429,
    })
    expect(vendor.requests).toHaveLength(1)
  })

  it('429 without a body: the wait hint from X-Rate-Limit-Reset', async () => {
    const { h } = recorded()
    vendor.reply({ status: 429, headers: { 'x-rate-limit-reset': '17' } })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', retryAfterMs: 17_000 })
  })

  it.each([
    [401, '401-unauthorized.json', 'OMNISEND_UNAUTHORIZED'],
    [403, '403-forbidden.json', 'OMNISEND_FORBIDDEN'],
    [410, '410-version-retired.json', 'OMNISEND_VERSION_RETIRED'],
  ])('%i → failure %s, no resend', async (status, name, code) => {
    const { h } = recorded()
    vendor.reply({ status, body: fixture(name) })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', code })
    expect(vendor.requests).toHaveLength(1)
  })

  it('keeps the API key and the email out of every result and log line', async () => {
    const { h, logger } = recorded()
    vendor.reply(
      { status: 400, body: fixture('400-invalid-contact-email.json') },
      { status: 401, body: fixture('401-unauthorized.json') },
    )
    const results = [await h.run(withPhone()), await h.run(fresh())]
    const text = JSON.stringify([results, logger.lines])
    expect(text).not.toContain(API_KEY)
    expect(text).not.toContain('customer@example.com')
  })
})
