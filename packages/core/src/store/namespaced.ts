/**
 * One store shared by several tenants (shops) of one deployment: each tenant sees its own keys,
 * so the same `bhid` in two tenants is two events (two dedupe results, two locks, two journal
 * lines). The namespace is a key prefix, `t/<namespace>/`: connector ids hold no `/`, so a
 * namespaced key never equals an un-namespaced one (`klaviyo:<bhid>`).
 * @module
 */
import {
  type EventJournal,
  JOURNAL_MAX_LIMIT,
  type JournalEntry,
  type JournalQuery,
  journalLimit,
} from '../journal/types'
import type { HookStore } from './types'

/**
 * The key `key` (a {@link storeKey}) has in `namespace`.
 * @example
 * namespacedKey('acme', storeKey('klaviyo', 'bh_1')) // 't/acme/klaviyo:bh_1'
 */
export function namespacedKey(namespace: string, key: string): string {
  return `t/${namespace}/${key}`
}

/**
 * Journal lines of a namespace carry the connector as `<namespace>/<connector>` in the shared
 * journal, and are read back with the plain connector id. A listing without a connector filter
 * reads up to {@link JOURNAL_MAX_LIMIT} shared lines and keeps this namespace's.
 */
function namespacedJournal(journal: EventJournal, namespace: string): EventJournal {
  const prefix = `${namespace}/`
  return {
    record: (writes, retention) =>
      journal.record(
        writes.map((write) => ({ ...write, connector: prefix + write.connector })),
        retention,
      ),
    async list(query: JournalQuery): Promise<JournalEntry[]> {
      const limit = journalLimit(query)
      const lines = await journal.list({
        ...query,
        ...(query.connector !== undefined
          ? { connector: prefix + query.connector }
          : { limit: JOURNAL_MAX_LIMIT }),
      })
      return lines
        .filter((line) => line.connector.startsWith(prefix))
        .slice(0, limit)
        .map((line) => ({ ...line, connector: line.connector.slice(prefix.length) }))
    },
  }
}

/**
 * `store` seen by one tenant: every key is {@link namespacedKey}, and the journal (when the store
 * has one) is namespaced too. `ping` and `close` reach the shared store: closing is the owner's
 * job, so a tenant removed on reload must not call `close`.
 * @example
 * createRawHookHandler({ auth, connectors, store: namespacedStore(shared, 'acme') })
 */
export function namespacedStore(store: HookStore, namespace: string): HookStore {
  const key = (k: string) => namespacedKey(namespace, k)
  const acquireAndGet = store.acquireAndGet?.bind(store)
  return {
    get: (k) => store.get(key(k)),
    acquire: (k, ttlMs) => store.acquire(key(k), ttlMs),
    ...(acquireAndGet
      ? { acquireAndGet: (k: string, ttlMs: number) => acquireAndGet(key(k), ttlMs) }
      : {}),
    complete: (k, token, result, ttlMs) => store.complete(key(k), token, result, ttlMs),
    release: (k, token) => store.release(key(k), token),
    ping: () => store.ping(),
    close: () => store.close(),
    ...(store.journal ? { journal: namespacedJournal(store.journal, namespace) } : {}),
  }
}
