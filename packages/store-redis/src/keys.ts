/**
 * Where a store key lives in Redis. The store key sits in a hash tag (`{...}`), so a key's result
 * and lock always share a hash slot and the Lua scripts that touch both stay valid on a cluster.
 * @module
 */

/** The Redis keys of one store key. */
export interface RedisKeys {
  /** The terminal result, JSON, with the result TTL. */
  readonly result: string
  /** The in-flight lock: the holder's token, with the lock TTL. */
  readonly lock: string
}

/** @example redisKeys('bh:', 'klaviyo:bh1') // { result: 'bh:result:{klaviyo:bh1}', lock: 'bh:lock:{klaviyo:bh1}' } */
export function redisKeys(prefix: string, key: string): RedisKeys {
  return { result: `${prefix}result:{${key}}`, lock: `${prefix}lock:{${key}}` }
}
