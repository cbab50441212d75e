/**
 * deliver() over real HTTP with nock: exact request bodies, the Bearer token, the property cache,
 * the unknown-property resend and the 409 repair.
 * Endpoints: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts,
 * https://developers.hubspot.com/docs/api-reference/legacy/events/send-event-data/guide
 */
import {
  createHarness,
  recordingLogger,
  recordingMetrics,
  sampleEvent,
} from '@bubblehouse-hooks/core/testing'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PROPERTY_NAMES, FIXTURES, propertyList, UPSERT_OK } from './__fixtures__/kit'
import hubspot from './index'
import type { HubspotOptionsInput } from './options'

const BASE = 'https://api.hubapi.com'
const TOKEN = 'pat-na1-test'
const UPSERT = '/crm/v3/objects/contacts/batch/upsert'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

/** Every interceptor demands the instance's own Bearer token. */
const api = () => nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
const listing = (names: readonly string[] = DEFAULT_PROPERTY_NAMES) =>
  api()
    .get('/crm/v3/properties/contacts')
    .query({ archived: 'false' })
    .reply(200, propertyList(names))

const dropLine = (reason: string, fields: string[]) => ({
  level: 'warn',
  obj: { connector: 'hubspot', reason, fields, count: fields.length },
  msg: 'fields left out of the event; the rest was delivered',
})

const CANONICAL_PROPERTIES = {
  email: 'customer@example.com',
  firstname: 'Jane',
  lastname: 'Doe',
  bubblehouse_points_balance: '500',
  bubblehouse_tier: 'Gold',
  bubblehouse_last_event: 'Points Earned',
  bubblehouse_last_event_at: '2024-12-26T18:05:42.915Z',
}
const upsertBody = (properties: Record<string, string>) => ({
  inputs: [{ idProperty: 'email', id: 'customer@example.com', properties }],
})

let n = 0
function setup(options: Partial<HubspotOptionsInput> = {}, now: () => number = Date.now) {
  const logger = recordingLogger()
  const metrics = recordingMetrics()
  const h = createHarness(hubspot, { accessToken: TOKEN, ...options }, { logger, metrics, now })
  const run = (name = 'points-earned', overrides = {}) =>
    h.run(sampleEvent(name, { bhid: `deliver-${++n}`, ...overrides }))
  return { h, run, logger, metrics }
}

describe('deliver: the contact upsert', () => {
  it('reads the property list, then sends one exact batch/upsert with the Bearer token', async () => {
    const list = listing()
    const upsert = api().post(UPSERT, upsertBody(CANONICAL_PROPERTIES)).reply(200, UPSERT_OK)
    const { run } = setup()
    expect(await run()).toEqual({
      outcome: 'sent',
      code: 'HTTP_2XX',
      reason: 'the vendor accepted the request',
      vendorStatus: 200,
    })
    expect(list.isDone()).toBe(true)
    expect(upsert.isDone()).toBe(true)
  })

  it('sends customer_only as the upsert alone, without last-event fields', async () => {
    listing()
    const {
      bubblehouse_last_event: _a,
      bubblehouse_last_event_at: _b,
      ...props
    } = CANONICAL_PROPERTIES
    const upsert = api().post(UPSERT, upsertBody(props)).reply(200, UPSERT_OK)
    const { run } = setup({
      customEvents: { portalId: '1234567', events: { 'Customer Updated': 'x' } },
    })
    expect(await run('customer-only')).toMatchObject({ outcome: 'sent' })
    expect(upsert.isDone()).toBe(true)
  })

  it('makes no call for an event without email', async () => {
    const { run } = setup()
    expect(await run('points-earned', { customer: { shopid: '1' } })).toMatchObject({
      outcome: 'invalid_data',
      code: 'NO_EMAIL',
    })
    expect(nock.pendingMocks()).toEqual([])
  })
})

describe('deliver: custom events', () => {
  const customEvents = {
    portalId: '1234567',
    events: {
      'Points Earned': {
        name: 'points_earned',
        properties: { BH_Points: 'points_earned', BH_Points_Balance: 'balance' },
      },
    },
  }

  it('sends the upsert, then POST /events/v3/send with uuid = bhid', async () => {
    listing()
    const upsert = api().post(UPSERT, upsertBody(CANONICAL_PROPERTIES)).reply(200, UPSERT_OK)
    const send = api()
      .post('/events/v3/send', {
        occurredAt: '2024-12-26T18:05:42.915Z',
        eventName: 'pe1234567_points_earned',
        uuid: 'event-bhid-1',
        email: 'customer@example.com',
        properties: { points_earned: '50', balance: '500' },
      })
      .reply(204)
    const { h } = setup({ customEvents })
    const result = await h.run(sampleEvent('points-earned', { bhid: 'event-bhid-1' }))
    expect(result).toMatchObject({ outcome: 'sent', vendorStatus: 204 })
    expect(upsert.isDone()).toBe(true)
    expect(send.isDone()).toBe(true)
  })

  it('does not send the event when the upsert is not sent', async () => {
    listing()
    api().post(UPSERT).reply(400, FIXTURES['400-invalid-email'])
    const { run } = setup({ customEvents })
    expect(await run()).toMatchObject({ outcome: 'invalid_data', code: 'HUBSPOT_INVALID_EMAIL' })
    expect(nock.pendingMocks()).toEqual([])
  })
})

describe('deliver: unknown properties never fail an event', () => {
  it('leaves out properties HubSpot does not list, counting and naming each per event', async () => {
    const list = listing(DEFAULT_PROPERTY_NAMES.filter((p) => p !== 'bubblehouse_tier'))
    const { bubblehouse_tier: _, ...known } = CANONICAL_PROPERTIES
    const first = api().post(UPSERT, upsertBody(known)).reply(200, UPSERT_OK)
    const second = api().post(UPSERT, upsertBody(known)).reply(200, UPSERT_OK)
    const { run, logger, metrics } = setup()
    expect(await run()).toMatchObject({ outcome: 'sent' })
    expect(await run()).toMatchObject({ outcome: 'sent' })
    expect(list.isDone() && first.isDone() && second.isDone()).toBe(true)
    expect(metrics.fieldDrops).toEqual([
      ['unknown_property', 1],
      ['unknown_property', 1],
    ])
    expect(metrics.counts).toEqual([])
    const warnings = logger.lines.filter((l) => l.level === 'warn')
    expect(warnings).toEqual([
      dropLine('unknown_property', ['bubblehouse_tier']),
      dropLine('unknown_property', ['bubblehouse_tier']),
    ])
    const logged = JSON.stringify(logger.lines)
    expect(logged).not.toContain('customer@example.com')
    expect(logged).not.toContain(TOKEN)
  })

  it('on PROPERTY_DOESNT_EXIST resends once without the named property, and remembers it', async () => {
    listing([...DEFAULT_PROPERTY_NAMES, 'bh_tier_x'])
    const { bubblehouse_tier: _, ...rest } = CANONICAL_PROPERTIES
    const withX = { ...rest, bh_tier_x: 'Gold' }
    const rejected = api()
      .post(UPSERT, upsertBody(withX))
      .reply(400, FIXTURES['400-property-doesnt-exist'])
    const resent = api().post(UPSERT, upsertBody(rest)).reply(200, UPSERT_OK)
    const next = api().post(UPSERT, upsertBody(rest)).reply(200, UPSERT_OK)
    const { run, logger, metrics } = setup({ properties: { BH_Tier: 'bh_tier_x' } })
    expect(await run()).toMatchObject({
      outcome: 'sent',
      code: 'HUBSPOT_UNKNOWN_PROPERTIES_LEFT_OUT',
      vendorStatus: 200,
    })
    expect(rejected.isDone() && resent.isDone()).toBe(true)
    // The next event leaves it out at once: no rejected write first.
    expect(await run()).toMatchObject({ outcome: 'sent', code: 'HTTP_2XX' })
    expect(next.isDone()).toBe(true)
    // Once from the resend, once from the next event's filter.
    expect(metrics.fieldDrops).toEqual([
      ['unknown_property', 1],
      ['unknown_property', 1],
    ])
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      dropLine('unknown_property', ['bh_tier_x']),
      dropLine('unknown_property', ['bh_tier_x']),
    ])
  })

  it('does not resend for a property it no longer sends: invalid_data, not failure', async () => {
    listing([...DEFAULT_PROPERTY_NAMES, 'bh_tier_x'])
    api().post(UPSERT).reply(400, FIXTURES['400-property-doesnt-exist'])
    api().post(UPSERT).reply(400, FIXTURES['400-property-doesnt-exist'])
    const { run } = setup({ properties: { BH_Tier: 'bh_tier_x' } })
    expect(await run()).toMatchObject({
      outcome: 'invalid_data',
      code: 'HUBSPOT_INVALID_PROPERTY_VALUE',
    })
    expect(nock.pendingMocks()).toEqual([])
  })

  it('does not resend when the missing property is email itself (tenant configuration)', async () => {
    listing()
    const body = JSON.parse(
      JSON.stringify(FIXTURES['400-property-doesnt-exist']).replaceAll('bh_tier_x', 'email'),
    )
    const upsert = api().post(UPSERT).once().reply(400, body)
    const { run } = setup()
    expect(await run()).toMatchObject({ outcome: 'failure', code: 'HUBSPOT_PROPERTY_DOESNT_EXIST' })
    expect(upsert.isDone()).toBe(true)
  })

  it('resends on a PROPERTY_DOESNT_EXIST inside a 207', async () => {
    listing([...DEFAULT_PROPERTY_NAMES, 'bh_tier_x'])
    const { bubblehouse_tier: _, ...rest } = CANONICAL_PROPERTIES
    const inner = FIXTURES['400-property-doesnt-exist']
    api()
      .post(UPSERT, upsertBody({ ...rest, bh_tier_x: 'Gold' }))
      .reply(207, {
        status: 'COMPLETE',
        results: [],
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: inner.category,
            message: inner.message,
            context: {},
            errors: [],
          },
        ],
      })
    const resent = api().post(UPSERT, upsertBody(rest)).reply(200, UPSERT_OK)
    const { run } = setup({ properties: { BH_Tier: 'bh_tier_x' } })
    expect(await run()).toMatchObject({
      outcome: 'sent',
      code: 'HUBSPOT_UNKNOWN_PROPERTIES_LEFT_OUT',
    })
    expect(resent.isDone()).toBe(true)
  })
})

describe('deliver: the property cache', () => {
  it('reads the list once per TTL', async () => {
    let clock = 1_000_000
    const first = listing()
    api().post(UPSERT).times(2).reply(200, UPSERT_OK)
    const { run } = setup({ propertyCacheTtlMs: 60_000 }, () => clock)
    await run()
    clock += 59_000
    await run()
    expect(first.isDone()).toBe(true)
    expect(nock.pendingMocks()).toEqual([])
    clock += 2_000
    const again = listing()
    api().post(UPSERT).reply(200, UPSERT_OK)
    expect(await run()).toMatchObject({ outcome: 'sent' })
    expect(again.isDone()).toBe(true)
  })

  it('sends unfiltered when the token may not read properties (403), and does not ask again within the TTL', async () => {
    const list = api()
      .get('/crm/v3/properties/contacts')
      .query(true)
      .once()
      .reply(403, FIXTURES['403-missing-scopes'])
    const writes = api()
      .post(UPSERT, upsertBody(CANONICAL_PROPERTIES))
      .times(2)
      .reply(200, UPSERT_OK)
    const { run } = setup()
    expect(await run()).toMatchObject({ outcome: 'sent' })
    expect(await run()).toMatchObject({ outcome: 'sent' })
    expect(list.isDone() && writes.isDone()).toBe(true)
  })

  it('answers failure without writing when the list read fails the way the write would (5xx)', async () => {
    api().get('/crm/v3/properties/contacts').query(true).reply(503, 'Service Unavailable')
    const { run } = setup()
    expect(await run()).toMatchObject({ outcome: 'failure', code: 'HTTP_5XX', vendorStatus: 503 })
    expect(nock.pendingMocks()).toEqual([])
  })
})

describe('deliver: 409 Contact already exists', () => {
  it('updates the existing contact by id → sent', async () => {
    listing()
    api().post(UPSERT).reply(409, FIXTURES['409-contact-already-exists'])
    const { email: _, ...withoutEmail } = CANONICAL_PROPERTIES
    const patch = api()
      .patch('/crm/v3/objects/contacts/37765128953', { properties: withoutEmail })
      .reply(200, { id: '37765128953', properties: {}, archived: false })
    const { run } = setup()
    expect(await run()).toMatchObject({
      outcome: 'sent',
      code: 'HUBSPOT_CONFLICT_RESOLVED',
      vendorStatus: 200,
    })
    expect(patch.isDone()).toBe(true)
  })

  it('answers invalid_data when the 409 names no contact', async () => {
    listing()
    api()
      .post(UPSERT)
      .reply(409, { ...FIXTURES['409-contact-already-exists'], message: 'Conflict' })
    const { run } = setup()
    expect(await run()).toMatchObject({ outcome: 'invalid_data', code: 'HUBSPOT_CONFLICT' })
    expect(nock.pendingMocks()).toEqual([])
  })
})
