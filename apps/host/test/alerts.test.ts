// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * Held queues and alerts: the watch's rules on a test clock, the sender's retries against a local
 * receiver, and a host end to end (held once per incident, recovered once, replays move nothing,
 * a dead receiver changes no answer).
 */
import { join } from 'node:path'
import { type SendEventRecord, sampleEvent } from '@bubblehouse-hooks/core'
import { closedPort, type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { Registry } from 'prom-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type AlertBody, createAlertSender } from '../src/alerts/sender'
import { createQueueWatch } from '../src/alerts/watch'
import { cli } from './cli-run'
import { newBhid, startTestHost, type TestHost, tempDir } from './helpers'

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const record = (
  route: string,
  outcome: SendEventRecord['outcome'],
  bhid = 'bh-1',
): SendEventRecord => ({
  route,
  event: sampleEvent('points-earned', { bhid }),
  outcome,
  runs: [
    {
      connector: 'klaviyo',
      outcome,
      code: outcome === 'failure' ? 'HTTP_503' : 'HTTP_2XX',
      duplicate: false,
      startedAt: 0,
      durationMs: 1,
    },
  ],
})

/** Resolves once `receiver` has `count` requests. */
async function received(receiver: FakeVendor, count: number): Promise<AlertBody[]> {
  for (let i = 0; i < 400 && receiver.requests.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return receiver.requests.map((r) => r.body as AlertBody)
}

describe('queue watch (test clock)', () => {
  const setup = (rules = { heldAfterSec: 300, silentAfterSec: 0 }) => {
    let t = Date.parse('2026-03-01T10:00:00Z')
    const sent: AlertBody[] = []
    const registry = new Registry()
    const watch = createQueueWatch({
      registry,
      rules,
      sender: { send: (a) => sent.push(a), close: async () => {} },
      now: () => t,
      tickMs: 3_600_000,
    })
    return { watch, sent, registry, advance: (sec: number) => (t += sec * 1000) }
  }

  it('holds a route from its first failure to the next terminal answer, alerting once each way', async () => {
    const { watch, sent, registry, advance } = setup()
    watch.observe(record('/hooks/SendEvent1', 'failure', 'first'))
    advance(200)
    watch.observe(record('/hooks/SendEvent1', 'failure', 'first'))
    watch.tick()
    expect(sent).toEqual([])
    expect(await registry.metrics()).toContain(
      'bh_queue_held_seconds{route="/hooks/SendEvent1"} 200',
    )
    advance(100)
    watch.tick()
    watch.tick()
    expect(sent).toEqual([
      {
        type: 'held',
        route: '/hooks/SendEvent1',
        since: '2026-03-01T10:00:00.000Z',
        bhid: 'first',
        connector: 'klaviyo',
        code: 'HTTP_503',
        text: expect.stringContaining('/hooks/SendEvent1 is held since 2026-03-01T10:00:00.000Z'),
      },
    ])
    // Another route is its own queue.
    watch.observe(record('/hooks/klaviyo/SendEvent1', 'sent'))
    advance(60)
    watch.observe(record('/hooks/SendEvent1', 'invalid_data', 'first'))
    expect(sent.map((a) => a.type)).toEqual(['held', 'recovered'])
    expect(sent[1]).toMatchObject({
      route: '/hooks/SendEvent1',
      since: '2026-03-01T10:00:00.000Z',
      text: expect.stringContaining('recovered after 360 s'),
    })
    const metrics = await registry.metrics()
    expect(metrics).toContain('bh_queue_held_seconds{route="/hooks/SendEvent1"} 0')
    expect(metrics).toContain(
      `bh_last_event_timestamp_seconds{route="/hooks/SendEvent1"} ${Date.parse('2026-03-01T10:06:00Z') / 1000}`,
    )
  })

  it('sends no recovered for an incident shorter than heldAfterSec', () => {
    const { watch, sent, advance } = setup()
    watch.observe(record('/hooks/SendEvent1', 'failure'))
    advance(10)
    watch.observe(record('/hooks/SendEvent1', 'sent'))
    advance(1000)
    watch.tick()
    expect(sent).toEqual([])
  })

  it('sends one silent alert per silence, when silentAfterSec is set', () => {
    const { watch, sent, advance } = setup({ heldAfterSec: 300, silentAfterSec: 600 })
    watch.observe(record('/hooks/SendEvent1', 'sent', 'last'))
    advance(599)
    watch.tick()
    expect(sent).toEqual([])
    advance(1)
    watch.tick()
    watch.tick()
    expect(sent).toEqual([
      expect.objectContaining({ type: 'silent', since: '2026-03-01T10:00:00.000Z', bhid: 'last' }),
    ])
    watch.observe(record('/hooks/SendEvent1', 'sent'))
    advance(600)
    watch.tick()
    expect(sent.map((a) => a.type)).toEqual(['silent', 'silent'])
  })
})

describe('alert sender', () => {
  let receiver: FakeVendor
  beforeAll(async () => {
    receiver = await startFakeVendor()
  })
  afterAll(() => receiver.close())
  afterEach(() => receiver.reset())

  const alert = (type: AlertBody['type']): AlertBody => ({
    type,
    route: '/hooks/SendEvent1',
    since: '2026-03-01T10:00:00.000Z',
    bhid: 'b',
    connector: 'klaviyo',
    code: 'HTTP_503',
    text: type,
  })

  it('retries a failing receiver with backoff and keeps the order', async () => {
    receiver.reply({ status: 500 }, { status: 503 })
    const registry = new Registry()
    const sender = createAlertSender({ url: `${receiver.url}/alert`, backoffMs: 10, registry })
    sender.send(alert('held'))
    sender.send(alert('recovered'))
    const types = (await received(receiver, 4)).map((a) => a.type)
    await sender.close()
    expect(types).toEqual(['held', 'held', 'held', 'recovered'])
    expect(receiver.requests[0]?.headers['content-type']).toBe('application/json')
    const metrics = await registry.metrics()
    expect(metrics).toContain('bh_alerts_total{type="held",result="sent"} 1')
    expect(metrics).toContain('bh_alerts_total{type="recovered",result="sent"} 1')
  })

  it('gives up after its tries, counted and logged without the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hook?token=secret-token`
    const warnings: unknown[] = []
    const registry = new Registry()
    const sender = createAlertSender({
      url,
      tries: 3,
      backoffMs: 5,
      registry,
      logger: { warn: (obj: unknown) => warnings.push(obj) },
    })
    sender.send(alert('held'))
    await sender.close()
    expect(await registry.metrics()).toContain('bh_alerts_total{type="held",result="failed"} 1')
    expect(JSON.stringify(warnings)).not.toContain('secret-token')
    expect(warnings).toEqual([{ alert: 'held', route: '/hooks/SendEvent1', last: 'TypeError' }])
  })
})

describe('host: held queue alerts end to end', () => {
  let vendor: FakeVendor
  let alerts: FakeVendor
  let host: TestHost
  let dir: { dir: string; cleanup(): Promise<void> }
  let configFile: string
  const env = () => ({ NODE_ENV: 'test', WEBHOOK_SECRET, VENDOR_URL: vendor.url })

  beforeAll(async () => {
    vendor = await startFakeVendor()
    alerts = await startFakeVendor()
    dir = await tempDir()
    const yaml = [
      `store: { kind: sqlite, path: "${join(dir.dir, 'hooks.db')}" }`,
      'deadlineMs: 5000',
      `alerts: { webhook: "${alerts.url}/slack", heldAfterSec: 0 }`,
      'connectors:',
      '  webhook: { url: "${VENDOR_URL}/in", secret: "${WEBHOOK_SECRET}" }',
    ].join('\n')
    host = await startTestHost(yaml, { env: env() })
    configFile = join(dir.dir, 'hooks.yaml')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(
      configFile,
      `${yaml}\nauth: { keys: [ { kid: main, secret: "${host.secret}" } ] }\n`,
    )
  })
  afterAll(async () => {
    await host.close()
    await vendor.close()
    await alerts.close()
    await dir.cleanup()
  })

  const send = async (bhid: string) =>
    JSON.parse((await host.send('SendEvent1', sampleEvent('points-earned', { bhid }))).text)
      .outcome as string

  it('alerts held once, ignores a replay, and alerts recovered on the next terminal answer', async () => {
    const bhid = newBhid()
    vendor.setDefault({ status: 503, body: {} })
    expect(await send(bhid)).toBe('failure')
    expect(await send(bhid)).toBe('failure')
    const [held] = await received(alerts, 1)
    expect(held).toEqual({
      type: 'held',
      route: '/hooks/SendEvent1',
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      bhid,
      connector: 'webhook',
      code: 'WEBHOOK_SERVER_ERROR',
      text: expect.stringContaining('held since'),
    })
    expect(await host.host.registry.metrics()).toMatch(
      /bh_queue_held_seconds\{route="\/hooks\/SendEvent1"\} [0-9.]+/,
    )

    // The operator replays the held event once the vendor is back: Bubblehouse's queue has not
    // moved, so the route stays held and no recovered alert goes out.
    vendor.setDefault({ status: 200, body: {} })
    for (let i = 0; i < 100; i++) {
      const lines = await cli(['events', '--bhid', bhid, '--json', '--config', configFile], {
        env: env(),
      })
      if (lines.out.includes('"attempts":2')) break
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const replayed = await cli(['replay', '--bhid', bhid, '--config', configFile], { env: env() })
    expect(replayed.code).toBe(0)
    expect(replayed.out).toContain('webhook sent')
    expect(alerts.requests).toHaveLength(1)

    // Bubblehouse's retry gets the replayed result: the queue moves on, and the route recovers.
    expect(await send(bhid)).toBe('sent')
    const all = await received(alerts, 2)
    expect(all.map((a) => a.type)).toEqual(['held', 'recovered'])
    expect(all[1]).toMatchObject({ route: '/hooks/SendEvent1', since: held?.since, bhid })
    expect(await host.host.registry.metrics()).toContain(
      'bh_queue_held_seconds{route="/hooks/SendEvent1"} 0',
    )
  })

  it('answers as usual when the alert receiver is down', async () => {
    const port = await closedPort()
    const down = await startTestHost(
      [
        'store: { kind: memory }',
        `alerts: { webhook: "http://127.0.0.1:${port}/slack", heldAfterSec: 0 }`,
        'connectors:',
        '  webhook: { url: "${VENDOR_URL}/in", secret: "${WEBHOOK_SECRET}" }',
      ].join('\n'),
      { env: env() },
    )
    try {
      vendor.setDefault({ status: 503, body: {} })
      const bhid = newBhid()
      const first = await down.send('SendEvent1', sampleEvent('points-earned', { bhid }))
      expect([first.status, JSON.parse(first.text)]).toEqual([200, { outcome: 'failure' }])
      vendor.setDefault({ status: 200, body: {} })
      const second = await down.send('SendEvent1', sampleEvent('points-earned', { bhid }))
      expect([second.status, JSON.parse(second.text)]).toEqual([200, { outcome: 'sent' }])
    } finally {
      await down.close()
    }
  })
})
