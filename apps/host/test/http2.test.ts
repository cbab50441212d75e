/**
 * Cleartext HTTP/2 (`listen.http2: true`, h2c with prior knowledge) with node's http2 client: the
 * same routes, limits and graceful shutdown as HTTP/1.1, many streams on one connection, a
 * stream reset mid-request and a slow client next to a fast one.
 */
import { connect, constants } from 'node:http2'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CONCURRENT_STREAMS } from '../src/server/listeners'
import { closeSession, connected, h2Get, h2Hook, hookHeaders, readAnswer, until } from './h2-client'
import { fixture, newBhid, startTestHost, type TestHost } from './helpers'

const config = (vendorUrl: string, extra = '') =>
  [
    'listen: { http2: true }',
    'store: { kind: memory }',
    'bodyLimitBytes: 4096',
    // Every stream of one connection at once: above the per-tenant default of 32.
    'maxInFlight: 1000',
    'log: { format: json }',
    extra,
    'connectors:',
    '  vendor:',
    `    use: ${fixture('vendor-connector.mjs')}`,
    `    baseUrl: ${vendorUrl}`,
    '    apiKey: k',
  ].join('\n')

describe('h2c: cleartext HTTP/2 with prior knowledge', () => {
  let vendor: FakeVendor
  let t: TestHost
  // node warns when an HTTP/1.1-only header (Connection) is written on HTTP/2, and drops it.
  const warnings: string[] = []
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`)
  beforeAll(async () => {
    process.on('warning', onWarning)
    vendor = await startFakeVendor({ defaultReply: { status: 200, body: {} } })
    t = await startTestHost(config(vendor.url))
  })
  afterEach(() => vendor.reset())
  afterAll(async () => {
    process.off('warning', onWarning)
    await t.close()
    await vendor.close()
    expect(warnings).toEqual([])
  })

  it('serves the hook routes and probes, as HTTP/1.1 does', async () => {
    const session = await connected(connect(t.url))
    const bhid = newBhid()
    const hello = await h2Hook(session, t.secret, 'Hello1', { magic: 'abc' })
    const sent = await h2Hook(
      session,
      t.secret,
      'SendEvent1',
      sampleEvent('tier-reached', { bhid }),
    )
    const healthz = await h2Get(session, '/healthz')
    const readyz = await h2Get(session, '/readyz')
    const metrics = await h2Get(session, '/metrics')
    const missing = await h2Get(session, '/nope')
    await closeSession(session)

    expect([hello.status, JSON.parse(hello.text)]).toEqual([
      200,
      { magic: 'abc', hooks: ['SendEvent1'] },
    ])
    expect([sent.status, sent.outcome]).toEqual([200, 'sent'])
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(sent.text)))
    expect(vendor.requests.map((r) => r.body)).toEqual([{ id: bhid, name: 'Tier Reached' }])
    expect([healthz.status, readyz.status, missing.status]).toEqual([200, 200, 404])
    expect(metrics.text).toContain(
      'bh_hook_requests_total{hook="SendEvent1",status="200",tenant="default"} 1',
    )
    // No HTTP/1.1 connection header on HTTP/2 (node would warn and drop it).
    expect(sent.headers.connection).toBeUndefined()
  })

  it('answers many concurrent streams on one connection', async () => {
    const session = await connected(connect(t.url))
    const count = MAX_CONCURRENT_STREAMS + 72
    const bhids = Array.from({ length: count }, () => newBhid())
    const answers = await Promise.all(
      bhids.map((bhid) =>
        h2Hook(session, t.secret, 'SendEvent1', sampleEvent('points-earned', { bhid })),
      ),
    )
    // The server's limit reached the client: streams past it waited for a free slot.
    expect(session.remoteSettings.maxConcurrentStreams).toBe(MAX_CONCURRENT_STREAMS)
    await closeSession(session)

    expect(new Set(answers.map((a) => `${a.status} ${a.outcome}`))).toEqual(new Set(['200 sent']))
    const delivered = vendor.requests.map((r) => (r.body as { id: string }).id)
    expect(delivered.sort()).toEqual([...bhids].sort())
  })

  it('survives a stream reset mid-request; the connection keeps serving', async () => {
    const session = await connected(connect(t.url))
    const aborted = newBhid()
    const body = JSON.stringify(sampleEvent('points-earned', { bhid: aborted }))
    const stream = session.request(
      await hookHeaders('/hooks/SendEvent1', t.secret, { 'content-length': body.length }),
    )
    const reset = new Promise((resolve) => stream.once('close', resolve))
    stream.write(body.slice(0, 40))
    // Frames are handled in order: once the ping is answered, the host has the stream and its
    // first bytes, and waits for the rest.
    await new Promise((resolve, reject) =>
      session.ping((err) => (err ? reject(err) : resolve(undefined))),
    )
    stream.close(constants.NGHTTP2_CANCEL)
    await reset

    const bhid = newBhid()
    const next = await h2Hook(
      session,
      t.secret,
      'SendEvent1',
      sampleEvent('points-earned', { bhid }),
    )
    await until(() => t.logs().some((l) => l.msg === 'body aborted'))
    await closeSession(session)

    expect([next.status, next.outcome]).toEqual([200, 'sent'])
    expect(vendor.requests.map((r) => (r.body as { id: string }).id)).toEqual([bhid])
    expect(t.logs().filter((l) => l.msg === 'request failed unexpectedly')).toEqual([])
  })

  it('answers a fast stream while a slow client still sends its body on the same connection', async () => {
    const session = await connected(connect(t.url))
    const slowId = newBhid()
    const slowBody = JSON.stringify(sampleEvent('points-earned', { bhid: slowId }))
    const slow = session.request(await hookHeaders('/hooks/SendEvent1', t.secret))
    const slowAnswer = readAnswer(slow)
    slow.write(slowBody.slice(0, 30))

    const fastId = newBhid()
    const fast = await h2Hook(
      session,
      t.secret,
      'SendEvent1',
      sampleEvent('points-earned', { bhid: fastId }),
    )
    let slowDone = false
    void slowAnswer.then(() => {
      slowDone = true
    })
    expect([fast.status, fast.outcome, slowDone]).toEqual([200, 'sent', false])

    slow.end(slowBody.slice(30))
    const answer = await slowAnswer
    await closeSession(session)
    expect([answer.status, answer.outcome]).toEqual([200, 'sent'])
    expect(vendor.requests.map((r) => (r.body as { id: string }).id)).toEqual([fastId, slowId])
  })

  it('applies the body limit to a stream without content-length', async () => {
    const session = await connected(connect(t.url))
    const event = { ...sampleEvent('points-earned', { bhid: newBhid() }), pad: 'x'.repeat(8000) }
    const big = session.request(await hookHeaders('/hooks/SendEvent1', t.secret))
    const bigAnswer = readAnswer(big)
    const text = JSON.stringify(event)
    big.write(text.slice(0, 3000))
    big.end(text.slice(3000))
    const answer = await bigAnswer
    const after = await h2Hook(
      session,
      t.secret,
      'SendEvent1',
      sampleEvent('birthday', { bhid: newBhid() }),
    )
    await closeSession(session)

    expect([answer.status, answer.outcome]).toEqual([200, 'invalid_data'])
    expect([after.status, after.outcome]).toEqual([200, 'sent'])
    expect(vendor.requests).toHaveLength(1)
  })

  it('refuses a bad token before the body without a Connection header; the session goes on', async () => {
    const session = await connected(connect(t.url))
    const stream = session.request(await hookHeaders('/hooks/SendEvent1', 'A'.repeat(44)))
    const refused = readAnswer(stream)
    stream.write('{"bhid":')
    const answer = await refused
    const healthz = await h2Get(session, '/healthz')
    await closeSession(session)
    expect([answer.status, JSON.parse(answer.text)]).toEqual([401, { error: 'unauthorized' }])
    expect(healthz.status).toBe(200)
    expect(vendor.requests).toEqual([])
  })

  it('refuses an HTTP/1.1 client (prior knowledge only)', async () => {
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow()
  })
})

describe('h2c: graceful shutdown and maxConnections', () => {
  let vendor: FakeVendor
  beforeAll(async () => {
    vendor = await startFakeVendor({ defaultReply: { status: 200, body: {}, delayMs: 1000 } })
  })
  afterAll(() => vendor.close())

  it('finishes the in-flight stream, sends GOAWAY and refuses new streams', async () => {
    const t = await startTestHost(config(vendor.url))
    const session = await connected(connect(t.url))
    const goaway = new Promise((resolve) => session.once('goaway', resolve))
    const bhid = newBhid()
    const inFlight = h2Hook(session, t.secret, 'SendEvent1', sampleEvent('points-earned', { bhid }))
    await until(() => vendor.requests.length > 0)

    const closed = t.close()
    await goaway
    const answer = await inFlight
    await closed
    await closeSession(session)

    expect([answer.status, answer.outcome]).toEqual([200, 'sent'])
    expect(t.logs().at(-1)).toMatchObject({ msg: 'bubblehouse-hooks stopped', unfinished: 0 })
    await expect(connected(connect(t.url))).rejects.toThrow()
  })

  it('closes connections past listen.maxConnections', async () => {
    const t = await startTestHost(
      config(vendor.url, 'listen: { http2: true, maxConnections: 1 }').replace(
        'listen: { http2: true }\n',
        '',
      ),
    )
    const first = await connected(connect(t.url))
    const second = connect(t.url)
    second.on('error', () => {})
    await new Promise((resolve) => second.once('close', resolve))
    const still = await h2Get(first, '/healthz')
    await closeSession(first)
    await t.close()

    expect(still.status).toBe(200)
    expect(
      t.logs().find((l) => l.msg === 'connections refused: listen.maxConnections reached'),
    ).toMatchObject({
      level: 'warn',
      listener: 'hooks',
      maxConnections: 1,
    })
  })
})
