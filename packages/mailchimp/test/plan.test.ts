// plan() is pure: snapshots of every sample event, and the edge cases asserted exactly.
import { createConnector, SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import mailchimp, { type MailchimpOptionsInput } from '../src/index'
import { API_KEY, CUSTOMER_HASH, JANE_HASH, LIST_ID } from './support/fixtures'

const connector = (options: Partial<MailchimpOptionsInput> = {}) =>
  createConnector(mailchimp, { apiKey: API_KEY, listId: LIST_ID, ...options })

const MEMBER_PATH = `/lists/${LIST_ID}/members/${CUSTOMER_HASH}`

describe('plan snapshots (default options)', () => {
  for (const name of SAMPLE_NAMES) {
    it(name, () => {
      expect(connector().plan(sampleEvent(name))).toMatchSnapshot()
    })
  }
})

describe('plan', () => {
  it('plans PUT member then POST event for an activity, never with a status field', () => {
    const plan = connector().plan(sampleEvent('points-earned'))
    expect(plan).toEqual({
      kind: 'send',
      requests: [
        {
          operation: 'setListMember',
          method: 'PUT',
          path: MEMBER_PATH,
          query: { skip_merge_validation: 'true' },
          body: {
            email_address: 'customer@example.com',
            status_if_new: 'transactional',
            merge_fields: { BH_POINTS: 500, BH_TIER: 'Gold', FNAME: 'Jane', LNAME: 'Doe' },
          },
        },
        {
          operation: 'createListMemberEvent',
          method: 'POST',
          path: `${MEMBER_PATH}/events`,
          body: {
            name: 'points_earned',
            properties: { BH_Source: 'order', BH_Points: '50', order_id: 'ORDER-789' },
            occurred_at: '2024-12-26T18:05:42.915Z',
          },
        },
      ],
    })
  })

  it('hashes the lower-cased, trimmed email and sends the email as given', () => {
    const plan = connector().plan(
      sampleEvent('points-earned', { customer: { email: ' Jane@Example.com ' } }),
    )
    expect(plan.kind).toBe('send')
    if (plan.kind !== 'send') return
    expect(plan.requests.map((r) => r.path)).toEqual([
      `/lists/${LIST_ID}/members/${JANE_HASH}`,
      `/lists/${LIST_ID}/members/${JANE_HASH}/events`,
    ])
    expect(plan.requests[0]?.body).toMatchObject({ email_address: 'Jane@Example.com' })
  })

  it('customer_only → the PUT only', () => {
    const plan = connector().plan(sampleEvent('customer-only'))
    expect(plan.kind === 'send' && plan.requests.map((r) => r.operation)).toEqual(['setListMember'])
  })

  it('customer_only is never filtered by event name (deny or allow list)', () => {
    const denied = connector({ events: { deny: ['Customer Updated'] } })
    expect(denied.plan(sampleEvent('customer-only')).kind).toBe('send')
    const allowed = connector({ events: { allow: ['Tier Reached'] } })
    expect(allowed.plan(sampleEvent('customer-only')).kind).toBe('send')
  })

  it('new_user and referred_user become event properties "true" / "false" when present', () => {
    const plan = connector().plan(
      sampleEvent('points-earned', { new_user: true, referred_user: false }),
    )
    expect(plan.kind === 'send' && plan.requests[1]?.body).toMatchObject({
      properties: { BH_Source: 'order', new_user: 'true', referred_user: 'false' },
    })
    const none = connector({ eventProps: [] }).plan(sampleEvent('points-earned'))
    expect(none.kind === 'send' && none.requests[1]?.body).not.toHaveProperty('properties')
  })

  it('keeps event properties within 1,000 characters, recording the cut names on the request', () => {
    const plan = connector().plan(
      sampleEvent('points-earned', {
        segment_props: { BH_Source: 'order' },
        extra_props: { BH_Points: 50, BH_Cart: 'c'.repeat(1000) },
      }),
    )
    expect(plan.kind === 'send' && plan.requests[1]).toEqual({
      operation: 'createListMemberEvent',
      method: 'POST',
      path: `${MEMBER_PATH}/events`,
      body: {
        name: 'points_earned',
        properties: { BH_Source: 'order', BH_Points: '50' },
        occurred_at: '2024-12-26T18:05:42.915Z',
      },
      fieldsCut: [{ reason: 'too_large', names: ['BH_Cart'] }],
    })
  })

  it('sendEvents false → the PUT only', () => {
    const plan = connector({ sendEvents: false }).plan(sampleEvent('tier-reached'))
    expect(plan.kind === 'send' && plan.requests.map((r) => r.operation)).toEqual(['setListMember'])
  })

  it('no email → invalid_data, no request', () => {
    expect(connector().plan(sampleEvent('points-earned', { customer: { bhid: 'b1' } }))).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'MAILCHIMP_NO_EMAIL',
        reason: 'the customer has no email; Mailchimp keys members on it',
      },
    })
    const blank = connector().plan(sampleEvent('points-earned', { customer: { email: '  ' } }))
    expect(blank.kind === 'decision' && blank.result.code).toBe('MAILCHIMP_NO_EMAIL')
  })

  it('an email without @ → invalid_data', () => {
    const plan = connector().plan(sampleEvent('points-earned', { customer: { email: 'nobody' } }))
    expect(plan.kind === 'decision' && plan.result).toMatchObject({
      outcome: 'invalid_data',
      code: 'MAILCHIMP_INVALID_EMAIL',
    })
  })

  it('filtered events → skipped (deny list, allow list)', () => {
    const denied = connector({ events: { deny: ['Points Earned'] } }).plan(
      sampleEvent('points-earned'),
    )
    expect(denied.kind === 'decision' && denied.result).toMatchObject({
      outcome: 'skipped',
      code: 'EVENT_FILTERED',
    })
    const allowed = connector({ events: { allow: ['Tier Reached'] } })
    expect(allowed.plan(sampleEvent('points-earned')).kind).toBe('decision')
    expect(allowed.plan(sampleEvent('tier-reached')).kind).toBe('send')
  })

  it('statusIfNew is the only status ever sent', () => {
    const plan = connector({ statusIfNew: 'pending' }).plan(sampleEvent('birthday'))
    expect(plan.kind === 'send' && plan.requests[0]?.body).toMatchObject({
      status_if_new: 'pending',
    })
    for (const name of SAMPLE_NAMES) {
      const p = connector({ statusIfNew: 'subscribed' }).plan(sampleEvent(name))
      if (p.kind !== 'send') continue
      for (const request of p.requests) expect(JSON.stringify(request.body)).not.toMatch(/"status"/)
    }
  })

  it('createMembers false → PATCH with merge fields only', () => {
    const plan = connector({ createMembers: false, skipMergeValidation: false }).plan(
      sampleEvent('customer-only'),
    )
    expect(plan).toEqual({
      kind: 'send',
      requests: [
        {
          operation: 'updateListMember',
          method: 'PATCH',
          path: MEMBER_PATH,
          body: { merge_fields: { BH_POINTS: 500, BH_TIER: 'Gold', FNAME: 'Jane', LNAME: 'Doe' } },
        },
      ],
    })
  })

  it('maps merge fields: override, drop with null, custom type, names off', () => {
    const plan = connector({
      mergeFields: {
        BH_Tier: 'TIER',
        BH_Points_Balance: null,
        BH_Points_NextExpiration_Amount: { tag: 'EXPIRING', type: 'text' },
        BH_Birthday: { tag: 'BDAY', type: 'birthday' },
      },
      firstNameTag: null,
      lastNameTag: 'SURNAME',
    }).plan(
      sampleEvent('points-expired', {
        customer_props: {
          BH_Points_Balance: 450,
          BH_Tier: 'Gold',
          BH_Points_NextExpiration_Amount: 25,
          BH_Points_NextExpiration_Date: '2025-03-01T00:00:00Z',
          BH_Birthday: '0000-07-14',
          BH_MagicLink: null,
          BH_Unmapped: 'x',
        },
      }),
    )
    expect(plan.kind === 'send' && plan.requests[0]?.body).toEqual({
      email_address: 'customer@example.com',
      status_if_new: 'transactional',
      merge_fields: {
        TIER: 'Gold',
        EXPIRING: '25',
        BH_EXP_DT: '2025-03-01',
        BH_LINK: '',
        BDAY: '07/14',
        SURNAME: 'Doe',
      },
    })
  })

  it('maps event names and event property sources', () => {
    const plan = connector({
      eventNames: { 'Points Earned': 'bh-earned' },
      eventProps: ['extra_props'],
    }).plan(sampleEvent('points-earned'))
    expect(plan.kind === 'send' && plan.requests[1]?.body).toEqual({
      name: 'bh-earned',
      properties: { BH_Points: '50', order_id: 'ORDER-789' },
      occurred_at: '2024-12-26T18:05:42.915Z',
    })
  })

  it('slugs event names to at most 30 characters, and rejects names with no valid slug', () => {
    const long = connector().plan(
      sampleEvent('points-earned', { name: 'Référral Approved (Receiver) — Second Tier Bonus' }),
    )
    expect(long.kind === 'send' && long.requests[1]?.body).toMatchObject({
      name: 'referral_approved_receiver_sec',
    })
    const none = connector().plan(sampleEvent('points-earned', { name: '★' }))
    expect(none.kind === 'decision' && none.result).toMatchObject({
      outcome: 'invalid_data',
      code: 'MAILCHIMP_EVENT_NAME_INVALID',
    })
    const customerOnly = connector().plan(sampleEvent('customer-only', { name: '★' }))
    expect(customerOnly.kind).toBe('send')
  })

  it('normalises the event time to UTC, leap second included', () => {
    const plan = connector().plan(sampleEvent('birthday', { time: '1990-12-31T23:59:60+01:00' }))
    expect(plan.kind === 'send' && plan.requests[1]?.body).toMatchObject({
      occurred_at: '1990-12-31T22:59:59.000Z',
    })
  })

  it('omits empty event properties', () => {
    const plan = connector().plan(sampleEvent('points-expired', { extra_props: {} }))
    expect(plan.kind === 'send' && plan.requests[1]?.body).toEqual({
      name: 'points_expired',
      occurred_at: '2024-12-26T18:05:42.915Z',
    })
  })

  it('plans the tags call between the member and the event', () => {
    const plan = connector({
      tags: [{ prop: 'BH_Tier', prefix: 'Tier: ', values: ['Silver', 'Gold', 'Platinum'] }],
    }).plan(sampleEvent('tier-reached'))
    expect(plan.kind === 'send' && plan.requests.map((r) => r.operation)).toEqual([
      'setListMember',
      'updateListMemberTags',
      'createListMemberEvent',
    ])
    expect(plan.kind === 'send' && plan.requests[1]).toEqual({
      operation: 'updateListMemberTags',
      method: 'POST',
      path: `${MEMBER_PATH}/tags`,
      body: {
        tags: [
          { name: 'Tier: Platinum', status: 'active' },
          { name: 'Tier: Silver', status: 'inactive' },
          { name: 'Tier: Gold', status: 'inactive' },
        ],
        is_syncing: true,
      },
    })
    const noTier = connector({ tags: [{ prop: 'BH_Tier' }] }).plan(
      sampleEvent('tier-reached', { customer_props: {} }),
    )
    expect(noTier.kind === 'send' && noTier.requests.length).toBe(2)
  })

  it('url-encodes the list id', () => {
    const plan = connector({ listId: 'a/b c' }).plan(sampleEvent('customer-only'))
    expect(plan.kind === 'send' && plan.requests[0]?.path).toBe(
      `/lists/a%2Fb%20c/members/${CUSTOMER_HASH}`,
    )
  })
})
