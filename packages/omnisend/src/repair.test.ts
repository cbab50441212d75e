// Error bodies: src/__fixtures__ (2026-03-15 ValidationProblem shape, errors[].field).
import type { PlannedRequest, Result, SendEvent1 } from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { OmnisendOptions } from './options'
import { planOmnisend } from './plan'
import { droppable, repairOmnisend } from './repair'
import { classifyOmnisend } from './rules'

const options = OmnisendOptions.parse({ apiKey: 'k', phoneProp: 'BH_Phone' })
const withPhone: SendEvent1 = {
  ...CANONICAL_EVENT,
  customer_props: { ...CANONICAL_EVENT.customer_props, BH_Phone: '+15551230987', 'a.b': 1 },
  extra_props: { 'order.id': 'X', BH_Points: 50 },
}

function planned(event: SendEvent1): PlannedRequest {
  const plan = planOmnisend(event, options)
  if (plan.kind !== 'send') throw new Error('expected a send plan')
  return plan.requests[0] as PlannedRequest
}

const errors = (...fields: string[]) => ({
  status: 400,
  errors: fields.map((field) => ({ field, code: 'invalid' })),
})
const verdict = (status: number, body: unknown): Result =>
  classifyOmnisend({ status, headers: {}, body })
const repair = (request: PlannedRequest, status: number, body: unknown) =>
  repairOmnisend(request, status, body, verdict(status, body))

describe('droppable', () => {
  const event = planned(withPhone)
  const upsert = planned({ ...withPhone, customer_only: true })
  it.each([
    ['contact.email', ['contact'], 'email', 'invalid_email'],
    ['contact.phone', ['contact'], 'phone', 'invalid_value'],
    ['contact.firstName', ['contact'], 'firstName', 'invalid_value'],
    [
      'contact.customProperties.bh_tier',
      ['contact', 'customProperties'],
      'bh_tier',
      'invalid_value',
    ],
    ['contact.customProperties', ['contact'], 'customProperties', 'invalid_value'],
    ['properties.BH_Points', ['properties'], 'BH_Points', 'invalid_value'],
    ['properties.order.id', ['properties'], 'order.id', 'invalid_value'],
    ['properties.BH_Points.value', ['properties'], 'BH_Points', 'invalid_value'],
    ['eventID', [], 'eventID', 'invalid_value'],
    ['eventTime', [], 'eventTime', 'invalid_date'],
  ])('event: %s → leaves out %j %s', (field, parent, key, reason) => {
    expect(droppable(event, field)).toMatchObject({ parent, key, reason })
  })

  it.each([
    'eventName',
    'origin',
    'contact',
    'contact.id',
    'properties.constructor',
    'contact.customProperties.nope',
    'identifiers[0].id',
  ])('event: %s is not something the event can do without', (field) => {
    expect(droppable(event, field)).toBeUndefined()
  })

  it.each([
    ['identifiers[0].id', '0', 'invalid_email'],
    ['identifiers.1.id', '1', 'invalid_value'],
    ['email', '0', 'invalid_email'],
    ['phone', '1', 'invalid_value'],
  ])('upsert: %s → leaves out identifier %s', (field, key, reason) => {
    expect(droppable(upsert, field)).toMatchObject({ parent: ['identifiers'], key, reason })
  })

  it.each(['identifiers[2].id', 'eventID', 'properties.BH_Points'])(
    'upsert: %s is not droppable',
    (field) => {
      expect(droppable(upsert, field)).toBeUndefined()
    },
  )
})

describe('repairOmnisend', () => {
  it('sends again without every named field, when all can go', () => {
    const request = planned(withPhone)
    const body = errors('contact.email', 'properties.BH_Points', 'eventID')
    const repaired = repair(request, 400, body)
    expect(repaired?.repair.code).toBe('OMNISEND_SENT_WITHOUT_FIELDS')
    expect(repaired?.drops.map((d) => d.name)).toEqual([
      'contact.email',
      'properties.BH_Points',
      'eventID',
    ])
    const sent = repaired?.repair.request.body as Record<string, Record<string, unknown>>
    expect(sent.contact).not.toHaveProperty('email')
    expect(sent.contact?.phone).toBe('+15551230987')
    expect(sent.properties).toEqual({ BH_Source: 'order', 'order.id': 'X' })
    expect(sent).not.toHaveProperty('eventID')
    expect(request.body).toHaveProperty('eventID')
  })

  it('keeps the verdict when one named field cannot go, or none is named', () => {
    const request = planned(withPhone)
    expect(repair(request, 400, errors('properties.BH_Points', 'eventName'))).toBeUndefined()
    expect(repair(request, 400, fixture('400-validation-failed.json'))).toBeUndefined()
    expect(repair(request, 400, 'Bad Request')).toBeUndefined()
  })

  it('never sends without both the email and the phone', () => {
    expect(
      repair(planned(withPhone), 400, errors('contact.email', 'contact.phone')),
    ).toBeUndefined()
    expect(
      repair(planned(CANONICAL_EVENT), 400, fixture('400-invalid-contact-email.json')),
    ).toBeUndefined()
  })

  it('409 on an upsert: sent again by email alone, never without the email', () => {
    const upsert = planned({ ...withPhone, customer_only: true })
    const repaired = repair(upsert, 409, fixture('409-identifier-conflict.json'))
    expect(repaired?.repair.code).toBe('OMNISEND_SENT_WITHOUT_PHONE')
    expect(repaired?.repair.request.body).toMatchObject({
      identifiers: [{ type: 'email', id: 'customer@example.com' }],
    })
    const byPhone = planned({ ...withPhone, customer: {}, customer_only: true })
    expect(repair(byPhone, 409, fixture('409-identifier-conflict.json'))).toBeUndefined()
    expect(repair(planned({ ...CANONICAL_EVENT, customer_only: true }), 409, {})).toBeUndefined()
  })

  it('does not repair what is not about fields (401, 429, 5xx)', () => {
    const request = planned(withPhone)
    for (const status of [401, 429, 503])
      expect(repair(request, status, errors('contact.email'))).toBeUndefined()
  })
})
