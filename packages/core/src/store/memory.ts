/** A bounded in-memory store with TTL: for tests, embedding and single-process hosts. @module */
import { StoreUnavailableError } from '../errors'
import { createMemoryJournal } from '../journal/memory'
import type { HookStore, StoredResult } from './types'

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Most entries kept; the oldest are evicted first. Default 10 000: RSS stays flat (bench/RESULTS.md), where 100 000 added ~100 MB. */
  readonly maxEntries?: number
  /** For tests: the clock. */
  readonly now?: () => number
}

interface Entry {
  result?: StoredResult
  resultExpiresAt?: number
  lockToken?: string
  lockExpiresAt?: number
}

/**
 * A bounded in-memory {@link HookStore} with TTLs: for tests, embedding and single-process hosts.
 * Past `maxEntries` the least recently written entries are dropped (their results are forgotten,
 * so a very old duplicate could be delivered again). Its state dies with the process, or with
 * `close()`, after which every call rejects with a {@link StoreUnavailableError} like any store's.
 * @example
 * const store = createMemoryStore({ maxEntries: 10_000 })
 * createHookHandler({ auth, connectors, store })
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): HookStore {
  const max = options.maxEntries ?? 10_000
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()
  let closed = false
  const assertOpen = () => {
    if (closed) throw new StoreUnavailableError('memory store is closed')
  }

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key)
    if (!entry) return undefined
    const t = now()
    if (entry.resultExpiresAt !== undefined && entry.resultExpiresAt <= t) {
      delete entry.result
      delete entry.resultExpiresAt
    }
    if (entry.lockExpiresAt !== undefined && entry.lockExpiresAt <= t) {
      delete entry.lockToken
      delete entry.lockExpiresAt
    }
    if (!entry.result && !entry.lockToken) {
      entries.delete(key)
      return undefined
    }
    return entry
  }

  const put = (key: string, entry: Entry) => {
    entries.delete(key)
    entries.set(key, entry)
    while (entries.size > max) {
      const oldest = entries.keys().next().value
      if (oldest === undefined) break
      entries.delete(oldest)
    }
  }

  const take = (key: string, ttlMs: number): string | null => {
    const entry = live(key) ?? {}
    if (entry.lockToken) return null
    const token = crypto.randomUUID()
    put(key, { ...entry, lockToken: token, lockExpiresAt: now() + ttlMs })
    return token
  }

  return {
    async get(key) {
      assertOpen()
      return live(key)?.result
    },
    async acquire(key, ttlMs) {
      assertOpen()
      return take(key, ttlMs)
    },
    async acquireAndGet(key, ttlMs) {
      assertOpen()
      const token = take(key, ttlMs)
      return { token, stored: live(key)?.result }
    },
    async complete(key, token, result, ttlMs) {
      assertOpen()
      const entry = live(key) ?? {}
      const next: Entry = { result, resultExpiresAt: now() + ttlMs }
      if (entry.lockToken && entry.lockToken !== token) {
        next.lockToken = entry.lockToken
        if (entry.lockExpiresAt !== undefined) next.lockExpiresAt = entry.lockExpiresAt
      }
      put(key, next)
    },
    async release(key, token) {
      assertOpen()
      const entry = live(key)
      if (entry?.lockToken !== token) return
      delete entry.lockToken
      delete entry.lockExpiresAt
      if (!entry.result) entries.delete(key)
    },
    async ping() {
      assertOpen()
    },
    async close() {
      closed = true
      entries.clear()
    },
    journal: createMemoryJournal(now, assertOpen),
  }
}
