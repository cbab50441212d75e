/**
 * The two Lua scripts: compare-and-delete of the lock, alone (release) or after writing the result
 * (complete). A script runs atomically in Redis, so a lock that expired and was taken by another
 * replica between our GET and DEL cannot be deleted by mistake.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

/** A Lua script with its SHA1, for EVALSHA. */
export interface Script {
  readonly lua: string
  readonly sha: string
}

/** A script and its SHA1. */
export function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') }
}

/** KEYS[1] = lock, ARGV[1] = token. Returns 1 when the lock was freed. */
export const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

/** KEYS[1] = result, KEYS[2] = lock, ARGV = value, ttl ms, token. Returns 1 when the lock was freed. */
export const COMPLETE = script(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[3] then
  return redis.call('DEL', KEYS[2])
end
return 0
`)

/**
 * EVALSHA, falling back to EVAL when the server does not have the script cached yet (a fresh or
 * restarted Redis answers NOSCRIPT).
 */
export async function runScript(
  client: Redis,
  { lua, sha }: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args)
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err
    return client.eval(lua, keys.length, ...keys, ...args)
  }
}
