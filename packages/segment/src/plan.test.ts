import { CANONICAL_EVENT, type SendEvent1 } from '@bubblehouse-hooks/core'
import { SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { batchOf, messageOf, objectAt, onlyRequest, options } from './__fixtures__/helpers'
import { planEvent } from './plan'

const plan = (event: SendEvent1, input = {}) => planEvent(event, options(input))

describe('plan: snapshots', () => {
  // One snapshot per sample event of core (every documented event name, plus customer_only).
  for (const name of SAMPLE_NAMES) {
    it(`plans ${name}`, () => {
      expect(plan(sampleEvent(name))).toMatchSnapshot()
    })
  }

  it('plans unicode names, keys and values as they are', () => {
    const event = sampleEvent('tier-reached', {
      name: 'Niveau atteint ✨',
      customer: {
        bhid: 'cust-ü-1',
        email: 'zoë@example.com',
        first_name: 'Zoë',
        last_name: '山田',
        full_name: 'Zoë 山田',
      },
      customer_props: { BH_Tier: 'Or 🥇', BH_Niveau_Été: 'très haut' },
      segment_props: { BH_Tier: 'Platine 💎' },
      extra_props: { BH_Coupon_Ω: 'ΩMEGA-10', BH_Note: 'line1\nline2\t"quoted"' },
    })
    expect(plan(event)).toMatchSnapshot()
  })

  it('plans nested objects, arrays, nulls, booleans and big numbers as they are', () => {
    const event = sampleEvent('points-earned', {
      customer_props: {
        BH_Badges: ['first-order', 'reviewer', { name: 'vip', since: '2024-01-01' }],
        BH_Profile: { tier: { name: 'Gold', rank: 2 }, flags: [true, false, null] },
        BH_Empty: {},
        BH_None: null,
      },
      segment_props: { BH_Source: 'order', BH_Tags: [] },
      extra_props: {
        BH_Points: 50,
        BH_Lines: [{ sku: 'A-1', qty: 2, price: 9.99 }],
        BH_Big: 9007199254740991,
        BH_Neg: -0.5,
      },
    })
    const p = plan(event)
    expect(p).toMatchSnapshot()
    expect(objectAt(messageOf(p, 'identify'), 'traits').BH_Profile).toEqual({
      tier: { name: 'Gold', rank: 2 },
      flags: [true, false, null],
    })
    expect(objectAt(messageOf(p, 'track'), 'properties').BH_Lines).toEqual([
      { sku: 'A-1', qty: 2, price: 9.99 },
    ])
  })

  it('plans a message with every option changed', () => {
    const event = sampleEvent('referral-approved-receiver')
    expect(
      plan(event, {
        userIdSource: 'shopid',
        customerTraits: { email: 'email_address', first_name: null, shopid: 'shopCustomerId' },
        traitMapping: { BH_Points_Balance: 'loyaltyPoints', BH_Tier: null },
        eventNames: { 'Referral Approved (Receiver)': 'Referral Completed' },
        propsSources: ['extra_props'],
        propertyMapping: { BH_Sender_FirstName: null, BH_Link: 'referral_url' },
      }),
    ).toMatchSnapshot()
  })
})

describe('plan: the batch', () => {
  it('is exactly one POST /batch with identify then track', () => {
    const p = plan(CANONICAL_EVENT)
    const request = onlyRequest(p)
    expect(request).toMatchObject({ operation: 'batch', method: 'POST', path: '/batch' })
    expect(batchOf(p).map((m) => m.type)).toEqual(['identify', 'track'])
  })

  it('holds the identify only for customer_only, whatever the name', () => {
    const p = plan(sampleEvent('customer-only', { name: '' }))
    expect(batchOf(p).map((m) => m.type)).toEqual(['identify'])
  })

  it('uses bhid as the track messageId and a derived id for the identify', () => {
    const p = plan(CANONICAL_EVENT)
    expect(messageOf(p, 'track').messageId).toBe('24a5be6c83010001')
    expect(messageOf(p, 'identify').messageId).toBe('24a5be6c83010001-identify')
  })

  it('keeps messageIds under 100 characters for a 256-character bhid', () => {
    const p = plan({ ...CANONICAL_EVENT, bhid: 'b'.repeat(256) })
    for (const message of batchOf(p)) {
      expect(String(message.messageId).length).toBeLessThan(100)
    }
    expect(messageOf(p, 'track').messageId).not.toBe(messageOf(p, 'identify').messageId)
  })

  it('sends the event time as the timestamp of both messages, in UTC', () => {
    const p = plan({ ...CANONICAL_EVENT, time: '2024-12-26T20:05:42.915+02:00' })
    for (const message of batchOf(p)) expect(message.timestamp).toBe('2024-12-26T18:05:42.915Z')
  })

  it('turns a leap second into a timestamp Segment can parse', () => {
    const p = plan({ ...CANONICAL_EVENT, time: '2016-12-31T23:59:60Z' })
    expect(messageOf(p, 'track').timestamp).toBe('2016-12-31T23:59:59.000Z')
  })

  it('never puts the write key into the plan', () => {
    expect(JSON.stringify(plan(CANONICAL_EVENT))).not.toContain('wk_test')
    expect(onlyRequest(plan(CANONICAL_EVENT)).headers).toBeUndefined()
  })
})

describe('plan: identity', () => {
  it('uses customer.bhid as the userId by default', () => {
    expect(messageOf(plan(CANONICAL_EVENT), 'track').userId).toBe('24760933ea010001')
  })

  it('uses customer.shopid when configured', () => {
    const p = plan(CANONICAL_EVENT, { userIdSource: 'shopid' })
    for (const message of batchOf(p)) expect(message.userId).toBe('12345')
  })

  it('answers invalid_data without a request when the userId field is missing', () => {
    const event = { ...CANONICAL_EVENT, customer: { email: 'customer@example.com' } }
    expect(plan(event)).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'SEGMENT_NO_USER_ID',
        reason: 'the customer has no bhid; Segment drops messages without a userId or anonymousId',
      },
    })
  })

  it('treats an empty or blank id as missing', () => {
    for (const bhid of ['', '   ']) {
      const event = { ...CANONICAL_EVENT, customer: { ...CANONICAL_EVENT.customer, bhid } }
      expect(plan(event)).toMatchObject({ result: { code: 'SEGMENT_NO_USER_ID' } })
    }
  })

  it('falls back to the anonymousId field when configured, and only then', () => {
    const event = { ...CANONICAL_EVENT, customer: { bhid: '2476', email: 'c@example.com' } }
    const p = plan(event, { userIdSource: 'shopid', anonymousIdSource: 'bhid' })
    for (const message of batchOf(p)) {
      expect(message.anonymousId).toBe('2476')
      expect(message).not.toHaveProperty('userId')
    }
    const withShop = plan(CANONICAL_EVENT, { userIdSource: 'shopid', anonymousIdSource: 'bhid' })
    expect(messageOf(withShop, 'track')).toMatchObject({ userId: '12345' })
    expect(messageOf(withShop, 'track')).not.toHaveProperty('anonymousId')
    const neither = { ...CANONICAL_EVENT, customer: { email: 'c@example.com' } }
    expect(plan(neither, { userIdSource: 'shopid', anonymousIdSource: 'bhid' })).toMatchObject({
      result: {
        code: 'SEGMENT_NO_USER_ID',
        reason:
          'the customer has no shopid or bhid; Segment drops messages without a userId or anonymousId',
      },
    })
  })
})

describe('plan: traits', () => {
  it('maps customer fields to the Segment reserved traits and leaves empty ones out', () => {
    const event = {
      ...CANONICAL_EVENT,
      customer: { bhid: '1', email: 'a@example.com', first_name: '', full_name: 'Jane Doe' },
    }
    expect(objectAt(messageOf(plan(event), 'identify'), 'traits')).toEqual({
      email: 'a@example.com',
      name: 'Jane Doe',
      BH_Points_Balance: 500,
      BH_Tier: 'Gold',
    })
  })

  it('renames and drops customer_props and customer fields as configured', () => {
    const traits = objectAt(
      messageOf(
        plan(CANONICAL_EVENT, {
          customerTraits: { email: null, bhid: 'bubblehouseId' },
          traitMapping: { BH_Points_Balance: 'points', BH_Tier: null },
        }),
        'identify',
      ),
      'traits',
    )
    expect(traits).toEqual({
      firstName: 'Jane',
      lastName: 'Doe',
      bubblehouseId: '24760933ea010001',
      points: 500,
    })
  })

  it('lets a customer field win over a customer_props key with the same trait name', () => {
    const event = { ...CANONICAL_EVENT, customer_props: { email: 'stale@example.com' } }
    expect(objectAt(messageOf(plan(event), 'identify'), 'traits').email).toBe(
      'customer@example.com',
    )
  })

  it('keeps a __proto__ key as a key, in traits and properties, without polluting prototypes', () => {
    const props = JSON.parse('{"BH_Tier":"Gold","__proto__":{"polluted":true}}')
    const event = { ...CANONICAL_EVENT, customer_props: props, extra_props: props }
    const body = JSON.stringify(onlyRequest(plan(event)).body)
    expect(body).toContain('"BH_Tier":"Gold","__proto__":{"polluted":true}},"context"')
    expect(body.match(/"__proto__":\{"polluted":true\}/g)).toHaveLength(2)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('plan: track', () => {
  it('maps the event name, and sends names not listed as they are', () => {
    const mapped = { eventNames: { 'Points Updated': 'Loyalty Points Updated' } }
    expect(messageOf(plan(CANONICAL_EVENT, mapped), 'track').event).toBe('Loyalty Points Updated')
    expect(messageOf(plan(sampleEvent('birthday'), mapped), 'track').event).toBe('Birthday')
  })

  it('does not read event names from the prototype', () => {
    const p = plan({ ...CANONICAL_EVENT, name: 'constructor' }, { eventNames: { x: 'y' } })
    expect(messageOf(p, 'track').event).toBe('constructor')
  })

  it('answers invalid_data without a request for an activity event without a name', () => {
    for (const name of ['', '  ']) {
      expect(plan({ ...CANONICAL_EVENT, name })).toEqual({
        kind: 'decision',
        result: {
          outcome: 'invalid_data',
          code: 'SEGMENT_NO_EVENT_NAME',
          reason: 'the event has no name; Segment drops track calls without one',
        },
      })
    }
  })

  it('takes properties from the configured sources only', () => {
    const props = (sources: ('segment_props' | 'extra_props')[]) =>
      objectAt(messageOf(plan(CANONICAL_EVENT, { propsSources: sources }), 'track'), 'properties')
    expect(props(['segment_props'])).toEqual({ BH_Source: 'order' })
    expect(props(['extra_props'])).toEqual({ BH_Points: 50, order_id: 'ORDER-789' })
    expect(props([])).toEqual({})
  })

  it('lets extra_props win a clash with segment_props by default', () => {
    const event = {
      ...CANONICAL_EVENT,
      segment_props: { k: 'segment' },
      extra_props: { k: 'extra' },
    }
    expect(objectAt(messageOf(plan(event), 'track'), 'properties')).toEqual({ k: 'extra' })
  })

  it('renames and drops properties as configured', () => {
    const p = plan(sampleEvent('referral-approved-receiver'), {
      propertyMapping: { BH_Sender_FirstName: null, BH_Link: 'referral_url', referred_user: null },
    })
    expect(objectAt(messageOf(p, 'track'), 'properties')).toEqual({
      BH_Channel: 'email',
      BH_HasCoupon: true,
      referral_url: 'https://shop.example.com/r/abc',
    })
  })
})

describe('plan: event filter', () => {
  it('skips a denied name without a request', () => {
    expect(plan(CANONICAL_EVENT, { events: { deny: ['Points Updated'] } })).toEqual({
      kind: 'decision',
      result: {
        outcome: 'skipped',
        code: 'EVENT_FILTERED',
        reason: 'the event name is filtered out by the events option',
      },
    })
  })

  it('skips a name not in the allow list, but never a customer_only profile update', () => {
    const filter = { events: { allow: ['Tier Reached'] } }
    expect(plan(CANONICAL_EVENT, filter)).toMatchObject({ result: { outcome: 'skipped' } })
    expect(plan(sampleEvent('customer-only'), filter).kind).toBe('send')
    expect(
      plan(sampleEvent('customer-only'), { events: { deny: ['Customer Updated'] } }).kind,
    ).toBe('send')
    expect(plan(sampleEvent('tier-reached'), filter).kind).toBe('send')
  })

  it('sends new_user and referred_user as track properties', () => {
    const sent = plan(sampleEvent('referral-approved-receiver', { new_user: false }), {})
    const track = (sent.kind === 'send' ? sent.requests[0]?.body : undefined) as {
      batch: Array<{ type: string; properties?: object }>
    }
    expect(track.batch[1]?.properties).toMatchObject({ new_user: false, referred_user: true })
  })

  it('filters before checking the identity', () => {
    const event = { ...CANONICAL_EVENT, customer: {} }
    expect(plan(event, { events: { deny: ['Points Updated'] } })).toMatchObject({
      result: { outcome: 'skipped' },
    })
  })
})

describe('plan: purity', () => {
  it('does not change the event', () => {
    const event = sampleEvent('tier-reached')
    const copy = structuredClone(event)
    plan(event, { oversize: 'drop_props', propertyMapping: { BH_Tier: 'tier' } })
    expect(event).toEqual(copy)
  })
})
