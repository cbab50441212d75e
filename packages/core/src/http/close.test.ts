// HttpClient.close() against a real node:http server on 127.0.0.1: sockets closed, later calls refused.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { rejection } from '../../test/helpers'
import { createHttpClient } from './client'

interface Server {
  readonly url: string
  readonly requests: number
  /** Resolves when the server side of connection number `n` (from 0) has closed. */
  closed(n: number): Promise<unknown>
  close(): Promise<void>
}

const open: Server[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  let requests = 0
  const closes: Promise<unknown>[] = []
  const server = createServer((req, res) => {
    requests++
    req.resume()
    req.on('end', () => handler(req, res))
  })
  server.on('connection', (socket: Socket) => {
    closes.push(new Promise((resolve) => socket.on('close', resolve)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const s: Server = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return requests
    },
    closed: (n) => closes[n] ?? Promise.reject(new Error(`no connection ${n}`)),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  open.push(s)
  return s
}

const ok = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{}')
}

describe('HttpClient.close (node:http)', () => {
  it('closes the kept-alive socket and refuses later calls without sending', async () => {
    const server = await startServer(ok)
    const http = createHttpClient({ baseUrl: server.url })
    expect((await http.request({ method: 'GET', path: '/a' })).status).toBe(200)
    await http.close()
    // The idle keep-alive socket would otherwise stay open for 4 s (FREE_SOCKET_TIMEOUT_MS).
    const idleLimit = new Promise((resolve) => setTimeout(resolve, 2_000, 'still open'))
    expect(await Promise.race([server.closed(0).then(() => 'closed'), idleLimit])).toBe('closed')
    const err = await rejection(http.request({ method: 'POST', path: '/b', body: {} }))
    expect(err.kind).toBe('NETWORK_ERROR')
    expect(server.requests).toBe(1)
  })

  it('fails a call still in flight and closes its socket', async () => {
    let answered!: () => void
    const arrived = new Promise<void>((resolve) => {
      answered = resolve
    })
    const server = await startServer(() => answered()) // never answers
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 60_000 })
    const call = http.request({ method: 'GET', path: '/slow' })
    await arrived
    await http.close()
    expect((await rejection(call)).kind).toBe('NETWORK_RESET')
    await server.closed(0)
  })

  it('closes a client that never sent anything', async () => {
    const server = await startServer(ok)
    const http = createHttpClient({ baseUrl: server.url })
    await http.close()
    expect((await rejection(http.request({ method: 'GET', path: '/' }))).kind).toBe('NETWORK_ERROR')
    expect(server.requests).toBe(0)
  })
})

describe('HttpClient.close (fetch)', () => {
  it('refuses later calls without sending', async () => {
    const server = await startServer(ok)
    const http = createHttpClient({ baseUrl: server.url, fetch })
    expect((await http.request({ method: 'GET', path: '/a' })).status).toBe(200)
    await http.close()
    expect((await rejection(http.request({ method: 'GET', path: '/b' }))).kind).toBe(
      'NETWORK_ERROR',
    )
    expect(server.requests).toBe(1)
  })
})
