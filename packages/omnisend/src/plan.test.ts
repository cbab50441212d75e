import type { PlannedRequest, SendEvent1 } from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT, SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { eventIdOf } from './event-id'
import { OmnisendOptions, type OmnisendOptionsInput } from './options'
import { planOmnisend } from './plan'

const options = (input: Partial<OmnisendOptionsInput> = {}) =>
  OmnisendOptions.parse({ apiKey: 'test-key', ...input })

function only(event: SendEvent1, input: Partial<OmnisendOptionsInput> = {}): PlannedRequest {
  const plan = planOmnisend(event, options(input))
  if (plan.kind !== 'send' || plan.requests.length !== 1)
    throw new Error(`expected one request, got ${JSON.stringify(plan)}`)
  return plan.requests[0] as PlannedRequest
}

const withPhone = (phone: string, event: SendEvent1 = CANONICAL_EVENT): SendEvent1 => ({
  ...event,
  customer_props: { ...event.customer_props, BH_Phone: phone },
})

describe('planOmnisend: activity events → POST /events', () => {
  it('plans the canonical event as one custom event with the contact inline', () => {
    expect(only(CANONICAL_EVENT)).toEqual({
      operation: 'sendEvent',
      method: 'POST',
      path: '/events',
      body: {
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
      },
    })
  })

  it.each(SAMPLE_NAMES)('plans the %s sample as exactly one request', (name) => {
    const plan = planOmnisend(sampleEvent(name), options())
    expect(plan.kind).toBe('send')
    if (plan.kind === 'send') expect(plan.requests).toHaveLength(1)
  })

  it('maps new_user and referred_user to event properties', () => {
    const event = { ...CANONICAL_EVENT, new_user: true, referred_user: false }
    expect(only(event).body).toMatchObject({
      properties: { BH_Source: 'order', new_user: true, referred_user: false },
    })
  })

  it('renames the event, chooses the property sources, sets the origin', () => {
    const request = only(CANONICAL_EVENT, {
      eventNames: { 'Points Updated': 'Loyalty points updated' },
      eventProps: ['extra_props'],
      origin: 'bubblehouse',
    })
    expect(request.body).toMatchObject({
      eventName: 'Loyalty points updated',
      origin: 'bubblehouse',
      properties: { BH_Points: 50, order_id: 'ORDER-789' },
    })
    expect(request.body).not.toHaveProperty('properties.BH_Source')
  })

  it('writes the event time in UTC, the same on every retry', () => {
    const event = { ...CANONICAL_EVENT, time: '2024-12-26T20:05:42.915+02:00' }
    expect(only(event).body).toMatchObject({ eventTime: '2024-12-26T18:05:42.915Z' })
    expect(only(event)).toEqual(only(event))
  })

  it('renames or leaves out customer_props by contactProps, with the prefix for the rest', () => {
    const event = {
      ...CANONICAL_EVENT,
      customer_props: { BH_Points_Balance: 500, BH_Tier: 'Gold', BH_MagicLink: 'https://x' },
    }
    const request = only(event, {
      propertyPrefix: 'loyalty_',
      contactProps: { BH_Tier: 'vip_tier', BH_MagicLink: null },
    })
    expect(request.body).toMatchObject({
      contact: { customProperties: { loyalty_points_balance: 500, vip_tier: 'Gold' } },
    })
    expect(request.body).not.toHaveProperty('contact.customProperties.loyalty_magic_link')
  })

  it('sends the phone from phoneProp as the contact phone, not as a custom property', () => {
    const request = only(withPhone('+15551230987'), { phoneProp: 'BH_Phone' })
    expect(request.body).toMatchObject({
      contact: { email: 'customer@example.com', phone: '+15551230987' },
    })
    expect(request.body).not.toHaveProperty('contact.customProperties.bh_phone')
  })

  it('turns a __proto__ key into an own property, never the prototype', () => {
    const event = {
      ...CANONICAL_EVENT,
      customer_props: JSON.parse('{"__proto__": 1, "BH_Tier": "Gold"}'),
    }
    const props = (only(event).body as { contact: { customProperties: object } }).contact
      .customProperties
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype)
    expect(JSON.stringify(props)).toBe('{"bh_proto":1,"bh_tier":"Gold"}')
  })
})

describe('planOmnisend: identity', () => {
  it.each([
    [{ shopid: '1' }, undefined, 'OMNISEND_NO_IDENTITY'],
    [{ email: 'not-an-email' }, undefined, 'OMNISEND_INVALID_EMAIL'],
    [{ shopid: '1' }, '555-1234', 'OMNISEND_INVALID_PHONE'],
    [{ shopid: '1' }, '+1555123098765432', 'OMNISEND_INVALID_PHONE'],
    [{ email: 'not-an-email' }, 'nope', 'OMNISEND_INVALID_EMAIL'],
  ])('customer %j with phone %s → invalid_data %s, no call', (customer, phone, code) => {
    const base = { ...CANONICAL_EVENT, customer }
    const event = phone === undefined ? base : withPhone(phone, base)
    expect(planOmnisend(event, options({ phoneProp: 'BH_Phone' }))).toMatchObject({
      kind: 'decision',
      result: { outcome: 'invalid_data', code },
    })
  })

  it('sends by phone when there is no email, or when the email cannot be a mailbox', () => {
    const byPhone = only(withPhone('+15551230987', { ...CANONICAL_EVENT, customer: {} }), {
      phoneProp: 'BH_Phone',
    })
    expect(byPhone.body).toMatchObject({ contact: { phone: '+15551230987' } })
    const badEmail = only(
      withPhone('+15551230987', { ...CANONICAL_EVENT, customer: { email: 'x' } }),
      {
        phoneProp: 'BH_Phone',
      },
    )
    // The plan keeps what Bubblehouse sent; deliver leaves the email out (fit.ts) and reports it.
    expect(badEmail.body).toMatchObject({ contact: { email: 'x', phone: '+15551230987' } })
  })

  it('answers invalid_data for an event whose mapped name is blank', () => {
    expect(planOmnisend({ ...CANONICAL_EVENT, name: ' ' }, options())).toMatchObject({
      kind: 'decision',
      result: { outcome: 'invalid_data', code: 'OMNISEND_NO_EVENT_NAME' },
    })
  })
})

describe('planOmnisend: filters and customer_only', () => {
  it('skips a denied event with no request', () => {
    const denying = { events: { deny: ['Points Updated'] } }
    expect(planOmnisend(sampleEvent('points-updated'), options(denying))).toMatchObject({
      kind: 'decision',
      result: { outcome: 'skipped', code: 'EVENT_FILTERED' },
    })
  })

  it('never filters customer_only events by name (their name carries no meaning)', () => {
    const event = sampleEvent('customer-only')
    const plan = planOmnisend(
      event,
      options({ events: { allow: ['Tier Reached'], deny: [event.name] } }),
    )
    expect(plan).toMatchObject({ kind: 'send', requests: [{ operation: 'upsertContact' }] })
  })

  it('upserts the contact with identifiers, names and custom properties, no channel status', () => {
    const event = withPhone('+15551230987', { ...CANONICAL_EVENT, customer_only: true })
    expect(only(event, { phoneProp: 'BH_Phone' })).toEqual({
      operation: 'upsertContact',
      method: 'POST',
      path: '/contacts',
      body: {
        identifiers: [
          { type: 'email', id: 'customer@example.com', sendWelcomeMessage: false },
          { type: 'phone', id: '+15551230987', sendWelcomeMessage: false },
        ],
        firstName: 'Jane',
        lastName: 'Doe',
        customProperties: { bh_points_balance: 500, bh_tier: 'Gold' },
      },
    })
  })

  it('answers skipped for customer_only with customerOnly: skip', () => {
    expect(
      planOmnisend(sampleEvent('customer-only'), options({ customerOnly: 'skip' })),
    ).toMatchObject({
      kind: 'decision',
      result: { outcome: 'skipped', code: 'OMNISEND_CONTACT_SYNC_OFF' },
    })
  })

  it('is pure: the same event gives the same plan, and the event is not changed', () => {
    const event = structuredClone(CANONICAL_EVENT)
    const first = planOmnisend(event, options())
    expect(planOmnisend(event, options())).toEqual(first)
    expect(event).toEqual(CANONICAL_EVENT)
  })
})

describe('planOmnisend: absent fields', () => {
  it('leaves out customProperties and names the customer does not have, never sends null', () => {
    const event = { ...CANONICAL_EVENT, customer: { email: 'a@example.com' }, customer_props: {} }
    expect(only(event).body).toMatchObject({ contact: { email: 'a@example.com' } })
    expect(Object.keys((only(event).body as { contact: object }).contact)).toEqual(['email'])
    const upsert = only({ ...event, customer_only: true })
    expect(Object.keys(upsert.body as object)).toEqual(['identifiers'])
  })
})
