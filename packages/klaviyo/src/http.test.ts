/**
 * The connector's calls over core's HTTP client: keep-alive reuse, the key and revision headers,
 * our per-call timeout and the hook deadline, answers judged by their status whatever their body,
 * no retries, transport failures, two instances that share nothing, and the key kept out of every
 * result, report and log line.
 * Error bodies: vendors.md §1.3 (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type ConnectorMetrics,
  createConnector,
  createConnectorEnv,
  noopLogger,
  type SendEvent1,
} from '@bubblehouse-hooks/core'
import {
  CANONICAL_EVENT,
  closedPort,
  createHarness,
  type FakeReply,
  type LogLine,
  recordingLogger,
  recordingMetrics,
  sampleEvent,
  startFakeVendor,
  useFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import klaviyo from './index'
import type { KlaviyoOptionsInput } from './options'
import { KLAVIYO_REVISION } from './version'

const API_KEY = 'pk_http_0123456789abcdef'
const vendor = useFakeVendor({ defaultReply: { status: 202 } })
let n = 0
const fresh = (event: SendEvent1 = CANONICAL_EVENT): SendEvent1 => ({
  ...event,
  bhid: `http-${++n}`,
})

const harness = (options: Partial<KlaviyoOptionsInput> = {}, metrics?: ConnectorMetrics) =>
  createHarness(klaviyo, { apiKey: API_KEY, baseUrl: vendor.url, ...options }, { metrics })

const withPhone = () =>
  fresh(sampleEvent('points-earned', { customer_props: { BH_Phone: '+15551230987' } }))

describe('connections', () => {
  it('sends many events over one keep-alive connection', async () => {
    const h = harness()
    for (let i = 0; i < 50; i++) expect((await h.run(fresh())).outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(50)
    expect(vendor.connections).toBe(1)
  })

  it('keeps to that connection with a 409 resend per event, spaced like a queue', async () => {
    const h = harness({ identity: { phoneProp: 'BH_Phone' } })
    for (let i = 0; i < 20; i++) {
      vendor.reply({ status: 409, body: fixture('409-duplicate-profile.json') })
      expect((await h.run(withPhone())).code).toBe('KLAVIYO_SENT_WITHOUT_PHONE')
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(vendor.requests).toHaveLength(40)
    expect(vendor.connections).toBe(1)
  })
})

describe('headers', () => {
  it('sends the key, the pinned revision and JSON:API accept on every call, the key nowhere else', async () => {
    const h = harness()
    await h.run(fresh())
    await h.run(fresh(sampleEvent('customer-only')))
    await h.connector.check?.({ signal: AbortSignal.timeout(5_000), logger: noopLogger })
    expect(vendor.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/events',
      'POST /api/profile-import',
      'GET /api/accounts?fields%5Baccount%5D=id',
    ])
    for (const request of vendor.requests) {
      expect(request.headers).toMatchObject({
        authorization: `Klaviyo-API-Key ${API_KEY}`,
        revision: KLAVIYO_REVISION,
        accept: 'application/vnd.api+json',
      })
      expect(request.url).not.toContain(API_KEY)
      expect(request.raw).not.toContain(API_KEY)
    }
    const contentTypes = vendor.requests.map((r) => r.headers['content-type'])
    expect(contentTypes).toEqual(['application/json', 'application/json', undefined])
  })
})

describe('our per-call timeout and the hook deadline', () => {
  it('gives up after timeoutMs with TIMEOUT and destroys the hung request', async () => {
    let socketClosed: () => void = () => {}
    const closed = new Promise<void>((resolve) => {
      socketClosed = resolve
    })
    const server = createServer((req) => {
      req.resume()
      req.socket.on('close', () => socketClosed())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const h = createHarness(klaviyo, {
        apiKey: API_KEY,
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 200,
      })
      expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', code: 'TIMEOUT' })
      await closed
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('answers DEADLINE_EXCEEDED when the hook deadline comes first', async () => {
    vendor.setDefault({ hang: true })
    const h = harness({ timeoutMs: 20_000 })
    const plan = h.plan(fresh())
    const requests = plan.kind === 'send' ? plan.requests : []
    const result = await h.connector.deliver(requests, {
      signal: AbortSignal.timeout(300),
      bhid: 'x',
      logger: noopLogger,
    })
    expect(result).toMatchObject({ outcome: 'failure', code: 'DEADLINE_EXCEEDED' })
  })

  it('check() stops when its signal aborts', async () => {
    vendor.setDefault({ hang: true })
    const report = await harness({ timeoutMs: 20_000 }).connector.check?.({
      signal: AbortSignal.timeout(300),
      logger: noopLogger,
    })
    expect(report).toMatchObject({ ok: false, code: 'DEADLINE_EXCEEDED' })
  })
})

describe('answers count by their status, whatever their body', () => {
  it('a JSON:API error body (application/vnd.api+json) is read for its pointer', async () => {
    const reply = {
      status: 400,
      headers: { 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify(fixture('400-invalid-email.json')),
    }
    vendor.reply(reply, reply)
    // The pointer names the email: resent once without it, then judged by the same rule.
    expect(await harness().run(fresh())).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_INVALID_EMAIL',
      vendorStatus: 400,
    })
    expect(vendor.requests).toHaveLength(2)
  })

  it('503 with no body and no Content-Type → HTTP_5XX, not a network error', async () => {
    vendor.reply({ status: 503 })
    expect(await harness().run(fresh())).toMatchObject({
      outcome: 'failure',
      code: 'HTTP_5XX',
      vendorStatus: 503,
    })
  })

  it('502 text/html from a proxy → HTTP_5XX', async () => {
    vendor.reply({
      status: 502,
      body: '<html>Bad Gateway</html>',
      headers: { 'content-type': 'text/html' },
    })
    expect(await harness().run(fresh())).toMatchObject({
      outcome: 'failure',
      code: 'HTTP_5XX',
      vendorStatus: 502,
    })
  })

  it('a 200 with a body on /api/events is still sent', async () => {
    vendor.reply({ status: 200, body: { data: null } })
    expect(await harness().run(fresh())).toMatchObject({ outcome: 'sent', vendorStatus: 200 })
  })
})

describe('transport failures', () => {
  it.each([
    [
      'a refused connection',
      async () => `http://127.0.0.1:${await closedPort()}`,
      'NETWORK_REFUSED',
    ],
    ['an unresolvable host', async () => 'http://vendor.bubblehouse-hooks.invalid', 'NETWORK_DNS'],
  ])('classifies %s', async (_name, baseUrl, code) => {
    const h = createHarness(klaviyo, { apiKey: API_KEY, baseUrl: await baseUrl() })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', code })
  })

  it('classifies a reset connection and reports every call to metrics', async () => {
    const metrics = recordingMetrics()
    const h = harness({}, metrics)
    vendor.reply({ reset: true })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'failure', code: 'NETWORK_RESET' })
    expect(await h.run(fresh())).toMatchObject({ outcome: 'sent' })
    expect(metrics.requests.map(([, status]) => status)).toEqual(['NETWORK_RESET', 202])
  })
})

describe('two instances in one process', () => {
  it('keep their own key and base URL, even when run at once', async () => {
    const other = await startFakeVendor({ defaultReply: { status: 202 } })
    try {
      const one = harness({ apiKey: 'pk_one' })
      const two = harness({ apiKey: 'pk_two' })
      const three = createHarness(klaviyo, { apiKey: 'pk_three', baseUrl: other.url })
      const results = await Promise.all(
        Array.from({ length: 4 }, () => [one, two, three].map((h) => h.run(fresh()))).flat(),
      )
      expect(results.every((r) => r.outcome === 'sent')).toBe(true)
      const keys = vendor.requests.map((r) => r.headers.authorization)
      expect(keys.filter((k) => k === 'Klaviyo-API-Key pk_one')).toHaveLength(4)
      expect(keys.filter((k) => k === 'Klaviyo-API-Key pk_two')).toHaveLength(4)
      expect(keys).toHaveLength(8)
      expect(other.requests.map((r) => r.headers.authorization)).toEqual(
        Array.from({ length: 4 }, () => 'Klaviyo-API-Key pk_three'),
      )
    } finally {
      await other.close()
    }
  })

  it('one connection each, even to the same Klaviyo', async () => {
    const one = harness({ apiKey: 'pk_one' })
    const two = harness({ apiKey: 'pk_two' })
    for (let i = 0; i < 5; i++) {
      expect((await one.run(fresh())).outcome).toBe('sent')
      expect((await two.run(fresh())).outcome).toBe('sent')
    }
    expect(vendor.requests.map((r) => r.headers.authorization)).toEqual(
      Array.from({ length: 5 }, () => ['Klaviyo-API-Key pk_one', 'Klaviyo-API-Key pk_two']).flat(),
    )
    expect(vendor.connections).toBe(2)
  })
})

describe('secrets and PII', () => {
  it('keeps the key, its header and the customer out of results, reports, metrics and logs', async () => {
    const lines: LogLine[] = []
    const metrics = recordingMetrics()
    const env = { logger: recordingLogger(lines), metrics }
    const options = { identity: { phoneProp: 'BH_Phone' }, timeoutMs: 300 }
    const h = createHarness(klaviyo, { apiKey: API_KEY, baseUrl: vendor.url, ...options }, env)
    const replies: FakeReply[] = [
      { status: 401, body: fixture('401-not-authenticated.json') },
      { status: 403, body: fixture('403-permission-denied.json') },
      { status: 400, body: fixture('400-invalid-email.json') },
      { status: 409, body: fixture('409-duplicate-profile.json') },
      { status: 429, headers: { 'retry-after': '1' }, body: fixture('429-throttled.json') },
      { status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } },
      { reset: true },
      { hang: true },
    ]
    const seen: unknown[] = []
    for (const reply of replies) {
      vendor.reset()
      vendor.reply(reply, reply, reply)
      seen.push(await h.run(withPhone()))
      seen.push(
        await h.connector.check?.({ signal: AbortSignal.timeout(5_000), logger: env.logger }),
      )
    }
    const refused = createConnector(
      klaviyo,
      { apiKey: API_KEY, baseUrl: `http://127.0.0.1:${await closedPort()}`, ...options },
      createConnectorEnv(env),
    )
    seen.push(await refused.check?.({ signal: AbortSignal.timeout(5_000), logger: env.logger }))

    const text = JSON.stringify([seen, lines, metrics])
    expect(text).not.toContain(API_KEY)
    expect(text).not.toContain('Klaviyo-API-Key')
    expect(text.toLowerCase()).not.toContain('authorization')
    expect(text).not.toContain('customer@example.com')
    expect(text).not.toContain('+15551230987')
    expect(lines.length).toBeGreaterThan(0)
    expect(seen).toHaveLength(replies.length * 2 + 1)
  })
})
