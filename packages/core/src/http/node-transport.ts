/**
 * The default transport: node:http / node:https `request()` over one keep-alive agent per scheme
 * and client. About 3–4× less CPU per call than global fetch (undici) for the small JSON calls
 * connectors make. node:http never follows redirects.
 * @module
 */

import { constants } from 'node:buffer'
import http, { type AgentOptions, type ClientRequest, type IncomingMessage } from 'node:http'
import https from 'node:https'
import { brotliDecompress, unzip } from 'node:zlib'
import {
  type Transport,
  TransportError,
  type TransportRequest,
  type TransportResponse,
} from './transport'

/** The largest Buffer zlib may return; `maxOutputLength` must not pass it. */
const MAX_LENGTH = constants.MAX_LENGTH

/**
 * Idle sockets close after this long: below the idle timeouts vendors' load balancers and servers
 * use (Node servers 5 s, nginx 75 s, AWS ALB 60 s), so we rarely pick a socket the vendor is
 * closing. Node also honours a shorter `Keep-Alive: timeout=N` from the server (minus 1 s).
 */
export const FREE_SOCKET_TIMEOUT_MS = 4_000

/** Node's own default for idle sockets kept per origin. */
const MAX_FREE_SOCKETS = 256

/** Options of {@link createNodeTransport}. */
export interface NodeTransportOptions {
  /** Most sockets per origin (`maxConcurrency`); default no cap. */
  readonly maxSockets?: number | undefined
  /** See {@link FREE_SOCKET_TIMEOUT_MS}; tests shorten it. */
  readonly freeSocketTimeoutMs?: number | undefined
}

/** How one URL scheme is sent. */
export interface NodeScheme {
  /**
   * node:http or node:https itself: `request` is looked up at call time, so interceptors that
   * replace it (nock) see the call.
   */
  readonly module: { readonly request: typeof http.request }
  readonly agent: http.Agent
}

/** The keep-alive agents of one transport, by URL protocol (`http:`, `https:`). */
export function createNodeSchemes(
  options: NodeTransportOptions = {},
): Readonly<Record<string, NodeScheme>> {
  const maxSockets = options.maxSockets ?? Number.POSITIVE_INFINITY
  const agentOptions: AgentOptions = {
    keepAlive: true,
    // The most recently used socket first: the others idle out instead of all staying half-used.
    scheduling: 'lifo',
    maxSockets,
    maxFreeSockets: Math.min(maxSockets, MAX_FREE_SOCKETS),
    // A socket timeout: the agent destroys a *free* socket when it fires; on a socket in use it
    // only emits 'timeout', which nothing listens to (the per-call timer below owns that case).
    timeout: options.freeSocketTimeoutMs ?? FREE_SOCKET_TIMEOUT_MS,
  }
  return {
    'http:': { module: http, agent: new http.Agent(agentOptions) },
    'https:': { module: https, agent: new https.Agent(agentOptions) },
  }
}

type Decoder = (
  input: Buffer,
  options: { maxOutputLength: number },
  callback: (err: Error | null, out: Buffer) => void,
) => void

/** We send no `accept-encoding` (identity is cheapest for small bodies); decoded if sent anyway. */
const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: unzip,
  'x-gzip': unzip,
  deflate: unzip,
  br: brotliDecompress,
}

/** Error codes of a reused socket the server had already closed (before any response byte). */
const STALE_SOCKET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE'])

function errorCode(err: unknown): string {
  const code =
    typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : ''
}

function responseHeaders(res: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

/** zlib's error when the decoded body would pass `maxOutputLength`. */
const DECODED_TOO_LARGE = 'ERR_BUFFER_TOO_LARGE'

function prematureClose(): Error {
  return Object.assign(new Error('response ended early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
}

/** Close every idle socket of `agent`: they idled at least as long as one found dead. */
function dropFreeSockets(agent: http.Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy()
  }
}

/**
 * A {@link Transport} over node:http / node:https with keep-alive agents (see
 * {@link createNodeSchemes}). The per-call timeout, the caller's deadline and a body over
 * `maxResponseBytes` (told by its `content-length`, by the bytes read, or by its decoded size)
 * destroy the request (and its socket), so nothing is left running. `close` destroys both agents.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): Transport {
  const schemes = createNodeSchemes(options)
  const close = async () => {
    for (const scheme of Object.values(schemes)) scheme.agent.destroy()
  }
  const call = (req: TransportRequest): Promise<TransportResponse> => {
    if (req.signal?.aborted) return Promise.reject(new TransportError('DEADLINE_EXCEEDED'))
    const scheme = schemes[req.url.protocol]
    if (!scheme) return Promise.reject(new TypeError(`unsupported protocol ${req.url.protocol}`))
    const { signal } = req

    return new Promise<TransportResponse>((resolve, reject) => {
      let current: ClientRequest | undefined
      let done = false
      const finish = (err: unknown, res?: TransportResponse) => {
        if (done) return
        done = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (res) resolve(res)
        else reject(err)
      }
      const stop = (kind: 'TIMEOUT' | 'DEADLINE_EXCEEDED' | 'VENDOR_RESPONSE_TOO_LARGE') => {
        finish(new TransportError(kind))
        current?.destroy()
      }
      const onAbort = () => stop('DEADLINE_EXCEEDED')
      const timer = setTimeout(stop, req.timeoutMs, 'TIMEOUT')
      signal?.addEventListener('abort', onAbort)

      const read = (res: IncomingMessage) => {
        const max = req.maxResponseBytes
        if (Number(res.headers['content-length']) > max) {
          stop('VENDOR_RESPONSE_TOO_LARGE')
          return
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength
          if (size > max) stop('VENDOR_RESPONSE_TOO_LARGE')
          else chunks.push(chunk)
        })
        // A reset mid-body: node destroys the response with ECONNRESET ('aborted').
        res.on('error', finish)
        res.on('close', () => {
          if (!res.complete) finish(prematureClose())
        })
        res.on('end', () => {
          const status = res.statusCode ?? 0
          const headers = responseHeaders(res)
          const raw = Buffer.concat(chunks, size)
          const decode = DECODERS[headers['content-encoding']?.trim().toLowerCase() ?? '']
          if (!decode || raw.length === 0) {
            finish(undefined, { status, headers, text: raw.toString('utf8') })
            return
          }
          decode(raw, { maxOutputLength: Math.min(max, MAX_LENGTH) }, (err, out) => {
            if (err) {
              const tooLarge = errorCode(err) === DECODED_TOO_LARGE
              finish(tooLarge ? new TransportError('VENDOR_RESPONSE_TOO_LARGE') : err)
            } else finish(undefined, { status, headers, text: out.toString('utf8') })
          })
        })
      }

      const send = (mayRetry: boolean) => {
        const request = scheme.module.request(req.url, {
          method: req.method,
          headers: req.headers,
          agent: scheme.agent,
        })
        current = request
        let responded = false
        request.on('response', (res) => {
          responded = true
          read(res)
        })
        request.on('error', (err) => {
          if (done) return
          // A keep-alive socket the server closed just as we reused it fails with ECONNRESET
          // before any response byte; node's docs advise retrying then
          // (https://nodejs.org/api/http.html#requestreusedsocket). We retry once, for every
          // method: the server closed that socket idle, before reading our request, so it did
          // not process it. A server that read it, processed it and reset without a byte of
          // answer would also look like this, but that call would otherwise fail with
          // NETWORK_RESET and Bubblehouse would redeliver the whole event anyway, so the retry
          // adds no duplicate that a failure would not. The other idle sockets are dropped first
          // (they idled at least as long), so the retry gets a fresh connection.
          const stale = !responded && request.reusedSocket && STALE_SOCKET_CODES.has(errorCode(err))
          if (!mayRetry || !stale) {
            finish(err)
            return
          }
          dropFreeSockets(scheme.agent)
          attempt(false)
        })
        // end(body) sets content-length (no chunked encoding).
        request.end(req.body)
      }

      const attempt = (mayRetry: boolean) => {
        try {
          send(mayRetry)
        } catch (err) {
          // Invalid header values and the like throw synchronously.
          finish(err)
        }
      }
      attempt(true)
    })
  }
  return { send: call, close }
}
