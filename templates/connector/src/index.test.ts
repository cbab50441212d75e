import { readFileSync } from 'node:fs'
import {
  CANONICAL_EVENT,
  createHarness,
  type FakeVendor,
  runConformance,
  startFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import __CAMEL__ from './index'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))

runConformance({
  definition: __CAMEL__,
  options: (baseUrl) => ({ apiKey: 'test-key', baseUrl }),
  ok: { status: 200, body: {} },
  rules: [
    {
      name: '400 invalid email',
      replies: [{ status: 400, body: fixture('400-invalid-email.json') }],
      outcome: 'invalid_data',
      code: '__PREFIX___INVALID_EMAIL',
    },
  ],
  // Answers about this event, customer or field: each must never hold the queue (never failure).
  // List every such answer the vendor documents, with its real body.
  eventScopedAnswers: [
    {
      name: '400 invalid email',
      replies: [{ status: 400, body: fixture('400-invalid-email.json') }],
    },
    {
      name: '422 a validation error no rule knows',
      replies: [{ status: 422, body: { errors: [{ code: 'something_new' }] } }],
    },
  ],
})

describe('__ID__ over HTTP', () => {
  let vendor: FakeVendor
  beforeAll(async () => {
    vendor = await startFakeVendor()
  })
  afterAll(() => vendor.close())

  it('sends the event with the API key and the exact body', async () => {
    const h = createHarness(__CAMEL__, { apiKey: 'test-key', baseUrl: vendor.url })
    expect(await h.run(CANONICAL_EVENT)).toMatchObject({ outcome: 'sent' })
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.headers.authorization).toBe('Bearer test-key')
    expect(vendor.requests[0]?.body).toEqual({
      id: CANONICAL_EVENT.bhid,
      name: 'Points Updated',
      email: 'customer@example.com',
      time: CANONICAL_EVENT.time,
      properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
    })
  })
})
