import { describe, expect, it } from 'vitest'
import type { JournalWrite } from '../journal/types'
import { runStoreContract } from '../testing/store-contract'
import { createMemoryStore } from './memory'
import { namespacedKey, namespacedStore } from './namespaced'
import { type StoredResult, storeKey } from './types'

// A namespaced view is a store like any other.
runStoreContract('namespaced memory', async () => namespacedStore(createMemoryStore(), 'acme'), {
  createShared: async () => {
    const store = createMemoryStore()
    return [namespacedStore(store, 'acme'), namespacedStore(store, 'acme')]
  },
  modelTrials: 200,
})

const sent: StoredResult = { outcome: 'sent', code: 'HTTP_2XX', at: 1 }
const line = (connector: string, bhid: string, at: number): JournalWrite => ({
  bhid,
  name: 'Points Earned',
  eventTime: '2026-01-01T00:00:00Z',
  route: '/t/x/hooks/SendEvent1',
  connector,
  outcome: 'sent',
  code: 'HTTP_2XX',
  at,
  durationMs: 3,
})

describe('namespacedStore', () => {
  it('keeps the same key of two namespaces apart, and apart from the plain key', async () => {
    const shared = createMemoryStore()
    const acme = namespacedStore(shared, 'acme')
    const globex = namespacedStore(shared, 'globex')
    const key = storeKey('klaviyo', 'bh_1')
    const token = await acme.acquire(key, 60_000)
    expect(token).not.toBeNull()
    // Another tenant's lock on the same bhid is its own.
    expect(await globex.acquire(key, 60_000)).not.toBeNull()
    expect(await shared.acquire(key, 60_000)).not.toBeNull()
    await acme.complete(key, token!, sent, 60_000)
    expect(await acme.get(key)).toEqual(sent)
    expect(await globex.get(key)).toBeUndefined()
    expect(await shared.get(key)).toBeUndefined()
    expect(await shared.get(namespacedKey('acme', key))).toEqual(sent)
    expect(namespacedKey('acme', key)).toBe('t/acme/klaviyo:bh_1')
  })

  it('records journal lines per namespace and lists only its own, connector ids as written', async () => {
    const shared = createMemoryStore()
    const acme = namespacedStore(shared, 'acme')
    const globex = namespacedStore(shared, 'globex')
    const retention = { retentionMs: 86_400_000 }
    await acme.journal!.record([line('klaviyo', 'bh_1', Date.now())], retention)
    await globex.journal!.record([line('klaviyo', 'bh_1', Date.now() + 1)], retention)
    await shared.journal!.record([line('klaviyo', 'bh_1', Date.now() + 2)], retention)
    const mine = await acme.journal!.list({})
    expect(mine.map((l) => [l.connector, l.bhid, l.attempts])).toEqual([['klaviyo', 'bh_1', 1]])
    const filtered = await globex.journal!.list({ connector: 'klaviyo' })
    expect(filtered.map((l) => [l.connector, l.attempts])).toEqual([['klaviyo', 1]])
    expect((await shared.journal!.list({})).map((l) => l.connector).sort()).toEqual([
      'acme/klaviyo',
      'globex/klaviyo',
      'klaviyo',
    ])
  })
})
