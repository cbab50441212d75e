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
})
