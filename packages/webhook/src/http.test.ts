// The connector over real HTTP against core's fake vendor: what is sent (bytes, headers,
// signature) and what each receiver answer becomes.
import {
  CANONICAL_EVENT,
  createHarness,
  type FakeReply,
  recordingLogger,
  recordingMetrics,
  useFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { fixture, NOW_MS, SECRET } from './__fixtures__/helpers'
import webhook from './index'

const vendor = useFakeVendor()

let counter = 0
const fresh = () => ({ ...structuredClone(CANONICAL_EVENT), bhid: `http-test-${++counter}` })
const options = (extra: Record<string, unknown> = {}) => ({
  url: `${vendor.url}/bh/events?source=bubblehouse`,
  secret: SECRET,
  ...extra,
})
const headerOf = (name: string) => {
  const value = vendor.requests[0]?.headers[name]
  if (typeof value !== 'string') throw new Error(`no ${name} header`)
  return value
}

describe('what the receiver gets', () => {
  it('one POST of the event JSON, byte for byte, with a signature the reference library verifies', async () => {
    const h = createHarness(webhook, options())
    const event = fresh()
    expect(await h.run(event)).toMatchObject({ outcome: 'sent', code: 'HTTP_2XX' })
    expect(vendor.requests).toHaveLength(1)
    const [request] = vendor.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/bh/events?source=bubblehouse')
    expect(request?.raw).toBe(JSON.stringify(event))
    expect(request?.body).toEqual(event)
    expect(headerOf('content-type')).toBe('application/json')
    expect(headerOf('webhook-id')).toBe(event.bhid)
    expect(headerOf('webhook-signature')).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
    const verified = new Webhook(SECRET).verify(request?.raw ?? '', {
      'webhook-id': headerOf('webhook-id'),
      'webhook-timestamp': headerOf('webhook-timestamp'),
      'webhook-signature': headerOf('webhook-signature'),
    })
    expect(verified).toEqual(event)
  })

  it('signs with the time of the attempt: a retry gets a new timestamp, the same id', async () => {
    let now = NOW_MS
    const h = createHarness(webhook, options(), { now: () => now })
    const event = fresh()
    vendor.reply({ status: 503, body: 'Service Unavailable' })
    expect(await h.run(event)).toMatchObject({ outcome: 'failure' })
    now += 120_000
    expect(await h.run(event)).toMatchObject({ outcome: 'sent' })
    const [first, retry] = vendor.requests
    expect(first?.headers['webhook-timestamp']).toBe(String(NOW_MS / 1000))
    expect(retry?.headers['webhook-timestamp']).toBe(String(NOW_MS / 1000 + 120))
    expect(retry?.headers['webhook-id']).toBe(first?.headers['webhook-id'])
    expect(retry?.raw).toBe(first?.raw)
    // Each signature covers its own timestamp (the library's sign is the receiver's check).
    const signer = new Webhook(SECRET)
    expect(retry?.headers['webhook-signature']).toBe(
      signer.sign(event.bhid, new Date(NOW_MS + 120_000), retry?.raw ?? ''),
    )
  })

  it('sends the extra headers, and they never reach a log line', async () => {
    const logger = recordingLogger()
    const h = createHarness(
      webhook,
      options({ headers: { Authorization: 'Bearer receiver-t0ken', 'X-Routing': 'loyalty' } }),
      { logger },
    )
    vendor.reply({ status: 409, body: { error: 'conflict' } })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'invalid_data' })
    expect(headerOf('authorization')).toBe('Bearer receiver-t0ken')
    expect(headerOf('x-routing')).toBe('loyalty')
    const logged = JSON.stringify(logger.lines)
    expect(logger.lines.length).toBeGreaterThan(0)
    expect(logged).not.toContain('receiver-t0ken')
    expect(logged).not.toContain('loyalty')
    expect(logged).not.toContain(SECRET.slice('whsec_'.length))
  })
})

describe('what each receiver answer becomes', () => {
  const cases: Array<[string, FakeReply, string, string]> = [
    [
      '200 Zapier catch hook',
      { status: 200, body: fixture('200-zapier-catch-hook.json') },
      'sent',
      'HTTP_2XX',
    ],
    ['204 no body', { status: 204 }, 'sent', 'HTTP_2XX'],
    [
      '200 {"outcome":"sent"}',
      { status: 200, body: { outcome: 'sent' } },
      'sent',
      'WEBHOOK_RECEIVER_SENT',
    ],
    [
      '200 {"outcome":"skipped"}',
      { status: 200, body: { outcome: 'skipped' } },
      'skipped',
      'WEBHOOK_RECEIVER_SKIPPED',
    ],
    [
      '202 {"outcome":"invalid_data"}',
      { status: 202, body: { outcome: 'invalid_data' } },
      'invalid_data',
      'WEBHOOK_RECEIVER_INVALID_DATA',
    ],
    [
      '200 {"outcome":"unsubscribed","reason":"opted out"}',
      { status: 200, body: { outcome: 'unsubscribed', reason: 'opted out' } },
      'unsubscribed',
      'WEBHOOK_RECEIVER_UNSUBSCRIBED',
    ],
    [
      '200 {"outcome":"failure"}',
      { status: 200, body: { outcome: 'failure' } },
      'failure',
      'WEBHOOK_RECEIVER_FAILURE',
    ],
    [
      '200 {"outcome":"queued"} (not an outcome)',
      { status: 200, body: { outcome: 'queued' } },
      'sent',
      'HTTP_2XX',
    ],
    [
      '200 {"outcome":"SKIPPED"} (case matters)',
      { status: 200, body: { outcome: 'SKIPPED' } },
      'sent',
      'HTTP_2XX',
    ],
    [
      '200 [{"outcome":"skipped"}] (not an object)',
      { status: 200, body: [{ outcome: 'skipped' }] },
      'sent',
      'HTTP_2XX',
    ],
    [
      '200 {"result":{"outcome":"skipped"}} (not at the top)',
      { status: 200, body: { result: { outcome: 'skipped' } } },
      'sent',
      'HTTP_2XX',
    ],
    [
      '200 text "skipped"',
      { status: 200, body: 'skipped', headers: { 'content-type': 'text/plain' } },
      'sent',
      'HTTP_2XX',
    ],
    ['410 Gone', { status: 410, body: 'Gone' }, 'skipped', 'WEBHOOK_GONE'],
    ['400 Bad Request', { status: 400, body: 'Bad Request' }, 'invalid_data', 'WEBHOOK_REJECTED'],
    [
      '422 FastAPI validation error',
      { status: 422, body: fixture('422-fastapi-validation.json') },
      'invalid_data',
      'WEBHOOK_REJECTED',
    ],
    [
      '400 "No matching signature found"',
      { status: 400, body: fixture('400-no-matching-signature.json') },
      'failure',
      'WEBHOOK_SIGNATURE_REJECTED',
    ],
    [
      '422 {"error":"Missing required headers"}',
      { status: 422, body: { error: 'Missing required headers' } },
      'failure',
      'WEBHOOK_SIGNATURE_REJECTED',
    ],
    [
      '401 {"error":"Message timestamp too old"}',
      { status: 401, body: fixture('401-timestamp-too-old.json') },
      'failure',
      'WEBHOOK_SIGNATURE_REJECTED',
    ],
    ['401', { status: 401, body: 'Unauthorized' }, 'failure', 'WEBHOOK_UNAUTHORIZED'],
    ['403', { status: 403, body: 'Forbidden' }, 'failure', 'WEBHOOK_UNAUTHORIZED'],
    [
      '404 n8n webhook not registered',
      { status: 404, body: fixture('404-n8n-not-registered.json') },
      'failure',
      'WEBHOOK_NOT_FOUND',
    ],
    ['408', { status: 408, body: 'Request Timeout' }, 'failure', 'WEBHOOK_TIMEOUT'],
    ['500', { status: 500, body: 'Internal Server Error' }, 'failure', 'WEBHOOK_SERVER_ERROR'],
    ['502', { status: 502, body: 'Bad Gateway' }, 'failure', 'WEBHOOK_SERVER_ERROR'],
    ['504', { status: 504, body: 'Gateway Timeout' }, 'failure', 'WEBHOOK_SERVER_ERROR'],
    [
      '301 redirect',
      { status: 301, headers: { location: 'https://elsewhere.example/' } },
      'failure',
      'WEBHOOK_REDIRECT',
    ],
    ['405', { status: 405, body: 'Method Not Allowed' }, 'failure', 'HTTP_405'],
    ['413', { status: 413, body: 'Payload Too Large' }, 'invalid_data', 'HTTP_413'],
  ]
  it.each(cases)('%s → %s', async (_, reply, outcome, code) => {
    const h = createHarness(webhook, options())
    vendor.reply(reply)
    expect(await h.run(fresh())).toMatchObject({ outcome, code })
    expect(vendor.requests).toHaveLength(1)
  })

  it.each([
    ['429', 429],
    ['503', 503],
    ['200 {"outcome":"failure"}', 200],
  ])('%s carries the Retry-After wait', async (_, status) => {
    const h = createHarness(webhook, options())
    const body = status === 200 ? { outcome: 'failure' } : 'busy'
    vendor.reply({ status, headers: { 'retry-after': '30' }, body })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', retryAfterMs: 30_000 })
  })

  it('counts and warns about a 4xx no row knows, naming no vendor code', async () => {
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    const h = createHarness(webhook, options(), { logger, metrics })
    vendor.reply({ status: 409, body: { code: 'duplicate_event', email: 'customer@example.com' } })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'invalid_data', code: 'HTTP_4XX' })
    expect(metrics.unclassified).toEqual([409])
    const warn = logger.lines.find((line) => line.level === 'warn')
    expect(warn?.obj).toMatchObject({ vendorStatus: 409 })
    expect(warn?.obj).not.toHaveProperty('vendorCode')
    expect(JSON.stringify(logger.lines)).not.toContain('customer@example.com')
  })
})
