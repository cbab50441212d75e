/**
 * The Node ⇄ Web adapter on its own, behind a plain node:http server, with small handlers that
 * report what they saw.
 */
import { createHash } from 'node:crypto'
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import type { HookHandler } from '@bubblehouse-hooks/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type NodeAdapterOptions, toNodeHandler } from '../src/node-adapter'
import { listen, shut } from './listen'

let server: Server | undefined

afterEach(async () => {
  if (server) await shut(server)
  server = undefined
})

async function serve(handler: HookHandler, options?: NodeAdapterOptions): Promise<string> {
  server = createServer(toNodeHandler(handler, options))
  return listen(server)
}

interface Sent {
  readonly status: number
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

/** Send `chunks` one write each; `end: false` leaves the request body unfinished. */
function send(
  url: string,
  chunks: readonly string[],
  options: { end?: boolean; headers?: Record<string, string | string[]> } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: options.headers ?? {} })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
        req.destroy()
      })
    })
    req.on('error', reject)
    for (const chunk of chunks) req.write(chunk)
    if (options.end !== false) req.end()
  })
}

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

describe('node adapter', () => {
  it('streams a chunked body to the handler byte for byte, with path and headers', async () => {
    const url = await serve(async (request) => {
      const bytes = new Uint8Array(await request.arrayBuffer())
      return Response.json({
        path: new URL(request.url).pathname,
        tags: request.headers.get('x-tag'),
        length: bytes.byteLength,
        sha: sha(bytes),
      })
    })
    const chunks = ['{"a":', '"é', 'x'.repeat(70_000), '"}']
    const answer = await send(`${url}/hooks/SendEvent1?x=1`, chunks, {
      headers: { 'x-tag': ['a', 'b'] },
    })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({
      path: '/hooks/SendEvent1',
      tags: 'a, b',
      length: Buffer.byteLength(chunks.join('')),
      sha: sha(chunks.join('')),
    })
    expect(answer.headers.connection).toBe('keep-alive')
  })

  it('closes the connection when the handler leaves the body unread', async () => {
    const url = await serve(async () => Response.json({ error: 'unauthorized' }, { status: 401 }))
    const answer = await send(`${url}/hooks/SendEvent1`, ['{"bhid":'], { end: false })
    expect(answer.status).toBe(401)
    expect(answer.headers.connection).toBe('close')
  })

  it('ends the body after the limit is passed, though the client is still sending', async () => {
    let seen = -1
    const url = await serve(
      async (request) => {
        seen = (await request.arrayBuffer()).byteLength
        return Response.json({ outcome: 'invalid_data' })
      },
      { bodyLimitBytes: 1000 },
    )
    const answer = await send(`${url}/hooks/SendEvent1`, ['a'.repeat(600), 'b'.repeat(600)], {
      end: false,
    })
    expect(answer.status).toBe(200)
    expect(seen).toBe(1200)
    expect(answer.headers.connection).toBe('close')
  })

  it('errors the body stream when the client goes away mid-body', async () => {
    let settle: (value: string) => void = () => undefined
    const outcome = new Promise<string>((resolve) => {
      settle = resolve
    })
    const url = await serve(async (request) => {
      try {
        await request.arrayBuffer()
        settle('read')
      } catch {
        settle('body error')
      }
      return Response.json({ error: 'bad_request' }, { status: 400 })
    })
    const req = httpRequest(`${url}/hooks/SendEvent1`, { method: 'POST' })
    req.on('error', () => undefined)
    req.write('{"bhid":', () => setTimeout(() => req.destroy(), 50))
    expect(await outcome).toBe('body error')
  })

  it('aborts request.signal when the client disconnects before the answer', async () => {
    let aborted: (value: boolean) => void = () => undefined
    const seen = new Promise<boolean>((resolve) => {
      aborted = resolve
    })
    const url = await serve(async (request) => {
      await new Promise((resolve) => request.signal.addEventListener('abort', resolve))
      aborted(request.signal.aborted)
      return Response.json({ outcome: 'failure' })
    })
    const req = httpRequest(`${url}/hooks/SendEvent1`, { method: 'POST' })
    req.on('error', () => undefined)
    req.end('{}', () => setTimeout(() => req.destroy(), 50))
    expect(await seen).toBe(true)
  })

  it('refuses a body another middleware already read (400, not an empty event)', async () => {
    const handler: HookHandler = async (request) => {
      try {
        await request.arrayBuffer()
        return Response.json({ outcome: 'invalid_data' })
      } catch {
        return Response.json({ error: 'bad_request' }, { status: 400 })
      }
    }
    const listener = toNodeHandler(handler)
    server = createServer((req, res) => {
      req.resume()
      req.on('end', () => void listener(req, res))
    })
    const answer = await send(`${await listen(server)}/hooks/SendEvent1`, ['{}'])
    expect(answer.status).toBe(400)
  })

  it('writes status, repeated set-cookie headers and a streamed response body', async () => {
    const url = await serve(async () => {
      const parts = ['one,', 'two,', 'three']
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = parts.shift()
          if (next === undefined) controller.close()
          else controller.enqueue(new TextEncoder().encode(next))
        },
      })
      const headers = new Headers({ 'content-type': 'text/plain' })
      headers.append('set-cookie', 'a=1')
      headers.append('set-cookie', 'b=2')
      return new Response(body, { status: 202, headers })
    })
    const answer = await send(`${url}/hooks/Hello1`, ['{}'])
    expect(answer).toMatchObject({ status: 202, body: 'one,two,three' })
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2'])
    expect(answer.headers['content-type']).toBe('text/plain')
  })

  it('answers 200 failure when the handler throws, so the event stays queued', async () => {
    const url = await serve(async () => {
      throw new Error('bug')
    })
    const answer = await send(`${url}/hooks/SendEvent1`, ['{}'])
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ outcome: 'failure' })
  })
})
