/**
 * @bubblehouse-hooks/core/node: mount the hook handler on node:http (and Express, Fastify, Koa…)
 * without building Fetch `Request`/`Response` objects, which cost about a third of a request's CPU.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  createRawHookHandler,
  FAILURE_BODY,
  type HookHandlerOptions,
  type HookInput,
  type HookOutput,
  type RawHookHandler,
  type RouteOptions,
} from '../handler/handler'
import type { BodyReadResult } from '../handler/read-body'

/**
 * Read a Node request body: at most `limit` bytes, within `timeoutMs`. Past the limit or the time
 * it stops reading (the socket is then closed after the answer, see {@link writeHookOutput}); it
 * never destroys the request, so the answer still reaches the client. A body that cannot arrive
 * any more (already consumed by a middleware, or the client is gone) is `aborted` at once.
 */
export function readNodeBody(
  req: IncomingMessage,
  limit: number,
  timeoutMs: number,
): Promise<BodyReadResult> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.resolve({ ok: false, reason: 'too_large' })
  }
  // A body-parsing middleware consumed the stream, or the client left while the token was being
  // checked (the request is destroyed, its buffered bytes dropped): no byte will ever come.
  if (req.readableEnded || req.destroyed) return Promise.resolve({ ok: false, reason: 'aborted' })
  // The usual hook: the whole small body came with the headers and waits in the stream's buffer.
  // Take it now, without listeners and a timer per request.
  if (req.complete && req.readableFlowing !== true) return Promise.resolve(readBuffered(req, limit))
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (result: BodyReadResult) => {
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onAbort)
      req.off('close', onAbort)
      if (!result.ok) req.pause()
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > limit) finish({ ok: false, reason: 'too_large' })
      else chunks.push(chunk)
    }
    const onEnd = () =>
      finish({ ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) })
    // `close` before `end`: the request was destroyed (client gone), the rest will never come.
    const onAbort = () => finish({ ok: false, reason: 'aborted' })
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), timeoutMs)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onAbort)
    req.on('close', onAbort)
  })
}

/** Everything a completely received, not yet flowing request has buffered. */
function readBuffered(req: IncomingMessage, limit: number): BodyReadResult {
  const chunks: Buffer[] = []
  let size = 0
  for (let chunk: Buffer | null = req.read(); chunk !== null; chunk = req.read()) {
    size += chunk.byteLength
    if (size > limit) return { ok: false, reason: 'too_large' }
    chunks.push(chunk)
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }
}

/** A {@link HookInput} over a Node request; `path` defaults to the request URL without its query. */
export function nodeHookInput(req: IncomingMessage, path?: string): HookInput {
  const url = req.url ?? '/'
  const query = url.indexOf('?')
  return {
    method: req.method ?? 'GET',
    path: path ?? (query < 0 ? url : url.slice(0, query)),
    header: (name) => {
      const value = req.headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    },
    readBody: (limit, timeoutMs) => readNodeBody(req, limit, timeoutMs),
    remoteAddress: req.socket?.remoteAddress,
  }
}

/**
 * Write a {@link HookOutput}. A request whose body was not read to the end (refused before the
 * body, or cut at the limit) gets `Connection: close`, so a kept-alive socket never stalls on it;
 * `close: true` forces it (e.g. while draining). Does nothing when the response was already
 * started by someone else (a timeout middleware), rather than throw.
 */
export function writeHookOutput(
  req: IncomingMessage,
  res: ServerResponse,
  output: HookOutput,
  options: { readonly close?: boolean } = {},
): void {
  if (res.headersSent || res.writableEnded) return
  const unread = !req.complete
  const write = () => {
    if (res.headersSent || res.writableEnded) return
    const headers: Record<string, string | number> = {
      ...output.headers,
      'content-length': Buffer.byteLength(output.body),
    }
    if (options.close || unread) headers.connection = 'close'
    res.writeHead(output.status, headers)
    res.end(output.body)
  }
  if (!unread || req.destroyed) write()
  else drainThen(req, write)
}

/** The most of an unread body discarded before answering, and for how long. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024
const DRAIN_MAX_MS = 1_000

/**
 * Discard the rest of a body we will not read, then answer. Answering (and closing) while the
 * client is still sending makes its kernel see a reset, and many clients then lose the answer
 * (seen with a 5 MB event). Bounded in bytes and time, so a client that never stops still gets
 * its answer and the socket closed.
 */
function drainThen(req: IncomingMessage, then: () => void): void {
  let seen = 0
  const finish = () => {
    clearTimeout(timer)
    req.off('data', onData)
    req.off('end', finish)
    req.off('close', finish)
    req.pause()
    then()
  }
  const onData = (chunk: Buffer) => {
    seen += chunk.byteLength
    if (seen > DRAIN_MAX_BYTES) finish()
  }
  const timer = setTimeout(finish, DRAIN_MAX_MS)
  req.on('data', onData)
  req.on('end', finish)
  req.on('close', finish)
  req.resume()
}

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions<Req extends IncomingMessage = IncomingMessage> {
  /**
   * Per-request routing, e.g. from a framework's route params (`req.params.connector` in
   * Express); `undefined` lets the handler route the path (`basePath`, default `/hooks`).
   */
  readonly route?: (req: Req) => RouteOptions | undefined
}

/** Core's last resort, as in the raw handler: hold the queue rather than drop the event. */
const FAILURE: HookOutput = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: FAILURE_BODY,
}

/**
 * A node:http request listener running the hook handler: the body is read only after the token
 * is checked, within the body limit and timeout, and the answer is written with
 * {@link writeHookOutput}. Accepts the handler options, or a raw handler built once elsewhere.
 * Never throws or rejects: a handler that fails answers `200 {"outcome":"failure"}`.
 * @example
 * import { createServer } from 'node:http'
 * import { createNodeListener } from '@bubblehouse-hooks/core/node'
 * createServer(createNodeListener({ auth, connectors })).listen(8787)
 * @example
 * // Express: the connector from the route params
 * const hook = createNodeListener(raw, {
 *   route: (req: express.Request) =>
 *     typeof req.params.connector === 'string' ? { connector: req.params.connector } : undefined,
 * })
 * app.post('/hooks/:name', hook)
 * app.post('/hooks/:connector/:name', hook)
 */
export function createNodeListener<Req extends IncomingMessage = IncomingMessage>(
  handler: HookHandlerOptions | RawHookHandler,
  options: NodeListenerOptions<Req> = {},
): (req: Req, res: ServerResponse) => void {
  const raw = typeof handler === 'function' ? handler : createRawHookHandler(handler)
  const { route } = options
  return (req, res) => {
    let output: Promise<HookOutput>
    try {
      output = raw(nodeHookInput(req), route?.(req))
    } catch (err) {
      output = Promise.reject(err)
    }
    output
      .catch(() => FAILURE)
      .then((out) => writeHookOutput(req, res, out))
      .catch(() => res.destroy())
  }
}

export type { HookInput, HookOutput, RawHookHandler } from '../handler/handler'
