/**
 * The contract every {@link HookStore} implementation passes (memory, SQLite, Redis): results,
 * locks with tokens, TTLs, atomic acquire under concurrency.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HookStore, StoredResult } from '../store/types'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

let n = 0
const key = () => `contract:${process.pid}:${Date.now()}:${++n}`
const sent: StoredResult = { outcome: 'sent', code: 'HTTP_2XX', at: 1_700_000_000_000 }

/**
 * Register the store contract suite.
 * @example
 * runStoreContract('sqlite', async () => createSqliteStore({ path: tmpFile() }))
 */
export function runStoreContract(name: string, create: () => Promise<HookStore>): void {
  describe(`store contract: ${name}`, () => {
    let store: HookStore
    beforeEach(async () => {
      store = await create()
    })
    afterEach(async () => {
      await store.close()
    })

    it('returns undefined for an unknown key', async () => {
      expect(await store.get(key())).toBeUndefined()
    })

    it('stores a terminal result and returns it', async () => {
      const k = key()
      const token = await store.acquire(k, 10_000)
      expect(token).toEqual(expect.any(String))
      await store.complete(k, token!, sent, 60_000)
      expect(await store.get(k)).toEqual(sent)
    })

    it('gives the lock to one holder at a time', async () => {
      const k = key()
      const first = await store.acquire(k, 10_000)
      expect(first).not.toBeNull()
      expect(await store.acquire(k, 10_000)).toBeNull()
      await store.release(k, first!)
      expect(await store.acquire(k, 10_000)).not.toBeNull()
    })

    it('ignores a release with another holder token', async () => {
      const k = key()
      const token = await store.acquire(k, 10_000)
      await store.release(k, 'not-the-token')
      expect(await store.acquire(k, 10_000)).toBeNull()
      await store.release(k, token!)
    })

    it('frees the lock on complete', async () => {
      const k = key()
      const token = await store.acquire(k, 10_000)
      await store.complete(k, token!, sent, 60_000)
      const again = await store.acquire(k, 10_000)
      expect(again).not.toBeNull()
      expect(await store.get(k)).toEqual(sent)
    })

    it('hands the lock to exactly one of many concurrent acquirers', async () => {
      const k = key()
      const tokens = await Promise.all(Array.from({ length: 25 }, () => store.acquire(k, 10_000)))
      expect(tokens.filter((t) => t !== null)).toHaveLength(1)
    })

    it('expires a lock after its TTL (a crashed holder)', async () => {
      const k = key()
      expect(await store.acquire(k, 150)).not.toBeNull()
      await sleep(400)
      expect(await store.acquire(k, 10_000)).not.toBeNull()
    })

    it('expires a result after its TTL', async () => {
      const k = key()
      const token = await store.acquire(k, 10_000)
      await store.complete(k, token!, sent, 150)
      await sleep(400)
      expect(await store.get(k)).toBeUndefined()
    })

    it('keeps keys apart, including odd characters and long keys', async () => {
      const keys = [
        `${key()}:a`,
        `${key()}:a:b`,
        `${key()}:ünïcødé ✓`,
        `${key()}:${'x'.repeat(300)}`,
      ]
      for (const [i, k] of keys.entries()) {
        const token = await store.acquire(k, 10_000)
        await store.complete(k, token!, { ...sent, code: `C${i}` }, 60_000)
      }
      for (const [i, k] of keys.entries()) expect((await store.get(k))?.code).toBe(`C${i}`)
    })

    it('stores every terminal outcome', async () => {
      for (const outcome of ['sent', 'skipped', 'invalid_data', 'unsubscribed'] as const) {
        const k = key()
        const token = await store.acquire(k, 10_000)
        await store.complete(k, token!, { outcome, code: 'X', at: 1 }, 60_000)
        expect((await store.get(k))?.outcome).toBe(outcome)
      }
    })

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined()
    })
  })
}
