// Limits: limits.ts (2026-03-15 events OpenAPI maxLengths; v4.0 contacts custom-property rules).
import type { PlannedRequest, SendEvent1 } from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fitRequest } from './fit'
import { OmnisendOptions } from './options'
import { planOmnisend } from './plan'

const options = OmnisendOptions.parse({ apiKey: 'k', phoneProp: 'BH_Phone' })

function planned(event: SendEvent1): PlannedRequest {
  const plan = planOmnisend(event, options)
  if (plan.kind !== 'send') throw new Error('expected a send plan')
  return plan.requests[0] as PlannedRequest
}

describe('fitRequest', () => {
  it('changes nothing in a request within every limit', () => {
    const request = planned(CANONICAL_EVENT)
    expect(fitRequest(request)).toEqual({ request, drops: [] })
  })

  it('leaves out custom properties Omnisend cannot store, and keeps the rest', () => {
    const event = {
      ...CANONICAL_EVENT,
      customer_props: {
        BH_Tier: 'Gold',
        BH_Note: 'x'.repeat(2049),
        BH_Short: 'x'.repeat(2048),
        BH_Address: { city: 'Vilnius' },
        BH_List: ['a', 'b'],
        BH_日本: 1,
        [`BH_${'A'.repeat(130)}`]: 1,
      },
    }
    const request = planned(event)
    const fitted = fitRequest(request)
    expect(fitted.request.body).toMatchObject({
      contact: {
        customProperties: { bh_tier: 'Gold', bh_short: 'x'.repeat(2048), bh_list: ['a', 'b'] },
      },
    })
    expect(
      Object.keys(
        (fitted.request.body as { contact: { customProperties: object } }).contact.customProperties,
      ),
    ).toEqual(['bh_tier', 'bh_short', 'bh_list'])
    expect(fitted.drops.map(({ name, reason }) => [name, reason])).toEqual([
      ['contact.customProperties.bh_note', 'too_long'],
      ['contact.customProperties.bh_address', 'invalid_value'],
      ['contact.customProperties.BH_日本', 'invalid_value'],
      [`contact.customProperties.bh_${'a'.repeat(130)}`, 'too_long'],
    ])
    expect(request.body).toHaveProperty('contact.customProperties.bh_note')
  })

  it("leaves out the event contact's email that cannot be a mailbox when a phone remains", () => {
    const event = {
      ...CANONICAL_EVENT,
      customer: { email: 'nope', first_name: 'J'.repeat(51), last_name: 'Doe' },
      customer_props: { BH_Phone: '+15551230987' },
    }
    const fitted = fitRequest(planned(event))
    expect(fitted.request.body).toMatchObject({
      contact: { phone: '+15551230987', lastName: 'Doe' },
    })
    expect(fitted.request.body).not.toHaveProperty('contact.email')
    expect(fitted.request.body).not.toHaveProperty('contact.firstName')
    expect(fitted.drops.map(({ name, reason }) => [name, reason])).toEqual([
      ['contact.email', 'invalid_email'],
      ['contact.firstName', 'too_long'],
    ])
  })

  it('leaves out a phone that is not E.164 when the email remains', () => {
    const fitted = fitRequest(
      planned({ ...CANONICAL_EVENT, customer_props: { BH_Phone: '555-1234' } }),
    )
    expect(fitted.request.body).not.toHaveProperty('contact.phone')
    expect(fitted.drops.map(({ name, reason }) => [name, reason])).toEqual([
      ['contact.phone', 'invalid_value'],
    ])
  })

  it('removes an unusable identifier of an upsert from the list, leaving no hole', () => {
    const event = { ...CANONICAL_EVENT, customer_only: true, customer_props: { BH_Phone: '12345' } }
    const fitted = fitRequest(planned(event))
    expect(fitted.request.body).toMatchObject({
      identifiers: [{ type: 'email', id: 'customer@example.com', sendWelcomeMessage: false }],
    })
    expect((fitted.request.body as { identifiers: unknown[] }).identifiers).toHaveLength(1)
    expect(fitted.drops.map(({ name, reason }) => [name, reason])).toEqual([
      ['identifiers.phone', 'invalid_value'],
    ])
  })
})
