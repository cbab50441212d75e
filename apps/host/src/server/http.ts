/**
 * The HTTP server: node:http (no framework; toolchain measurements put it on par with fastify
 * and hono, and it loads fastest). Routes:
 * - `/hooks/…` → core's hook handler, which routes `:name` and `:connector/:name` itself;
 * - `GET /healthz` (process up), `GET /readyz` (store reachable, not draining), `GET /metrics`.
 * @module
 */
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http'
import { FAILURE_BODY, type Logger, type RawHookHandler } from '@bubblehouse-hooks/core'
import { nodeHookInput, writeHookOutput } from '@bubblehouse-hooks/core/node'
import type { Registry } from 'prom-client'

/** Answer of the readiness probe. */
export type Readiness =
  | { readonly ready: true }
  | { readonly ready: false; readonly reason: string }

/** Options of {@link createHttpServer}. */
export interface HttpServerOptions {
  readonly handler: RawHookHandler
  readonly registry: Registry
  readonly readiness: () => Promise<Readiness>
  readonly logger: Logger
}

/** The server and its in-flight hook requests. */
export interface HookServer {
  readonly server: Server
  /** Hook requests not answered yet. */
  inFlight(): number
  /** From now on, answer `Connection: close` and report not ready. */
  drain(): void
}

/** Where the hook routes start; the host gives it to core's handler as `basePath`. */
export const HOOKS_BASE_PATH = '/hooks'
const HOOKS_PREFIX = `${HOOKS_BASE_PATH}/`

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: OutgoingHttpHeaders = { 'content-type': 'application/json' },
  close = false,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  const out: OutgoingHttpHeaders = { ...headers, 'content-length': bytes.byteLength }
  // An unread request body would stall a kept-alive connection: close it instead.
  if (close || !req.complete) out.connection = 'close'
  res.writeHead(status, out)
  res.end(req.method === 'HEAD' ? undefined : bytes)
}

const json = (value: unknown) => JSON.stringify(value)

/**
 * @example
 * const { server } = createHttpServer({ handler, registry, readiness, logger })
 * server.listen(8787)
 */
export function createHttpServer(options: HttpServerOptions): HookServer {
  let inFlight = 0
  let draining = false

  // Core routes `/hooks/:name` and `/hooks/:connector/:name` (its `basePath`, HOOKS_BASE_PATH).
  async function hook(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    inFlight++
    try {
      const output = await options.handler(nodeHookInput(req, path))
      writeHookOutput(req, res, output, { close: draining })
    } finally {
      inFlight--
    }
  }

  async function probe(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path !== '/healthz' && path !== '/readyz' && path !== '/metrics') return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, json({ error: 'method_not_allowed' }), {
        'content-type': 'application/json',
        allow: 'GET, HEAD',
      })
      return true
    }
    if (path === '/healthz') {
      send(req, res, 200, json({ status: 'ok' }))
    } else if (path === '/readyz') {
      const state: Readiness = draining
        ? { ready: false, reason: 'draining' }
        : await options.readiness()
      send(
        req,
        res,
        state.ready ? 200 : 503,
        json(state.ready ? { status: 'ready' } : { status: 'not_ready', reason: state.reason }),
      )
    } else {
      send(req, res, 200, await options.registry.metrics(), {
        'content-type': options.registry.contentType,
      })
    }
    return true
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '/'
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    const handled = path.startsWith(HOOKS_PREFIX)
      ? hook(req, res, path).then(() => true)
      : probe(req, res, path)
    handled
      .then((done) => {
        if (!done) send(req, res, 404, json({ error: 'not_found' }))
      })
      .catch((err: unknown) => {
        options.logger.error(
          { errorName: err instanceof Error ? err.name : typeof err, path: path.slice(0, 64) },
          'request failed unexpectedly',
        )
        if (res.headersSent) {
          res.destroy()
          return
        }
        // A hook must never answer 5xx for our own bug: failure holds the queue instead.
        if (path.startsWith(HOOKS_PREFIX)) send(req, res, 200, FAILURE_BODY)
        else send(req, res, 500, json({ error: 'internal' }))
      })
  })
  // Longer than common load balancer idle timeouts (60 s), so the balancer closes first.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  server.requestTimeout = 60_000

  return {
    server,
    inFlight: () => inFlight,
    drain() {
      draining = true
    },
  }
}
