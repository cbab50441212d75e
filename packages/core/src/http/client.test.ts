import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rejection } from '../../test/helpers'
import { closedPort, type FakeVendor, startFakeVendor } from '../testing/fake-vendor'
import { createHttpClient, type HttpCallInfo } from './client'

const API_KEY = 'sk_live_do-not-leak-1234567890'

let vendor: FakeVendor
beforeAll(async () => {
  vendor = await startFakeVendor()
})
afterAll(() => vendor.close())
beforeEach(() => vendor.reset())

const client = (options: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
  createHttpClient({
    baseUrl: `${vendor.url}/api/`,
    headers: { authorization: `Bearer ${API_KEY}` },
    ...options,
  })

describe('createHttpClient', () => {
  it('sends JSON with the client headers, query and path under the base URL', async () => {
    vendor.reply({ status: 201, body: { id: 'abc' }, headers: { 'x-rate-remaining': '9' } })
    const res = await client().request({
      method: 'POST',
      path: '/events',
      query: { a: '1', 'b c': 'é' },
      headers: { 'x-extra': 'yes' },
      body: { name: 'Points Earned', n: 1 },
    })
    expect(res).toMatchObject({ status: 201, body: { id: 'abc' } })
    expect(res.headers['x-rate-remaining']).toBe('9')
    const [req] = vendor.requests
    expect(req).toMatchObject({
      method: 'POST',
      path: '/api/events',
      url: '/api/events?a=1&b+c=%C3%A9',
      raw: '{"name":"Points Earned","n":1}',
    })
    expect(req?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'x-extra': 'yes',
    })
  })

  it('sends a string body as is and keeps a given content type', async () => {
    await client().request({
      method: 'PUT',
      path: '/raw',
      headers: { 'Content-Type': 'text/plain' },
      body: 'plain text',
    })
    expect(vendor.requests[0]?.raw).toBe('plain text')
    expect(vendor.requests[0]?.headers['content-type']).toBe('text/plain')
  })

  it('keeps a relative path without a leading slash under the base URL', async () => {
    await client().request({ method: 'GET', path: '@evil.example/x' })
    expect(vendor.requests[0]?.path).toBe('/api/@evil.example/x')
  })

  it('accepts an absolute URL', async () => {
    await client({ baseUrl: 'http://unused.invalid' }).request({
      method: 'GET',
      path: `${vendor.url}/abs`,
    })
    expect(vendor.requests[0]?.path).toBe('/abs')
  })

  it('returns HTTP errors instead of throwing, with the parsed body', async () => {
    vendor.reply(
      { status: 400, body: { errors: [{ code: 'invalid' }] } },
      { status: 503, body: 'Service Unavailable' },
      { status: 204 },
      { status: 500, body: '{not json', headers: { 'content-type': 'application/json' } },
    )
    const http = client()
    expect(await http.request({ method: 'POST', path: '/e' })).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'invalid' }] },
    })
    expect(await http.request({ method: 'POST', path: '/e' })).toMatchObject({
      status: 503,
      body: 'Service Unavailable',
    })
    expect((await http.request({ method: 'POST', path: '/e' })).body).toBeUndefined()
    expect((await http.request({ method: 'POST', path: '/e' })).body).toBe('{not json')
  })

  it('does not follow redirects', async () => {
    vendor.reply({ status: 302, headers: { location: 'http://elsewhere.invalid/' } })
    expect((await client().request({ method: 'GET', path: '/r' })).status).toBe(302)
    expect(vendor.requests).toHaveLength(1)
  })

  it('reuses one keep-alive connection across calls', async () => {
    // Own servers: the shared one may already have a pooled connection from earlier tests.
    const spaced = await startFakeVendor()
    const burst = await startFakeVendor()
    try {
      // Events arrive one by one…
      const a = createHttpClient({ baseUrl: spaced.url })
      for (let i = 0; i < 10; i++) {
        await a.request({ method: 'POST', path: '/e', body: { i } })
        await new Promise((resolve) => setImmediate(resolve))
      }
      expect(spaced.requests).toHaveLength(10)
      expect(spaced.connections).toBe(1)
      // …or back to back: node:http frees the socket before the call resolves.
      const b = createHttpClient({ baseUrl: burst.url })
      for (let i = 0; i < 10; i++) await b.request({ method: 'POST', path: '/e', body: { i } })
      expect(burst.requests).toHaveLength(10)
      expect(burst.connections).toBe(1)
    } finally {
      await Promise.all([spaced.close(), burst.close()])
    }
  })

  it('throws TIMEOUT when the per-call timeout passes first', async () => {
    vendor.setDefault({ hang: true })
    const deadline = new AbortController()
    const err = await rejection(
      client({ timeoutMs: 100 }).request({ method: 'GET', path: '/h', signal: deadline.signal }),
    )
    expect(err).toMatchObject({ kind: 'TIMEOUT', code: 'ERR_HTTP_NETWORK' })
  })

  it('lets a per-request timeout override the client one', async () => {
    vendor.setDefault({ hang: true })
    const err = await rejection(
      client({ timeoutMs: 60_000 }).request({ method: 'GET', path: '/h', timeoutMs: 100 }),
    )
    expect(err.kind).toBe('TIMEOUT')
  })

  it('throws DEADLINE_EXCEEDED when the caller signal aborts first', async () => {
    vendor.setDefault({ hang: true })
    const deadline = new AbortController()
    setTimeout(() => deadline.abort(new DOMException('hook deadline passed', 'AbortError')), 100)
    const err = await rejection(
      client({ timeoutMs: 60_000 }).request({ method: 'GET', path: '/h', signal: deadline.signal }),
    )
    expect(err.kind).toBe('DEADLINE_EXCEEDED')
  })

  it('throws DEADLINE_EXCEEDED at once for an already aborted signal', async () => {
    const err = await rejection(
      client().request({ method: 'GET', path: '/h', signal: AbortSignal.abort() }),
    )
    expect(err.kind).toBe('DEADLINE_EXCEEDED')
    expect(vendor.requests).toHaveLength(0)
  })

  const failures: Array<[string, () => string | Promise<string>, () => void]> = [
    ['NETWORK_RESET', () => vendor.url, () => vendor.setDefault({ reset: true })],
    ['NETWORK_REFUSED', async () => `http://127.0.0.1:${await closedPort()}`, () => {}],
    ['NETWORK_DNS', () => 'http://api.bubblehouse-hooks.invalid', () => {}],
  ]
  it.each(failures)('throws %s with nothing secret in it', async (kind, baseUrl, arrange) => {
    arrange()
    const http = createHttpClient({
      baseUrl: await baseUrl(),
      headers: { authorization: `Bearer ${API_KEY}` },
    })
    const err = await rejection(
      http.request({ method: 'POST', path: `/e?api_key=${API_KEY}`, body: { email: 'a@b.co' } }),
    )
    expect(err.kind).toBe(kind)
    expect(err.message).toBe(`POST failed: ${kind}`)
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack })
    expect(everything).not.toContain(API_KEY)
    expect(everything).not.toContain('a@b.co')
    expect(err.cause).toBeUndefined()
  })

  it('reports each call without headers or bodies', async () => {
    const calls: HttpCallInfo[] = []
    // Every reset, not just one: a single reset on a reused socket is retried (stale keep-alive).
    vendor.reply({ status: 202 }).setDefault({ reset: true })
    const http = client({ onCall: (info) => calls.push(info) })
    await http.request({ method: 'POST', path: '/e' })
    await http.request({ method: 'POST', path: '/e' }).catch(() => undefined)
    expect(calls).toEqual([
      { method: 'POST', status: 202, durationMs: expect.any(Number) },
      { method: 'POST', status: 'NETWORK_RESET', durationMs: expect.any(Number) },
    ])
  })

  it('caps simultaneous calls with maxConcurrency (fetch transport)', async () => {
    vendor.setDefault({ status: 200, body: {}, delayMs: 50 })
    let active = 0
    let peak = 0
    const http = client({
      maxConcurrency: 2,
      fetch: async (input, init) => {
        peak = Math.max(peak, ++active)
        try {
          return await fetch(input, init)
        } finally {
          active--
        }
      },
    })
    await Promise.all(Array.from({ length: 6 }, () => http.request({ method: 'GET', path: '/c' })))
    expect(vendor.requests).toHaveLength(6)
    expect(peak).toBe(2)
  })

  describe('with a fetch', () => {
    const viaFetch = (options: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
      client({ fetch: globalThis.fetch, ...options })

    it('sends JSON and parses the answer, without following redirects', async () => {
      vendor.reply(
        { status: 201, body: { id: 'abc' } },
        { status: 302, headers: { location: 'http://elsewhere.invalid/' } },
      )
      const http = viaFetch()
      expect(await http.request({ method: 'POST', path: '/e', body: { n: 1 } })).toMatchObject({
        status: 201,
        body: { id: 'abc' },
      })
      expect(vendor.requests[0]?.raw).toBe('{"n":1}')
      expect((await http.request({ method: 'GET', path: '/r' })).status).toBe(302)
      expect(vendor.requests).toHaveLength(2)
    })

    it('tells the per-call timeout from the caller deadline', async () => {
      vendor.setDefault({ hang: true })
      const deadline = new AbortController()
      const timedOut = viaFetch({ timeoutMs: 50 }).request({
        method: 'GET',
        path: '/h',
        signal: deadline.signal,
      })
      expect((await rejection(timedOut)).kind).toBe('TIMEOUT')
      setTimeout(() => deadline.abort(), 50)
      const late = viaFetch({ timeoutMs: 60_000 }).request({
        method: 'GET',
        path: '/h',
        signal: deadline.signal,
      })
      expect((await rejection(late)).kind).toBe('DEADLINE_EXCEEDED')
    })
  })
})
