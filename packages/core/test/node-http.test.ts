/** The handler mounted in a plain node:http server exactly as the README shows, driven over a socket. */
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CANONICAL_EVENT, createConnector } from '../src/index'
import { createNodeListener } from '../src/node/index'
import { type FakeVendor, startFakeVendor } from '../src/testing/index'
import example from './example-connector'
import { KEY, token } from './helpers'

let vendor: FakeVendor
let server: Server
let base: string
let valid: string

beforeAll(async () => {
  valid = await token()
  vendor = await startFakeVendor({ defaultReply: { status: 202 } })
  // As in the README, with the example connector in place of Klaviyo.
  const listener = createNodeListener({
    auth: { keys: [KEY] },
    connectors: { example: createConnector(example, { apiKey: 'k', baseUrl: vendor.url }) },
    basePath: '/bh',
    bodyLimitBytes: 64 * 1024,
  })
  server = createServer(listener)
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

  it('answers 401 before the body is sent', async () => {
    // The body is announced but held back: the answer can only come from the token alone.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(`${base}/bh/SendEvent1`, {
        method: 'POST',
        headers: { authorization: 'Bearer x.y.z', 'content-length': 1000 },
      })
      req.on('response', (res) => {
        res.resume()
        req.destroy()
        resolve(res.statusCode)
      })
      req.on('error', reject)
      req.flushHeaders()
    })
    expect(status).toBe(401)
  })

  it('answers invalid_data to a body over the limit', async () => {
    const big = JSON.stringify({ ...CANONICAL_EVENT, extra_props: { blob: 'x'.repeat(100_000) } })
    const res = await post('/bh/SendEvent1', big, `Bearer ${valid}`)
    expect(await res.json()).toEqual({ outcome: 'invalid_data' })
  })

  it('answers 405 to GET', async () => {
    expect((await fetch(`${base}/bh/SendEvent1`)).status).toBe(405)
  })
})
