/**
 * The listeners: HTTP/1.1 (node:http), cleartext HTTP/2 with prior knowledge (h2c, for a proxy in
 * front) and HTTPS offering `h2` and `http/1.1` by ALPN (node:http2 with allowHTTP1). Each one
 * bounds its connections (count, time to send headers, to send the request, idle time) and
 * closes gracefully: stop accepting, close idle HTTP/1.1 connections, send HTTP/2 GOAWAY, and
 * finally cut what is left.
 * @module
 */
import { createServer as createHttp1Server } from 'node:http'
import {
  createServer as createH2cServer,
  createSecureServer,
  Http2ServerRequest,
  type ServerHttp2Session,
} from 'node:http2'
import type { AddressInfo, Server, Socket } from 'node:net'
import type { Logger } from '@bubblehouse-hooks/core'
import type { HookRoutes, ServedRoutes } from './http'
import type { TlsMaterial } from './tls'

/** Connection bounds (`listen:` settings). */
export interface ListenerLimits {
  readonly maxConnections: number
  readonly headersTimeoutMs: number
  readonly requestTimeoutMs: number
  readonly keepAliveTimeoutMs: number
}

/** What one listener speaks and serves. */
export interface ListenerSpec {
  /** For logs: `hooks` or `metrics`. */
  readonly name: string
  /** Cleartext HTTP/2 with prior knowledge instead of HTTP/1.1 (ignored with `tls`). */
  readonly http2: boolean
  readonly tls?: TlsMaterial | undefined
  readonly limits: ListenerLimits
  readonly served: ServedRoutes
}

/** A listener and its connections. */
export interface Listener {
  readonly name: string
  readonly server: Server
  readonly scheme: 'http' | 'https'
  /** Resolves with the bound port. */
  listen(port: number, host: string): Promise<number>
  /** Stop accepting; close idle HTTP/1.1 connections; GOAWAY to HTTP/2 sessions. */
  stop(): void
  /** Close HTTP/1.1 connections that finished their last request. */
  closeIdle(): void
  /** Cut every connection still open. */
  destroyAll(): void
}

/**
 * Concurrent streams one HTTP/2 connection may open. nghttp2's default is unbounded; each stream
 * is a hook request holding a body of up to bodyLimitBytes, so a bound per connection makes
 * maxConnections a bound on the whole.
 */
export const MAX_CONCURRENT_STREAMS = 128

/**
 * How often node:http checks headersTimeout and requestTimeout. Its default, 30 s, would let a
 * slow client stay up to 30 s past them.
 */
const CHECK_EVERY_MS = 1000

/** The node:http timeouts, as options of `createServer` or properties of an HTTPS server. */
const http1Timeouts = (limits: ListenerLimits) => ({
  headersTimeout: limits.headersTimeoutMs,
  requestTimeout: limits.requestTimeoutMs,
  keepAliveTimeout: limits.keepAliveTimeoutMs,
  connectionsCheckingInterval: CHECK_EVERY_MS,
})

/** The node server for a spec. */
function createNodeServer(spec: ListenerSpec, routes: HookRoutes): Server {
  const http1 = routes.http1(spec.served)
  if (!spec.tls && !spec.http2) return createHttp1Server(http1Timeouts(spec.limits), http1)

  const http2 = routes.http2(spec.served)
  const settings = { maxConcurrentStreams: MAX_CONCURRENT_STREAMS }
  if (!spec.tls) return createH2cServer({ settings }, http2)

  const server = createSecureServer({
    cert: spec.tls.cert,
    key: spec.tls.key,
    allowHTTP1: true,
    settings,
    // A TLS handshake is part of sending the headers.
    handshakeTimeout: spec.limits.headersTimeoutMs,
  })
  // node:http2 reads these for its HTTP/1.1 connections; it reads the interval on `listening`.
  Object.assign(server, http1Timeouts(spec.limits))
  server.on('request', (req, res) => {
    if (req instanceof Http2ServerRequest) http2(req, res)
    // A client that did not pick h2 by ALPN gets node:http's own request and response objects.
    else (http1 as unknown as (r: unknown, s: unknown) => void)(req, res)
  })
  return server
}

/**
 * HTTP/2 sessions: idle ones close after keepAliveTimeoutMs (node's session timeout), and one that
 * opens no stream within headersTimeoutMs is cut, as node:http cuts slow headers.
 */
function boundSessions(server: Server, limits: ListenerLimits, sessions: Set<ServerHttp2Session>) {
  ;(server as Server & { setTimeout(ms: number): void }).setTimeout(limits.keepAliveTimeoutMs)
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session)
    const firstStream = setTimeout(() => session.destroy(), limits.headersTimeoutMs)
    session.once('stream', () => clearTimeout(firstStream))
    session.once('close', () => {
      clearTimeout(firstStream)
      sessions.delete(session)
    })
  })
}

/** Refused connections (over maxConnections), logged at most once a minute. */
function logDrops(server: Server, spec: ListenerSpec, logger: Logger): void {
  let dropped = 0
  let lastLog = 0
  server.on('drop', () => {
    dropped++
    const now = Date.now()
    if (now - lastLog < 60_000) return
    lastLog = now
    logger.warn(
      { listener: spec.name, dropped, maxConnections: spec.limits.maxConnections },
      'connections refused: listen.maxConnections reached',
    )
    dropped = 0
  })
}

/**
 * @example
 * const hooks = createListener(spec, routes, logger)
 * const port = await hooks.listen(8787, '0.0.0.0')
 */
export function createListener(spec: ListenerSpec, routes: HookRoutes, logger: Logger): Listener {
  const server = createNodeServer(spec, routes)
  server.maxConnections = spec.limits.maxConnections
  logDrops(server, spec, logger)

  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  const sessions = new Set<ServerHttp2Session>()
  if (spec.tls || spec.http2) boundSessions(server, spec.limits, sessions)
  const http1 = server as Server & { closeIdleConnections?: () => void }

  return {
    name: spec.name,
    server,
    scheme: spec.tls ? 'https' : 'http',
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          resolve((server.address() as AddressInfo).port)
        })
      }),
    stop() {
      server.close()
      http1.closeIdleConnections?.()
      // GOAWAY: no new streams; the session closes once its open streams are answered.
      for (const session of sessions) session.close()
    },
    closeIdle: () => http1.closeIdleConnections?.(),
    destroyAll() {
      for (const session of sessions) session.destroy()
      for (const socket of sockets) socket.destroy()
    },
  }
}
