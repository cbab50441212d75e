/** Take a store's lock and read its stored result, in one call where the store offers one. @module */
import type { AcquiredAndRead, HookStore } from './types'

/**
 * The store's own `acquireAndGet` (one round trip), or `acquire` then `get` for a store without
 * it. Without the lock there is nothing to read yet (the holder's result is polled for); a read
 * that fails gives the lock back before the error goes on.
 */
export async function acquireAndRead(
  store: HookStore,
  key: string,
  ttlMs: number,
): Promise<AcquiredAndRead> {
  if (store.acquireAndGet) return store.acquireAndGet(key, ttlMs)
  const token = await store.acquire(key, ttlMs)
  if (token === null) return { token, stored: undefined }
  try {
    return { token, stored: await store.get(key) }
  } catch (err) {
    store.release(key, token).catch(() => undefined)
    throw err
  }
}
