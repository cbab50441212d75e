import { randomUUID } from 'node:crypto'
import { runStoreContract } from '@bubblehouse-hooks/core/testing'
import { afterAll } from 'vitest'
import { createRedisStore } from '../src/index'
import { redisUrlForTests } from '../src/testing/index'

// REDIS_URL (default redis://127.0.0.1:6379) when it answers, else a redis-server of our own.
const redis = await redisUrlForTests()
afterAll(() => redis.stop())

const prefix = () => `bh-test:${randomUUID()}:`

runStoreContract('redis', async () => createRedisStore({ url: redis.url, keyPrefix: prefix() }), {
  // Two replicas: one connection each, one key prefix.
  createShared: async () => {
    const keyPrefix = prefix()
    return [
      createRedisStore({ url: redis.url, keyPrefix }),
      createRedisStore({ url: redis.url, keyPrefix }),
    ]
  },
})
