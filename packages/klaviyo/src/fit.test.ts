// Limits: https://developers.klaviyo.com/en/docs/rate-limits-and-error-handling (ingestion limits of
// /api/events: any field 100 kB, payload 5 MB, event time between 2000 and now + 1 year) and
// https://developers.klaviyo.com/en/reference/create_or_update_profile (100 KB payload, E.164).
import type { PlannedRequest, SendEvent1 } from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fitRequest } from './fit'
import { isPlausibleEmail, MAX_FIELD_BYTES } from './limits'
import { KlaviyoOptions, type KlaviyoOptionsInput } from './options'
import { planKlaviyo } from './plan'

const NOW = Date.parse('2026-12-07T00:00:00Z')

function planned(event: SendEvent1, input: Partial<KlaviyoOptionsInput> = {}): PlannedRequest {
  const plan = planKlaviyo(event, KlaviyoOptions.parse({ apiKey: 'pk_test', ...input }))
  if (plan.kind !== 'send' || !plan.requests[0]) throw new Error('expected a send plan')
  return plan.requests[0]
}

function fitted(request: PlannedRequest) {
  const result = fitRequest(request, NOW)
  if (!('request' in result)) throw new Error(`expected a request, got ${result.result.code}`)
  return result
}

type Body = {
  data: {
    attributes: {
      time?: string
      properties: Record<string, unknown>
      profile: { data: { attributes: Record<string, unknown> } }
    } & Record<string, unknown>
  }
}
const bodyOf = (request: PlannedRequest) => request.body as Body

describe('fitRequest', () => {
  it('returns the planned request itself when nothing breaks a limit', () => {
    const request = planned(CANONICAL_EVENT)
    expect(fitRequest(request, NOW)).toEqual({ request, drops: [] })
    expect(fitted(request).request).toBe(request)
  })

  it('leaves out an event property over 100 kB and keeps the rest', () => {
    const big = 'x'.repeat(MAX_FIELD_BYTES)
    const request = planned(
      sampleEvent('points-earned', { extra_props: { BH_Big: big, BH_Small: 'ok' } }),
    )
    const { request: out, drops } = fitted(request)
    expect(drops.map(({ reason, name }) => [reason, name])).toEqual([['too_large', 'BH_Big']])
    expect(bodyOf(out).data.attributes.properties).toEqual({ BH_Source: 'order', BH_Small: 'ok' })
    // The planned request is left as it was.
    expect(bodyOf(request).data.attributes.properties).toHaveProperty('BH_Big')
  })

  it('keeps a property at exactly 100 kB of JSON', () => {
    const edge = 'x'.repeat(MAX_FIELD_BYTES - 2) // plus its two quotes
    const request = planned(sampleEvent('points-earned', { extra_props: { BH_Edge: edge } }))
    expect(fitted(request).drops).toEqual([])
  })

  it('leaves out a profile property over 100 kB, named profile.<key>', () => {
    const request = planned(
      sampleEvent('points-earned', {
        customer_props: { BH_Notes: 'y'.repeat(120_000), BH_Tier: 'Gold' },
      }),
    )
    const { request: out, drops } = fitted(request)
    expect(drops.map(({ reason, name }) => [reason, name])).toEqual([
      ['too_large', 'profile.BH_Notes'],
    ])
    expect(bodyOf(out).data.attributes.profile.data.attributes.properties).toEqual({
      BH_Tier: 'Gold',
    })
  })

  it('fits a profile import under 100 KB by leaving out its largest properties first', () => {
    const request = planned(
      sampleEvent('customer-only', {
        customer_props: { A: 'a'.repeat(60_000), B: 'b'.repeat(50_000), C: 'c' },
      }),
    )
    const { request: out, drops } = fitted(request)
    expect(drops.map(({ reason, name }) => [reason, name])).toEqual([['too_large', 'profile.A']])
    const profile = (out.body as { data: { attributes: { properties: object } } }).data.attributes
    expect(Object.keys(profile.properties)).toEqual(['B', 'C'])
    expect(JSON.stringify(out.body).length).toBeLessThanOrEqual(100_000)
  })

  it('answers invalid_data when even without properties the body is over the limit', () => {
    const request = planned(
      sampleEvent('customer-only', {
        customer: { email: 'a@b.io', first_name: 'n'.repeat(100_001) },
      }),
    )
    expect(fitRequest(request, NOW)).toEqual({
      result: expect.objectContaining({
        outcome: 'invalid_data',
        code: 'KLAVIYO_PAYLOAD_TOO_LARGE',
      }),
    })
  })

  it.each([
    ['1999-12-31T23:59:59.000Z', 'out_of_range'],
    ['2027-12-08T00:00:00.000Z', 'out_of_range'],
  ])(
    'leaves out a time of %s (Klaviyo then uses the time it receives the event)',
    (time, reason) => {
      const { request: out, drops } = fitted(planned(sampleEvent('points-earned', { time })))
      expect(drops.map((d) => [d.reason, d.name])).toEqual([[reason, 'time']])
      expect(bodyOf(out).data.attributes).not.toHaveProperty('time')
    },
  )

  it.each(['2000-01-01T00:00:00.000Z', '2027-12-07T00:00:00.000Z'])(
    'keeps a time of %s',
    (time) => {
      expect(fitted(planned(sampleEvent('points-earned', { time }))).drops).toEqual([])
    },
  )

  it('leaves out an invalid email when the external id still names the profile', () => {
    const { request: out, drops } = fitted(
      planned(
        sampleEvent('points-earned', { customer: { email: 'jane@example', shopid: '12345' } }),
      ),
    )
    expect(drops.map((d) => [d.reason, d.name])).toEqual([['invalid_email', 'email']])
    const profile = bodyOf(out).data.attributes.profile.data.attributes
    expect(profile).not.toHaveProperty('email')
    expect(profile).toMatchObject({ external_id: '12345' })
  })

  it('answers invalid_data for an invalid email with nothing else to name the profile', () => {
    const request = planned(sampleEvent('points-earned', { customer: { email: 'ok@example.com' } }))
    const broken = structuredClone(request)
    bodyOf(broken).data.attributes.profile.data.attributes.email = 'not an email'
    expect(fitRequest(broken, NOW)).toEqual({
      result: expect.objectContaining({ outcome: 'invalid_data', code: 'KLAVIYO_INVALID_EMAIL' }),
    })
  })

  it('leaves out a phone that is not E.164, in events and profile imports', () => {
    for (const name of ['points-earned', 'customer-only']) {
      const event = sampleEvent(name, { customer_props: { BH_Phone: '555-123-0987' } })
      const { request: out, drops } = fitted(
        planned(event, { identity: { phoneProp: 'BH_Phone' } }),
      )
      expect(drops.map((d) => [d.reason, d.name])).toEqual([['invalid_value', 'phone_number']])
      expect(JSON.stringify(out.body)).not.toContain('"phone_number"')
    }
  })
})

describe('isPlausibleEmail', () => {
  it.each([
    'customer@example.com',
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.ie",
    'jörg@exämple.de',
  ])('accepts %s', (email) => expect(isPlausibleEmail(email)).toBe(true))

  it.each([
    'customer.example.com',
    'customer@',
    '@example.com',
    'customer@example',
    'two@@example.com',
    'a b@example.com',
    'customer@example..com',
    'customer@.example.com',
    `${'l'.repeat(65)}@example.com`,
    `a@${'d'.repeat(250)}.com`,
  ])('rejects %s', (email) => expect(isPlausibleEmail(email)).toBe(false))
})
