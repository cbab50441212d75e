/**
 * Every row of the rules table, each with its HubSpot body, over real HTTP.
 * Bodies: docs/vendors.md §3.3 (verbatim), from https://developers.hubspot.com/docs/api-reference/error-handling;
 * 400-invalid-option follows HubSpot's property-validation format with representative text;
 * 400-event-validation is the documented error shape with its message elided (no verbatim body
 * for /events/v3/send errors is on record); 409 is HubSpot's "Contact already exists" body
 * (HubSpot/hubspot-api-nodejs#545).
 */
import { type FakeReply, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import {
  FIXTURES,
  hubspotHarness,
  propertyList,
  UPSERT_OK,
  useHubspotVendor,
} from './__fixtures__/kit'
import { HUBSPOT_EVENT_RULES, HUBSPOT_RULES } from './index'
import type { HubspotOptionsInput } from './options'

const vendor = useHubspotVendor()

const LIST: FakeReply = { status: 200, body: propertyList() }
let n = 0
const run = (options: Partial<HubspotOptionsInput> = {}, name = 'points-earned') =>
  hubspotHarness(vendor().url, options).run(sampleEvent(name, { bhid: `rules-${++n}` }))

const EMAIL_DOESNT_EXIST = JSON.parse(
  JSON.stringify(FIXTURES['400-property-doesnt-exist']).replaceAll('bh_tier_x', 'email'),
)

interface Row {
  readonly rule: string
  readonly replies: readonly FakeReply[]
  readonly outcome: string
  readonly retryAfterMs?: number
  readonly vendorStatus?: number
}

const contactRows: Row[] = [
  {
    rule: 'HUBSPOT_INVALID_EMAIL',
    replies: [LIST, { status: 400, body: FIXTURES['400-invalid-email'] }],
    outcome: 'invalid_data',
    vendorStatus: 400,
  },
  {
    rule: 'HUBSPOT_PROPERTY_DOESNT_EXIST',
    // The property contacts are matched on: never left out, so no resend helps.
    replies: [LIST, { status: 400, body: EMAIL_DOESNT_EXIST }],
    outcome: 'failure',
    vendorStatus: 400,
  },
  {
    rule: 'HUBSPOT_INVALID_PROPERTY_VALUE',
    // The resend left bubblehouse_tier out, and HubSpot still names it: nothing left to repair.
    replies: [
      LIST,
      { status: 400, body: FIXTURES['400-invalid-option'] },
      { status: 400, body: FIXTURES['400-invalid-option'] },
    ],
    outcome: 'invalid_data',
    vendorStatus: 400,
  },
  {
    rule: 'HUBSPOT_CONFLICT',
    replies: [
      LIST,
      { status: 409, body: FIXTURES['409-contact-already-exists'] },
      { status: 409, body: FIXTURES['409-contact-already-exists'] },
    ],
    outcome: 'invalid_data',
    vendorStatus: 409,
  },
  {
    rule: 'HUBSPOT_INVALID_AUTHENTICATION',
    replies: [LIST, { status: 401, body: FIXTURES['401-invalid-authentication'] }],
    outcome: 'failure',
    vendorStatus: 401,
  },
  {
    rule: 'HUBSPOT_MISSING_SCOPES',
    replies: [LIST, { status: 403, body: FIXTURES['403-missing-scopes'] }],
    outcome: 'failure',
    vendorStatus: 403,
  },
  {
    rule: 'HUBSPOT_RATE_LIMITED',
    replies: [
      LIST,
      {
        status: 429,
        body: FIXTURES['429-ten-secondly-rolling'],
        headers: {
          'x-hubspot-ratelimit-max': '190',
          'x-hubspot-ratelimit-remaining': '0',
          'x-hubspot-ratelimit-interval-milliseconds': '10000',
          'x-hubspot-ratelimit-daily': '650000',
          'x-hubspot-ratelimit-daily-remaining': '123456',
        },
      },
    ],
    outcome: 'failure',
    retryAfterMs: 10_000,
    vendorStatus: 429,
  },
]

describe('rules: contact writes, one row each, real bodies over HTTP', () => {
  it('covers every row of HUBSPOT_RULES', () => {
    expect(contactRows.map((r) => r.rule)).toEqual(HUBSPOT_RULES.map((r) => r.code))
  })
  for (const row of contactRows) {
    it(`${row.rule} → ${row.outcome}`, async () => {
      vendor().reply(...row.replies)
      const result = await run()
      expect(result).toMatchObject({ outcome: row.outcome, code: row.rule })
      if (row.vendorStatus !== undefined) expect(result.vendorStatus).toBe(row.vendorStatus)
      expect(result.retryAfterMs).toBe(row.retryAfterMs)
    })
  }

  it('never answers unsubscribed: no row does', () => {
    expect([...HUBSPOT_RULES, ...HUBSPOT_EVENT_RULES].map((r) => r.outcome)).not.toContain(
      'unsubscribed',
    )
  })
})

describe('rules: custom events', () => {
  const customEvents = { portalId: '1234567', events: { 'Points Earned': 'points_earned' } }

  it('covers every row of HUBSPOT_EVENT_RULES', () => {
    expect(HUBSPOT_EVENT_RULES.map((r) => r.code)).toEqual([
      'HUBSPOT_EVENT_NOT_DEFINED',
      'HUBSPOT_EVENT_INVALID_EMAIL',
      'HUBSPOT_EVENT_INVALID_PROPERTY',
      'HUBSPOT_INVALID_AUTHENTICATION',
      'HUBSPOT_MISSING_SCOPES',
      'HUBSPOT_RATE_LIMITED',
    ])
  })

  // The documented error schema, keyed by the field it is about.
  const keyedBy = (field: string) =>
    JSON.parse(JSON.stringify(FIXTURES['400-event-name']).replaceAll('eventName', field))

  const eventRows: Array<[string, FakeReply, string]> = [
    ['HUBSPOT_EVENT_NOT_DEFINED', { status: 400, body: FIXTURES['400-event-name'] }, 'failure'],
    ['HUBSPOT_EVENT_INVALID_EMAIL', { status: 400, body: keyedBy('email') }, 'invalid_data'],
    // A property the event does not carry (nothing to leave out): about this event.
    ['HUBSPOT_EVENT_INVALID_PROPERTY', { status: 400, body: keyedBy('color') }, 'invalid_data'],
    ['HTTP_4XX', { status: 400, body: FIXTURES['400-event-validation'] }, 'invalid_data'],
    [
      'HUBSPOT_INVALID_AUTHENTICATION',
      { status: 401, body: FIXTURES['401-invalid-authentication'] },
      'failure',
    ],
    ['HUBSPOT_MISSING_SCOPES', { status: 403, body: FIXTURES['403-missing-scopes'] }, 'failure'],
    [
      'HUBSPOT_RATE_LIMITED',
      { status: 429, body: FIXTURES['429-ten-secondly-rolling'] },
      'failure',
    ],
  ]
  for (const [code, reply, outcome] of eventRows) {
    it(`${code} on /events/v3/send → ${outcome}, after the upsert went out`, async () => {
      vendor().reply(LIST, { status: 200, body: UPSERT_OK }, reply)
      const result = await run({ customEvents })
      expect(result).toMatchObject({ outcome, code, vendorStatus: reply.status })
      expect(vendor().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /crm/v3/properties/contacts',
        'POST /crm/v3/objects/contacts/batch/upsert',
        'POST /events/v3/send',
      ])
    })
  }
})

describe('rules: 429 wait hints (HubSpot sends no Retry-After)', () => {
  const limited = (
    headers: Record<string, string>,
    body: object = FIXTURES['429-ten-secondly-rolling'],
  ) => vendor().reply(LIST, { status: 429, body, headers })

  it('uses Retry-After when a proxy adds one', async () => {
    limited({ 'retry-after': '3', 'x-hubspot-ratelimit-interval-milliseconds': '10000' })
    expect((await run()).retryAfterMs).toBe(3_000)
  })

  it('has no hint when HubSpot sends no rate-limit header', async () => {
    limited({})
    const result = await run()
    expect(result).toMatchObject({ outcome: 'failure', code: 'HUBSPOT_RATE_LIMITED' })
    expect(result.retryAfterMs).toBeUndefined()
  })

  it('waits until midnight UTC when the daily limit is spent', async () => {
    limited({
      'x-hubspot-ratelimit-daily-remaining': '0',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
    })
    const result = await run()
    expect(result.outcome).toBe('failure')
    expect(result.retryAfterMs).toBeGreaterThan(10_000)
    expect(result.retryAfterMs).toBeLessThanOrEqual(86_400_000)
  })
})

describe('rules: 2xx batch replies that list errors', () => {
  it('judges a 207 by its contained error and keeps vendorStatus 207', async () => {
    vendor().reply(LIST, { status: 207, body: FIXTURES['207-batch-validation-error'] })
    expect(await run()).toMatchObject({
      outcome: 'invalid_data',
      code: 'HUBSPOT_INVALID_PROPERTY_VALUE',
      vendorStatus: 207,
    })
  })

  it('judges a 200 that still lists errors (the silent failure) the same way', async () => {
    vendor().reply(LIST, { status: 200, body: FIXTURES['207-batch-validation-error'] })
    expect(await run()).toMatchObject({ outcome: 'invalid_data', vendorStatus: 200 })
  })

  it('answers failure for an error it cannot categorise', async () => {
    const body = {
      ...FIXTURES['207-batch-validation-error'],
      errors: [{ status: 'error', category: 'SOMETHING_NEW', message: 'x' }],
    }
    vendor().reply(LIST, { status: 207, body })
    expect(await run()).toMatchObject({ outcome: 'failure', code: 'HUBSPOT_BATCH_ERROR' })
  })

  it('answers failure when numErrors is set but no error is listed', async () => {
    vendor().reply(LIST, { status: 207, body: { status: 'COMPLETE', results: [], numErrors: 1 } })
    expect(await run()).toMatchObject({ outcome: 'failure', code: 'HUBSPOT_BATCH_ERROR' })
  })

  it('classifies a contained rate-limit error as failure', async () => {
    const body = {
      status: 'COMPLETE',
      results: [],
      numErrors: 1,
      errors: [{ status: 'error', category: 'RATE_LIMITS', message: 'x' }],
    }
    vendor().reply(LIST, { status: 207, body })
    expect(await run()).toMatchObject({ outcome: 'failure', code: 'HUBSPOT_RATE_LIMITED' })
  })
})
