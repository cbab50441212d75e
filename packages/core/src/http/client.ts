/**
 * The HTTP client for connectors: node:http / node:https with a keep-alive agent per client (or a
 * given fetch), a per-call timeout, the caller's abort signal, a cap on response bodies, JSON in
 * and out. HTTP statuses never throw; only transport failures do, as {@link HttpNetworkError}
 * with a kind and no headers or bodies. node:http is imported on the first call, not with this
 * module, so core's root entry loads on runtimes without it.
 * @module
 */

import { type NetworkErrorKind, networkErrorKind } from '../classify/network'
import type { VendorResponse } from '../classify/rules'
import type { JsonValue } from '../contract/json'
import { BubblehouseHooksError } from '../errors'
import type { HttpMethod } from '../plan'
import { createFetchTransport } from './fetch-transport'
import { createLimiter, type Limiter } from './limiter'
import type { Transport } from './transport'

/** Default of {@link HttpClientOptions.maxResponseBytes}: 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024

/** One request. */
export interface HttpRequest {
  /** HTTP method. */
  readonly method: HttpMethod
  /** Path relative to `baseUrl` (starting with `/`), or an absolute URL. */
  readonly path: string
  /** Query parameters, URL-encoded for you. */
  readonly query?: Readonly<Record<string, string>>
  /** Extra headers for this call; they win over the client's. */
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as JSON unless it is a string. */
  readonly body?: JsonValue | undefined
  /** Aborts the call (the hook deadline). */
  readonly signal?: AbortSignal | undefined
  /** Overrides the client's timeout for this call. */
  readonly timeoutMs?: number | undefined
  /** Overrides the client's `maxResponseBytes` for this call (a list known to run large). */
  readonly maxResponseBytes?: number | undefined
}

/** A response; see {@link VendorResponse}. */
export interface HttpResponse extends VendorResponse {
  /** Wall time of the call, in milliseconds. */
  readonly durationMs: number
}

/** What the client reports after each call (for metrics); never holds headers or bodies. */
export interface HttpCallInfo {
  /** HTTP method of the call. */
  readonly method: HttpMethod
  /** Wall time of the call, in milliseconds. */
  readonly durationMs: number
  /** HTTP status, or the network error kind. */
  readonly status: number | NetworkErrorKind
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** e.g. `https://a.klaviyo.com`; no trailing slash needed. */
  readonly baseUrl: string
  /** Sent with every request (credentials go here, never into plans or logs). */
  readonly headers?: Readonly<Record<string, string>>
  /** Per-call timeout; default 10 000 ms. */
  readonly timeoutMs?: number
  /** Cap on simultaneous requests (and so sockets) through this client. Default: no cap. */
  readonly maxConcurrency?: number
  /**
   * The most bytes of a response body read (decoded); a larger body fails the call with the kind
   * `VENDOR_RESPONSE_TOO_LARGE` (a `failure`), unread. Default 1 MiB: vendors answer these
   * calls in a few kB.
   */
  readonly maxResponseBytes?: number
  /** Called after every call. */
  readonly onCall?: (info: HttpCallInfo) => void
  /**
   * Send through this fetch instead of node:http (tests, runtimes without node:http). Default:
   * node:http / node:https with a keep-alive agent, or the global fetch where node:http cannot
   * be imported.
   */
  readonly fetch?: typeof fetch
}

/** A configured client. */
export interface HttpClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string
  /** Send one request. Resolves for every HTTP status; rejects only with {@link HttpNetworkError}. */
  request(req: HttpRequest): Promise<HttpResponse>
  /**
   * Close the client's sockets, idle or in use (calls still running fail); later calls fail with
   * `NETWORK_ERROR` without sending. Call it once nothing more will be sent (at shutdown).
   */
  close(): Promise<void>
}

/**
 * A transport failure (DNS, refused, reset, TLS, timeout, deadline). Carries only the kind and the
 * method: never the URL's query, headers or body.
 */
export class HttpNetworkError extends BubblehouseHooksError {
  readonly kind: NetworkErrorKind

  constructor(kind: NetworkErrorKind, method: string) {
    super('ERR_HTTP_NETWORK', `${method} failed: ${kind}`)
    this.kind = kind
  }
}

function buildUrl(baseUrl: string, path: string, query?: Readonly<Record<string, string>>): URL {
  // A relative path always starts a new segment: `baseUrl + '@evil.example/x'` would change the host.
  const relative = path.startsWith('/') ? path : `/${path}`
  const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(baseUrl + relative)
  if (query) for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v)
  return url
}

/**
 * node:http / node:https, imported on the first call; the global fetch where that import fails
 * (a runtime without node:http).
 */
function lazyNodeTransport(maxSockets: number | undefined): Transport {
  let loaded: Promise<Transport> | undefined
  const load = () => {
    loaded ??= import('./node-transport').then(
      (node) => node.createNodeTransport({ maxSockets }),
      () => createFetchTransport(fetch),
    )
    return loaded
  }
  return {
    send: (req) => load().then((transport) => transport.send(req)),
    close: async () => {
      if (loaded) await (await loaded).close()
    },
  }
}

/** The next macrotask: `setImmediate` where the runtime has it. */
const nextTask = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  )

function parseBody(text: string, contentType: string): unknown {
  if (text === '') return undefined
  if (contentType.includes('json') || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

/**
 * An HTTP client for connectors: node:http / node:https with one keep-alive agent per client (at
 * most `maxConcurrency` sockets), a per-call timeout told apart from the caller's signal, response
 * bodies capped at `maxResponseBytes`, JSON in and out, redirects not followed. HTTP statuses
 * never throw; transport failures throw {@link HttpNetworkError} with a kind and nothing of the
 * URL, headers or body. `close()` releases the sockets.
 * @example
 * const http = createHttpClient({ baseUrl: 'https://api.segment.io/v1', headers: { authorization: `Basic ${auth}` } })
 * const res = await http.request({ method: 'POST', path: '/batch', body, signal })
 * classifyResponse(res, SEGMENT_RULES)
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const defaultTimeout = options.timeoutMs ?? 10_000
  const limiter: Limiter | undefined =
    options.maxConcurrency !== undefined ? createLimiter(options.maxConcurrency) : undefined
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new RangeError(`maxResponseBytes must be a positive integer, got ${maxResponseBytes}`)
  }
  const transport: Transport = options.fetch
    ? createFetchTransport(options.fetch)
    : lazyNodeTransport(options.maxConcurrency)
  let closed = false

  async function send(req: HttpRequest): Promise<HttpResponse> {
    if (closed) throw new HttpNetworkError('NETWORK_ERROR', req.method)
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...options.headers,
      ...req.headers,
    }
    let body: string | undefined
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body)
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json'
      }
    }
    const started = performance.now()
    const report = (status: number | NetworkErrorKind) =>
      options.onCall?.({ method: req.method, durationMs: performance.now() - started, status })
    try {
      const res = await transport.send({
        method: req.method,
        url: buildUrl(baseUrl, req.path, req.query),
        headers,
        body,
        signal: req.signal,
        timeoutMs: req.timeoutMs ?? defaultTimeout,
        maxResponseBytes: req.maxResponseBytes ?? maxResponseBytes,
      })
      report(res.status)
      return {
        status: res.status,
        headers: res.headers,
        body: parseBody(res.text, res.headers['content-type'] ?? ''),
        durationMs: performance.now() - started,
      }
    } catch (err) {
      const kind = networkErrorKind(err)
      report(kind)
      throw new HttpNetworkError(kind, req.method)
    }
  }

  // The limiter queues calls before their timeout starts (the agent's own queue would count the
  // wait against it). undici returns a socket to its pool only after the tick that completes the
  // body; freeing the limiter slot one macrotask later lets the next call reuse that socket, so
  // `maxConcurrency` caps connections, not just calls. node:http frees the socket (in a
  // process.nextTick) before the call's promise settles, and its agent caps sockets anyway.
  async function sendAndSettle(req: HttpRequest): Promise<HttpResponse> {
    try {
      return await send(req)
    } finally {
      await nextTask()
    }
  }
  const task = options.fetch ? sendAndSettle : send

  return {
    baseUrl,
    request: (req) => (limiter ? limiter.run(() => task(req)) : send(req)),
    close: async () => {
      closed = true
      await transport.close()
    },
  }
}
