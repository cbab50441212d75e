import type { PlannedRequest, Result } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { names, repairAttentive } from './repair'
import { classifyAttentive } from './rules'

const attributes: PlannedRequest = {
  operation: 'setCustomAttributes',
  method: 'POST',
  path: '/attributes/custom',
  body: {
    properties: { BH_Tier: 'Platinum', BH_Tier_Name: 'x', Tier: 1 },
    user: { phone: '+15551230987', email: 'customer@example.com' },
  },
}
const verdict = (status: number, body: unknown): Result =>
  classifyAttentive({ status, headers: {}, body }, 0)
const repair = (status: number, body: unknown, request = attributes) =>
  repairAttentive(request, body, verdict(status, body))

describe('repairAttentive', () => {
  it('leaves out exactly the property the message quotes, never one that only contains its name', () => {
    const body = fixture('400-invalid-attribute-value.json')
    const repaired = repair(400, body)
    expect(repaired?.drops).toEqual([
      { parent: 'properties', key: 'BH_Tier', reason: 'invalid_value' },
    ])
    expect(repaired?.repair.request.body).toEqual({
      properties: { BH_Tier_Name: 'x', Tier: 1 },
      user: { phone: '+15551230987', email: 'customer@example.com' },
    })
    expect(attributes.body).toHaveProperty('properties.BH_Tier', 'Platinum')
  })

  it('keeps the verdict when the message names nothing we sent', () => {
    expect(repair(400, fixture('400-invalid-parameter.json'))).toBeUndefined()
    expect(repair(400, undefined)).toBeUndefined()
  })

  it('sends by the other identifier only when one remains', () => {
    expect(repair(400, fixture('400-invalid-phone.json'))?.repair.request.body).toHaveProperty(
      'user',
      { email: 'customer@example.com' },
    )
    const emailOnly = { ...attributes, body: { properties: {}, user: { email: 'a@b.co' } } }
    expect(repair(400, fixture('400-invalid-phone.json'), emailOnly)).toBeUndefined()
    expect(repair(400, fixture('400-invalid-email.json'), emailOnly)).toBeUndefined()
  })

  it('never repairs a user answer or a failure', () => {
    expect(repair(404, fixture('404-user-not-found.json'))).toBeUndefined()
    expect(repair(429, fixture('429-too-many-requests.json'))).toBeUndefined()
  })

  it.each([
    ['property "BH_Tier" is invalid', true],
    ["'BH_Tier' is invalid", true],
    ['invalid: BH_Tier.', true],
    ['BH_Tier_Name is invalid', false],
    ['xBH_Tier is invalid', false],
  ])('names(%j, BH_Tier) is %s', (message, expected) => {
    expect(names(message, 'BH_Tier')).toBe(expected)
  })
})
