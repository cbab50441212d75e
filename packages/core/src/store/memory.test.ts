import { describe, expect, it } from 'vitest'
import { runStoreContract } from '../testing/store-contract'
import { createMemoryStore } from './memory'
import { type StoredResult, storeKey } from './types'

runStoreContract('memory', async () => createMemoryStore(), {
  // One process has one memory store: the two "replicas" are two handles on the same instance.
  createShared: async () => {
    const store = createMemoryStore()
    return [store, store]
  },
  // The model of concurrent runs is cheapest here (no I/O): many more seeds than the networked stores.
  modelTrials: 1000,
})

const sent: StoredResult = { outcome: 'sent', code: 'HTTP_2XX', at: 1 }

describe('memory store bounds', () => {
  it('evicts the oldest entries past maxEntries', async () => {
    const store = createMemoryStore({ maxEntries: 3 })
    for (const k of ['a', 'b', 'c', 'd']) {
      const token = await store.acquire(k, 60_000)
      await store.complete(k, token!, { ...sent, code: k }, 60_000)
    }
    expect(await store.get('a')).toBeUndefined()
    expect((await store.get('b'))?.code).toBe('b')
    expect((await store.get('d'))?.code).toBe('d')
  })

  it('keeps 10,000 results by default', async () => {
    const store = createMemoryStore()
    for (let i = 0; i <= 10_000; i++) {
      const key = `k${i}`
      const token = await store.acquire(key, 60_000)
      await store.complete(key, token!, sent, 60_000)
    }
    expect(await store.get('k0')).toBeUndefined()
    expect(await store.get('k1')).toEqual(sent)
    expect(await store.get('k10000')).toEqual(sent)
  })

  it('counts a rewritten key as new', async () => {
    const store = createMemoryStore({ maxEntries: 2 })
    await store.complete('a', 't', sent, 60_000)
    await store.complete('b', 't', sent, 60_000)
    await store.complete('a', 't', { ...sent, code: 'again' }, 60_000)
    await store.complete('c', 't', sent, 60_000)
    expect(await store.get('b')).toBeUndefined()
    expect((await store.get('a'))?.code).toBe('again')
  })

  it('evicts exactly the oldest entries through long runs of locks, rewrites, releases and expiries', async () => {
    // A model of the documented order (least recently written goes first) against the store's
    // kept eviction cursor: mostly new bhids as in production, some retries of recent ones, and
    // after every step one recent key must be remembered exactly as the model says.
    let now = 0
    const max = 50
    const store = createMemoryStore({ maxEntries: max, now: () => now })
    type Model = { result: boolean; lockUntil?: number; resultUntil?: number }
    const model = new Map<string, Model>()
    const tokens = new Map<string, string>()
    const touch = (key: string, value: Model) => {
      model.delete(key)
      model.set(key, value)
      while (model.size > max) model.delete(model.keys().next().value!)
    }
    const sweep = (key: string) => {
      const e = model.get(key)
      if (!e) return
      if (e.resultUntil !== undefined && e.resultUntil <= now) {
        e.result = false
        delete e.resultUntil
      }
      if (e.lockUntil !== undefined && e.lockUntil <= now) delete e.lockUntil
      if (!e.result && e.lockUntil === undefined) model.delete(key)
    }
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    let newest = 0
    const recent = () => `k${Math.max(0, newest - random(80))}`
    for (let step = 0; step < 20_000; step++) {
      now += random(3)
      const op = random(10)
      const key = op < 4 ? `k${++newest}` : recent()
      sweep(key)
      if (op < 6) {
        const token = await store.acquire(key, 300)
        expect(token === null, `acquire ${key} at step ${step}`).toBe(
          model.get(key)?.lockUntil !== undefined,
        )
        if (token !== null) {
          tokens.set(key, token)
          const before = model.get(key)
          touch(key, {
            result: before?.result ?? false,
            lockUntil: now + 300,
            ...(before?.resultUntil !== undefined ? { resultUntil: before.resultUntil } : {}),
          })
        }
      } else if (op < 8) {
        const token = tokens.get(key) ?? 'other'
        const e = model.get(key)
        const keepLock = e?.lockUntil !== undefined && token === 'other'
        await store.complete(key, token, sent, 100_000)
        touch(key, {
          result: true,
          resultUntil: now + 100_000,
          ...(keepLock ? { lockUntil: e.lockUntil } : {}),
        })
      } else if (op < 9) {
        const token = tokens.get(key)
        if (token !== undefined) {
          tokens.delete(key)
          await store.release(key, token)
          const e = model.get(key)
          if (e?.lockUntil !== undefined) {
            delete e.lockUntil
            if (!e.result) model.delete(key)
          }
        }
      }
      const probe = recent()
      sweep(probe)
      expect((await store.get(probe)) !== undefined, `${probe} at step ${step}`).toBe(
        model.get(probe)?.result === true,
      )
    }
  })

  it('expires results and locks on its clock', async () => {
    let now = 1_000
    const store = createMemoryStore({ now: () => now })
    const token = await store.acquire('k', 100)
    expect(await store.acquire('k', 100)).toBeNull()
    now += 100
    expect(await store.acquire('k', 100)).not.toBeNull()
    await store.complete('k', token!, sent, 50)
    now += 49
    expect(await store.get('k')).toEqual(sent)
    now += 1
    expect(await store.get('k')).toBeUndefined()
  })

  it('keeps another holder lock when an old holder completes', async () => {
    let now = 0
    const store = createMemoryStore({ now: () => now })
    const stale = await store.acquire('k', 10)
    now = 20
    const current = await store.acquire('k', 10_000)
    await store.complete('k', stale!, sent, 60_000)
    expect(await store.get('k')).toEqual(sent)
    expect(await store.acquire('k', 10_000)).toBeNull()
    await store.release('k', current!)
    expect(await store.acquire('k', 10_000)).not.toBeNull()
  })
})

describe('storeKey', () => {
  it('joins connector id and bhid', () => {
    expect(storeKey('klaviyo', '24a5be6c83010001')).toBe('klaviyo:24a5be6c83010001')
  })
})
