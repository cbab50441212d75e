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
