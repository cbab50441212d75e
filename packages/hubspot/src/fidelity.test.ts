/**
 * Issue 17 over real HTTP (nock, no other network): no HubSpot answer about one property, value or
 * event holds the queue, and nothing is left out or cut without being counted and named.
 * - per-property errors (`INVALID_OPTION`, `INVALID_FLOAT`, `INVALID_DATE`, …): resent without the
 *   properties named (https://developers.hubspot.com/docs/api-reference/error-handling);
 * - `date` properties sent as YYYY-MM-DD, `datetime` as ISO 8601 UTC
 *   (https://developers.hubspot.com/docs/api/faq, "How should I format timestamps");
 * - custom event values cut to 50 characters, 200 for URL and referrer properties
 *   (https://developers.hubspot.com/changelog/new-property-limits-for-the-custom-behavioural-events-api);
 * - an email HubSpot refuses is refused locally
 *   (https://legacydocs.hubspot.com/docs/faq/how-does-hubspot-validate-email-addresses).
 */
import {
  createHarness,
  recordingLogger,
  recordingMetrics,
  sampleEvent,
} from '@bubblehouse-hooks/core/testing'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ALL_PROPERTY_NAMES, FIXTURES, propertyList, UPSERT_OK } from './__fixtures__/kit'
import hubspot from './index'
import type { HubspotOptionsInput } from './options'

const BASE = 'https://api.hubapi.com'
const TOKEN = 'pat-na1-test'
const UPSERT = '/crm/v3/objects/contacts/batch/upsert'
const SEND = '/events/v3/send'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const api = () => nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
const listing = (types: Record<string, string> = {}) =>
  api()
    .get('/crm/v3/properties/contacts')
    .query({ archived: 'false' })
    .reply(200, propertyList(ALL_PROPERTY_NAMES, types))

const BASE_PROPERTIES = {
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
const without = (props: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(props).filter(([name]) => !names.includes(name)))

const dropLine = (reason: string, fields: string[]) => ({
  level: 'warn',
  obj: { connector: 'hubspot', reason, fields, count: fields.length },
  msg: 'fields left out of the event; the rest was delivered',
})

let n = 0
function setup(options: Partial<HubspotOptionsInput> = {}) {
  const logger = recordingLogger()
  const metrics = recordingMetrics()
  const h = createHarness(hubspot, { accessToken: TOKEN, ...options }, { logger, metrics })
  const run = (name = 'points-earned', overrides = {}) =>
    h.run(sampleEvent(name, { bhid: `fidelity-${++n}`, ...overrides }))
  return { run, logger, metrics }
}

describe('a per-property error in the upsert: resent without the properties named', () => {
  it('INVALID_OPTION: resends without that property → sent, counted as invalid_value', async () => {
    listing()
    const rejected = api()
      .post(UPSERT, upsertBody(BASE_PROPERTIES))
      .reply(400, FIXTURES['400-invalid-option'])
    const resent = api()
      .post(UPSERT, upsertBody(without(BASE_PROPERTIES, 'bubblehouse_tier')))
      .reply(200, UPSERT_OK)
    const { run, logger, metrics } = setup()
    expect(await run()).toMatchObject({
      outcome: 'sent',
      code: 'HUBSPOT_PROPERTIES_LEFT_OUT',
      vendorStatus: 200,
    })
    expect(rejected.isDone() && resent.isDone()).toBe(true)
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      dropLine('invalid_value', ['bubblehouse_tier']),
    ])
    expect(JSON.stringify(logger.lines)).not.toMatch(/Gold|customer@example\.com/)
  })

  it('several properties in one 400 (INVALID_FLOAT, INVALID_OPTION): one resend without both', async () => {
    listing()
    api().post(UPSERT, upsertBody(BASE_PROPERTIES)).reply(400, FIXTURES['400-invalid-values'])
    const resent = api()
      .post(
        UPSERT,
        upsertBody(without(BASE_PROPERTIES, 'bubblehouse_points_balance', 'bubblehouse_tier')),
      )
      .reply(200, UPSERT_OK)
    const { run, metrics } = setup()
    expect(await run()).toMatchObject({ outcome: 'sent', code: 'HUBSPOT_PROPERTIES_LEFT_OUT' })
    expect(resent.isDone()).toBe(true)
    expect(metrics.fieldDrops).toEqual([['invalid_value', 2]])
  })

  it('INVALID_DATE inside a 207: resends without the date, counted as invalid_date', async () => {
    const event = { customer_props: { BH_Points_NextExpiration_Date: '2025-03-01' } }
    // A portal where the date property is a string: the value goes out as it is.
    listing({ bubblehouse_points_next_expiration_date: 'string' })
    const inner = FIXTURES['400-invalid-date']
    const withDate = {
      ...without(BASE_PROPERTIES, 'bubblehouse_points_balance', 'bubblehouse_tier'),
      bubblehouse_points_next_expiration_date: '2025-03-01',
    }
    api()
      .post(UPSERT, upsertBody(withDate))
      .reply(207, {
        ...FIXTURES['207-batch-validation-error'],
        errors: [{ ...FIXTURES['207-batch-validation-error'].errors[0], message: inner.message }],
      })
    const resent = api()
      .post(UPSERT, upsertBody(without(withDate, 'bubblehouse_points_next_expiration_date')))
      .reply(200, UPSERT_OK)
    const { run, metrics } = setup()
    expect(await run('points-earned', event)).toMatchObject({
      outcome: 'sent',
      code: 'HUBSPOT_PROPERTIES_LEFT_OUT',
    })
    expect(resent.isDone()).toBe(true)
    expect(metrics.fieldDrops).toEqual([['invalid_date', 1]])
  })

  it('a value error, then a 409 on the resend: updates the existing contact without the value', async () => {
    listing()
    api().post(UPSERT).reply(400, FIXTURES['400-invalid-option'])
    api()
      .post(UPSERT, upsertBody(without(BASE_PROPERTIES, 'bubblehouse_tier')))
      .reply(409, FIXTURES['409-contact-already-exists'])
    const patch = api()
      .patch('/crm/v3/objects/contacts/37765128953', {
        properties: without(BASE_PROPERTIES, 'email', 'bubblehouse_tier'),
      })
      .reply(200, UPSERT_OK.results[0])
    const { run } = setup()
    expect(await run()).toMatchObject({ outcome: 'sent', code: 'HUBSPOT_CONFLICT_RESOLVED' })
    expect(patch.isDone()).toBe(true)
  })

  it('a value error on the update by id: the update is resent without it', async () => {
    listing()
    api().post(UPSERT).reply(409, FIXTURES['409-contact-already-exists'])
    const path = '/crm/v3/objects/contacts/37765128953'
    const rejected = api()
      .patch(path, { properties: without(BASE_PROPERTIES, 'email') })
      .reply(400, FIXTURES['400-invalid-option'])
    const resent = api()
      .patch(path, { properties: without(BASE_PROPERTIES, 'email', 'bubblehouse_tier') })
      .reply(200, UPSERT_OK.results[0])
    const { run, metrics } = setup()
    expect(await run()).toMatchObject({ outcome: 'sent', code: 'HUBSPOT_PROPERTIES_LEFT_OUT' })
    expect(rejected.isDone() && resent.isDone()).toBe(true)
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
  })

  it('a 404 on the update by id is that contact, gone since: invalid_data', async () => {
    listing()
    api().post(UPSERT).reply(409, FIXTURES['409-contact-already-exists'])
    api().patch('/crm/v3/objects/contacts/37765128953').reply(404, {
      status: 'error',
      message: 'resource not found',
      correlationId: '…',
      category: 'OBJECT_NOT_FOUND',
    })
    const { run } = setup()
    expect(await run()).toMatchObject({ outcome: 'invalid_data', code: 'HUBSPOT_CONTACT_GONE' })
  })

  it('never resends without the email: INVALID_EMAIL from HubSpot is invalid_data', async () => {
    listing()
    const upsert = api().post(UPSERT).once().reply(400, FIXTURES['400-invalid-email'])
    const { run } = setup()
    expect(await run()).toMatchObject({ outcome: 'invalid_data', code: 'HUBSPOT_INVALID_EMAIL' })
    expect(upsert.isDone()).toBe(true)
  })
})

describe('values in their property type format', () => {
  const props = {
    BH_Points_Balance: ' 500 ',
    BH_Tier: 'Gold',
    BH_Points_NextExpiration_Date: '2025-03-01T12:30:00Z',
    BH_Points_NextExpiration_Amount: 'lots',
    BH_Vip: 'Yes',
    BH_Since: 1735689600000,
  }
  const options = { properties: { BH_Vip: 'bubblehouse_vip', BH_Since: 'bubblehouse_since' } }

  it('date → YYYY-MM-DD, datetime → ISO UTC, number trimmed, bool coerced; a bad number left out', async () => {
    api()
      .get('/crm/v3/properties/contacts')
      .query(true)
      .reply(
        200,
        propertyList([...ALL_PROPERTY_NAMES, 'bubblehouse_vip', 'bubblehouse_since'], {
          bubblehouse_vip: 'bool',
          bubblehouse_since: 'datetime',
        }),
      )
    const upsert = api()
      .post(
        UPSERT,
        upsertBody({
          ...BASE_PROPERTIES,
          bubblehouse_points_balance: '500',
          bubblehouse_points_next_expiration_date: '2025-03-01',
          bubblehouse_vip: 'true',
          bubblehouse_since: '2025-01-01T00:00:00.000Z',
        }),
      )
      .reply(200, UPSERT_OK)
    const { run, logger, metrics } = setup(options)
    expect(await run('points-earned', { customer_props: props })).toMatchObject({
      outcome: 'sent',
      code: 'HTTP_2XX',
    })
    expect(upsert.isDone()).toBe(true)
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      dropLine('invalid_value', ['bubblehouse_points_next_expiration_amount']),
    ])
  })

  it('leaves out a date that names no day, counted as invalid_date, without a call for it', async () => {
    listing()
    const upsert = api()
      .post(UPSERT, upsertBody({ ...BASE_PROPERTIES, bubblehouse_tier: 'Gold' }))
      .reply(200, UPSERT_OK)
    const { run, metrics } = setup()
    const result = await run('points-earned', {
      customer_props: {
        BH_Points_Balance: 500,
        BH_Tier: 'Gold',
        BH_Points_NextExpiration_Date: '2025-02-30',
      },
    })
    expect(result).toMatchObject({ outcome: 'sent' })
    expect(upsert.isDone()).toBe(true)
    expect(metrics.fieldDrops).toEqual([['invalid_date', 1]])
  })
})

describe('custom behavioural events', () => {
  const customEvents = {
    portalId: '1234567',
    events: {
      'Points Earned': {
        name: 'points_earned',
        properties: {
          BH_Points: 'points_earned',
          BH_Tier: 'tier',
          BH_Link: 'page_url',
          new_user: 'new_user',
          referred_user: 'referred_user',
        },
      },
    },
  }
  const eventBody = (properties: Record<string, string>) => ({
    occurredAt: '2024-12-26T18:05:42.915Z',
    eventName: 'pe1234567_points_earned',
    uuid: 'event-bhid-1',
    email: 'customer@example.com',
    properties,
  })
  const runEvent = (h: ReturnType<typeof setup>, overrides = {}) =>
    h.run('points-earned', { bhid: 'event-bhid-1', ...overrides })

  it('maps new_user and referred_user like any key', async () => {
    listing()
    api().post(UPSERT).reply(200, UPSERT_OK)
    const send = api()
      .post(
        SEND,
        eventBody({ points_earned: '50', tier: 'Gold', new_user: 'true', referred_user: 'false' }),
      )
      .reply(204)
    const h = setup({ customEvents })
    expect(await runEvent(h, { new_user: true, referred_user: false })).toMatchObject({
      outcome: 'sent',
    })
    expect(send.isDone()).toBe(true)
  })

  it('cuts values to 50 characters, 200 for a URL property, and counts each cut as too_long', async () => {
    listing()
    api().post(UPSERT).reply(200, UPSERT_OK)
    const link = `https://shop.example.com/r/${'x'.repeat(250)}`
    const tier = 'T'.repeat(80)
    const send = api()
      .post(
        SEND,
        eventBody({ points_earned: '50', tier: tier.slice(0, 50), page_url: link.slice(0, 200) }),
      )
      .reply(204)
    const h = setup({ customEvents })
    const result = await runEvent(h, {
      customer_props: { BH_Tier: tier },
      extra_props: { BH_Points: 50, BH_Link: link },
    })
    expect(result).toMatchObject({ outcome: 'sent', vendorStatus: 204 })
    expect(send.isDone()).toBe(true)
    expect(h.metrics.fieldDrops).toEqual([['too_long', 2]])
    expect(h.logger.lines.filter((l) => l.level === 'warn')).toEqual([
      dropLine('too_long', ['tier', 'page_url']),
    ])
  })

  it('a 400 naming an event property: resent without it → sent', async () => {
    listing()
    api().post(UPSERT).reply(200, UPSERT_OK)
    const rejected = api()
      .post(SEND, eventBody({ points_earned: '50', tier: 'Gold' }))
      .reply(400, FIXTURES['400-event-property-invalid'])
    const resent = api()
      .post(SEND, eventBody({ tier: 'Gold' }))
      .reply(204)
    const h = setup({ customEvents })
    expect(await runEvent(h)).toMatchObject({
      outcome: 'sent',
      code: 'HUBSPOT_PROPERTIES_LEFT_OUT',
      vendorStatus: 204,
    })
    expect(rejected.isDone() && resent.isDone()).toBe(true)
    expect(h.metrics.fieldDrops).toEqual([['invalid_value', 1]])
  })

  it('a 400 about the event name is configuration: failure', async () => {
    listing()
    api().post(UPSERT).reply(200, UPSERT_OK)
    api().post(SEND).once().reply(400, FIXTURES['400-event-name'])
    const h = setup({ customEvents })
    expect(await runEvent(h)).toMatchObject({
      outcome: 'failure',
      code: 'HUBSPOT_EVENT_NOT_DEFINED',
    })
    expect(nock.pendingMocks()).toEqual([])
  })

  it('a 400 no rule knows is about this event: invalid_data, counted and warned with its code', async () => {
    listing()
    api().post(UPSERT).reply(200, UPSERT_OK)
    api().post(SEND).once().reply(400, FIXTURES['400-event-validation'])
    const h = setup({ customEvents })
    expect(await runEvent(h)).toMatchObject({
      outcome: 'invalid_data',
      code: 'HTTP_4XX',
      vendorStatus: 400,
    })
    expect(h.metrics.unclassified).toEqual([400])
    expect(h.logger.lines.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({
        obj: { connector: 'hubspot', vendorStatus: 400, vendorCode: 'VALIDATION_ERROR' },
      }),
    ])
  })
})

describe('the email, checked before any call', () => {
  it('answers invalid_data INVALID_EMAIL without calling HubSpot', async () => {
    const { run } = setup()
    for (const email of ['not-an-email', 'jane@localhost', '"jane doe"@example.com', 'a@b.1']) {
      expect(await run('points-earned', { customer: { email } })).toMatchObject({
        outcome: 'invalid_data',
        code: 'INVALID_EMAIL',
      })
    }
    expect(nock.pendingMocks()).toEqual([])
  })
})

describe('customer_only events', () => {
  it('are delivered even when the event-name filter would skip their name', async () => {
    listing()
    const upsert = api()
      .post(
        UPSERT,
        upsertBody(without(BASE_PROPERTIES, 'bubblehouse_last_event', 'bubblehouse_last_event_at')),
      )
      .reply(200, UPSERT_OK)
    const { run } = setup({ events: { allow: ['Points Earned'] } })
    expect(await run('customer-only')).toMatchObject({ outcome: 'sent' })
    expect(upsert.isDone()).toBe(true)
  })
})
