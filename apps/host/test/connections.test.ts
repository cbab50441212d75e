/**
 * Bounded connections: a client slow to send its headers is cut, listen.maxConnections is
 * enforced, an HTTP/2 connection that opens no stream is cut, and the defaults reach the server.
 */
import { connect as netConnect, type Socket } from 'node:net'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { ConfigFileError } from '../src/config/errors'
import { parseConfig } from '../src/config/load'
import { createRoutes } from '../src/server/http'
import { createListener } from '../src/server/listeners'
import { createLogger } from '../src/server/logger'
import { fixture, newBhid, startTestHost } from './helpers'

/** A raw TCP client: what it received, and a promise of its close. */
async function rawClient(
  url: string,
): Promise<{ socket: Socket; received(): string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url)
  const socket = netConnect(Number(port), hostname)
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    received += chunk
  })
  socket.on('error', () => {})
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  await new Promise((resolve) => socket.once('connect', resolve))
  return { socket, received: () => received, closed }
}

const HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'

describe('HTTP/1.1 connection bounds', () => {
  it('cuts a client that does not finish its headers within headersTimeoutMs (408)', async () => {
    const t = await startTestHost(
      'listen: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 }\nstore: { kind: memory }\nlog: { level: silent }',
    )
    const slow = await rawClient(t.url)
    slow.socket.write('POST /hooks/SendEvent1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ')
    await slow.closed
    await t.close()
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
  })

  it('requestTimeoutMs bounds receiving the request, not the answer (the deadline does)', async () => {
    const vendor = await startFakeVendor({ defaultReply: { status: 200, body: {}, delayMs: 2500 } })
    const t = await startTestHost(
      [
        'listen: { headersTimeoutMs: 1000, requestTimeoutMs: 1000 }',
        'store: { kind: memory }',
        'log: { level: silent }',
        'connectors:',
        '  vendor:',
        `    use: ${fixture('vendor-connector.mjs')}`,
        `    baseUrl: ${vendor.url}`,
        '    apiKey: k',
      ].join('\n'),
    )
    const answer = await t.send('SendEvent1', sampleEvent('points-earned', { bhid: newBhid() }))
    await t.close()
    await vendor.close()
    expect([answer.status, answer.outcome]).toEqual([200, 'sent'])
  })

  it('closes connections past maxConnections and keeps serving the others', async () => {
    const t = await startTestHost(
      'listen: { maxConnections: 2 }\nstore: { kind: memory }\nlog: { format: json }',
    )
    const a = await rawClient(t.url)
    const b = await rawClient(t.url)
    const c = await rawClient(t.url)
    await c.closed
    a.socket.write(HEALTHZ)
    b.socket.write(HEALTHZ)
    while (!a.received().endsWith('{"status":"ok"}') || !b.received().endsWith('{"status":"ok"}')) {
      await new Promise((r) => setTimeout(r, 10))
    }
    a.socket.destroy()
    // A freed slot is taken again.
    const d = await rawClient(t.url)
    d.socket.write(HEALTHZ)
    while (!d.received().endsWith('{"status":"ok"}')) await new Promise((r) => setTimeout(r, 10))
    b.socket.destroy()
    d.socket.destroy()
    await t.close()

    expect(c.received()).toBe('')
    expect(a.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    const refused = t
      .logs()
      .filter((l) => l.msg === 'connections refused: listen.maxConnections reached')
    expect(refused).toEqual([
      expect.objectContaining({ level: 'warn', listener: 'hooks', dropped: 1, maxConnections: 2 }),
    ])
  })
})

describe('HTTP/2 connection bounds', () => {
  it('cuts an h2c connection that opens no stream within headersTimeoutMs', async () => {
    const t = await startTestHost(
      'listen: { http2: true, headersTimeoutMs: 1000 }\nstore: { kind: memory }\nlog: { level: silent }',
    )
    const idle = await rawClient(t.url)
    // The client preface and an empty SETTINGS frame, then nothing.
    idle.socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')
    idle.socket.write(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]))
    await idle.closed
    await t.close()
    // The server's own SETTINGS frame came first: it was an HTTP/2 session, then cut.
    expect(idle.received().length).toBeGreaterThan(0)
  })
})

describe('listen: bounds in the config', () => {
  const parse = (yaml: string) => parseConfig(yaml, 'test.yaml', { env: {} })

  it('has defaults that bound idle and slow clients', () => {
    expect(parse('store: { kind: memory }').config.listen).toEqual({
      host: '0.0.0.0',
      port: 8787,
      http2: false,
      maxConnections: 1024,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
    })
  })

  it('gives the node servers those bounds, on every protocol', () => {
    const { listen } = parse('store: { kind: memory }').config
    const routes = createRoutes({
      handler: async () => ({ status: 404, headers: {}, body: '' }),
      registry: { metrics: async () => '', contentType: 'text/plain' } as never,
      readiness: async () => ({ ready: true }),
      logger: createLogger({ level: 'silent', format: 'json' }),
    })
    const logger = createLogger({ level: 'silent', format: 'json' })
    const served = { hooks: true, metrics: true }
    const limits = listen
    const http1 = createListener({ name: 'hooks', http2: false, limits, served }, routes, logger)
    const h2c = createListener({ name: 'hooks', http2: true, limits, served }, routes, logger)
    const s1 = http1.server as unknown as Record<string, number>
    expect([s1.maxConnections, s1.headersTimeout, s1.requestTimeout, s1.keepAliveTimeout]).toEqual([
      1024, 10_000, 30_000, 65_000,
    ])
    const s2 = h2c.server as unknown as Record<string, number>
    expect([s2.maxConnections, s2.timeout]).toEqual([1024, 65_000])
  })

  it('refuses headersTimeoutMs longer than requestTimeoutMs', () => {
    let err: unknown
    try {
      parse('listen: { headersTimeoutMs: 20000, requestTimeoutMs: 10000 }')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigFileError)
    expect((err as ConfigFileError).issues).toMatchObject([
      { path: 'listen.headersTimeoutMs', message: 'must not be longer than requestTimeoutMs' },
    ])
  })
})
