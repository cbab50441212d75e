import { type SendEvent1, sendPlan } from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT, SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { KlaviyoOptions, type KlaviyoOptionsInput } from './options'
import { planKlaviyo } from './plan'

const opts = (input: Partial<KlaviyoOptionsInput> = {}) =>
  KlaviyoOptions.parse({ apiKey: 'pk_test', ...input })

const plan = (event: SendEvent1, input?: Partial<KlaviyoOptionsInput>) =>
  planKlaviyo(event, opts(input))

/** The body of the single planned request. */
function onlyBody(event: SendEvent1, input?: Partial<KlaviyoOptionsInput>): unknown {
  const p = plan(event, input)
  if (p.kind !== 'send') throw new Error(`expected a send plan, got ${JSON.stringify(p)}`)
  expect(p.requests).toHaveLength(1)
  return p.requests[0]?.body
}

describe('planKlaviyo: every documented event name', () => {
  it.each(SAMPLE_NAMES)('plans the %s sample', (name) => {
    expect(plan(sampleEvent(name))).toMatchSnapshot()
  })
})

describe('planKlaviyo: the canonical event', () => {
  it('becomes exactly one POST /api/events with unique_id = bhid and the profile inline', () => {
    expect(plan(CANONICAL_EVENT)).toEqual(
      sendPlan({
        operation: 'createEvent',
        method: 'POST',
        path: '/api/events',
        body: {
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
        },
      }),
    )
  })

  it('holds no credentials', () => {
    expect(JSON.stringify(plan(CANONICAL_EVENT))).not.toContain('pk_test')
  })
})

describe('planKlaviyo: options', () => {
  it('maps the metric name and puts the prefix in front of every name', () => {
    const event = sampleEvent('points-earned')
    const name = (input: Partial<KlaviyoOptionsInput>) =>
      JSON.stringify(onlyBody(event, input)).match(/"name":"([^"]*)"/)?.[1]
    expect(name({ eventNames: { 'Points Earned': 'Loyalty Points Earned' } })).toBe(
      'Loyalty Points Earned',
    )
    expect(name({ metricPrefix: 'BH: ' })).toBe('BH: Points Earned')
    expect(name({ metricPrefix: 'BH: ', eventNames: { 'Points Earned': 'Earned' } })).toBe(
      'BH: Earned',
    )
  })

  it('sets value from the configured property, numbers and numeric strings only', () => {
    const value = (extra: SendEvent1['extra_props']) => {
      const body = onlyBody(sampleEvent('points-earned', { extra_props: extra }), {
        valueProp: 'BH_Points',
      })
      return (body as { data: { attributes: { value?: number } } }).data.attributes.value
    }
    expect(value({ BH_Points: 50 })).toBe(50)
    expect(value({ BH_Points: -200 })).toBe(-200)
    expect(value({ BH_Points: '75' })).toBe(75)
    expect(value({ BH_Points: '12.5' })).toBe(12.5)
    expect(value({ BH_Points: 'fifty' })).toBeUndefined()
    expect(value({ BH_Points: null })).toBeUndefined()
    expect(value({})).toBeUndefined()
  })

  it('takes external_id from bhid, or leaves it out', () => {
    const profile = (externalId: 'bhid' | 'none') =>
      JSON.stringify(onlyBody(CANONICAL_EVENT, { identity: { externalId } }))
    expect(profile('bhid')).toContain('"external_id":"24760933ea010001"')
    expect(profile('none')).not.toContain('external_id')
  })

  it('renames and drops customer_props keys, keeping the rest under their BH_ names', () => {
    const event = sampleEvent('points-expired')
    const body = JSON.stringify(
      onlyBody(event, {
        profileProps: { BH_Tier: 'Loyalty Tier', BH_Points_NextExpiration_Date: null },
      }),
    )
    expect(body).toContain(
      '"properties":{"BH_Points_Balance":450,"Loyalty Tier":"Gold","BH_Points_NextExpiration_Amount":25}',
    )
  })

  it('uses only the chosen event property sources', () => {
    const body = JSON.stringify(onlyBody(CANONICAL_EVENT, { eventProps: ['segment_props'] }))
    expect(body).toContain('"properties":{"BH_Source":"order"},')
  })

  it('plans the configured customer_props phone as it is (deliver leaves out a phone that is not E.164)', () => {
    const withPhone = (phone: string) =>
      JSON.stringify(
        onlyBody(sampleEvent('points-earned', { customer_props: { BH_Phone: phone } }), {
          identity: { phoneProp: 'BH_Phone' },
        }),
      )
    expect(withPhone('+15551230987')).toContain(
      '"email":"customer@example.com","phone_number":"+15551230987","external_id"',
    )
    expect(withPhone(' 555-123-0987 ')).toContain('"phone_number":"555-123-0987"')
    expect(withPhone('  ')).not.toContain('phone_number')
  })

  it('maps new_user and referred_user to event properties, after the prop maps', () => {
    const event = sampleEvent('referral-approved-receiver', {
      new_user: false,
      segment_props: { new_user: 'from props' },
    })
    expect(onlyBody(event)).toMatchObject({
      data: { attributes: { properties: { new_user: false, referred_user: true } } },
    })
    const props = (onlyBody(CANONICAL_EVENT) as { data: { attributes: { properties: object } } })
      .data.attributes.properties
    expect(props).not.toHaveProperty('new_user')
    expect(props).not.toHaveProperty('referred_user')
  })
})

describe('planKlaviyo: decisions without a call', () => {
  it('answers invalid_data when the customer has no email and no external id', () => {
    const event = sampleEvent('points-earned', { customer: { first_name: 'Jane' } })
    expect(plan(event)).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'KLAVIYO_NO_IDENTITY',
        reason: 'the customer has no email and no external id',
      },
    })
  })

  it('treats a blank email as missing', () => {
    const event = sampleEvent('points-earned', { customer: { email: '  ', bhid: 'c1' } })
    expect(plan(event)).toMatchObject({ result: { code: 'KLAVIYO_NO_IDENTITY' } })
  })

  it('answers invalid_data when identity is email only and the email is missing', () => {
    const event = sampleEvent('points-earned', { customer: { shopid: '12345' } })
    expect(plan(event, { identity: { externalId: 'none' } })).toMatchObject({
      result: { outcome: 'invalid_data', code: 'KLAVIYO_NO_IDENTITY' },
    })
  })

  it('skips a denied event name and one outside the allow list', () => {
    expect(plan(CANONICAL_EVENT, { events: { deny: ['Points Updated'] } })).toMatchObject({
      result: { outcome: 'skipped', code: 'EVENT_FILTERED' },
    })
    expect(plan(CANONICAL_EVENT, { events: { allow: ['Tier Reached'] } })).toMatchObject({
      result: { outcome: 'skipped', code: 'EVENT_FILTERED' },
    })
  })

  it('answers invalid_data for an event with an empty name', () => {
    expect(plan(sampleEvent('points-earned', { name: ' ' }))).toMatchObject({
      result: { outcome: 'invalid_data', code: 'KLAVIYO_NO_METRIC_NAME' },
    })
  })

  it('answers invalid_data for an email no mailbox can have when no external id names the profile', () => {
    const event = sampleEvent('points-earned', { customer: { email: 'jane.example.com' } })
    expect(plan(event)).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'KLAVIYO_INVALID_EMAIL',
        reason: 'the email is not a valid address and the customer has no external id',
      },
    })
    expect(plan(sampleEvent('customer-only', { customer: { email: 'a b@x.io' } }))).toMatchObject({
      result: { code: 'KLAVIYO_INVALID_EMAIL' },
    })
  })

  it('plans an invalid email with an external id (deliver leaves the email out)', () => {
    const event = sampleEvent('points-earned', {
      customer: { email: 'jane@', shopid: '12345' },
    })
    expect(plan(event)).toMatchObject({ kind: 'send' })
  })

  it('never filters customer_only events by name, allow or deny (their name means nothing)', () => {
    const event = sampleEvent('customer-only')
    for (const events of [{ deny: [event.name] }, { allow: ['Tier Reached'] }, { allow: [] }]) {
      expect(plan(event, { events })).toMatchObject({
        kind: 'send',
        requests: [{ path: '/api/profile-import' }],
      })
    }
  })

  it('skips customer_only events when customerOnly is skip', () => {
    expect(plan(sampleEvent('customer-only'), { customerOnly: 'skip' })).toMatchObject({
      result: { outcome: 'skipped', code: 'KLAVIYO_PROFILE_SYNC_OFF' },
    })
  })
})

describe('planKlaviyo: customer_only', () => {
  it('becomes exactly one POST /api/profile-import with the same profile, ignoring the name filter', () => {
    const event = sampleEvent('customer-only')
    expect(plan(event, { events: { allow: ['Tier Reached'] } })).toEqual(
      sendPlan({
        operation: 'createOrUpdateProfile',
        method: 'POST',
        path: '/api/profile-import',
        body: {
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
      }),
    )
  })
})

describe('planKlaviyo: edge cases', () => {
  it('keeps unicode names, keys and values as they are', () => {
    const event = sampleEvent('points-earned', {
      name: 'Punkte gesammelt ✨',
      customer: { email: 'zoë@exämple.com', first_name: 'Zoë', last_name: '山田', shopid: 'ü-1' },
      customer_props: { BH_Tier: 'Or 🥇', 'Clé spéciale': 'été' },
      segment_props: { BH_Source: 'commande' },
      extra_props: { 注文: '注文-789', emoji: '🎉' },
    })
    expect(plan(event)).toMatchSnapshot()
  })

  it('passes nested objects and arrays through untouched', () => {
    const event = sampleEvent('points-earned', {
      customer_props: { BH_Badges: ['early', 'vip'], BH_Meta: { level: { n: 2, tags: [] } } },
      extra_props: {
        items: [
          { sku: 'A', qty: 2 },
          { sku: 'B', qty: null },
        ],
        nested: { a: { b: { c: true } } },
      },
    })
    expect(plan(event)).toMatchSnapshot()
  })

  it('leaves out missing names instead of clearing them', () => {
    const event = sampleEvent('points-earned', {
      customer: { email: 'customer@example.com', full_name: 'Jane Doe' },
    })
    expect(plan(event)).toMatchSnapshot()
  })

  it('keeps numeric strings as strings in properties', () => {
    const event = sampleEvent('points-earned', {
      customer: { email: 'customer@example.com', shopid: '000123' },
      customer_props: { BH_Points_Balance: '500', BH_Zip: '01234' },
      extra_props: { BH_Points: '50', order_id: '789' },
    })
    expect(plan(event)).toMatchSnapshot()
  })

  it('sends the time in UTC with milliseconds, a leap second as :59', () => {
    const time = (t: string) =>
      (
        onlyBody(sampleEvent('points-earned', { time: t })) as {
          data: { attributes: { time: string } }
        }
      ).data.attributes.time
    expect(time('2024-12-26T20:05:42+02:00')).toBe('2024-12-26T18:05:42.000Z')
    expect(time('2016-12-31T23:59:60Z')).toBe('2016-12-31T23:59:59.000Z')
  })

  it('plans a customer with only an external id', () => {
    const event = sampleEvent('tier-reached', { customer: { shopid: '12345' } })
    expect(plan(event)).toMatchSnapshot()
  })

  it('treats null prop maps as absent', () => {
    const event = sampleEvent('points-earned', {
      customer_props: undefined,
      segment_props: undefined,
      extra_props: undefined,
    })
    expect(plan(event)).toMatchSnapshot()
  })
})
