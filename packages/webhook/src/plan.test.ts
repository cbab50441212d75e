import { CANONICAL_EVENT, SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { SECRET } from './__fixtures__/helpers'
import { WebhookOptions } from './options'
import { planWebhook } from './plan'

const options = WebhookOptions.parse({
  url: 'https://hooks.example.com/bh/events?source=bubblehouse',
  secret: SECRET,
  headers: { authorization: 'Bearer not-in-the-plan' },
})

const request = (plan: ReturnType<typeof planWebhook>) => {
  if (plan.kind !== 'send') throw new Error(`expected a send plan, got ${JSON.stringify(plan)}`)
  expect(plan.requests).toHaveLength(1)
  return plan.requests[0]!
}

describe('planWebhook', () => {
  it('posts the event as its exact JSON text to the url path and query', () => {
    expect(request(planWebhook(CANONICAL_EVENT, options))).toEqual({
      operation: 'postEvent',
      method: 'POST',
      path: '/bh/events?source=bubblehouse',
      headers: { 'content-type': 'application/json', 'webhook-id': '24a5be6c83010001' },
      body: JSON.stringify(CANONICAL_EVENT),
    })
  })

  it.each(SAMPLE_NAMES)('sends the %s sample whole, nothing renamed or left out', (name) => {
    const event = sampleEvent(name)
    expect(JSON.parse(request(planWebhook(event, options)).body as string)).toEqual(event)
  })

  it('keeps new_user, referred_user and customer_only in the body', () => {
    const event = { ...CANONICAL_EVENT, new_user: true, referred_user: false, customer_only: true }
    expect(JSON.parse(request(planWebhook(event, options)).body as string)).toMatchObject({
      new_user: true,
      referred_user: false,
      customer_only: true,
    })
  })

  it('holds neither the secret nor the extra headers', () => {
    const text = JSON.stringify(planWebhook(CANONICAL_EVENT, options))
    expect(text).not.toContain(SECRET.slice(6))
    expect(text).not.toContain('not-in-the-plan')
  })

  it('skips a denied event name with no request, but never a customer_only event', () => {
    const denying = WebhookOptions.parse({ ...options, events: { deny: ['Points Updated'] } })
    expect(planWebhook(CANONICAL_EVENT, denying)).toMatchObject({
      kind: 'decision',
      result: { outcome: 'skipped', code: 'EVENT_FILTERED' },
    })
    const profile = { ...CANONICAL_EVENT, customer_only: true }
    expect(planWebhook(profile, denying).kind).toBe('send')
    const allowing = WebhookOptions.parse({ ...options, events: { allow: ['Tier Reached'] } })
    expect(planWebhook(profile, allowing).kind).toBe('send')
  })

  it('answers invalid_data when nothing names the customer', () => {
    const event = { ...CANONICAL_EVENT, customer: { first_name: 'Jane', email: '  ' } }
    expect(planWebhook(event, options)).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'WEBHOOK_NO_CUSTOMER',
        reason:
          'the customer has no bhid, shopid or email: no receiver could tell who the event is about',
      },
    })
  })

  it.each([
    ['shopid', { shopid: '12345' }],
    ['bhid', { bhid: '24760933ea010001' }],
    ['email', { email: 'customer@example.com' }],
  ])('sends an event whose customer has only a %s', (_, customer) => {
    expect(planWebhook({ ...CANONICAL_EVENT, customer }, options).kind).toBe('send')
  })

  it('uses a hash as webhook-id when the bhid holds a dot, the same on every plan', () => {
    const event = { ...CANONICAL_EVENT, bhid: 'evt.1' }
    const id = request(planWebhook(event, options)).headers?.['webhook-id']
    expect(id).toMatch(/^bh-sha256-[0-9a-f]{64}$/)
    expect(request(planWebhook(event, options)).headers?.['webhook-id']).toBe(id)
    expect(JSON.parse(request(planWebhook(event, options)).body as string).bhid).toBe('evt.1')
  })

  it('posts to / for a url with no path', () => {
    const bare = WebhookOptions.parse({ url: 'https://hooks.example.com', secret: SECRET })
    expect(request(planWebhook(CANONICAL_EVENT, bare)).path).toBe('/')
  })
})
