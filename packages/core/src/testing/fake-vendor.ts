/**
 * A local fake vendor: a node:http server on 127.0.0.1 that records every request and answers from
 * a script (status, body, headers, delay, socket reset, hang). Counts TCP connections, so tests
 * and benchmarks can check keep-alive.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** One scripted answer. */
export interface FakeReply {
  /** Default 200. */
  readonly status?: number
  /** JSON-encoded unless a string. */
  readonly body?: unknown
  /** Response headers (`content-type` is added for a body unless given). */
  readonly headers?: Readonly<Record<string, string>>
  /** Wait this long before answering. */
  readonly delayMs?: number
  /** Destroy the socket instead of answering. */
  readonly reset?: boolean
  /** Never answer (until the server closes). */
  readonly hang?: boolean
}

/** A request the fake received. */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  readonly method: string
  /** Path and query, e.g. `/api/events?x=1`. */
  readonly url: string
  /** Path without the query. */
  readonly path: string
  /** Request headers, lower-case names (as node:http gives them). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  /** Parsed JSON, or the raw text when not JSON. */
  readonly body: unknown
  /** The body as received, UTF-8 text. */
  readonly raw: string
}

/** Picks the reply for a request. */
export type Responder = FakeReply | ((request: RecordedRequest) => FakeReply)

/** A running fake vendor. */
export interface FakeVendor {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[]
  /** TCP connections accepted so far. */
  readonly connections: number
  /** Queue one-shot replies, used in order before routes and the default. */
  reply(...replies: FakeReply[]): FakeVendor
  /** Answer every request matching `method` and `path` (a string or RegExp) with `responder`. */
  route(method: string, path: string | RegExp, responder: Responder): FakeVendor
  /** The answer when no queued reply or route applies (initially `200 {}`). */
  setDefault(responder: Responder): FakeVendor
  /** Forget requests, queued replies and routes; counters restart. */
  reset(): void
  /** Stop the server, dropping open and hanging connections. */
  close(): Promise<void>
}

/** Options of {@link startFakeVendor}. */
export interface FakeVendorOptions {
  /** The answer when nothing else applies; default `200 {}`. */
  readonly defaultReply?: Responder
  /** Added to every reply's delay (benchmarks: a vendor that takes 20 ms). */
  readonly latencyMs?: number
}

/**
 * Start a fake vendor on a random loopback port: it records every request and answers from a
 * script (queued one-shot replies, then routes, then the default).
 * @example
 * const vendor = await startFakeVendor()
 * vendor.reply({ status: 429, headers: { 'retry-after': '7' } })
 * // … point the connector's baseUrl at vendor.url …
 * expect(vendor.requests[0]?.body).toEqual({ … })
 * await vendor.close()
 */
export async function startFakeVendor(options: FakeVendorOptions = {}): Promise<FakeVendor> {
  const requests: RecordedRequest[] = []
  let queue: FakeReply[] = []
  let routes: Array<{ method: string; path: string | RegExp; responder: Responder }> = []
  let fallback: Responder = options.defaultReply ?? { status: 200, body: {} }
  let connections = 0
  const sockets = new Set<Socket>()
  const timers = new Set<ReturnType<typeof setTimeout>>()

  const pick = (req: RecordedRequest): FakeReply => {
    const queued = queue.shift()
    if (queued) return queued
    const route = routes.find(
      (r) =>
        r.method === req.method &&
        (typeof r.path === 'string' ? r.path === req.path : r.path.test(req.path)),
    )
    const responder = route?.responder ?? fallback
    return typeof responder === 'function' ? responder(req) : responder
  }

  const answer = (res: ServerResponse, reply: FakeReply) => {
    if (reply.hang) return
    if (reply.reset) {
      res.socket?.destroy()
      return
    }
    const body =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body)
    const headers: Record<string, string> = { ...reply.headers }
    if (body !== '' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = typeof reply.body === 'string' ? 'text/plain' : 'application/json'
    }
    res.writeHead(reply.status ?? 200, headers)
    res.end(body)
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: unknown = raw
      try {
        body = raw === '' ? undefined : JSON.parse(raw)
      } catch {}
      const url = req.url ?? '/'
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url,
        path: url.split('?')[0] ?? url,
        headers: req.headers,
        body,
        raw,
      }
      requests.push(recorded)
      const reply = pick(recorded)
      const delay = (reply.delayMs ?? 0) + (options.latencyMs ?? 0)
      if (delay > 0 && !reply.hang) {
        const t = setTimeout(() => {
          timers.delete(t)
          answer(res, reply)
        }, delay)
        timers.add(t)
      } else {
        answer(res, reply)
      }
    })
  })
  server.keepAliveTimeout = 30_000
  server.on('connection', (socket: Socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const fake: FakeVendor = {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections
    },
    reply(...replies) {
      queue.push(...replies)
      return fake
    },
    route(method, path, responder) {
      routes.push({ method: method.toUpperCase(), path, responder })
      return fake
    },
    setDefault(responder) {
      fallback = responder
      return fake
    },
    reset() {
      requests.length = 0
      queue = []
      routes = []
      connections = 0
      fallback = options.defaultReply ?? { status: 200, body: {} }
    },
    async close() {
      for (const t of timers) clearTimeout(t)
      for (const s of sockets) s.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return fake
}

/** A loopback port that nothing listens on (for "connection refused" tests). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
