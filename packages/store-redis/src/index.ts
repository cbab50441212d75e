/**
 * @bubblehouse-hooks/store-redis: the store for several host replicas behind a load balancer.
 * Terminal results and in-flight locks live in Redis, so a bhid is delivered once across replicas.
 * The test helpers (a throwaway redis-server) are in `@bubblehouse-hooks/store-redis/testing`.
 * @module
 */

export { createRedisStore, type RedisStoreOptions } from './store'
