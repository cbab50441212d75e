/**
 * The Redis store: results as `SET key value PX ttl`, in-flight locks as `SET lock token NX PX ttl`,
 * compare-and-delete of the lock in Lua. Every replica of the host sees the same locks, so a bhid
 * is delivered once however many replicas receive it.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { type HookStore, StoreUnavailableError } from '@bubblehouse-hooks/core'
import type { Redis } from 'ioredis'
import { decodeResult, encodeResult } from './codec'
import { createClient, readiness } from './connection'
import { createRedisJournal } from './journal'
import { redisKeys } from './keys'
import { COMPLETE, RELEASE, runScript } from './scripts'

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://` for TLS. Default `redis://127.0.0.1:6379`. */
  readonly url?: string
  /**
   * An ioredis client to use instead of `url`; the store never closes it. Configure it to fail
   * fast (`enableOfflineQueue: false`, `maxRetriesPerRequest: 0`, `commandTimeout`), or a command
   * may wait for Redis past the hook deadline.
   */
  readonly client?: Redis
  /** Prepended to every Redis key, so several deployments can share one Redis. Default `bh:`. */
  readonly keyPrefix?: string
  /** Longest wait for a connection (at start or after an outage) before a call fails, in ms. Default 2000. */
  readonly connectTimeoutMs?: number
  /** Longest wait for one command's reply before the call fails, in ms. Default 2000. */
  readonly commandTimeoutMs?: number
}

/** Redis wants a positive integer number of milliseconds. */
const px = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs))

/**
 * Connect to Redis (in the background; the first calls wait for the connection, up to
 * `connectTimeoutMs`). While Redis is unreachable every call rejects with `StoreUnavailableError`
 * (code `ERR_STORE_UNAVAILABLE`) within the connect or command timeout, and the store reconnects
 * on its own once Redis is back.
 * @example
 * const store = createRedisStore({ url: process.env.REDIS_URL })
 * createHookHandler({ auth, connectors, store })
 */
export function createRedisStore(options: RedisStoreOptions = {}): HookStore {
  const prefix = options.keyPrefix ?? 'bh:'
  const connectTimeoutMs = options.connectTimeoutMs ?? 2_000
  const owned = options.client === undefined
  const client =
    options.client ??
    createClient(
      options.url ?? 'redis://127.0.0.1:6379',
      connectTimeoutMs,
      options.commandTimeoutMs ?? 2_000,
    )
  const ready = readiness(client, connectTimeoutMs)
  let closed = false

  const run = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreUnavailableError(`redis ${operation}: the store is closed`)
    try {
      await ready()
      return await fn()
    } catch (err) {
      // ioredis messages name the failure (ECONNREFUSED, Command timed out), never the URL.
      const message = err instanceof Error ? err.message : String(err)
      throw new StoreUnavailableError(`redis ${operation} failed: ${message}`, { cause: err })
    }
  }

  return {
    get: (key) =>
      run('get', async () => {
        const value = await client.get(redisKeys(prefix, key).result)
        return value === null ? undefined : decodeResult(value)
      }),
    acquire: (key, ttlMs) =>
      run('acquire', async () => {
        const token = randomUUID()
        const reply = await client.set(redisKeys(prefix, key).lock, token, 'PX', px(ttlMs), 'NX')
        return reply === 'OK' ? token : null
      }),
    // One round trip: SET NX and GET pipelined (Redis runs them in order, the GET after the SET).
    acquireAndGet: (key, ttlMs) =>
      run('acquireAndGet', async () => {
        const keys = redisKeys(prefix, key)
        const token = randomUUID()
        const replies = await client
          .pipeline()
          .set(keys.lock, token, 'PX', px(ttlMs), 'NX')
          .get(keys.result)
          .exec()
        const [[lockError, lockReply] = [], [readError, value] = []] = replies ?? []
        const taken = !lockError && lockReply === 'OK' ? token : null
        if (lockError || readError || (value !== null && typeof value !== 'string')) {
          // Not knowing the stored result, we may not deliver: give the lock back.
          if (taken !== null) await runScript(client, RELEASE, [keys.lock], [taken]).catch(() => {})
          throw lockError ?? readError ?? new Error('unexpected GET reply')
        }
        return { token: taken, stored: value === null ? undefined : decodeResult(value) }
      }),
    complete: (key, token, result, ttlMs) =>
      run('complete', async () => {
        const keys = redisKeys(prefix, key)
        await runScript(
          client,
          COMPLETE,
          [keys.result, keys.lock],
          [encodeResult(result), px(ttlMs), token],
        )
      }),
    release: (key, token) =>
      run('release', async () => {
        await runScript(client, RELEASE, [redisKeys(prefix, key).lock], [token])
      }),
    ping: () =>
      run('ping', async () => {
        await client.ping()
      }),
    journal: createRedisJournal(client, prefix, run),
    async close() {
      if (closed) return
      closed = true
      if (!owned) return
      try {
        await client.quit()
      } catch {
        // Not connected: stop the reconnection loop instead.
        client.disconnect()
      }
    },
  }
}
