/**
 * The host end to end over real HTTP, in process: signed requests from the CLI's own signer,
 * status codes, outcomes, the one log line per request (and that it holds no PII or secrets),
 * the event lines of the log connector, and the Prometheus metrics.
 */
import { join } from 'node:path'
import { CANONICAL_EVENT, sampleEvent } from '@bubblehouse-hooks/core'
import { closedPort, type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fileLines, fixture, newBhid, startTestHost, type TestHost, tempDir } from './helpers'

const API_KEY = 'vendor-api-key-0123456789'
const PII = [
  CANONICAL_EVENT.customer.email!,
  CANONICAL_EVENT.customer.first_name!,
  CANONICAL_EVENT.customer.last_name!,
]

describe('host over HTTP (log connector + a vendor connector, SQLite store)', () => {
  let vendor: FakeVendor
  let host: TestHost
  let dir: { dir: string; cleanup(): Promise<void> }
  let eventsFile: string

  beforeAll(async () => {
    vendor = await startFakeVendor({ defaultReply: { status: 202, body: {} } })
    dir = await tempDir()
    eventsFile = join(dir.dir, 'events.jsonl')
    host = await startTestHost(
      [
        `store: { kind: sqlite, path: "${join(dir.dir, 'hooks.db')}" }`,
        'deadlineMs: 3000',
        'connectors:',
        `  log: { to: "${eventsFile}" }`,
        '  vendor:',
        `    use: ${fixture('vendor-connector.mjs')}`,
        `    baseUrl: ${vendor.url}`,
        `    apiKey: ${API_KEY}`,
      ].join('\n'),
    )
  })
  afterAll(async () => {
    await host.close()
    await vendor.close()
    await dir.cleanup()
  })
  beforeEach(() => {
    vendor.reset()
    vendor.setDefault({ status: 202, body: {} })
  })

  const lineFor = (requestId: string) => host.logs().filter((l) => l.requestId === requestId)

  it('answers Hello1 with the magic and SendEvent1', async () => {
    const r = await host.send('Hello1', { magic: 'k3J9xQ' })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toEqual({ magic: 'k3J9xQ', hooks: ['SendEvent1'] })
    expect(lineFor(r.requestId)).toEqual([
      expect.objectContaining({ level: 'info', hook: 'Hello1', status: 200, msg: 'Hello1' }),
    ])
  })

  it('delivers a signed SendEvent1 to every connector and logs one line without PII', async () => {
    const bhid = newBhid()
    const r = await host.send('SendEvent1', sampleEvent('points-earned', { bhid }))
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toEqual({ outcome: 'sent' })
    expect(r.outcome).toBe('sent')

    expect(vendor.requests.map((q) => [q.method, q.path, q.body, q.headers.authorization])).toEqual(
      [['POST', '/events', { id: bhid, name: 'Points Earned' }, `Bearer ${API_KEY}`]],
    )
    const events = (await fileLines(eventsFile)).filter((l) => l.bhid === bhid)
    expect(events).toEqual([
      {
        type: 'bubblehouse.event',
        at: expect.any(String),
        bhid,
        event: expect.objectContaining({
          bhid,
          name: 'Points Earned',
          customer: {
            bhid: '24760933ea010001',
            shopid: '12345',
            emailHash: expect.stringMatching(/^[0-9a-f]{16}$/),
            first_name: '[redacted]',
            last_name: '[redacted]',
          },
          extra_props: { BH_Points: 50, order_id: 'ORDER-789' },
        }),
      },
    ])

    const lines = lineFor(r.requestId)
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.any(String),
        pid: process.pid,
        hostname: expect.any(String),
        tenant: 'default',
        requestId: r.requestId,
        hook: 'SendEvent1',
        kid: 'main',
        bhid,
        emailHash: expect.stringMatching(/^[0-9a-f]{16}$/),
        outcome: 'sent',
        connectors: {
          log: { outcome: 'sent', code: 'LOG_WRITTEN' },
          vendor: { outcome: 'sent', code: 'HTTP_2XX' },
        },
        status: 200,
        durationMs: expect.any(Number),
        msg: 'SendEvent1',
      },
    ])
  })

  it('does not deliver a bhid twice: the repeat gets the stored outcome', async () => {
    const event = sampleEvent('tier-reached', { bhid: newBhid() })
    expect((await host.send('SendEvent1', event)).outcome).toBe('sent')
    const again = await host.send('SendEvent1', event)
    expect(again.outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(1)
    expect((await fileLines(eventsFile)).filter((l) => l.bhid === event.bhid)).toHaveLength(1)
    expect(lineFor(again.requestId)[0]?.connectors).toEqual({
      log: { outcome: 'sent', code: 'LOG_WRITTEN', duplicate: true },
      vendor: { outcome: 'sent', code: 'HTTP_2XX', duplicate: true },
    })
  })

  it('holds the queue on a vendor failure and, on retry, re-runs only the connector that failed', async () => {
    const event = sampleEvent('points-redeemed', { bhid: newBhid() })
    vendor.reply({ status: 503, body: { error: 'down' } })
    const first = await host.send('SendEvent1', event)
    expect(first.status).toBe(200)
    expect(first.outcome).toBe('failure')
    expect(lineFor(first.requestId)[0]?.connectors).toEqual({
      log: { outcome: 'sent', code: 'LOG_WRITTEN' },
      vendor: { outcome: 'failure', code: 'HTTP_503', vendorStatus: 503 },
    })
    const retry = await host.send('SendEvent1', event)
    expect(retry.outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(2)
    expect((await fileLines(eventsFile)).filter((l) => l.bhid === event.bhid)).toHaveLength(1)
  })

  it('runs one connector on POST /hooks/:connector/:name', async () => {
    const bhid = newBhid()
    const r = await host.send('SendEvent1', sampleEvent('birthday', { bhid }), { route: 'log' })
    expect(r.outcome).toBe('sent')
    expect(vendor.requests).toHaveLength(0)
    expect(lineFor(r.requestId)[0]).toMatchObject({
      route: 'log',
      connectors: { log: { outcome: 'sent' } },
    })
    const unknown = await host.send('SendEvent1', sampleEvent('birthday'), { route: 'nope' })
    expect(unknown.status).toBe(404)
  })

  it('answers an unknown connector 401 without a valid token, 404 with one, and calls no vendor', async () => {
    const bhid = newBhid()
    const forged = await host.send('SendEvent1', sampleEvent('birthday', { bhid }), {
      route: 'mailchimp',
      secret: Buffer.alloc(32, 7).toString('base64'),
    })
    expect([forged.status, JSON.parse(forged.text)]).toEqual([401, { error: 'unauthorized' }])
    for (const route of ['mailchimp', 'constructor']) {
      const unknown = await host.send('SendEvent1', sampleEvent('birthday', { bhid }), { route })
      expect([unknown.status, JSON.parse(unknown.text)]).toEqual([404, { error: 'not_found' }])
      expect(lineFor(unknown.requestId)).toEqual([
        expect.objectContaining({ status: 404, msg: 'unknown connector' }),
      ])
    }
    expect(vendor.requests).toHaveLength(0)
    expect((await fileLines(eventsFile)).filter((l) => l.bhid === bhid)).toHaveLength(0)
  })

  it('refuses a token signed with another secret: 401, nothing parsed or delivered', async () => {
    const r = await host.send('SendEvent1', sampleEvent('birthday', { bhid: newBhid() }), {
      secret: Buffer.alloc(32, 7).toString('base64'),
    })
    expect(r.status).toBe(401)
    expect(JSON.parse(r.text)).toEqual({ error: 'unauthorized' })
    expect(vendor.requests).toHaveLength(0)
    expect(lineFor(r.requestId)).toEqual([
      expect.objectContaining({ level: 'warn', status: 401, authFailure: 'bad_signature' }),
    ])
    expect(lineFor(r.requestId)[0]).not.toHaveProperty('bhid')
  })

  it('answers an authenticated but malformed event with invalid_data (the queue moves on)', async () => {
    const r = await host.send('SendEvent1', {
      bhid: newBhid(),
      time: 'yesterday',
      name: 'X',
      customer: {},
    })
    expect(r.status).toBe(200)
    expect(r.outcome).toBe('invalid_data')
    expect(vendor.requests).toHaveLength(0)
  })

  it('answers a body over the limit with invalid_data, without reading it all', async () => {
    const big = { ...sampleEvent('birthday', { bhid: newBhid() }), padding: 'x'.repeat(1_200_000) }
    const r = await host.send('SendEvent1', big)
    expect([r.status, r.outcome]).toEqual([200, 'invalid_data'])
    expect(lineFor(r.requestId)[0]).toMatchObject({ bodyFailure: 'too_large' })
    expect(vendor.requests).toHaveLength(0)
  })

  it('routes everything else to JSON errors', async () => {
    const call = async (method: string, path: string) => {
      const res = await fetch(`${host.url}${path}`, { method })
      return [res.status, await res.json()]
    }
    expect(await call('GET', '/hooks/SendEvent1')).toEqual([405, { error: 'method_not_allowed' }])
    expect(await call('POST', '/hooks/Hello2')).toEqual([404, { error: 'not_found' }])
    expect(await call('POST', '/hooks/a/b/SendEvent1')).toEqual([404, { error: 'not_found' }])
    expect(await call('GET', '/')).toEqual([404, { error: 'not_found' }])
    expect(await call('POST', '/healthz')).toEqual([405, { error: 'method_not_allowed' }])
    expect(await call('GET', '/healthz')).toEqual([200, { status: 'ok' }])
    expect(await call('GET', '/readyz')).toEqual([200, { status: 'ready' }])
  })

  it('exposes the Prometheus metrics', async () => {
    await host.send('SendEvent1', sampleEvent('anniversary', { bhid: newBhid() }))
    const res = await fetch(`${host.url}/metrics`)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `))
      return line === undefined ? undefined : Number(line.slice(series.length + 1))
    }
    expect(
      value('bh_hook_requests_total{hook="Hello1",status="200",tenant="default"}'),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value('bh_hook_requests_total{hook="SendEvent1",status="200",tenant="default"}'),
    ).toBeGreaterThanOrEqual(5)
    expect(
      value('bh_hook_requests_total{hook="SendEvent1",status="401",tenant="default"}'),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value('bh_hook_requests_total{hook="unknown",status="404",tenant="default"}'),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value('bh_events_total{connector="log",outcome="sent",code="LOG_WRITTEN",tenant="default"}'),
    ).toBeGreaterThanOrEqual(4)
    expect(
      value(
        'bh_events_total{connector="vendor",outcome="failure",code="HTTP_503",tenant="default"}',
      ),
    ).toBe(1)
    expect(
      value('bh_vendor_request_seconds_count{connector="vendor",tenant="default"}'),
    ).toBeGreaterThanOrEqual(4)
    expect(text).toMatch(
      /^bh_vendor_request_seconds_bucket\{le="0\.005",connector="vendor",tenant="default"\} \d+$/m,
    )
    expect(
      value('bh_vendor_requests_total{connector="vendor",status="503",tenant="default"}'),
    ).toBe(1)
    expect(value('bh_in_flight{tenant="default"}')).toBe(0)
    expect(text).toMatch(/^process_cpu_seconds_total \d/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m)
  })

  it('never logs PII, the token, the hook secret or the API key', () => {
    const log = host.logText()
    expect(log.length).toBeGreaterThan(0)
    for (const forbidden of [...PII, host.secret, API_KEY, 'Bearer ', 'eyJ']) {
      expect(log).not.toContain(forbidden)
    }
  })
})

describe('host with an unreachable store', () => {
  let host: TestHost
  beforeAll(async () => {
    const port = await closedPort()
    host = await startTestHost(
      `store: { kind: redis, url: "redis://127.0.0.1:${port}" }\nconnectors:\n  log: { to: stderr }\n`,
    )
  })
  afterAll(() => host.close())

  it('is alive but not ready, and holds the queue instead of delivering', async () => {
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200)
    const ready = await fetch(`${host.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({
      status: 'not_ready',
      reason: expect.stringMatching(/^store_/),
    })
    const r = await host.send('SendEvent1', sampleEvent('birthday', { bhid: newBhid() }))
    expect(r.status).toBe(200)
    expect(r.outcome).toBe('failure')
    expect(
      host.logs().find((l) => l.requestId === r.requestId && l.msg === 'SendEvent1')?.connectors,
    ).toEqual({
      log: { outcome: 'failure', code: 'STORE_UNAVAILABLE' },
    })
  })
})
