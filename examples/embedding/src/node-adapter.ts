/**
 * Node's `IncomingMessage` / `ServerResponse` ⇄ Web `Request` / `Response`, for frameworks that
 * hand out Node objects (Express, Fastify). Three things matter for a webhook receiver:
 * - the body is read only when the handler asks for it, so the JWT check runs before any body
 *   byte is pulled off the socket;
 * - no more than `bodyLimitBytes` (plus one chunk) is ever read, whatever the client sends;
 * - an unread body never stalls a kept-alive connection: the answer then closes it.
 * @module
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { HookHandler, RouteOptions } from '@bubblehouse-hooks/core'

/** Options of {@link toWebRequest} and {@link toNodeHandler}. */
export interface NodeAdapterOptions {
  /** Stop reading the body after this many bytes; default 1 MiB (core's default limit). */
  readonly bodyLimitBytes?: number
}

const DEFAULT_BODY_LIMIT = 1024 * 1024

/**
 * A pull-based stream over the request body: bytes come off the socket only when the reader
 * asks (`highWaterMark: 0`). Past `limit` it ends early; the reader then sees more than the limit
 * and answers "too large". Cancelling pauses the request but never destroys it, because
 * destroying an unfinished `IncomingMessage` destroys its socket, and the answer with it.
 */
function bodyStream(req: IncomingMessage, limit: number): ReadableStream<Uint8Array> {
  let received = 0
  let settled = false
  const detach = () => {
    settled = true
    req.pause()
    req.off('data', onData)
    req.off('end', onEnd)
    req.off('error', onError)
    req.off('close', onClose)
  }
  let onData: (chunk: Buffer) => void = () => undefined
  let onEnd: () => void = () => undefined
  let onError: (err: Error) => void = () => undefined
  let onClose: () => void = () => undefined

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (req.readableEnded) {
          // A body parser ran first. An empty body would make the event invalid_data, silently
          // dropped; an error makes the handler answer 400, a visible misconfiguration.
          settled = true
          controller.error(new Error('request body was already read by another middleware'))
          return
        }
        req.pause()
        onData = (chunk) => {
          received += chunk.byteLength
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if (received > limit) {
            detach()
            controller.close()
          } else if ((controller.desiredSize ?? 0) <= 0) {
            req.pause()
          }
        }
        onEnd = () => {
          detach()
          controller.close()
        }
        onError = (err) => {
          detach()
          controller.error(err)
        }
        onClose = () => {
          // `close` before `end`: the client went away mid-body.
          if (!settled) onError(new Error('request body aborted'))
        }
        req.on('data', onData)
        req.on('end', onEnd)
        req.on('error', onError)
        req.on('close', onClose)
      },
      pull() {
        if (!settled) req.resume()
      },
      cancel() {
        detach()
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * A Web `Request` for a Node request. The origin is fixed (`http://localhost`): the hook handler
 * routes on the path only, and the `Host` header is whatever the client sent. The request's
 * `signal` aborts when the client disconnects before the answer is written.
 */
export function toWebRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeAdapterOptions = {},
): Request {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  }
  const method = req.method ?? 'GET'
  const controller = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'))
  })
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: controller.signal }
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = bodyStream(req, options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT)
    init.duplex = 'half' // required by undici for a streamed body
  }
  const path = req.url?.startsWith('/') ? req.url : '/'
  return new Request(`http://localhost${path}`, init)
}

/**
 * Write a Web `Response` to a Node response, streaming its body with backpressure. When the
 * request body was not read to the end, the answer carries `Connection: close`: the unread bytes
 * would otherwise be parsed as the next request on a kept-alive connection. Never rejects; a
 * client that went away just ends the write.
 */
export async function writeWebResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
): Promise<void> {
  const headers: OutgoingHttpHeaders = {}
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  if (!req.complete) headers.connection = 'close'
  res.writeHead(response.status, headers)
  if (response.body === null || req.method === 'HEAD') {
    await response.body?.cancel()
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (;;) {
      const next = await reader.read()
      if (next.done) break
      if (!res.write(next.value)) await drained(res)
      if (res.destroyed) {
        await reader.cancel()
        return
      }
    }
    res.end()
  } catch {
    res.destroy()
  }
}

/** Resolves on `drain`, or on `close` when the client leaves first (no `drain` ever comes then). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** A Node request listener for one hook route; `route` picks a connector (`/hooks/:connector/:name`). */
export type NodeHookListener = (
  req: IncomingMessage,
  res: ServerResponse,
  route?: RouteOptions,
) => Promise<void>

/**
 * Wrap core's handler as a Node listener. Never rejects: if the request cannot become a Web
 * `Request`, the answer is `200 {"outcome":"failure"}`, like core's own last resort, so a bug of
 * ours holds Bubblehouse's queue instead of dropping the event or answering 5xx.
 * @example
 * const listen = toNodeHandler(handler)
 * app.post('/hooks/:name', (req, res) => listen(req, res))
 */
export function toNodeHandler(
  handler: HookHandler,
  options: NodeAdapterOptions = {},
): NodeHookListener {
  return async (req, res, route) => {
    let response: Response
    try {
      response = await handler(toWebRequest(req, res, options), route)
    } catch {
      response = Response.json({ outcome: 'failure' }, { status: 200 })
    }
    await writeWebResponse(req, res, response)
  }
}
