/**
 * The contract every {@link HookStore} implementation passes (memory, SQLite, Redis): results,
 * locks with tokens, TTLs, atomic acquire under concurrency, rejection after close, for stores
 * that several replicas share the same guarantees across two stores on one backend, and core's
 * delivery path over the store under seeded random interleavings of concurrent runs (at most one
 * delivery per bhid), and the event journal (journal-contract.ts).
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireAndRead } from '../store/acquire-and-read'
import type { HookStore, StoredResult } from '../store/types'
import { runJournalContract } from './journal-contract'
import { runReplicaModel } from './replica-model'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

let n = 0
const key = () => `contract:${process.pid}:${Date.now()}:${++n}`
const sent: StoredResult = { outcome: 'sent', code: 'HTTP_2XX', at: 1_700_000_000_000 }

/** Options of {@link runStoreContract}. */
export interface StoreContractOptions {
  /**
   * Two stores on one backend, as two replicas or processes would open them (one Redis with one
   * key prefix, one SQLite file). When given, the suite also checks that they share results and
   * hand out one lock between them. Both are closed after each test.
   */
  readonly createShared?: () => Promise<readonly [HookStore, HookStore]>
  /**
   * Seeded interleavings the model of concurrent runs of one bhid tries (core's delivery path
   * over this store, on the two shared stores or one store twice). Default 200.
   */
  readonly modelTrials?: number
  /**
   * The store's journal drops its oldest lines past `maxEntries` (memory, Redis). Default true;
   * false for a store bounded by age only (SQLite, on disk). Ignored without `journal`.
   */
  readonly journalBoundedByCount?: boolean
  /** The store offers `journal` (default true): its contract runs too. False for a store without. */
  readonly journal?: boolean
}

/**
 * Register the store contract suite: one store per test from `create`; with
 * `options.createShared`, also the suite for two stores sharing one backend. After `close()`
 * (which may be called twice) every call must reject with a `StoreUnavailableError`
 * (`code: 'ERR_STORE_UNAVAILABLE'`).
 * @example
 * runStoreContract('sqlite', async () => createSqliteStore({ path: tmpFile() }))
 * @example
 * runStoreContract('sqlite', async () => createSqliteStore({ path: tmpFile() }), {
 *   createShared: async () => {
 *     const path = tmpFile()
 *     return [createSqliteStore({ path }), createSqliteStore({ path })]
 *   },
 * })
 */
export function runStoreContract(
  name: string,
  create: () => Promise<HookStore>,
  options: StoreContractOptions = {},
): void {
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

    it('rejects every call after close', async () => {
      await store.ping()
      await store.close()
      await store.close()
      const closed = expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE' })
      await expect(store.get('k')).rejects.toThrow(closed)
      await expect(store.acquire('k', 1000)).rejects.toThrow(closed)
      await expect(store.complete('k', 't', sent, 1000)).rejects.toThrow(closed)
      await expect(store.release('k', 't')).rejects.toThrow(closed)
      await expect(store.ping()).rejects.toThrow(closed)
      await expect(acquireAndRead(store, 'k', 1000)).rejects.toThrow(closed)
    })

    it('takes the lock and reads in one call (acquireAndGet, or acquire then get)', async () => {
      const k = key()
      const first = await acquireAndRead(store, k, 10_000)
      expect(first).toEqual({ token: expect.any(String), stored: undefined })
      expect(await acquireAndRead(store, k, 10_000)).toEqual({ token: null, stored: undefined })
      expect(await store.acquire(k, 10_000)).toBeNull()
      await store.complete(k, first.token!, sent, 60_000)
      // The lock is free again and the result is read: a retry of a delivered event.
      const again = await acquireAndRead(store, k, 10_000)
      expect(again).toEqual({ token: expect.any(String), stored: sent })
      // Its lock is held like any other, until released.
      // A store's own acquireAndGet reads even without the lock; acquire then get has nothing to read.
      expect(await acquireAndRead(store, k, 10_000)).toEqual({
        token: null,
        stored: store.acquireAndGet ? sent : undefined,
      })
      await store.release(k, again.token!)
      expect(await store.acquire(k, 10_000)).not.toBeNull()
    })
  })

  const { createShared } = options
  if (createShared) runSharedContract(name, createShared)
  if (options.journal ?? true) {
    runJournalContract(name, create, {
      boundedByCount: options.journalBoundedByCount ?? true,
      ...(createShared ? { createShared } : {}),
    })
  }
  const twice = async () => {
    const one = await create()
    return [one, one] as const
  }
  runReplicaModel(name, createShared ?? twice, {
    ...(options.modelTrials !== undefined ? { trials: options.modelTrials } : {}),
  })
}

function runSharedContract(
  name: string,
  createShared: () => Promise<readonly [HookStore, HookStore]>,
): void {
  describe(`store contract: ${name} shared by two replicas`, () => {
    let a: HookStore
    let b: HookStore
    beforeEach(async () => {
      ;[a, b] = await createShared()
    })
    afterEach(async () => {
      await Promise.all([a.close(), b.close()])
    })

    it('hands the lock to exactly one of two stores racing on one key', async () => {
      const k = key()
      // Both connected first, so the acquires race instead of queueing behind one connect.
      await Promise.all([a.ping(), b.ping()])
      const tokens = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).acquire(k, 10_000)),
      )
      expect(tokens.filter((t) => t !== null)).toHaveLength(1)
    })

    it('shares results and hands the lock over on complete', async () => {
      const k = key()
      const token = await a.acquire(k, 10_000)
      expect(token).not.toBeNull()
      expect(await b.acquire(k, 10_000)).toBeNull()
      await a.complete(k, token!, sent, 60_000)
      expect(await b.get(k)).toEqual(sent)
      expect(await b.acquire(k, 10_000)).not.toBeNull()
    })

    it('never lets a holder whose lock expired free the next holder', async () => {
      const k = key()
      const stale = await a.acquire(k, 150)
      expect(stale).not.toBeNull()
      await sleep(400)
      const fresh = await b.acquire(k, 10_000)
      expect(fresh).not.toBeNull()

      await a.release(k, stale!)
      expect(await a.acquire(k, 10_000)).toBeNull()
      // complete with the stale token records the result and keeps b's lock.
      await a.complete(k, stale!, sent, 60_000)
      expect(await b.get(k)).toEqual(sent)
      expect(await a.acquire(k, 10_000)).toBeNull()
      // The lock still held is b's: its token frees it.
      await b.release(k, fresh!)
      expect(await a.acquire(k, 10_000)).not.toBeNull()
    })
  })
}
