/** The handler mounted in a plain node:http server exactly as the README shows, driven over a socket. */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CANONICAL_EVENT, createConnector, createHookHandler } from '../src/index'
import { type FakeVendor, startFakeVendor } from '../src/testing/index'
import example from './example-connector'
import { KEY, token } from './helpers'

let vendor: FakeVendor
let server: Server
let base: string
let valid: string
let lastRequest: Request | undefined

/** IncomingMessage → Web Request, as in the README. */
function toRequest(req: IncomingMessage): Request {
  const init: RequestInit & { duplex: 'half' } = {
    method: req.method ?? 'GET',
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(value)] as [string, string]],
    ),
    body:
      req.method === 'GET' || req.method === 'HEAD'
        ? undefined
        : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
    duplex: 'half',
  }
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, init)
}

beforeAll(async () => {
  valid = await token()
  vendor = await startFakeVendor({ defaultReply: { status: 202 } })
  const handler = createHookHandler({
    auth: { keys: [KEY] },
    connectors: { example: createConnector(example, { apiKey: 'k', baseUrl: vendor.url }) },
    bodyLimitBytes: 64 * 1024,
  })
  server = createServer(async (req, res) => {
    lastRequest = toRequest(req)
    const response = await handler(lastRequest)
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      headers[name] = value
    })
    res.writeHead(response.status, headers)
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await vendor.close()
})

const post = (path: string, body: string, authorization?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  })

describe('mounted in node:http', () => {
  it('answers Hello1', async () => {
    const res = await post('/bh/Hello1', '{"magic":"k3J9xQ"}', `Bearer ${valid}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ magic: 'k3J9xQ', hooks: ['SendEvent1'] })
  })

  it('delivers the canonical SendEvent1 and answers sent', async () => {
    const res = await post('/bh/SendEvent1', JSON.stringify(CANONICAL_EVENT), `Bearer ${valid}`)
    expect(await res.json()).toEqual({ outcome: 'sent' })
    expect(vendor.requests.at(-1)?.body).toMatchObject({ id: CANONICAL_EVENT.bhid })
  })

  it('answers 401 without reading the streamed body', async () => {
    const res = await post('/bh/SendEvent1', JSON.stringify(CANONICAL_EVENT), 'Bearer x.y.z')
    expect(res.status).toBe(401)
    expect(lastRequest?.bodyUsed).toBe(false)
  })

  it('answers invalid_data to a streamed body over the limit', async () => {
    const big = JSON.stringify({ ...CANONICAL_EVENT, extra_props: { blob: 'x'.repeat(100_000) } })
    const res = await post('/bh/SendEvent1', big, `Bearer ${valid}`)
    expect(await res.json()).toEqual({ outcome: 'invalid_data' })
  })

  it('answers 405 to GET', async () => {
    expect((await fetch(`${base}/bh/SendEvent1`)).status).toBe(405)
  })
})
