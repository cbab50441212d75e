/**
 * The routes, for every protocol (no framework; toolchain measurements put node:http on par with
 * fastify and hono, and it loads fastest). Routes:
 * - `/hooks/…` and `/t/:tenant/hooks/…` → the hook handler (the host's tenant dispatcher, then
 *   core's handler of that tenant, which routes `:name` and `:connector/:name` itself);
 * - `GET /healthz` (process up), `GET /readyz` (store reachable, not draining), `GET /metrics`
 *   (on the metrics listener instead when `metrics.listen` is set).
 * The listeners themselves (HTTP/1.1, h2c, HTTPS with h2) are in listeners.ts.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import { FAILURE_BODY, type Logger, type RawHookHandler } from '@bubblehouse-hooks/core'
import type { Registry } from 'prom-client'
import { type Exchange, http1Exchange, http2Exchange } from './exchange'

/** Serves `/console` on the hook port (see console/routes.ts); false when the path is not its own. */
export type ConsoleRoute = (ex: Exchange) => Promise<boolean>

/** Answer of the readiness probe. */
export type Readiness =
  | { readonly ready: true }
  | { readonly ready: false; readonly reason: string }

/** Options of {@link createRoutes}. */
export interface RoutesOptions {
  readonly handler: RawHookHandler
  readonly registry: Registry
  readonly readiness: () => Promise<Readiness>
  readonly logger: Logger
  /** The operator console, when `console.enabled`. */
  readonly console?: ConsoleRoute | undefined
}

/** Which routes a listener serves. */
export interface ServedRoutes {
  /** `/hooks/…` and `/t/:tenant/hooks/…` (the hook port). */
  readonly hooks: boolean
  /** `/metrics` (off on the hook port when a separate metrics listener is configured). */
  readonly metrics: boolean
}

/** Request listeners for each protocol, sharing one in-flight count and draining state. */
export interface HookRoutes {
  /** A node:http `request` listener serving `served`. */
  http1(served: ServedRoutes): (req: IncomingMessage, res: ServerResponse) => void
  /** A node:http2 compatibility `request` listener serving `served`. */
  http2(served: ServedRoutes): (req: Http2ServerRequest, res: Http2ServerResponse) => void
  /** Hook requests not answered yet. */
  inFlight(): number
  /** From now on, answer HTTP/1.1 with `Connection: close` and report not ready. */
  drain(): void
}

/** Where the hook routes start; the host gives it to core's handler as `basePath`. */
export const HOOKS_BASE_PATH = '/hooks'
const HOOKS_PREFIX = `${HOOKS_BASE_PATH}/`
/** Where tenants' hook routes start: `/t/:tenant/hooks/…`. */
const TENANTS_PREFIX = '/t/'

const JSON_TYPE = { 'content-type': 'application/json' }
const json = (value: unknown) => JSON.stringify(value)

/**
 * @example
 * const routes = createRoutes({ handler, registry, readiness, logger })
 * createServer(routes.http1({ hooks: true, metrics: true })).listen(8787)
 */
export function createRoutes(options: RoutesOptions): HookRoutes {
  let inFlight = 0
  let draining = false

  // The dispatcher picks the tenant; its core handler routes `:name` and `:connector/:name`.
  async function hook(ex: Exchange): Promise<void> {
    inFlight++
    try {
      ex.writeHook(await options.handler(ex.hookInput()), draining)
    } finally {
      inFlight--
    }
  }

  async function probe(ex: Exchange, served: ServedRoutes): Promise<boolean> {
    const { path } = ex
    if (path !== '/healthz' && path !== '/readyz' && !(served.metrics && path === '/metrics')) {
      return false
    }
    if (ex.method !== 'GET' && ex.method !== 'HEAD') {
      ex.reply(
        405,
        json({ error: 'method_not_allowed' }),
        { ...JSON_TYPE, allow: 'GET, HEAD' },
        draining,
      )
      return true
    }
    if (path === '/healthz') {
      ex.reply(200, json({ status: 'ok' }), JSON_TYPE, draining)
    } else if (path === '/readyz') {
      const state: Readiness = draining
        ? { ready: false, reason: 'draining' }
        : await options.readiness()
      ex.reply(
        state.ready ? 200 : 503,
        json(state.ready ? { status: 'ready' } : { status: 'not_ready', reason: state.reason }),
        JSON_TYPE,
        draining,
      )
    } else {
      ex.reply(
        200,
        await options.registry.metrics(),
        { 'content-type': options.registry.contentType },
        draining,
      )
    }
    return true
  }

  function serve(ex: Exchange, served: ServedRoutes): void {
    const { path } = ex
    const isHook =
      served.hooks && (path.startsWith(HOOKS_PREFIX) || path.startsWith(TENANTS_PREFIX))
    const handled = isHook
      ? hook(ex).then(() => true)
      : probe(ex, served).then(
          (done) => done || (served.hooks && options.console ? options.console(ex) : false),
        )
    handled
      .then((done) => {
        if (!done) ex.reply(404, json({ error: 'not_found' }), JSON_TYPE, draining)
      })
      .catch((err: unknown) => {
        options.logger.error(
          { errorName: err instanceof Error ? err.name : typeof err, path: path.slice(0, 64) },
          'request failed unexpectedly',
        )
        if (ex.headersSent()) {
          ex.destroy()
          return
        }
        // A hook must never answer 5xx for our own bug: failure holds the queue instead.
        if (isHook) ex.reply(200, FAILURE_BODY, JSON_TYPE, draining)
        else ex.reply(500, json({ error: 'internal' }), JSON_TYPE, draining)
      })
  }

  return {
    http1: (served) => (req, res) => serve(http1Exchange(req, res), served),
    http2: (served) => (req, res) => serve(http2Exchange(req, res), served),
    inFlight: () => inFlight,
    drain() {
      draining = true
    },
  }
}
