import { CANONICAL_EVENT, type Outcome, type SendEvent1 } from '@bubblehouse-hooks/core'
import {
  closedPort,
  createHarness,
  type FakeReply,
  recordingLogger,
  recordingMetrics,
  sampleEvent,
  startFakeVendor,
  useFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import ok from './__fixtures__/200-accepted.json'
import badRequest from './__fixtures__/400-bad-request.json'
import exceedPayloadLimit from './__fixtures__/400-exceed-payload-limit.json'
import { WRITE_KEY } from './__fixtures__/helpers'
import segment, { type SegmentOptionsInput } from './index'

// Segment HTTP Tracking API: https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/
// The fixtures are the only answer bodies on record for it:
// - 200-accepted.json: the body vendors.md §6 has the fake Segment answer (`reply(200, {})`).
// - 400-bad-request.json: the plain-text body Segment sent for a batch over 500 KB
//   (segmentio/analytics-ruby#147, where `JSON.parse` fails on "Bad Request"); vendors.md §4.5
//   saw the same "[400] Bad Request" through the SDK.
// - 400-exceed-payload-limit.json: the error message Segment returns for a message over 32 KB
//   (segment-docs, Analytics.js FAQ "Is there a size limit on requests?", segmentio/segment-docs#7422).
// Segment documents no body for 401, 403, 429 or 5xx; those rules match on the status alone.

const vendor = useFakeVendor()

const harness = (input: Partial<SegmentOptionsInput> = {}, extra = {}) =>
  createHarness(segment, { writeKey: WRITE_KEY, baseUrl: `${vendor.url}/v1`, ...input }, extra)

let n = 0
const fresh = (event: SendEvent1 = CANONICAL_EVENT): SendEvent1 => ({
  ...event,
  bhid: `evt-${++n}`,
})

const LIBRARY = { name: '@bubblehouse-hooks/segment' }

describe('deliver over HTTP: the request', () => {
  it('posts one batch to {baseUrl}/batch with Basic auth and exactly this body', async () => {
    const result = await harness().run(CANONICAL_EVENT)
    expect(result).toEqual({
      outcome: 'sent',
      code: 'HTTP_2XX',
      reason: 'the vendor accepted the request',
      vendorStatus: 200,
    })
    expect(vendor.requests).toHaveLength(1)
    const [request] = vendor.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/v1/batch')
    // base64("wk_test:"), as in the request vendors.md §4.1 observed from the SDK.
    expect(request?.headers.authorization).toBe('Basic d2tfdGVzdDo=')
    expect(request?.headers['content-type']).toBe('application/json')
    const expected = {
      batch: [
        {
          type: 'identify',
          messageId: '24a5be6c83010001-identify',
          userId: '24760933ea010001',
          timestamp: '2024-12-26T18:05:42.915Z',
          traits: {
            email: 'customer@example.com',
            firstName: 'Jane',
            lastName: 'Doe',
            BH_Points_Balance: 500,
            BH_Tier: 'Gold',
          },
          context: { library: LIBRARY },
        },
        {
          type: 'track',
          messageId: '24a5be6c83010001',
          userId: '24760933ea010001',
          event: 'Points Updated',
          timestamp: '2024-12-26T18:05:42.915Z',
          properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
          // Destinations read a track call's email from context.traits.
          context: {
            library: LIBRARY,
            traits: { email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' },
          },
        },
      ],
    }
    // Byte for byte, key order included.
    expect(request?.raw).toBe(JSON.stringify(expected))
  })

  it('posts the identify alone for customer_only', async () => {
    await harness().run(sampleEvent('customer-only', { bhid: 'only-1' }))
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.raw).toBe(
      JSON.stringify({
        batch: [
          {
            type: 'identify',
            messageId: 'only-1-identify',
            userId: '24760933ea010001',
            timestamp: '2024-12-26T18:05:42.915Z',
            traits: {
              email: 'customer@example.com',
              firstName: 'Jane',
              lastName: 'Doe',
              BH_Points_Balance: 500,
              BH_Tier: 'Gold',
            },
            context: { library: LIBRARY },
          },
        ],
      }),
    )
  })

  it('sends unicode as UTF-8 and the body parses back to the plan', async () => {
    const event = fresh({
      ...CANONICAL_EVENT,
      name: 'Niveau atteint ✨',
      extra_props: { BH_Coupon: 'ΩMEGA-10 🥇', BH_Note: 'a\u0000b' },
    })
    const h = harness()
    const plan = h.plan(event)
    await h.run(event)
    expect(plan.kind === 'send' && plan.requests[0]?.body).toEqual(vendor.requests[0]?.body)
    expect(vendor.requests[0]?.raw).toContain('ΩMEGA-10 🥇')
  })

  it('makes no request when the plan decides (no userId, too large, filtered)', async () => {
    const h = harness({ events: { deny: ['Birthday'] } })
    const results = [
      await h.run(fresh({ ...CANONICAL_EVENT, customer: { email: 'c@example.com' } })),
      await h.run(fresh({ ...CANONICAL_EVENT, extra_props: { BH_Pad: 'x'.repeat(40_000) } })),
      await h.run(fresh(sampleEvent('birthday'))),
    ]
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['invalid_data', 'SEGMENT_NO_USER_ID'],
      ['invalid_data', 'SEGMENT_MESSAGE_TOO_LARGE'],
      ['skipped', 'EVENT_FILTERED'],
    ])
    expect(vendor.requests).toHaveLength(0)
  })

  it('reuses one keep-alive connection across events', async () => {
    // A vendor of its own, so no pooled socket from an earlier test is counted (or reused).
    const own = await startFakeVendor()
    try {
      const h = createHarness(segment, { writeKey: WRITE_KEY, baseUrl: `${own.url}/v1` })
      for (let i = 0; i < 20; i++) expect((await h.run(fresh())).outcome).toBe('sent')
      expect(own.requests).toHaveLength(20)
      // Without keep-alive this would be 20; core's node:http agent reuses one socket.
      expect(own.connections).toBe(1)
    } finally {
      await own.close()
    }
  })
})

describe('deliver over HTTP: the rules table', () => {
  const cases: Array<[string, FakeReply, Outcome, string, number | undefined]> = [
    ['200', { status: 200, body: ok }, 'sent', 'HTTP_2XX', undefined],
    [
      '400 Bad Request',
      { status: 400, body: badRequest },
      'invalid_data',
      'SEGMENT_BAD_REQUEST',
      undefined,
    ],
    [
      '400 Exceed payload limit',
      { status: 400, body: exceedPayloadLimit },
      'invalid_data',
      'SEGMENT_BAD_REQUEST',
      undefined,
    ],
    ['401', { status: 401 }, 'failure', 'SEGMENT_UNAUTHORIZED', undefined],
    ['403', { status: 403 }, 'failure', 'SEGMENT_FORBIDDEN', undefined],
    [
      '429 + Retry-After',
      { status: 429, headers: { 'retry-after': '7', 'x-ratelimit-reset': '7' } },
      'failure',
      'SEGMENT_RATE_LIMITED',
      7_000,
    ],
    [
      '429 with only X-RateLimit-Reset',
      { status: 429, headers: { 'x-ratelimit-reset': '4' } },
      'failure',
      'SEGMENT_RATE_LIMITED',
      4_000,
    ],
    ['429 without either header', { status: 429 }, 'failure', 'SEGMENT_RATE_LIMITED', undefined],
    [
      '500',
      { status: 500, body: 'Internal Server Error' },
      'failure',
      'SEGMENT_SERVER_ERROR',
      undefined,
    ],
    ['502', { status: 502, body: 'Bad Gateway' }, 'failure', 'SEGMENT_SERVER_ERROR', undefined],
    [
      '503 + Retry-After',
      { status: 503, headers: { 'retry-after': '30' } },
      'failure',
      'SEGMENT_SERVER_ERROR',
      30_000,
    ],
    ['504', { status: 504 }, 'failure', 'SEGMENT_SERVER_ERROR', undefined],
    ['413 from a proxy', { status: 413 }, 'invalid_data', 'HTTP_413', undefined],
    ['404 (wrong baseUrl path)', { status: 404 }, 'failure', 'HTTP_404', undefined],
    [
      '302 (not followed)',
      { status: 302, headers: { location: 'https://example.com/' } },
      'failure',
      'HTTP_3XX',
      undefined,
    ],
  ]
  for (const [name, reply, outcome, code, retryAfterMs] of cases) {
    it(`${name} → ${outcome} ${code}`, async () => {
      vendor.reply(reply)
      const result = await harness().run(fresh())
      expect(result).toMatchObject({ outcome, code, vendorStatus: reply.status })
      expect(result.retryAfterMs).toBe(retryAfterMs)
      expect(vendor.requests).toHaveLength(1)
    })
  }

  it('timeout → failure TIMEOUT', async () => {
    vendor.reply({ hang: true })
    const result = await harness({ timeoutMs: 200 }).run(fresh())
    expect(result).toMatchObject({ outcome: 'failure', code: 'TIMEOUT' })
  })

  it('hook deadline → failure DEADLINE_EXCEEDED', async () => {
    vendor.reply({ hang: true })
    const result = await harness({}, { deadlineMs: 300 }).run(fresh())
    expect(result).toMatchObject({ outcome: 'failure', code: 'DEADLINE_EXCEEDED' })
  })

  it('connection reset → failure NETWORK_RESET', async () => {
    vendor.reply({ reset: true })
    expect(await harness().run(fresh())).toMatchObject({
      outcome: 'failure',
      code: 'NETWORK_RESET',
    })
  })

  it('connection refused → failure NETWORK_REFUSED', async () => {
    const h = createHarness(segment, {
      writeKey: WRITE_KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
    })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', code: 'NETWORK_REFUSED' })
  })

  it('DNS failure → failure NETWORK_DNS', async () => {
    const h = createHarness(segment, {
      writeKey: WRITE_KEY,
      baseUrl: 'http://segment.bubblehouse-hooks.invalid/v1',
    })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', code: 'NETWORK_DNS' })
  })
})

describe('deliver over HTTP: oversize with drop_props', () => {
  it('sends without the dropped keys under its own code, counts and logs them', async () => {
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    const h = harness({ oversize: 'drop_props' }, { logger, metrics })
    const event = fresh({
      ...CANONICAL_EVENT,
      extra_props: { BH_Pad: 'x'.repeat(40_000), BH_Points: 50 },
    })
    const result = await h.run(event)
    expect(result).toEqual({
      outcome: 'sent',
      code: 'SEGMENT_SENT_WITHOUT_PROPS',
      reason: 'sent without 1 oversized property',
      vendorStatus: 200,
    })
    const body = vendor.requests[0]?.body
    expect(JSON.stringify(body)).not.toContain('x'.repeat(100))
    expect(body).toMatchObject({
      batch: [
        { type: 'identify' },
        {
          type: 'track',
          properties: { BH_Source: 'order', BH_Points: 50 },
          context: { library: LIBRARY, bubblehouse: { droppedKeys: ['BH_Pad'] } },
        },
      ],
    })
    expect(metrics.fieldDrops).toEqual([['too_large', 1]])
    expect(metrics.counts).toEqual([])
    expect(logger.lines).toContainEqual({
      level: 'warn',
      obj: { connector: 'segment', reason: 'too_large', fields: ['BH_Pad'], count: 1 },
      msg: 'fields left out of the event; the rest was delivered',
    })
  })
})

describe('deliver over HTTP: secrets', () => {
  it('never logs the write key, the auth header or the customer', async () => {
    const logger = recordingLogger()
    const h = harness({ timeoutMs: 200, oversize: 'drop_props' }, { logger })
    vendor.reply({ status: 401 }, { status: 500 }, { hang: true }, { reset: true })
    for (let i = 0; i < 4; i++) await h.run(fresh())
    await h.run(fresh({ ...CANONICAL_EVENT, extra_props: { BH_Pad: 'x'.repeat(40_000) } }))
    const logged = JSON.stringify(logger.lines)
    for (const secret of [WRITE_KEY, 'd2tfdGVzdDo=', 'customer@example.com', 'Jane', 'Doe']) {
      expect(logged).not.toContain(secret)
    }
  })
})
