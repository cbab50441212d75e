import type { PlannedRequest } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import { fitRequest } from './fit'

const event = (properties: object, user: object): PlannedRequest => ({
  operation: 'sendCustomEvent',
  method: 'POST',
  path: '/events/custom',
  body: { type: 'Points Earned', properties: { ...properties }, user: { ...user } },
})

describe('fitRequest', () => {
  it('leaves a request within the limits as it is', () => {
    const request = event({ BH_Points: 50, list: [1, 2], nested: { a: 1 } }, { email: 'a@b.co' })
    expect(fitRequest(request)).toEqual({ request, drops: [] })
  })

  it.each(['"', '{', '}', '[', ']', '\\', '|'])(
    'leaves out an event property key holding %s',
    (c) => {
      const fitted = fitRequest(event({ [`a${c}b`]: 1, ok: 2 }, { email: 'a@b.co' }))
      expect(fitted.request.body).toHaveProperty('properties', { ok: 2 })
      expect(fitted.drops).toEqual([
        { parent: 'properties', key: `a${c}b`, reason: 'invalid_value' },
      ])
    },
  )

  it("keeps event property keys with ' ( ) , (forbidden in a type only)", () => {
    const request = event({ "it's (ok), yes": 1 }, { email: 'a@b.co' })
    expect(fitRequest(request).drops).toEqual([])
  })

  it('leaves out an email no mailbox can have, or a phone not E.164, and never changes the plan', () => {
    const request = event({}, { email: 'no-at-sign', phone: '+15551230987' })
    const fitted = fitRequest(request)
    expect(fitted.request.body).toHaveProperty('user', { phone: '+15551230987' })
    expect(fitted.drops).toEqual([{ parent: 'user', key: 'email', reason: 'invalid_email' }])
    expect(request.body).toHaveProperty('user.email', 'no-at-sign')
    expect(fitRequest(event({}, { email: 'a@b.co', phone: '0044 20' })).drops).toEqual([
      { parent: 'user', key: 'phone', reason: 'invalid_value' },
    ])
  })

  it('custom attributes: arrays, objects and null out; a name of 200 characters in, 201 out', () => {
    const request: PlannedRequest = {
      operation: 'setCustomAttributes',
      method: 'POST',
      path: '/attributes/custom',
      body: {
        properties: {
          list: ['a'],
          object: { a: 1 },
          none: null,
          ['n'.repeat(200)]: 'fits',
          [`${'n'.repeat(200)}x`]: 'too long',
          tier: 'Gold',
          points: 5,
          vip: true,
        },
        user: { email: 'a@b.co' },
      },
    }
    const fitted = fitRequest(request)
    expect(Object.keys((fitted.request.body as { properties: object }).properties)).toEqual([
      'n'.repeat(200),
      'tier',
      'points',
      'vip',
    ])
    expect(fitted.drops.map((d) => d.reason)).toEqual([
      'invalid_value',
      'invalid_value',
      'invalid_value',
      'too_long',
    ])
  })
})
