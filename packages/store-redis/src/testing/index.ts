/**
 * @bubblehouse-hooks/store-redis/testing: a throwaway redis-server for tests (this package's, the
 * host's, the reliability suite's). Needs `redis-server` on PATH.
 * @module
 */

export { type RedisServer, startRedisServer } from './redis-server'
export { redisUrlForTests, type TestRedis } from './redis-url'
