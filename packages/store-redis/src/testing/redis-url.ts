import { Redis } from 'ioredis'
import { startRedisServer } from './redis-server'

/** A Redis for a test run, and how to let go of it. */
export interface TestRedis {
  readonly url: string
  /** Stops the server when this call started one; otherwise does nothing. */
  stop(): Promise<void>
}

/** True when the Redis at `url` answers PING (with the URL's credentials, TLS and db). */
async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/**
 * The Redis that tests should use: `REDIS_URL` (default `redis://127.0.0.1:6379`) when it answers
 * PING, else a fresh redis-server from {@link startRedisServer}.
 * @example
 * const redis = await redisUrlForTests()
 * afterAll(() => redis.stop())
 * runStoreContract('redis', async () => createRedisStore({ url: redis.url, keyPrefix: 'test:' }))
 */
export async function redisUrlForTests(): Promise<TestRedis> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
  if (await answers(url)) return { url, stop: async () => {} }
  const server = await startRedisServer()
  return { url: server.url, stop: server.stop }
}
