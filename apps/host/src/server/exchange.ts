/**
 * One request and its answer, the same for HTTP/1.1 (node:http, or HTTPS without ALPN h2) and
 * HTTP/2 (node:http2's compatibility API), so the routes are written once.
 * @module
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { HookInput, HookOutput } from '@bubblehouse-hooks/core'
import { nodeHookInput, writeHookOutput } from '@bubblehouse-hooks/core/node'

/** A request being answered, whatever the protocol. */
export interface Exchange {
  readonly method: string
  /** The URL path without its query. */
  readonly path: string
  /** The query without its `?` (`''` when none). */
  readonly query: string
  /** Core's view of the request, for the hook handler. */
  hookInput(): HookInput
  /** Write the hook handler's answer (nothing when an answer was already started). */
  writeHook(output: HookOutput, close: boolean): void
  /** Answer with `body`; `close` asks an HTTP/1.1 client to close the connection. */
  reply(
    status: number,
    body: string | Uint8Array,
    headers: OutgoingHttpHeaders,
    close: boolean,
  ): void
  headersSent(): boolean
  /** Give up on the answer (reset the connection or the stream). */
  destroy(): void
}

const pathOf = (url: string | undefined) => {
  const value = url ?? '/'
  const query = value.indexOf('?')
  return query === -1 ? value : value.slice(0, query)
}

const queryOf = (url: string | undefined) => {
  const at = (url ?? '').indexOf('?')
  return at === -1 ? '' : (url ?? '').slice(at + 1)
}

const withLength = (headers: OutgoingHttpHeaders, bytes: Uint8Array): OutgoingHttpHeaders => ({
  ...headers,
  'content-length': bytes.byteLength,
})

const bytesOf = (body: string | Uint8Array) => (typeof body === 'string' ? Buffer.from(body) : body)

/** An HTTP/1.1 exchange: core's node adapter, which closes a connection whose body was not read. */
export function http1Exchange(req: IncomingMessage, res: ServerResponse): Exchange {
  const path = pathOf(req.url)
  return {
    method: req.method ?? 'GET',
    path,
    query: queryOf(req.url),
    hookInput: () => nodeHookInput(req, path),
    writeHook: (output, close) => writeHookOutput(req, res, output, { close }),
    reply(status, body, headers, close) {
      const bytes = bytesOf(body)
      const out = withLength(headers, bytes)
      // An unread request body would stall a kept-alive connection: close it instead.
      if (close || !req.complete) out.connection = 'close'
      res.writeHead(status, out)
      res.end(req.method === 'HEAD' ? undefined : bytes)
    },
    headersSent: () => res.headersSent,
    destroy: () => res.destroy(),
  }
}

/**
 * An HTTP/2 exchange. Streams are independent, so there is no connection to close after an
 * unread body: node resets the stream with NO_ERROR once the answer is sent (RFC 9113 §8.1), and
 * `Connection` is a forbidden header in HTTP/2. Draining is the GOAWAY sent at shutdown.
 */
export function http2Exchange(req: Http2ServerRequest, res: Http2ServerResponse): Exchange {
  const path = pathOf(req.url)
  const answer = (status: number, bytes: Uint8Array, headers: OutgoingHttpHeaders) => {
    if (res.headersSent || res.writableEnded || res.stream.destroyed) return
    res.writeHead(status, withLength(headers, bytes))
    if (req.method === 'HEAD') res.end()
    else res.end(bytes)
  }
  return {
    method: req.method,
    path,
    query: queryOf(req.url),
    // The compatibility request has every member core's body reader uses (headers, complete,
    // readableEnded, destroyed, read, pause, data/end/close events), with the same meaning.
    hookInput: () => nodeHookInput(req as unknown as IncomingMessage, path),
    writeHook: (output) => answer(output.status, Buffer.from(output.body), output.headers),
    reply: (status, body, headers) => answer(status, bytesOf(body), headers),
    headersSent: () => res.headersSent,
    destroy: () => res.stream.destroy(),
  }
}
