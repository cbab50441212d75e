// The response body cap (maxResponseBytes) over real HTTP on 127.0.0.1, for both transports:
// bodies announced by content-length, sent chunked, or sent until the connection closes.
import { createServer as createHttpServer, type ServerResponse } from 'node:http'
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { rejection } from '../../test/helpers'
import { classifyError } from '../classify/network'
import { createHttpClient, DEFAULT_MAX_RESPONSE_BYTES, type HttpClientOptions } from './client'

type Framing = 'content-length' | 'chunked' | 'until-close'

/** A JSON body of exactly `bytes` bytes: `"xxxx…"`. */
const jsonOf = (bytes: number) => `"${'x'.repeat(bytes - 2)}"`

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server)
      (server as { closeAllConnections(): void }).closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function listen(server: Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Answers every request with `body` in the given framing; counts requests. */
async function startServer(
  framing: Framing,
  body: () => Buffer | string,
  headers: Record<string, string> = {},
): Promise<{ url: string; requests: () => number }> {
  let requests = 0
  if (framing === 'until-close') {
    // node:http always frames a body; a raw socket sends one with neither length nor chunks,
    // ended by closing the connection (RFC 9112 §6.3).
    const server = createTcpServer((socket) => {
      socket.once('data', () => {
        requests++
        const head = Object.entries({ 'content-type': 'application/json', ...headers })
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('')
        socket.write(`HTTP/1.1 200 OK\r\n${head}connection: close\r\n\r\n`)
        socket.end(body())
      })
      socket.on('error', () => {})
    })
    return { url: await listen(server), requests: () => requests }
  }
  const server = createHttpServer((req, res: ServerResponse) => {
    requests++
    req.resume()
    const bytes = Buffer.from(body())
    res.setHeader('content-type', 'application/json')
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    if (framing === 'content-length') res.setHeader('content-length', bytes.byteLength)
    else res.setHeader('transfer-encoding', 'chunked')
    // Several writes, so a chunked body arrives in several chunks.
    const step = 64 * 1024
    for (let at = 0; at < bytes.byteLength; at += step) res.write(bytes.subarray(at, at + step))
    res.end()
  })
  server.on('clientError', (_err, socket) => socket.destroy())
  return { url: await listen(server), requests: () => requests }
}

const TRANSPORTS: ReadonlyArray<{
  readonly name: string
  readonly options: Partial<HttpClientOptions>
}> = [
  { name: 'node:http', options: {} },
  { name: 'fetch', options: { fetch } },
]
const FRAMINGS: readonly Framing[] = ['content-length', 'chunked', 'until-close']

describe.each(TRANSPORTS)('maxResponseBytes over $name', ({ options }) => {
  const client = (url: string, extra: Partial<HttpClientOptions> = {}) =>
    createHttpClient({ baseUrl: url, ...options, ...extra })

  it.each(FRAMINGS)('fails a body one byte over the cap (%s)', async (framing) => {
    const server = await startServer(framing, () => jsonOf(1001))
    const err = await rejection(
      client(server.url, { maxResponseBytes: 1000 }).request({ method: 'GET', path: '/' }),
    )
    expect(err.kind).toBe('VENDOR_RESPONSE_TOO_LARGE')
    expect(classifyError(err)).toEqual({
      outcome: 'failure',
      code: 'VENDOR_RESPONSE_TOO_LARGE',
      reason: 'the vendor answered with a body over the client maxResponseBytes',
    })
  })

  it.each(FRAMINGS)('reads a body of exactly the cap (%s)', async (framing) => {
    const server = await startServer(framing, () => jsonOf(1000))
    const res = await client(server.url, { maxResponseBytes: 1000 }).request({
      method: 'GET',
      path: '/',
    })
    expect(res.body).toBe('x'.repeat(998))
  })

  it('caps at 1 MiB by default: 1 MiB passes, one byte more fails (chunked)', async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(1_048_576)
    let size = DEFAULT_MAX_RESPONSE_BYTES
    const server = await startServer('chunked', () => jsonOf(size))
    const http = client(server.url)
    expect((await http.request({ method: 'GET', path: '/' })).status).toBe(200)
    size += 1
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe(
      'VENDOR_RESPONSE_TOO_LARGE',
    )
  })

  it('fails a body of 5 MB sent until close, without keeping it', async () => {
    const server = await startServer('until-close', () => jsonOf(5_000_000))
    const err = await rejection(client(server.url).request({ method: 'GET', path: '/' }))
    expect(err.kind).toBe('VENDOR_RESPONSE_TOO_LARGE')
  })

  it('caps the decoded size of a gzip body (a small download that inflates past the cap)', async () => {
    const zipped = gzipSync(jsonOf(10_000))
    expect(zipped.byteLength).toBeLessThan(1000)
    const server = await startServer('content-length', () => zipped, { 'content-encoding': 'gzip' })
    const http = client(server.url, { maxResponseBytes: 5000 })
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe(
      'VENDOR_RESPONSE_TOO_LARGE',
    )
    // Under the cap once decoded: read as usual.
    const roomy = client(server.url, { maxResponseBytes: 10_000 })
    expect((await roomy.request({ method: 'GET', path: '/' })).body).toBe('x'.repeat(9998))
  })

  it('caps the decoded size of a brotli body', async () => {
    const server = await startServer('chunked', () => brotliCompressSync(jsonOf(10_000)), {
      'content-encoding': 'br',
    })
    const http = client(server.url, { maxResponseBytes: 5000 })
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe(
      'VENDOR_RESPONSE_TOO_LARGE',
    )
  })

  it('takes a per-call cap over the client one', async () => {
    const server = await startServer('chunked', () => jsonOf(2000))
    const http = client(server.url, { maxResponseBytes: 1000 })
    const res = await http.request({ method: 'GET', path: '/', maxResponseBytes: 2000 })
    expect(res.body).toBe('x'.repeat(1998))
    const err = await rejection(http.request({ method: 'GET', path: '/', maxResponseBytes: 1999 }))
    expect(err.kind).toBe('VENDOR_RESPONSE_TOO_LARGE')
  })

  it('reports the call to onCall with the kind, and the next call works', async () => {
    let size = 2000
    const server = await startServer('content-length', () => jsonOf(size))
    const statuses: Array<number | string> = []
    const http = client(server.url, {
      maxResponseBytes: 1000,
      onCall: (info) => statuses.push(info.status),
    })
    await rejection(http.request({ method: 'GET', path: '/' }))
    size = 10
    expect((await http.request({ method: 'GET', path: '/' })).status).toBe(200)
    expect(statuses).toEqual(['VENDOR_RESPONSE_TOO_LARGE', 200])
    expect(server.requests()).toBe(2)
  })
})

describe('maxResponseBytes option', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (value) => {
    expect(() =>
      createHttpClient({ baseUrl: 'http://127.0.0.1:9', maxResponseBytes: value }),
    ).toThrow(RangeError)
  })
})
