/** How the handler reads bodies: auth first, limits, bad bytes, schema failures. */
import { beforeAll, describe, expect, it } from 'vitest'
import { createHookHandler, type HookHandlerOptions } from '../src/index'
import { freshEvent, hookRequest, KEY, recordingLogger, scripted, token } from './helpers'

let valid: string
beforeAll(async () => {
  valid = await token()
})

/** A body stream that counts how often it is read from; `highWaterMark: 0` so nothing is read early. */
function countedStream(chunks: Uint8Array[], end: 'close' | 'error' | 'hang' = 'close') {
  const state = { pulls: 0 }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulls++
        const chunk = chunks.shift()
        if (chunk) controller.enqueue(chunk)
        else if (end === 'close') controller.close()
        else if (end === 'error') controller.error(new Error('client went away'))
        else return new Promise<void>(() => {})
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, state }
}

function streamedRequest(
  path: string,
  stream: ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) {
  const init: RequestInit & { duplex: 'half' } = {
    method: 'POST',
    headers: { authorization: `Bearer ${valid}`, ...headers },
    body: stream,
    duplex: 'half',
  }
  return new Request(`http://hooks.test${path}`, init)
}

function setup(options: Partial<HookHandlerOptions> = {}) {
  const connector = scripted()
  const { logger, lines } = recordingLogger()
  const handler = createHookHandler({
    auth: { keys: [KEY] },
    connectors: { demo: connector.connector },
    logger,
    ...options,
  })
  return { handler, connector, lines }
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

describe('auth comes before the body', () => {
  it('answers 401 without reading a byte or reaching a connector', async () => {
    const { handler, connector } = setup()
    const { stream, state } = countedStream([encode(freshEvent())])
    const request = new Request('http://hooks.test/hooks/SendEvent1', {
      method: 'POST',
      headers: { authorization: 'Bearer not.a.token' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    const res = await handler(request)
    expect(res.status).toBe(401)
    expect(state.pulls).toBe(0)
    expect(request.bodyUsed).toBe(false)
    expect(stream.locked).toBe(false)
    expect(connector.calls).toEqual({ plan: 0, deliver: 0 })
  })
})

describe('body limit', () => {
  it('answers invalid_data from content-length alone, without reading', async () => {
    const { handler, connector, lines } = setup({ bodyLimitBytes: 1000 })
    const { stream, state } = countedStream([encode(freshEvent())])
    const res = await handler(
      streamedRequest('/hooks/SendEvent1', stream, { 'content-length': '1001' }),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ outcome: 'invalid_data' })
    expect(state.pulls).toBe(0)
    expect(connector.calls.deliver).toBe(0)
    expect(lines[0]?.obj).toMatchObject({ bodyFailure: 'too_large' })
  })

  it('stops reading a stream without content-length once past the limit', async () => {
    const { handler, connector } = setup({ bodyLimitBytes: 1000 })
    const chunks = Array.from({ length: 20 }, () => new Uint8Array(300).fill(0x20))
    const { stream, state } = countedStream(chunks)
    const res = await handler(streamedRequest('/hooks/SendEvent1', stream))
    expect(await res.json()).toEqual({ outcome: 'invalid_data' })
    expect(state.pulls).toBeLessThanOrEqual(5)
    expect(connector.calls.deliver).toBe(0)
  })

  it('accepts a body of exactly the limit', async () => {
    const body = JSON.stringify(freshEvent())
    const { handler } = setup({ bodyLimitBytes: Buffer.byteLength(body) })
    const res = await handler(hookRequest('/hooks/SendEvent1', body, { token: valid }))
    expect(await res.json()).toEqual({ outcome: 'sent' })
  })

  it('defaults to 1 MiB', async () => {
    const { handler } = setup()
    const big = freshEvent({ extra_props: { blob: 'x'.repeat(1024 * 1024) } })
    expect(
      await (await handler(hookRequest('/hooks/SendEvent1', big, { token: valid }))).json(),
    ).toEqual({
      outcome: 'invalid_data',
    })
    const fits = freshEvent({ extra_props: { blob: 'x'.repeat(1000 * 1024) } })
    expect(
      await (await handler(hookRequest('/hooks/SendEvent1', fits, { token: valid }))).json(),
    ).toEqual({
      outcome: 'sent',
    })
  })

  it('answers 413 to an oversized Hello1', async () => {
    const { handler } = setup({ bodyLimitBytes: 100 })
    const res = await handler(
      hookRequest('/hooks/Hello1', { magic: 'm'.repeat(200) }, { token: valid }),
    )
    expect(res.status).toBe(413)
  })

  it('answers 408 to a body that stops arriving, within the body timeout', async () => {
    const { handler, connector } = setup({ bodyTimeoutMs: 200 })
    const { stream } = countedStream([encode(freshEvent()).slice(0, 20)], 'hang')
    const started = Date.now()
    const res = await handler(streamedRequest('/hooks/SendEvent1', stream))
    expect(res.status).toBe(408)
    expect(Date.now() - started).toBeLessThan(200 + 2500)
    expect(connector.calls.deliver).toBe(0)
  })

  it('answers 400 to a body stream that errors', async () => {
    const { handler } = setup()
    const { stream } = countedStream([encode(freshEvent()).slice(0, 20)], 'error')
    expect((await handler(streamedRequest('/hooks/SendEvent1', stream))).status).toBe(400)
  })
})

describe('bad bodies answer 200 invalid_data', () => {
  const cases: Array<[string, string | Uint8Array]> = [
    ['not JSON', 'bhid=1&name=x'],
    ['truncated JSON', JSON.stringify(freshEvent()).slice(0, 40)],
    ['empty', ''],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['a lone surrogate byte sequence', new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['a JSON string', '"SendEvent1"'],
  ]
  it.each(cases)('%s', async (_, body) => {
    const { handler, connector, lines } = setup()
    const res = await handler(hookRequest('/hooks/SendEvent1', body, { token: valid }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ outcome: 'invalid_data' })
    expect(connector.calls).toEqual({ plan: 0, deliver: 0 })
    expect(lines).toHaveLength(1)
    expect(lines[0]?.obj).toMatchObject({ outcome: 'invalid_data', invalid: [expect.any(String)] })
  })

  it.each([
    ['a missing bhid', { bhid: undefined }, 'bhid'],
    ['a non-object customer', { customer: 'jane@example.com' }, 'customer'],
    ['a bad time', { time: '2024-12-26 18:05:42' }, 'time'],
  ])('a schema failure (%s) logs the path, never the value', async (_, patch, path) => {
    const { handler, connector, lines } = setup()
    const res = await handler(
      hookRequest('/hooks/SendEvent1', { ...freshEvent(), ...patch }, { token: valid }),
    )
    expect(await res.json()).toEqual({ outcome: 'invalid_data' })
    expect(connector.calls.plan).toBe(0)
    expect(lines[0]?.obj.invalid).toEqual([expect.stringMatching(new RegExp(`^${path}: `))])
    expect(JSON.stringify(lines)).not.toContain('jane@example.com')
  })

  it('accepts a UTF-8 byte order mark and multi-byte text', async () => {
    const { handler } = setup()
    const text = `\ufeff${JSON.stringify(freshEvent({ name: 'Points gagnés ✓' }))}`
    expect(
      await (await handler(hookRequest('/hooks/SendEvent1', text, { token: valid }))).json(),
    ).toEqual({
      outcome: 'sent',
    })
  })
})

describe('__proto__ in a body', () => {
  it('pollutes no prototype and the event still goes through', async () => {
    const { handler, connector } = setup()
    const seen: unknown[] = []
    connector.plan = (event) => {
      seen.push(event)
      return { kind: 'decision', result: { outcome: 'skipped', code: 'T', reason: 't' } }
    }
    const event = JSON.stringify(freshEvent())
    const body = `{"__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},${event.slice(1, -1)},"customer_props":{"__proto__":{"polluted":"props"},"BH_Tier":"Gold"}}`
    const res = await handler(hookRequest('/hooks/SendEvent1', body, { token: valid }))
    expect(await res.json()).toEqual({ outcome: 'skipped' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    const [parsed] = seen as Array<{ customer_props: Record<string, unknown> }>
    expect(parsed?.customer_props).toEqual({ BH_Tier: 'Gold' })
    expect(Object.getPrototypeOf(parsed?.customer_props)).toBe(Object.prototype)
  })
})
