/** maxInFlight: SendEvent1 requests past the cap answer failure at once, counted after the token. */
import { describe, expect, it } from 'vitest'
import {
  CANONICAL_EVENT,
  createRawHookHandler,
  type HookInput,
  type HookMetrics,
} from '../src/index'
import { recordingLogger, scripted, token } from './helpers'

const KEYS = {
  keys: [
    { kid: 'main', secret: Buffer.from('bubblehouse-hooks-test-secret-32').toString('base64') },
  ],
}

function post(path: string, authorization: string | undefined, body: unknown): HookInput {
  return {
    method: 'POST',
    path,
    header: (name) => (name === 'authorization' ? authorization : undefined),
    readBody: async () => ({ ok: true, bytes: new TextEncoder().encode(JSON.stringify(body)) }),
  }
}

function setup() {
  const demo = scripted('sent')
  // Deliveries wait until the test lets them go.
  const waiting: Array<() => void> = []
  demo.deliver = () =>
    new Promise((resolve) =>
      waiting.push(() => resolve({ outcome: 'sent', code: 'TEST_SENT', reason: 'scripted' })),
    )
  const { logger, lines } = recordingLogger()
  let refused = 0
  const metrics: HookMetrics = {
    hookRequest() {},
    event() {},
    inFlight() {},
    overCapacity: () => refused++,
  }
  const handler = createRawHookHandler({
    auth: KEYS,
    connectors: { demo: demo.connector },
    logger,
    metrics,
    maxInFlight: 2,
  })
  const event = (bhid: string) => ({ ...CANONICAL_EVENT, bhid })
  return { handler, demo, waiting, lines, event, refused: () => refused }
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 1))
}

describe('maxInFlight', () => {
  it('answers a SendEvent1 past the cap failure at once, without a delivery, then serves again', async () => {
    const { handler, demo, waiting, lines, event, refused } = setup()
    const bearer = `Bearer ${await token()}`
    const held = ['a', 'b'].map((bhid) => handler(post('/hooks/SendEvent1', bearer, event(bhid))))
    await until(() => waiting.length === 2)
    const third = await handler(post('/hooks/SendEvent1', bearer, event('c')))
    expect([third.status, third.body]).toEqual([200, '{"outcome":"failure"}'])
    expect(demo.calls.deliver).toBe(2)
    expect(refused()).toBe(1)
    expect(lines.at(-1)).toMatchObject({
      level: 'warn',
      msg: 'at maxInFlight: answered failure at once',
      obj: { status: 200, maxInFlight: 2 },
    })
    for (const release of waiting.splice(0)) release()
    expect((await Promise.all(held)).map((o) => o.body)).toEqual(
      Array(2).fill('{"outcome":"sent"}'),
    )
    const again = handler(post('/hooks/SendEvent1', bearer, event('c')))
    await until(() => waiting.length === 1)
    waiting.splice(0)[0]?.()
    expect((await again).body).toBe('{"outcome":"sent"}')
  })

  it('checks the token first: at the cap a bad token still answers 401, an unknown connector 404', async () => {
    const { handler, waiting, event, refused } = setup()
    const bearer = `Bearer ${await token()}`
    const held = ['a', 'b'].map((bhid) => handler(post('/hooks/SendEvent1', bearer, event(bhid))))
    await until(() => waiting.length === 2)
    expect((await handler(post('/hooks/SendEvent1', 'Bearer nope', event('x')))).status).toBe(401)
    expect((await handler(post('/hooks/SendEvent1', undefined, event('x')))).status).toBe(401)
    expect((await handler(post('/hooks/other/SendEvent1', bearer, event('x')))).status).toBe(404)
    expect(refused()).toBe(0)
    for (const release of waiting.splice(0)) release()
    await Promise.all(held)
  })

  it('does not count or cap Hello1', async () => {
    const { handler, waiting, event } = setup()
    const bearer = `Bearer ${await token()}`
    const held = ['a', 'b'].map((bhid) => handler(post('/hooks/SendEvent1', bearer, event(bhid))))
    await until(() => waiting.length === 2)
    const hello = await handler(post('/hooks/Hello1', bearer, { magic: 'm' }))
    expect(JSON.parse(hello.body)).toEqual({ magic: 'm', hooks: ['SendEvent1'] })
    for (const release of waiting.splice(0)) release()
    await Promise.all(held)
  })

  it('frees a place when a request ends in an answer before the vendor (invalid_data)', async () => {
    const { handler, waiting, event } = setup()
    const bearer = `Bearer ${await token()}`
    for (let i = 0; i < 3; i++) {
      const bad = await handler(post('/hooks/SendEvent1', bearer, { not: 'an event' }))
      expect(bad.body).toBe('{"outcome":"invalid_data"}')
    }
    const held = ['a', 'b'].map((bhid) => handler(post('/hooks/SendEvent1', bearer, event(bhid))))
    await until(() => waiting.length === 2)
    for (const release of waiting.splice(0)) release()
    expect((await Promise.all(held)).map((o) => o.body)).toEqual(
      Array(2).fill('{"outcome":"sent"}'),
    )
  })
})
