// The node:http transport against real node:http servers on 127.0.0.1, counted at the server.
import { getEventListeners } from 'node:events'
import http, {
  type AgentOptions,
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { rejection } from '../../test/helpers'
import { closedPort } from '../testing/fake-vendor'
import { createHttpClient, type HttpCallInfo } from './client'
import { createNodeSchemes, createNodeTransport } from './node-transport'

/** What the handler knows about the request. */
interface Arrival {
  /** 1 for the first request on its connection, 2 for the next… */
  readonly onSocket: number
  /** Closes when the server side of the connection closes. */
  readonly closed: Promise<unknown>
}

interface TestServer {
  readonly url: string
  /** TCP connections accepted. */
  readonly connections: number
  /** Requests received. */
  readonly requests: number
  /** Requests being answered right now, and the most at once. */
  readonly active: number
  readonly peak: number
  close(): Promise<void>
}

type Handler = (req: IncomingMessage, res: ServerResponse, arrival: Arrival) => void

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function startServer(handler: Handler): Promise<TestServer> {
  let connections = 0
  let requests = 0
  let active = 0
  let peak = 0
  const sockets = new Map<Socket, { count: number; closed: Promise<unknown> }>()
  const server = createServer((req, res) => {
    requests++
    peak = Math.max(peak, ++active)
    res.on('close', () => active--)
    const state = sockets.get(req.socket)!
    state.count++
    // Read the body first, as a real server would.
    req.resume()
    req.on('end', () => handler(req, res, { onSocket: state.count, closed: state.closed }))
  })
  server.on('connection', (socket: Socket) => {
    connections++
    // Not events.once: that rejects on a socket 'error' (a TLS hello read as HTTP).
    const closed = new Promise((resolve) => socket.on('close', resolve))
    sockets.set(socket, { count: 0, closed })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections
    },
    get requests() {
      return requests
    },
    get active() {
      return active
    },
    get peak() {
      return peak
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  servers.push(s)
  return s
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

describe('node:http transport: keep-alive', () => {
  it('serves sequential calls over one TCP connection', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }))
    const http = createHttpClient({ baseUrl: server.url })
    for (let i = 0; i < 20; i++) {
      expect((await http.request({ method: 'POST', path: '/e', body: { i } })).status).toBe(200)
    }
    expect(server.requests).toBe(20)
    expect(server.connections).toBe(1)
  })

  it('never opens more sockets than maxConcurrency under parallel calls', async () => {
    const server = await startServer((_req, res) => {
      setTimeout(() => json(res, 200, {}), 20)
    })
    const http = createHttpClient({ baseUrl: server.url, maxConcurrency: 3 })
    const results = await Promise.all(
      Array.from({ length: 30 }, () => http.request({ method: 'GET', path: '/c' })),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(server.requests).toBe(30)
    expect(server.peak).toBe(3)
    expect(server.connections).toBe(3)
  })

  it('closes a socket left idle longer than the free-socket timeout', async () => {
    let closed: Promise<unknown> | undefined
    const server = await startServer((_req, res, arrival) => {
      closed = arrival.closed
      json(res, 200, {})
    })
    const transport = createNodeTransport({ freeSocketTimeoutMs: 50 })
    const call = () =>
      transport.send({
        method: 'GET',
        url: new URL(`${server.url}/x`),
        headers: {},
        body: undefined,
        signal: undefined,
        timeoutMs: 5_000,
        maxResponseBytes: 1_000_000,
      })
    expect((await call()).status).toBe(200)
    // The client closes it: the server sees the close without doing anything.
    await closed
    expect((await call()).status).toBe(200)
    expect(server.connections).toBe(2)
  })

  it('does not close a socket in use when a call outlasts the free-socket timeout', async () => {
    const server = await startServer((_req, res) => {
      setTimeout(() => json(res, 200, { slow: true }), 200)
    })
    const transport = createNodeTransport({ freeSocketTimeoutMs: 50 })
    const res = await transport.send({
      method: 'GET',
      url: new URL(`${server.url}/slow`),
      headers: {},
      body: undefined,
      signal: undefined,
      timeoutMs: 5_000,
      maxResponseBytes: 1_000_000,
    })
    expect(res).toMatchObject({ status: 200, text: '{"slow":true}' })
  })

  it('still works after the server closed the idle keep-alive socket', async () => {
    let closed: Promise<unknown> | undefined
    const server = await startServer((_req, res, arrival) => {
      closed = arrival.closed
      // The server's idle timeout, at once: close the connection once the answer is out.
      const socket = res.socket
      res.on('finish', () => socket?.end())
      json(res, 200, {})
    })
    const http = createHttpClient({ baseUrl: server.url })
    await http.request({ method: 'GET', path: '/a' })
    await closed
    expect((await http.request({ method: 'GET', path: '/b' })).status).toBe(200)
    expect(server.connections).toBe(2)
  })

  it('retries once on a fresh socket when a reused one turns out closed (stale keep-alive)', async () => {
    // Every request after the first on a connection is dropped unread: the race where the server
    // closes an idle socket just as the client reuses it.
    const server = await startServer((_req, res, arrival) => {
      if (arrival.onSocket > 1) res.socket?.destroy()
      else json(res, 200, { ok: true })
    })
    const calls: HttpCallInfo[] = []
    const http = createHttpClient({ baseUrl: server.url, onCall: (c) => calls.push(c) })
    await http.request({ method: 'POST', path: '/e', body: { n: 1 } })
    const res = await http.request({ method: 'POST', path: '/e', body: { n: 2 } })
    expect(res).toMatchObject({ status: 200, body: { ok: true } })
    expect(server.requests).toBe(3)
    expect(server.connections).toBe(2)
    expect(calls.map((c) => c.status)).toEqual([200, 200])
  })

  it('does not retry a reset on a fresh socket, nor twice', async () => {
    let served = 0
    const server = await startServer((_req, res) => {
      if (served++ === 0) json(res, 200, {})
      else res.socket?.destroy()
    })
    const http = createHttpClient({ baseUrl: server.url })
    await http.request({ method: 'POST', path: '/e' })
    // Reused socket → reset → one retry on a new socket → reset again: fails.
    expect((await rejection(http.request({ method: 'POST', path: '/e' }))).kind).toBe(
      'NETWORK_RESET',
    )
    expect(server.requests).toBe(3)
    // A fresh client (fresh socket): no retry at all.
    const fresh = createHttpClient({ baseUrl: server.url })
    expect((await rejection(fresh.request({ method: 'POST', path: '/e' }))).kind).toBe(
      'NETWORK_RESET',
    )
    expect(server.requests).toBe(4)
  })
})

describe('node:http transport: failures', () => {
  it('throws TIMEOUT after the per-call timeout and closes the socket', async () => {
    let closed: Promise<unknown> | undefined
    const server = await startServer((_req, _res, arrival) => {
      closed = arrival.closed // never answers
    })
    const deadline = new AbortController()
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 50 })
    const err = await rejection(
      http.request({ method: 'GET', path: '/h', signal: deadline.signal }),
    )
    expect(err.kind).toBe('TIMEOUT')
    await closed
    expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0)
  })

  it('throws DEADLINE_EXCEEDED when the caller signal aborts and closes the socket', async () => {
    let closed: Promise<unknown> | undefined
    const deadline = new AbortController()
    const server = await startServer((_req, _res, arrival) => {
      closed = arrival.closed
      deadline.abort()
    })
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 60_000 })
    const err = await rejection(
      http.request({ method: 'GET', path: '/h', signal: deadline.signal }),
    )
    expect(err.kind).toBe('DEADLINE_EXCEEDED')
    await closed
    expect(server.requests).toBe(1)
  })

  it('removes its abort listener once a call completes', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}))
    const deadline = new AbortController()
    await createHttpClient({ baseUrl: server.url }).request({
      method: 'GET',
      path: '/x',
      signal: deadline.signal,
    })
    expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0)
  })

  it('throws NETWORK_REFUSED for a closed port', async () => {
    const http = createHttpClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` })
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe(
      'NETWORK_REFUSED',
    )
  })

  it('throws NETWORK_RESET when the server drops the connection mid-response', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
      res.write('{"partial":')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const http = createHttpClient({ baseUrl: server.url })
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe('NETWORK_RESET')
  })

  it('does not retry a reset after the response started, even on a reused socket', async () => {
    const server = await startServer((_req, res, arrival) => {
      if (arrival.onSocket === 1) return json(res, 200, {})
      res.writeHead(200, { 'content-length': '1000' })
      res.write('{')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const http = createHttpClient({ baseUrl: server.url })
    await http.request({ method: 'POST', path: '/e' })
    expect((await rejection(http.request({ method: 'POST', path: '/e' }))).kind).toBe(
      'NETWORK_RESET',
    )
    expect(server.requests).toBe(2)
  })

  it('speaks TLS to an https: URL (a plain-HTTP port fails as NETWORK_TLS)', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}))
    const http = createHttpClient({ baseUrl: server.url.replace('http:', 'https:') })
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe('NETWORK_TLS')
    expect(server.requests).toBe(0)
  })

  it('rejects a bad header value as NETWORK_ERROR instead of throwing', async () => {
    const http = createHttpClient({ baseUrl: 'http://127.0.0.1:9' })
    const err = await rejection(
      http.request({ method: 'GET', path: '/', headers: { 'x-bad': 'a\r\nb' } }),
    )
    expect(err.kind).toBe('NETWORK_ERROR')
  })

  it('rejects a scheme other than http and https as NETWORK_ERROR', async () => {
    const http = createHttpClient({ baseUrl: 'ftp://127.0.0.1' })
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe('NETWORK_ERROR')
  })
})

describe('node:http transport: bodies', () => {
  it('sends content-length (not chunked) for a body', async () => {
    const seen: IncomingMessage['headers'][] = []
    const server = await startServer((req, res) => {
      seen.push(req.headers)
      json(res, 200, {})
    })
    const body = { name: 'Ωmega 🥇' }
    await createHttpClient({ baseUrl: server.url }).request({ method: 'POST', path: '/', body })
    expect(seen[0]?.['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(body))))
    expect(seen[0]?.['transfer-encoding']).toBeUndefined()
  })

  it('reads a large response body, multi-byte characters across chunks intact', async () => {
    // About 1.4 MB: over the default cap, so the cap is raised.
    const items = Array.from({ length: 50_000 }, (_, i) => ({ i, name: `Ωmega 🥇 ${i}` }))
    const server = await startServer((_req, res) => json(res, 200, { items }))
    const client = createHttpClient({ baseUrl: server.url, maxResponseBytes: 4 * 1024 * 1024 })
    const res = await client.request({
      method: 'GET',
      path: '/',
    })
    expect(res.body).toEqual({ items })
  })

  it('returns a non-JSON body as text', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html>Bad Gateway</html>')
    })
    const res = await createHttpClient({ baseUrl: server.url }).request({
      method: 'GET',
      path: '/',
    })
    expect(res).toMatchObject({ status: 502, body: '<html>Bad Gateway</html>' })
    expect(res.headers['content-type']).toBe('text/html')
  })

  it('returns 204 with no body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(204)
      res.end()
    })
    const res = await createHttpClient({ baseUrl: server.url }).request({
      method: 'DELETE',
      path: '/',
    })
    expect(res.status).toBe(204)
    expect(res.body).toBeUndefined()
  })

  it('decodes a gzip body the server sent unasked', async () => {
    const asked: Array<string | undefined> = []
    const server = await startServer((req, res) => {
      asked.push(req.headers['accept-encoding'])
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(gzipSync(JSON.stringify({ zipped: 'ß' })))
    })
    const res = await createHttpClient({ baseUrl: server.url }).request({
      method: 'GET',
      path: '/',
    })
    expect(res.body).toEqual({ zipped: 'ß' })
    expect(asked).toEqual([undefined])
  })

  it('joins repeated response headers', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      json(res, 200, {})
    })
    const res = await createHttpClient({ baseUrl: server.url }).request({
      method: 'GET',
      path: '/',
    })
    expect(res.headers['set-cookie']).toBe('a=1, b=2')
  })
})

describe('createNodeSchemes', () => {
  it('sends https: URLs through node:https and http: URLs through node:http', () => {
    const schemes = createNodeSchemes({ maxSockets: 4 })
    expect(schemes['https:']?.module).toBe(https)
    expect(schemes['https:']?.agent).toBeInstanceOf(https.Agent)
    expect(schemes['http:']?.module).toBe(http)
    expect(schemes['http:']?.agent).toBeInstanceOf(http.Agent)
    expect(schemes['http:']?.agent).not.toBeInstanceOf(https.Agent)
    expect(schemes['ftp:']).toBeUndefined()
  })

  it('keeps sockets alive, most recent first, at most maxSockets', () => {
    const { agent } = createNodeSchemes({ maxSockets: 4 })['https:']!
    expect(agent.maxSockets).toBe(4)
    expect(agent.maxFreeSockets).toBe(4)
    // `options` is public (node docs) but missing from @types/node.
    expect((agent as https.Agent & { options: AgentOptions }).options).toMatchObject({
      keepAlive: true,
      scheduling: 'lifo',
      timeout: 4_000,
    })
    expect(createNodeSchemes()['http:']?.agent.maxSockets).toBe(Number.POSITIVE_INFINITY)
  })
})
