/**
 * `@bubblehouse-hooks/core/node` over real node:http on 127.0.0.1: the listener with the example
 * connector against the fake vendor, and the pieces (`readNodeBody`, `nodeHookInput`,
 * `writeHookOutput`) on their own. Every server is closed after its test.
 */
import { createHash } from 'node:crypto'
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestListener,
  type Server,
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createConnector,
  createRawHookHandler,
  type HookHandlerOptions,
  type HookOutput,
} from '../src/index'
import {
  createNodeListener,
  nodeHookInput,
  type RawHookHandler,
  readNodeBody,
  writeHookOutput,
} from '../src/node/index'
import { type FakeVendor, startFakeVendor } from '../src/testing/index'
import example from './example-connector'
import { freshEvent, KEY, OTHER_SECRET, token } from './helpers'

const LIMIT = 64 * 1024

let vendor: FakeVendor
let valid: string
let servers: Server[] = []
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  valid = await token()
  vendor = await startFakeVendor({ defaultReply: { status: 202 } })
  process.on('unhandledRejection', onUnhandled)
})
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  await vendor.close()
})
beforeEach(() => vendor.reset())
afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  servers = []
  expect(unhandled.splice(0)).toEqual([])
})

/** The handler options of most tests: the example connector against the fake vendor. */
function options(overrides: Partial<HookHandlerOptions> = {}): HookHandlerOptions {
  return {
    auth: { keys: [KEY] },
    connectors: { example: createConnector(example, { apiKey: 'k', baseUrl: vendor.url }) },
    bodyLimitBytes: LIMIT,
    ...overrides,
  }
}

/** A raw handler that also keeps every answer it gave, to see answers a gone client never got. */
function recording(raw: RawHookHandler): { raw: RawHookHandler; outputs: HookOutput[] } {
  const outputs: HookOutput[] = []
  return {
    outputs,
    raw: async (input, route) => {
      const output = await raw(input, route)
      outputs.push(output)
      return output
    },
  }
}

interface Served {
  readonly url: string
  /** Every TCP connection the server accepted, to count reuse and bytes read. */
  readonly sockets: Socket[]
}

async function serve(listener: RequestListener): Promise<Served> {
  const server = createServer(listener)
  const sockets: Socket[] = []
  server.on('connection', (socket) => sockets.push(socket))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets }
}

interface Answer {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
  readonly json: unknown
}

function collect(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let text = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      text += chunk
    })
    res.on('error', reject)
    res.on('end', () => {
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
    })
  })
}

interface SendOptions {
  readonly method?: string
  readonly headers?: Record<string, string | number | string[]>
  /** Written one `write` each. */
  readonly chunks?: readonly (string | Buffer)[]
  /** `false` leaves the body unfinished (the connection is dropped once answered). */
  readonly end?: boolean
  readonly agent?: Agent
}

/** One request with `http.request`, full control over headers and body writes. */
function send(url: string, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: options.method ?? 'POST',
      headers: options.headers ?? {},
      ...(options.agent ? { agent: options.agent } : {}),
    })
    req.on('response', (res) =>
      collect(res).then((answer) => {
        if (options.end === false) req.destroy()
        resolve(answer)
      }, reject),
    )
    req.on('error', reject)
    req.flushHeaders()
    for (const chunk of options.chunks ?? []) req.write(chunk)
    if (options.end !== false) req.end()
  })
}

const sendEvent = (url: string, event: unknown, auth = `Bearer ${valid}`, agent?: Agent) =>
  send(`${url}/hooks/SendEvent1`, {
    headers: { authorization: auth, 'content-type': 'application/json' },
    chunks: [JSON.stringify(event)],
    ...(agent ? { agent } : {}),
  })

/**
 * Stream up to 64 MiB, 64 KiB per write with backpressure, until the answer arrives or the server
 * drops the connection; the answer is what it got.
 */
function flood(url: string, headers: Record<string, string | number>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    let answered = false
    let written = 0
    const req = httpRequest(url, { method: 'POST', headers })
    req.on('response', (res) =>
      collect(res).then((answer) => {
        answered = true
        req.destroy()
        resolve(answer)
      }, reject),
    )
    // The server closes the socket once answered; a write racing that close fails with EPIPE.
    req.on('error', (err) => {
      if (!answered) setTimeout(() => reject(err), 1000)
    })
    const pump = () => {
      while (!answered && !req.destroyed && written < 64 * 1024 * 1024) {
        written += chunk.byteLength
        if (!req.write(chunk)) {
          req.once('drain', pump)
          return
        }
      }
    }
    pump()
  })
}

describe('createNodeListener', () => {
  it('delivers a signed SendEvent1 through the connector and answers sent', async () => {
    const { url } = await serve(createNodeListener(options()))
    const event = freshEvent()
    const answer = await sendEvent(url, event)
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ outcome: 'sent' })
    expect(answer.headers['content-type']).toBe('application/json')
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.text)))
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(answer.headers.connection).toBe('keep-alive')
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /events'])
    expect(vendor.requests[0]?.headers.authorization).toBe('Bearer k')
    expect(vendor.requests[0]?.body).toEqual({
      id: event.bhid,
      name: event.name,
      email: event.customer.email,
      at: event.time,
    })
  })

  it('answers 401 to a bad token without waiting for the body, and closes the connection', async () => {
    const { url } = await serve(createNodeListener(options()))
    const bad = `Bearer ${await token({ key: { secret: OTHER_SECRET } })}`
    const body = JSON.stringify(freshEvent())
    // Headers only: the body is announced but never sent, so only an answer given before
    // reading it can arrive.
    const answer = await send(`${url}/hooks/SendEvent1`, {
      headers: { authorization: bad, 'content-length': Buffer.byteLength(body) },
      end: false,
    })
    expect(answer.status).toBe(401)
    expect(answer.json).toEqual({ error: 'unauthorized' })
    expect(answer.headers.connection).toBe('close')
    expect(vendor.requests).toEqual([])
  })

  it('answers invalid_data to a content-length over the limit, reading a bounded amount', async () => {
    const { url, sockets } = await serve(createNodeListener(options()))
    const answer = await flood(`${url}/hooks/SendEvent1`, {
      authorization: `Bearer ${valid}`,
      'content-length': 64 * 1024 * 1024,
    })
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ outcome: 'invalid_data' })
    expect(answer.headers.connection).toBe('close')
    expect(sockets).toHaveLength(1)
    // The rest is discarded (so the client can read the answer), within a bound of 64 MiB.
    expect(sockets[0]!.bytesRead).toBeLessThanOrEqual(64 * 1024 * 1024 + 64 * 1024)
    expect(vendor.requests).toEqual([])
  })

  it('answers invalid_data to a chunked body over the limit and stops reading it', async () => {
    const { url, sockets } = await serve(createNodeListener(options()))
    const answer = await flood(`${url}/hooks/SendEvent1`, { authorization: `Bearer ${valid}` })
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ outcome: 'invalid_data' })
    expect(answer.headers.connection).toBe('close')
    expect(sockets).toHaveLength(1)
    expect(sockets[0]!.bytesRead).toBeGreaterThan(LIMIT)
    expect(sockets[0]!.bytesRead).toBeLessThanOrEqual(64 * 1024 * 1024 + 64 * 1024)
    expect(vendor.requests).toEqual([])
  })

  it('answers 413 to a Hello1 over the limit', async () => {
    const { url } = await serve(createNodeListener(options({ bodyLimitBytes: 100 })))
    const answer = await send(`${url}/hooks/Hello1`, {
      headers: { authorization: `Bearer ${valid}` },
      chunks: [JSON.stringify({ magic: 'm'.repeat(200) })],
    })
    expect(answer.status).toBe(413)
  })

  it('answers 408 to a body that trickles in slower than bodyTimeoutMs', async () => {
    const { url } = await serve(createNodeListener(options({ bodyTimeoutMs: 500 })))
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${url}/hooks/SendEvent1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${valid}`, 'content-length': 100 },
      })
      const timer = setInterval(() => req.write('{'), 300)
      req.on('response', (res) =>
        collect(res).then((a) => {
          clearInterval(timer)
          req.destroy()
          resolve(a)
        }, reject),
      )
      req.on('error', reject)
      req.write('{')
    })
    expect(answer.status).toBe(408)
    expect(answer.json).toEqual({ error: 'body_timeout' })
    expect(answer.headers.connection).toBe('close')
  })

  it('survives a client that disconnects mid-body, and keeps serving', async () => {
    const { raw, outputs } = recording(createRawHookHandler(options()))
    const { url } = await serve(createNodeListener(raw))
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${url}/hooks/SendEvent1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${valid}`, 'content-length': 1000 },
      })
      req.on('error', () => resolve())
      req.on('close', () => resolve())
      req.write('{"bhid":', () => setTimeout(() => req.destroy(), 50))
    })
    await expect.poll(() => outputs.length).toBe(1)
    expect(outputs[0]).toMatchObject({ status: 400, body: '{"error":"bad_request"}' })
    expect((await sendEvent(url, freshEvent())).json).toEqual({ outcome: 'sent' })
    expect(vendor.requests).toHaveLength(1)
  })

  it('answers at once when the client is gone before the body is read', async () => {
    // The body is read only after the client left: nothing will ever arrive, so waiting for
    // bodyTimeoutMs (then 408) would only hold the request open.
    const { raw, outputs } = recording(createRawHookHandler(options({ bodyTimeoutMs: 15_000 })))
    const { url } = await serve((req, res) => {
      const input = nodeHookInput(req)
      const gone = new Promise((resolve) => req.once('close', resolve))
      raw({ ...input, readBody: (l, t) => gone.then(() => input.readBody(l, t)) }).then((output) =>
        writeHookOutput(req, res, output),
      )
    })
    const req = httpRequest(`${url}/hooks/SendEvent1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${valid}`, 'content-length': 1000 },
    })
    req.on('error', () => undefined)
    req.write('{"bhid":', () => setTimeout(() => req.destroy(), 50))
    await expect.poll(() => outputs.length, { timeout: 20_000 }).toBe(1)
    expect(outputs[0]).toMatchObject({ status: 400, body: '{"error":"bad_request"}' })
  })

  it('answers 400 when a middleware already consumed the body', async () => {
    const listener = createNodeListener(options())
    const { url } = await serve((req, res) => {
      req.resume()
      req.on('end', () => listener(req, res))
    })
    const answer = await sendEvent(url, freshEvent())
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ error: 'bad_request' })
    expect(vendor.requests).toEqual([])
  })

  it('passes the route option as the connector filter', async () => {
    const listener = createNodeListener(
      options({
        connectors: {
          a: createConnector(example, { apiKey: 'key-a', baseUrl: vendor.url }),
          b: createConnector(example, { apiKey: 'key-b', baseUrl: vendor.url }),
        },
      }),
      {
        route: (req) => {
          const only = new URL(req.url ?? '/', 'http://localhost').searchParams.get('only')
          return only !== null ? { connector: only } : undefined
        },
      },
    )
    const { url } = await serve(listener)
    const post = (query: string) =>
      send(`${url}/hooks/SendEvent1${query}`, {
        headers: { authorization: `Bearer ${valid}` },
        chunks: [JSON.stringify(freshEvent())],
      })

    expect((await post('?only=b')).json).toEqual({ outcome: 'sent' })
    expect(vendor.requests.map((r) => r.headers.authorization)).toEqual(['Bearer key-b'])
    expect((await post('?only=c')).status).toBe(404)
    expect(vendor.requests).toHaveLength(1)
    vendor.reset()
    expect((await post('')).json).toEqual({ outcome: 'sent' })
    expect(vendor.requests.map((r) => r.headers.authorization).sort()).toEqual([
      'Bearer key-a',
      'Bearer key-b',
    ])
  })

  it('reuses one kept-alive socket for sequential requests whose bodies were read', async () => {
    const { url, sockets } = await serve(createNodeListener(options()))
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      for (let i = 0; i < 4; i++) {
        const answer = await sendEvent(url, freshEvent(), `Bearer ${valid}`, agent)
        expect(answer.json).toEqual({ outcome: 'sent' })
        expect(answer.headers.connection).toBe('keep-alive')
      }
      const hello = await send(`${url}/hooks/Hello1`, {
        headers: { authorization: `Bearer ${valid}` },
        chunks: ['{"magic":"m1"}'],
        agent,
      })
      expect(hello.json).toEqual({ magic: 'm1', hooks: ['SendEvent1'] })
    } finally {
      agent.destroy()
    }
    expect(sockets).toHaveLength(1)
    expect(vendor.requests).toHaveLength(4)
  })

  it('answers 405 to GET and 404 to an unknown hook', async () => {
    const { url } = await serve(createNodeListener(options()))
    const get = await send(`${url}/hooks/SendEvent1`, { method: 'GET' })
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST')
    const unknown = await send(`${url}/hooks/SendEvent2?x=1`, {
      headers: { authorization: `Bearer ${valid}` },
      chunks: ['{}'],
    })
    expect(unknown.status).toBe(404)
  })

  it('routes /hooks/:connector/:name from the path: an unknown id is 401 without a token, 404 with one', async () => {
    const { url } = await serve(createNodeListener(options()))
    const post = (connector: string, auth: string) =>
      send(`${url}/hooks/${connector}/SendEvent1`, {
        headers: { authorization: auth, 'content-type': 'application/json' },
        chunks: [JSON.stringify(freshEvent())],
      })
    const bad = `Bearer ${await token({ key: { secret: OTHER_SECRET } })}`
    expect([
      (await post('nope', bad)).status,
      (await post('nope', `Bearer ${valid}`)).status,
    ]).toEqual([401, 404])
    expect(vendor.requests).toEqual([])
    expect((await post('example', `Bearer ${valid}`)).json).toEqual({ outcome: 'sent' })
    expect(vendor.requests).toHaveLength(1)
  })

  it('answers 200 failure when the raw handler rejects, so the event stays queued', async () => {
    const { url } = await serve(createNodeListener(() => Promise.reject(new Error('bug'))))
    const answer = await sendEvent(url, freshEvent())
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ outcome: 'failure' })
    expect(answer.headers['content-type']).toBe('application/json')
  })

  it('does not throw when something else already answered the request', async () => {
    let release: () => void = () => undefined
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    const listener = createNodeListener(async () => {
      await released
      return { status: 200, headers: {}, body: '{"outcome":"sent"}' }
    })
    let settled: Promise<unknown> = Promise.resolve()
    const { url } = await serve((req, res) => {
      listener(req, res)
      // e.g. a timeout middleware answered first
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"timeout"}')
      settled = new Promise((resolve) => setImmediate(resolve))
      release()
    })
    const answer = await send(`${url}/hooks/SendEvent1`, { chunks: ['{}'] })
    expect(answer.status).toBe(503)
    await settled
    await new Promise((resolve) => setImmediate(resolve))
  })
})

describe('nodeHookInput and readNodeBody', () => {
  const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

  it('gives method, path without query, joined repeated headers and the body byte for byte', async () => {
    const { url } = await serve(async (req, res) => {
      const input = nodeHookInput(req)
      const body = await input.readBody(1024 * 1024, 5000)
      const seen = {
        method: input.method,
        path: input.path,
        tags: input.header('x-tag'),
        missing: input.header('x-missing') ?? null,
        length: body.ok ? body.bytes.byteLength : -1,
        sha: body.ok ? sha(body.bytes) : null,
      }
      writeHookOutput(req, res, { status: 200, headers: {}, body: JSON.stringify(seen) })
    })
    const chunks = ['{"a":', '"é', 'x'.repeat(70_000), '"}']
    const answer = await send(`${url}/hooks/SendEvent1?x=1&y=2`, {
      headers: { 'x-tag': ['a', 'b'] },
      chunks,
    })
    expect(answer.json).toEqual({
      method: 'POST',
      path: '/hooks/SendEvent1',
      tags: 'a, b',
      missing: null,
      length: Buffer.byteLength(chunks.join('')),
      sha: sha(chunks.join('')),
    })
    expect(answer.headers.connection).toBe('keep-alive')
  })

  it('takes the path it is given instead of the URL', async () => {
    const { url } = await serve((req, res) => {
      const body = JSON.stringify({ path: nodeHookInput(req, '/hooks/Hello1').path })
      writeHookOutput(req, res, { status: 200, headers: {}, body })
    })
    expect((await send(`${url}/mounted/elsewhere`, { method: 'GET' })).json).toEqual({
      path: '/hooks/Hello1',
    })
  })

  it('reads a chunked body of exactly the limit, and refuses one byte more', async () => {
    const { url } = await serve(async (req, res) => {
      const result = await readNodeBody(req, 1000, 5000)
      const body = JSON.stringify(result.ok ? { bytes: result.bytes.byteLength } : result)
      writeHookOutput(req, res, { status: 200, headers: {}, body })
    })
    const at = await send(url, { chunks: ['a'.repeat(600), 'b'.repeat(400)] })
    expect(at.json).toEqual({ bytes: 1000 })
    const over = await send(url, { chunks: ['a'.repeat(600), 'b'.repeat(401)] })
    expect(over.json).toEqual({ ok: false, reason: 'too_large' })
  })

  it('takes a body that has fully arrived from the buffer, within the limit, keeping the socket', async () => {
    const { url, sockets } = await serve(async (req, res) => {
      // Wait until the whole request is parsed and buffered, as it is for a usual small hook.
      while (!req.complete) await new Promise((resolve) => setTimeout(resolve, 5))
      const result = await readNodeBody(req, 1000, 5000)
      const body = JSON.stringify(result.ok ? { sha: sha(result.bytes) } : result)
      writeHookOutput(req, res, { status: 200, headers: {}, body })
    })
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const chunks = ['{"a":', '"é', 'x'.repeat(900), '"}']
    const first = await send(url, { chunks, agent })
    expect(first.json).toEqual({ sha: sha(chunks.join('')) })
    const again = await send(url, { chunks, agent })
    expect(again.json).toEqual(first.json)
    expect(sockets).toHaveLength(1)
    const over = await send(url, { chunks: ['a'.repeat(600), 'b'.repeat(401)], agent })
    expect(over.json).toEqual({ ok: false, reason: 'too_large' })
    agent.destroy()
  })

  it('reads an empty body as zero bytes', async () => {
    const { url } = await serve(async (req, res) => {
      const result = await readNodeBody(req, 1000, 5000)
      const body = JSON.stringify(result.ok ? { bytes: result.bytes.byteLength } : result)
      writeHookOutput(req, res, { status: 200, headers: {}, body })
    })
    expect((await send(url, { headers: { 'content-length': 0 } })).json).toEqual({ bytes: 0 })
  })

  it('writeHookOutput closes the connection on request', async () => {
    const { url } = await serve(async (req, res) => {
      await readNodeBody(req, 1000, 5000)
      writeHookOutput(
        req,
        res,
        { status: 200, headers: { 'x-a': '1' }, body: 'é' },
        { close: true },
      )
    })
    const answer = await send(url, { chunks: ['{}'] })
    expect(answer).toMatchObject({ status: 200, text: 'é' })
    expect(answer.headers).toMatchObject({ 'x-a': '1', 'content-length': '2', connection: 'close' })
  })
})
