/**
 * Open the hook listener (`listen:`) and, when configured, the metrics listener
 * (`metrics.listen:`). A failure closes what was opened and names the setting to change.
 * @module
 */
import type { Logger } from '@bubblehouse-hooks/core'
import type { ConfigIssue } from '../config/errors'
import type { HostConfig } from '../config/schema'
import { codeOf } from '../guards'
import type { HookRoutes } from './http'
import { createListener, type Listener, type ListenerLimits } from './listeners'
import { readTls, tlsIssue } from './tls'

/** Options of {@link openListeners}. */
export interface OpenListenersOptions {
  readonly listen: HostConfig['listen']
  readonly metrics: HostConfig['metrics']
  /** Override `listen.port` / `listen.host` (`--port`, `--host`). */
  readonly port?: number | undefined
  readonly host?: string | undefined
  readonly routes: HookRoutes
  readonly logger: Logger
}

/** The open listeners. */
export interface OpenListeners {
  /** Hook listener first. */
  readonly listeners: readonly Listener[]
  /** e.g. `https://127.0.0.1:8787` (loopback when listening on every interface). */
  readonly url: string
  readonly port: number
  /** The metrics listener's URL, when there is one. */
  readonly metricsUrl?: string | undefined
}

/** A listener that could not bind its address. */
class ListenError extends Error {
  override readonly name = 'ListenError'
  constructor(
    readonly path: string,
    readonly address: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(`${path}: cannot listen on ${address} (${code ?? 'error'})`, options)
  }
}

/** The metrics listener's bounds: only a scraper and probes connect to it. */
const METRICS_LIMITS: ListenerLimits = {
  maxConnections: 64,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
}

function urlOf(scheme: string, host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `${scheme}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}

async function bind(listener: Listener, port: number, host: string, path: string) {
  try {
    return await listener.listen(port, host)
  } catch (err) {
    throw new ListenError(path, `${host}:${port}`, codeOf(err), { cause: err })
  }
}

/**
 * @example
 * const { listeners, url } = await openListeners({ listen, metrics, routes, logger })
 */
export async function openListeners(options: OpenListenersOptions): Promise<OpenListeners> {
  const { listen, routes, logger } = options
  const tls = listen.tls ? await readTls(listen.tls) : undefined
  const metricsListen = options.metrics.listen
  const { maxConnections, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = listen
  const hooks = createListener(
    {
      name: 'hooks',
      http2: listen.http2,
      tls,
      limits: { maxConnections, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs },
      served: { hooks: true, metrics: metricsListen === undefined },
    },
    routes,
    logger,
  )
  const host = options.host ?? listen.host
  const port = await bind(hooks, options.port ?? listen.port, host, 'listen')
  const url = urlOf(hooks.scheme, host, port)
  if (!metricsListen) return { listeners: [hooks], url, port }

  const metrics = createListener(
    {
      name: 'metrics',
      http2: false,
      limits: METRICS_LIMITS,
      served: { hooks: false, metrics: true },
    },
    routes,
    logger,
  )
  try {
    const metricsPort = await bind(
      metrics,
      metricsListen.port,
      metricsListen.host,
      'metrics.listen',
    )
    return {
      listeners: [hooks, metrics],
      url,
      port,
      metricsUrl: urlOf('http', metricsListen.host, metricsPort),
    }
  } catch (err) {
    hooks.stop()
    hooks.destroyAll()
    throw err
  }
}

/** The config issue of a failed {@link openListeners}: TLS files or an address in use. */
export function listenIssue(err: unknown): ConfigIssue | undefined {
  if (!(err instanceof ListenError)) return tlsIssue(err)
  return {
    path: err.path,
    message: `cannot listen on ${err.address} (${err.code ?? 'error'})`,
    hint:
      err.code === 'EADDRINUSE'
        ? err.path === 'listen'
          ? 'port: 8788   (or pass --port N; another process uses this one)'
          : 'port: 9465   (another process uses this one)'
        : 'host: 0.0.0.0',
  }
}
