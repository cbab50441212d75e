/**
 * @bubblehouse-hooks/core/node: mount the hook handler on node:http (and Express, Fastify, Koa…)
 * without building Fetch `Request`/`Response` objects, which cost about a third of a request's CPU.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  createRawHookHandler,
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
 * never destroys the request, so the answer still reaches the client.
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
  // Someone (a body-parsing middleware) already consumed the stream: nothing left to read.
  if (req.readableEnded) return Promise.resolve({ ok: false, reason: 'aborted' })
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (result: BodyReadResult) => {
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onAbort)
      req.off('close', onClose)
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
    const onAbort = () => finish({ ok: false, reason: 'aborted' })
    const onClose = () => {
      if (!req.complete) onAbort()
    }
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), timeoutMs)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onAbort)
    req.on('close', onClose)
  })
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
  }
}

/**
 * Write a {@link HookOutput}. A request whose body was not read to the end (refused before the
 * body, or cut at the limit) gets `Connection: close`, so a kept-alive socket never stalls on it.
 */
export function writeHookOutput(
  req: IncomingMessage,
  res: ServerResponse,
  output: HookOutput,
  options: { readonly close?: boolean } = {},
): void {
  const headers: Record<string, string | number> = {
    ...output.headers,
    'content-length': Buffer.byteLength(output.body),
  }
  if (options.close || !req.complete) headers.connection = 'close'
  res.writeHead(output.status, headers)
  res.end(output.body)
}

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** Per-request routing, e.g. from a framework's route params. */
  readonly route?: (req: IncomingMessage) => RouteOptions | undefined
}

/**
 * A node:http request listener running the hook handler. Accepts the handler options, or a raw
 * handler built once elsewhere.
 * @example
 * import { createServer } from 'node:http'
 * import { createNodeListener } from '@bubblehouse-hooks/core/node'
 * createServer(createNodeListener({ auth, connectors })).listen(8787)
 */
export function createNodeListener(
  handler: HookHandlerOptions | RawHookHandler,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const raw = typeof handler === 'function' ? handler : createRawHookHandler(handler)
  return (req, res) => {
    raw(nodeHookInput(req), options.route?.(req)).then(
      (output) => writeHookOutput(req, res, output),
      () => writeHookOutput(req, res, { status: 200, headers: {}, body: '{"outcome":"failure"}' }),
    )
  }
}

export type { HookInput, HookOutput, RawHookHandler } from '../handler/handler'
