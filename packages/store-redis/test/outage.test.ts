import { createServer, type Server, type Socket } from 'node:net'
import type { HookStore, StoredResult } from '@bubblehouse-hooks/core'
import { closedPort } from '@bubblehouse-hooks/core/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index'
import { type RedisServer, startRedisServer } from '../src/testing/index'

// A server of our own, because this file stops and restarts it.
let server: RedisServer
beforeAll(async () => {
  server = await startRedisServer()
})
afterAll(() => server.stop())

const stores: HookStore[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
})
const sent: StoredResult = { outcome: 'sent', code: 'HTTP_2XX', at: 1_700_000_000_000 }
const unavailable = expect.objectContaining({
  name: 'StoreUnavailableError',
  code: 'ERR_STORE_UNAVAILABLE',
})

/**
 * The call's settlement, or 'hung' if it has not settled after `ms`. The bound is far above the
 * store's 1 s timeouts and far below the 25 s hook deadline: it tells "fails fast" from "waits for
 * Redis to come back", not how fast.
 */
function settled<T>(promise: Promise<T>, ms = 8_000) {
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms)),
  ])
}

async function eventually(check: () => Promise<unknown>, tries = 100) {
  for (let i = 1; ; i++) {
    try {
      return await check()
    } catch (err) {
      if (i >= tries) throw err
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

describe('Redis goes down and comes back', () => {
  it('rejects every call while Redis is down, then recovers on its own', async () => {
    const s = createRedisStore({
      url: server.url,
      connectTimeoutMs: 1_000,
      commandTimeoutMs: 1_000,
    })
    stores.push(s)
    const token = await s.acquire('k', 10_000)
    await s.complete('k', token!, sent, 60_000)
    expect(await s.get('k')).toEqual(sent)

    await server.stop()
    const calls: Array<() => Promise<unknown>> = [
      () => s.get('k'),
      () => s.acquire('k2', 10_000),
      () => s.complete('k2', 'token', sent, 60_000),
      () => s.release('k2', 'token'),
      () => s.ping(),
    ]
    for (const call of calls) {
      expect(await settled(call())).toEqual({ error: unavailable })
    }
    // Still down a while later (the reconnection loop is running): still a fast rejection.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(await settled(s.acquire('k2', 10_000))).toEqual({ error: unavailable })

    await server.restart()
    await eventually(() => s.ping())
    const again = await s.acquire('k3', 10_000)
    expect(again).not.toBeNull()
    await s.complete('k3', again!, sent, 60_000)
    expect(await s.get('k3')).toEqual(sent)
  })
})

describe('Redis unreachable from the start', () => {
  it('rejects calls when nothing listens on the port', async () => {
    const port = await closedPort()
    const s = createRedisStore({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 1_000 })
    stores.push(s)
    expect(await settled(s.ping())).toEqual({ error: unavailable })
    expect(await settled(s.acquire('k', 10_000))).toEqual({ error: unavailable })
  })

  describe('a server that accepts connections and never answers', () => {
    let silent: Server
    const sockets: Socket[] = []
    beforeAll(async () => {
      silent = createServer((socket) => sockets.push(socket))
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    })
    afterAll(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    })

    it('rejects calls after the connect timeout instead of hanging', async () => {
      const address = silent.address()
      const port = typeof address === 'object' && address ? address.port : 0
      const s = createRedisStore({
        url: `redis://127.0.0.1:${port}`,
        connectTimeoutMs: 500,
        commandTimeoutMs: 500,
      })
      stores.push(s)
      expect(await settled(s.get('k'))).toEqual({ error: unavailable })
      expect(await settled(s.acquire('k', 10_000))).toEqual({ error: unavailable })
    })
  })
})
