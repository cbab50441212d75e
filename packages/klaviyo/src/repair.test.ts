// 400 bodies: the shape of vendors.md §1.3 (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling)
// with the pointer of another field; 409: https://github.com/klaviyo/klaviyo-api-node/issues/75.
import {
  classifyResponse,
  type PlannedRequest,
  type Result,
  type SendEvent1,
} from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { KlaviyoOptions } from './options'
import { planKlaviyo } from './plan'
import { repairKlaviyo } from './repair'
import { KLAVIYO_RULES } from './rules'

function planned(event: SendEvent1): PlannedRequest {
  const plan = planKlaviyo(event, KlaviyoOptions.parse({ apiKey: 'pk_test' }))
  if (plan.kind !== 'send' || !plan.requests[0]) throw new Error('expected a send plan')
  return plan.requests[0]
}

/** A 400 body naming these pointers, one error each. */
const invalidAt = (...pointers: string[]) => ({
  errors: pointers.map((pointer) => ({
    status: 400,
    code: 'invalid',
    title: 'Invalid input.',
    source: { pointer },
  })),
})

function repair(request: PlannedRequest, status: number, body: unknown) {
  const verdict: Result = classifyResponse({ status, headers: {}, body }, KLAVIYO_RULES)
  return repairKlaviyo(request, status, body, verdict)
}

describe('repairKlaviyo: 400 naming fields', () => {
  it('decodes the pointer (RFC 6901) to find a property whose name holds a slash', () => {
    const request = planned(sampleEvent('points-earned', { extra_props: { 'a/b~c': 1 } }))
    const out = repair(request, 400, invalidAt('/data/attributes/properties/a~1b~0c'))
    expect(out?.drops.map((d) => [d.reason, d.name])).toEqual([['invalid_value', 'a/b~c']])
    expect(JSON.stringify(out?.repair.request.body)).not.toContain('a/b~c')
  })

  it('leaves out every field a 400 names, in one resend', () => {
    const out = repair(
      planned(CANONICAL_EVENT),
      400,
      invalidAt('/data/attributes/properties/order_id', '/data/attributes/time'),
    )
    expect(out?.drops.map((d) => d.name)).toEqual(['order_id', 'time'])
    expect(out?.repair.code).toBe('KLAVIYO_SENT_WITHOUT_FIELDS')
  })

  it('names profile properties of a profile import profile.<key>', () => {
    const out = repair(
      planned(sampleEvent('customer-only')),
      400,
      invalidAt('/data/attributes/properties/BH_Tier'),
    )
    expect(out?.drops.map((d) => d.name)).toEqual(['profile.BH_Tier'])
  })

  it.each([
    ['a field the request does not hold', ['/data/attributes/properties/nope']],
    ['a field it cannot do without', ['/data/attributes/metric/data/attributes/name']],
    ['one droppable and one not', ['/data/attributes/time', '/data/type']],
    ['the whole properties object', ['/data/attributes/properties']],
    ['a prototype member', ['/data/attributes/profile/data/attributes/constructor']],
  ])('keeps the verdict for %s', (_name, pointers) => {
    expect(repair(planned(CANONICAL_EVENT), 400, invalidAt(...pointers))).toBeUndefined()
  })

  it('never leaves the profile without an email or an external id', () => {
    const emailOnly = planned(sampleEvent('points-earned', { customer: { email: 'a@b.io' } }))
    const pointer = '/data/attributes/profile/data/attributes/email'
    expect(repair(emailOnly, 400, invalidAt(pointer))).toBeUndefined()
    const both = repair(planned(CANONICAL_EVENT), 400, fixture('400-invalid-email.json'))
    expect(both?.drops.map((d) => [d.reason, d.name])).toEqual([['invalid_email', 'email']])
  })
})

describe('repairKlaviyo: 409 duplicate_profile', () => {
  const conflict = fixture('409-duplicate-profile.json')

  it('drops the external id of the default identity, never the email', () => {
    const out = repair(planned(CANONICAL_EVENT), 409, conflict)
    expect(out?.repair.code).toBe('KLAVIYO_SENT_WITHOUT_EXTERNAL_ID')
    expect(out?.drops).toEqual([])
    expect(JSON.stringify(out?.repair.request.body)).toContain('"email":"customer@example.com"')
    expect(JSON.stringify(out?.repair.request.body)).not.toContain('external_id')
  })

  it('has nothing to drop for a profile named by its external id alone', () => {
    const byId = planned(sampleEvent('points-earned', { customer: { shopid: '1' } }))
    expect(repair(byId, 409, conflict)).toBeUndefined()
  })
})
