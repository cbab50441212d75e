import { randomUUID } from 'node:crypto'
import type { HookStore, StoredResult } from '@bubblehouse-hooks/core'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore, type RedisStoreOptions } from '../src/index'
import { redisUrlForTests } from '../src/testing/index'

const redis = await redisUrlForTests()
let raw: Redis
beforeAll(() => {
  raw = new Redis(redis.url)
})
afterAll(async () => {
  await raw.quit()
  await redis.stop()
})

const stores: HookStore[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
})
const prefix = () => `bh-test:${randomUUID()}:`
const store = (options: RedisStoreOptions = {}) => {
  const s = createRedisStore({ url: redis.url, keyPrefix: prefix(), ...options })
  stores.push(s)
  return s
}
const sent: StoredResult = { outcome: 'sent', code: 'HTTP_2XX', at: 1_700_000_000_000 }

describe('keys in Redis', () => {
  it('writes the result with SET PX and the lock with SET NX PX under the prefix', async () => {
    const keyPrefix = prefix()
    const s = store({ keyPrefix })
    const token = await s.acquire('klaviyo:bh1', 30_000)
    expect(await raw.get(`${keyPrefix}lock:{klaviyo:bh1}`)).toBe(token)
    const lockTtl = await raw.pttl(`${keyPrefix}lock:{klaviyo:bh1}`)
    expect(lockTtl).toBeGreaterThan(0)
    expect(lockTtl).toBeLessThanOrEqual(30_000)

    await s.complete('klaviyo:bh1', token!, sent, 86_400_000)
    expect(JSON.parse((await raw.get(`${keyPrefix}result:{klaviyo:bh1}`))!)).toEqual(sent)
    const resultTtl = await raw.pttl(`${keyPrefix}result:{klaviyo:bh1}`)
    expect(resultTtl).toBeGreaterThan(30_000)
    expect(resultTtl).toBeLessThanOrEqual(86_400_000)
    expect(await raw.exists(`${keyPrefix}lock:{klaviyo:bh1}`)).toBe(0)
  })

  it('keeps deployments with different prefixes apart', async () => {
    const a = store()
    const b = store()
    const token = await a.acquire('k', 10_000)
    await a.complete('k', token!, sent, 60_000)
    expect(await b.get('k')).toBeUndefined()
    expect(await b.acquire('k', 10_000)).not.toBeNull()
  })

  it('treats a value it did not write as absent', async () => {
    const keyPrefix = prefix()
    const s = store({ keyPrefix })
    await raw.set(`${keyPrefix}result:{k}`, 'not json', 'PX', 60_000)
    await raw.set(
      `${keyPrefix}result:{k2}`,
      '{"outcome":"failure","code":"X","at":1}',
      'PX',
      60_000,
    )
    expect(await s.get('k')).toBeUndefined()
    expect(await s.get('k2')).toBeUndefined()
  })
})

describe('several replicas (one connection each)', () => {
  it('hands the lock to exactly one of two stores racing on one key', async () => {
    const keyPrefix = prefix()
    const a = store({ keyPrefix })
    const b = store({ keyPrefix })
    await Promise.all([a.ping(), b.ping()])
    const tokens = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).acquire('segment:bh1', 10_000)),
    )
    expect(tokens.filter((t) => t !== null)).toHaveLength(1)
  })

  it('shares results and hands the lock over on complete', async () => {
    const keyPrefix = prefix()
    const a = store({ keyPrefix })
    const b = store({ keyPrefix })
    const token = await a.acquire('hubspot:bh1', 10_000)
    expect(await b.acquire('hubspot:bh1', 10_000)).toBeNull()
    await a.complete('hubspot:bh1', token!, sent, 60_000)
    expect(await b.get('hubspot:bh1')).toEqual(sent)
    expect(await b.acquire('hubspot:bh1', 10_000)).not.toBeNull()
  })

  it('never lets a holder whose lock expired free the next holder', async () => {
    const keyPrefix = prefix()
    const a = store({ keyPrefix })
    const b = store({ keyPrefix })
    const stale = await a.acquire('k', 100)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const fresh = await b.acquire('k', 10_000)
    expect(fresh).not.toBeNull()

    await a.release('k', stale!)
    expect(await raw.get(`${keyPrefix}lock:{k}`)).toBe(fresh)
    // complete with the stale token records the result and keeps b's lock.
    await a.complete('k', stale!, sent, 60_000)
    expect(await b.get('k')).toEqual(sent)
    expect(await raw.get(`${keyPrefix}lock:{k}`)).toBe(fresh)
  })
})

describe('scripts', () => {
  it('falls back to EVAL when Redis lost its script cache', async () => {
    const s = store()
    const first = await s.acquire('k', 10_000)
    await s.release('k', first!)
    await raw.script('FLUSH')
    const second = await s.acquire('k', 10_000)
    await s.complete('k', second!, sent, 60_000)
    expect(await s.get('k')).toEqual(sent)
    expect(await s.acquire('k', 10_000)).not.toBeNull()
  })
})

describe('lifecycle', () => {
  it('uses a supplied client and leaves it open on close', async () => {
    const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    try {
      const s = createRedisStore({ client, keyPrefix: prefix() })
      expect(await s.acquire('k', 10_000)).not.toBeNull()
      await s.close()
      expect(await client.ping()).toBe('PONG')
    } finally {
      await client.quit()
    }
  })

  it('rejects every call after close', async () => {
    const s = createRedisStore({ url: redis.url, keyPrefix: prefix() })
    await s.ping()
    await s.close()
    await s.close()
    const closed = expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' })
    await expect(s.get('k')).rejects.toThrow(closed)
    await expect(s.acquire('k', 1000)).rejects.toThrow(closed)
    await expect(s.complete('k', 't', sent, 1000)).rejects.toThrow(closed)
    await expect(s.release('k', 't')).rejects.toThrow(closed)
    await expect(s.ping()).rejects.toThrow(closed)
  })
})
