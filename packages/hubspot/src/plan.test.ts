import { SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { type HubspotOptionsInput, HubspotOptionsSchema } from './options'
import { planEvent } from './plan'

const options = (input: Partial<HubspotOptionsInput> = {}) =>
  HubspotOptionsSchema.parse({ accessToken: 'pat-na1-test', ...input })

const CUSTOM_EVENTS: HubspotOptionsInput['customEvents'] = {
  portalId: '1234567',
  events: {
    'Points Earned': {
      name: 'points_earned',
      properties: { BH_Points: 'points_earned', BH_Source: 'source', BH_Points_Balance: 'balance' },
    },
    'Tier Reached': { name: 'tier_reached', properties: { BH_Tier: 'tier' } },
    'Referral Approved (Receiver)': {
      name: 'pe1234567_referral_received',
      properties: { BH_Link: 'link' },
    },
    Birthday: 'birthday',
  },
}

describe('plan: every sample event', () => {
  for (const name of SAMPLE_NAMES) {
    it(`${name} with the default options`, () => {
      expect(planEvent(sampleEvent(name), options())).toMatchSnapshot()
    })
    it(`${name} with custom events configured`, () => {
      expect(
        planEvent(sampleEvent(name), options({ customEvents: CUSTOM_EVENTS })),
      ).toMatchSnapshot()
    })
  }
})

describe('plan: the contact upsert', () => {
  it('is one batch/upsert matched on email with every value a string', () => {
    const plan = planEvent(sampleEvent('points-updated'), options())
    expect(plan).toEqual({
      kind: 'send',
      requests: [
        {
          operation: 'upsertContact',
          method: 'POST',
          path: '/crm/v3/objects/contacts/batch/upsert',
          body: {
            inputs: [
              {
                idProperty: 'email',
                id: 'customer@example.com',
                properties: {
                  email: 'customer@example.com',
                  firstname: 'Jane',
                  lastname: 'Doe',
                  bubblehouse_points_balance: '500',
                  bubblehouse_tier: 'Gold',
                  bubblehouse_last_event: 'Points Updated',
                  bubblehouse_last_event_at: '2024-12-26T18:05:42.915Z',
                },
              },
            ],
          },
        },
      ],
    })
  })

  it('names unlisted customer_props bubblehouse_ + snake case, renames and drops listed ones', () => {
    const event = sampleEvent('points-expired', {
      customer_props: {
        BH_Points_Balance: 450,
        BH_Tier: 'Gold',
        BH_Points_NextExpiration_Amount: 25,
        BH_Points_NextExpiration_Date: '2025-03-01',
        BH_MagicLink: 'https://shop.example.com/magic/abc',
        BH_VIP: true,
        BH_Meta: { a: 1 },
        BH_Cleared: null,
      },
    })
    const plan = planEvent(
      event,
      options({ properties: { BH_Tier: 'loyalty_tier', BH_MagicLink: null } }),
    )
    expect(plan.kind === 'send' && plan.requests[0]?.body).toMatchObject({
      inputs: [
        {
          properties: {
            bubblehouse_points_balance: '450',
            loyalty_tier: 'Gold',
            bubblehouse_points_next_expiration_amount: '25',
            bubblehouse_points_next_expiration_date: '2025-03-01',
            bubblehouse_vip: 'true',
            bubblehouse_meta: '{"a":1}',
            bubblehouse_cleared: '',
          },
        },
      ],
    })
    expect(JSON.stringify(plan)).not.toContain('magic')
    expect(JSON.stringify(plan)).not.toContain('bubblehouse_tier')
  })

  it('never lets a mapping overwrite the email it matches on', () => {
    const event = sampleEvent('points-updated', {
      customer_props: { BH_Email: 'other@example.com' },
    })
    const plan = planEvent(event, options({ properties: { BH_Email: 'email' } }))
    expect(plan).toMatchObject({
      requests: [
        {
          body: {
            inputs: [{ id: 'customer@example.com', properties: { email: 'customer@example.com' } }],
          },
        },
      ],
    })
  })

  it('writes no last-event fields for customer_only and none when they are set to null', () => {
    const customerOnly = planEvent(sampleEvent('customer-only'), options())
    expect(JSON.stringify(customerOnly)).not.toContain('bubblehouse_last_event')
    const noFields = planEvent(
      sampleEvent('points-earned'),
      options({
        fields: { last_event: null, last_event_at: null, first_name: null, last_name: null },
      }),
    )
    expect(noFields).toMatchObject({
      requests: [
        {
          body: {
            inputs: [
              {
                properties: {
                  email: 'customer@example.com',
                  bubblehouse_points_balance: '500',
                  bubblehouse_tier: 'Gold',
                },
              },
            ],
          },
        },
      ],
    })
    expect(JSON.stringify(noFields)).not.toMatch(/firstname|lastname|last_event/)
  })

  it('normalises the event time to UTC, including a leap second', () => {
    const offset = planEvent(
      sampleEvent('birthday', { time: '2024-12-26T19:05:42+01:00' }),
      options(),
    )
    expect(JSON.stringify(offset)).toContain(
      '"bubblehouse_last_event_at":"2024-12-26T18:05:42.000Z"',
    )
    const leap = planEvent(sampleEvent('birthday', { time: '1990-12-31T23:59:60Z' }), options())
    expect(JSON.stringify(leap)).toContain('"bubblehouse_last_event_at":"1990-12-31T23:59:59.000Z"')
  })

  it('trims the email and leaves out empty names', () => {
    const event = sampleEvent('points-updated', {
      customer: { email: '  customer@example.com ', first_name: '' },
    })
    const plan = planEvent(event, options())
    expect(plan).toMatchObject({
      requests: [{ body: { inputs: [{ id: 'customer@example.com' }] } }],
    })
    expect(JSON.stringify(plan)).not.toMatch(/firstname|lastname/)
  })
})

describe('plan: custom events', () => {
  const withEvents = options({ customEvents: CUSTOM_EVENTS })

  it('adds POST /events/v3/send with uuid = bhid after the upsert', () => {
    const plan = planEvent(sampleEvent('points-earned'), withEvents)
    expect(plan.kind === 'send' && plan.requests.map((r) => r.operation)).toEqual([
      'upsertContact',
      'sendEvent',
    ])
    expect(plan.kind === 'send' && plan.requests[1]).toEqual({
      operation: 'sendEvent',
      method: 'POST',
      path: '/events/v3/send',
      body: {
        eventName: 'pe1234567_points_earned',
        email: 'customer@example.com',
        occurredAt: '2024-12-26T18:05:42.915Z',
        uuid: '24a5be6c83010001',
        properties: { points_earned: '50', source: 'order', balance: '500' },
      },
    })
  })

  it('keeps a fully qualified name, leaves values whole (deliver cuts them) and sends no unlisted key', () => {
    const link = `https://shop.example.com/r/${'x'.repeat(60)}`
    const plan = planEvent(
      sampleEvent('referral-approved-receiver', { extra_props: { BH_Link: link, BH_Other: 'y' } }),
      withEvents,
    )
    expect(plan.kind === 'send' && plan.requests[1]?.body).toMatchObject({
      eventName: 'pe1234567_referral_received',
      properties: { link },
    })
    expect(JSON.stringify(plan)).not.toContain('BH_Other')
  })

  it('maps new_user and referred_user when configured, and only when the event has them', () => {
    const flags = options({
      customEvents: {
        portalId: '1234567',
        events: {
          Birthday: {
            name: 'birthday',
            properties: { new_user: 'is_new', referred_user: 'referred' },
          },
        },
      },
    })
    const withFlags = planEvent(
      sampleEvent('birthday', { new_user: true, referred_user: false }),
      flags,
    )
    expect(withFlags.kind === 'send' && withFlags.requests[1]?.body).toMatchObject({
      properties: { is_new: 'true', referred: 'false' },
    })
    const withoutFlags = planEvent(sampleEvent('birthday'), flags)
    expect(withoutFlags.kind === 'send' && withoutFlags.requests[1]?.body).toMatchObject({
      properties: {},
    })
  })

  it('sends only the upsert for customer_only, and for names that are not configured', () => {
    const customerOnly = planEvent(
      sampleEvent('points-earned', { customer_only: true }),
      withEvents,
    )
    expect(customerOnly.kind === 'send' && customerOnly.requests).toHaveLength(1)
    const unmapped = planEvent(sampleEvent('anniversary'), withEvents)
    expect(unmapped.kind === 'send' && unmapped.requests).toHaveLength(1)
  })

  it('accepts a numeric portal id and a name without properties', () => {
    const plan = planEvent(
      sampleEvent('birthday'),
      options({ customEvents: { portalId: 42, events: { Birthday: 'birthday' } } }),
    )
    expect(plan.kind === 'send' && plan.requests[1]?.body).toMatchObject({
      eventName: 'pe42_birthday',
      properties: {},
    })
  })
})

describe('plan: decisions without a call', () => {
  it('answers invalid_data NO_EMAIL when the customer has no email', () => {
    for (const customer of [
      {},
      { email: '' },
      { email: '   ' },
      { shopid: '1', first_name: 'Jane' },
    ]) {
      expect(planEvent(sampleEvent('points-earned', { customer }), options())).toEqual({
        kind: 'decision',
        result: {
          outcome: 'invalid_data',
          code: 'NO_EMAIL',
          reason: 'the customer has no email, which HubSpot contacts are matched on',
        },
      })
    }
  })

  it('answers invalid_data INVALID_EMAIL for an address HubSpot refuses', () => {
    expect(
      planEvent(sampleEvent('points-earned', { customer: { email: 'jane@example' } }), options()),
    ).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'INVALID_EMAIL',
        reason: 'the customer email is not an address HubSpot accepts',
      },
    })
  })

  it('never filters customer_only events by name: their name means nothing', () => {
    const plan = planEvent(
      sampleEvent('customer-only'),
      options({ events: { allow: ['Points Earned'], deny: ['Customer Updated'] } }),
    )
    expect(plan.kind).toBe('send')
  })

  it('answers skipped EVENT_FILTERED for denied and not-allowed names', () => {
    const denied = planEvent(sampleEvent('birthday'), options({ events: { deny: ['Birthday'] } }))
    expect(denied).toMatchObject({
      kind: 'decision',
      result: { outcome: 'skipped', code: 'EVENT_FILTERED' },
    })
    const notAllowed = planEvent(
      sampleEvent('birthday'),
      options({ events: { allow: ['Tier Reached'], deny: [] } }),
    )
    expect(notAllowed).toMatchObject({ result: { outcome: 'skipped', code: 'EVENT_FILTERED' } })
    const allowed = planEvent(
      sampleEvent('tier-reached'),
      options({ events: { allow: ['Tier Reached'], deny: [] } }),
    )
    expect(allowed.kind).toBe('send')
  })

  it('puts no credential in any plan', () => {
    for (const name of SAMPLE_NAMES) {
      const plan = planEvent(sampleEvent(name), options({ customEvents: CUSTOM_EVENTS }))
      expect(JSON.stringify(plan)).not.toContain('pat-na1-test')
    }
  })
})
