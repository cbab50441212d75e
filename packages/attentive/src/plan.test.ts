import type { SendEvent1 } from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT, SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { externalEventIdOf } from './event-id'
import { AttentiveOptions, type AttentiveOptionsInput } from './options'
import { planAttentive } from './plan'

const options = (input: Partial<AttentiveOptionsInput> = {}) =>
  AttentiveOptions.parse({ apiKey: 'test-key', phoneProp: 'BH_Phone', ...input })
const withPhone = (phone: string, event: SendEvent1 = CANONICAL_EVENT): SendEvent1 => ({
  ...event,
  customer_props: { ...event.customer_props, BH_Phone: phone },
})
const decision = (plan: ReturnType<typeof planAttentive>) =>
  plan.kind === 'decision' ? plan.result : undefined

describe('planAttentive', () => {
  it('plans the canonical event as one custom event', () => {
    expect(planAttentive(withPhone('+15551230987'), options())).toEqual({
      kind: 'send',
      requests: [
        {
          operation: 'sendCustomEvent',
          method: 'POST',
          path: '/events/custom',
          body: {
            type: 'Points Updated',
            properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
            externalEventId: externalEventIdOf('24a5be6c83010001'),
            occurredAt: '2024-12-26T18:05:42.915Z',
            user: { phone: '+15551230987', email: 'customer@example.com' },
          },
        },
      ],
    })
  })

  it('plans customer_only as custom attributes, the phone key left out of them', () => {
    const event = { ...withPhone('+15551230987'), customer_only: true }
    expect(planAttentive(event, options())).toEqual({
      kind: 'send',
      requests: [
        {
          operation: 'setCustomAttributes',
          method: 'POST',
          path: '/attributes/custom',
          body: {
            properties: { BH_Points_Balance: 500, BH_Tier: 'Gold' },
            user: { phone: '+15551230987', email: 'customer@example.com' },
          },
        },
      ],
    })
  })

  it.each(SAMPLE_NAMES)('plans the %s sample as exactly one request', (name) => {
    const plan = planAttentive(sampleEvent(name), options())
    expect(plan.kind).toBe('send')
    if (plan.kind === 'send') expect(plan.requests).toHaveLength(1)
  })

  it('maps new_user and referred_user to event properties', () => {
    const plan = planAttentive(
      { ...CANONICAL_EVENT, new_user: true, referred_user: false },
      options(),
    )
    if (plan.kind !== 'send') throw new Error('expected a send plan')
    expect(plan.requests[0]?.body).toMatchObject({
      properties: { BH_Source: 'order', new_user: true, referred_user: false },
    })
  })

  it('renames the type with eventNames and reads only the chosen eventProps', () => {
    const plan = planAttentive(
      CANONICAL_EVENT,
      options({
        eventNames: { 'Points Updated': 'Loyalty Points' },
        eventProps: ['segment_props'],
      }),
    )
    if (plan.kind !== 'send') throw new Error('expected a send plan')
    expect(plan.requests[0]?.body).toMatchObject({
      type: 'Loyalty Points',
      properties: { BH_Source: 'order' },
    })
  })

  it('renames or leaves out attributes with attributeProps', () => {
    const plan = planAttentive(
      { ...CANONICAL_EVENT, customer_only: true },
      options({ attributeProps: { BH_Tier: 'Loyalty tier', BH_Points_Balance: null } }),
    )
    if (plan.kind !== 'send') throw new Error('expected a send plan')
    expect(plan.requests[0]?.body).toMatchObject({ properties: { 'Loyalty tier': 'Gold' } })
  })

  it('filters activity events by name, never customer_only events', () => {
    const deny = options({ events: { deny: ['Points Updated'] } })
    expect(decision(planAttentive(CANONICAL_EVENT, deny))).toMatchObject({
      outcome: 'skipped',
      code: 'EVENT_FILTERED',
    })
    expect(planAttentive({ ...CANONICAL_EVENT, customer_only: true }, deny).kind).toBe('send')
  })

  it.each([
    [
      'customerOnly: skip',
      { ...CANONICAL_EVENT, customer_only: true },
      { customerOnly: 'skip' },
      'skipped',
      'ATTENTIVE_ATTRIBUTE_SYNC_OFF',
    ],
    [
      'no customer_props',
      { ...CANONICAL_EVENT, customer_only: true, customer_props: {} },
      {},
      'skipped',
      'ATTENTIVE_NO_ATTRIBUTES',
    ],
    [
      'no email, no phone',
      { ...CANONICAL_EVENT, customer: { shopid: '1' } },
      {},
      'invalid_data',
      'ATTENTIVE_NO_IDENTITY',
    ],
    [
      'a bad email, no phone',
      { ...CANONICAL_EVENT, customer: { email: 'not-an-email' } },
      {},
      'invalid_data',
      'ATTENTIVE_INVALID_EMAIL',
    ],
    [
      'a bad phone, no email',
      withPhone('555-1234', { ...CANONICAL_EVENT, customer: {} }),
      {},
      'invalid_data',
      'ATTENTIVE_INVALID_PHONE',
    ],
    [
      'an empty name',
      { ...CANONICAL_EVENT, name: ' ' },
      {},
      'invalid_data',
      'ATTENTIVE_NO_EVENT_TYPE',
    ],
    [
      'a name of forbidden characters only',
      { ...CANONICAL_EVENT, name: '(|)' },
      {},
      'invalid_data',
      'ATTENTIVE_NO_EVENT_TYPE',
    ],
  ] as const)('%s → no call', (_name, event, input, outcome, code) => {
    expect(decision(planAttentive(event, options(input)))).toMatchObject({ outcome, code })
  })

  it.each([
    ['Referral Approved (Sender)', 'Referral Approved Sender'],
    ['Points, Earned', 'Points Earned'],
    ['a "b" [c] {d} \\e| \'f\'', 'a b c d e f'],
  ])('takes the characters Attentive refuses out of the type: %s → %s', (name, type) => {
    const plan = planAttentive({ ...CANONICAL_EVENT, name }, options())
    if (plan.kind !== 'send') throw new Error('expected a send plan')
    expect(plan.requests[0]?.body).toMatchObject({ type })
  })

  it('plans a user with one usable identifier (fit leaves out the other)', () => {
    const event = withPhone('555-1234')
    const plan = planAttentive(event, options())
    if (plan.kind !== 'send') throw new Error('expected a send plan')
    expect(plan.requests[0]?.body).toMatchObject({
      user: { phone: '555-1234', email: 'customer@example.com' },
    })
  })
})
