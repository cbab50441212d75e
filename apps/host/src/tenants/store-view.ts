/**
 * One tenant's view of the shared store, for reading its journal and replaying (`events`,
 * `replay`, the console): a `tenants.<id>` tenant sees core's `namespacedStore(store, id)`, as
 * its handler writes; the default tenant sees the store itself, but its journal without the
 * other tenants' lines (stored with connector `<id>/<connector>`; connector ids hold no `/`).
 * @module
 */
import {
  type EventJournal,
  type HookStore,
  JOURNAL_MAX_LIMIT,
  type JournalEntry,
  journalLimit,
  namespacedStore,
} from '@bubblehouse-hooks/core'
import { DEFAULT_TENANT } from '../config/schema'

const ownLine = (line: JournalEntry) => !line.connector.includes('/')

/**
 * The shared journal without namespaced lines. One read when the page holds none (a config
 * without tenants); otherwise up to {@link JOURNAL_MAX_LIMIT} shared lines are read and filtered.
 */
function defaultJournal(journal: EventJournal): EventJournal {
  return {
    record: (writes, retention) => journal.record(writes, retention),
    async list(query) {
      const lines = await journal.list(query)
      const own = lines.filter(ownLine)
      if (own.length === lines.length || query.connector !== undefined) return own
      const wider = await journal.list({ ...query, limit: JOURNAL_MAX_LIMIT })
      return wider.filter(ownLine).slice(0, journalLimit(query))
    },
  }
}

/**
 * @example
 * tenantStore(store, 'acme').journal?.list({ limit: 50 }) // acme's lines, plain connector ids
 */
export function tenantStore(store: HookStore, id: string): HookStore {
  if (id !== DEFAULT_TENANT) return namespacedStore(store, id)
  const journal = store.journal
  if (!journal) return store
  const acquireAndGet = store.acquireAndGet?.bind(store)
  return {
    get: (k) => store.get(k),
    acquire: (k, ttlMs) => store.acquire(k, ttlMs),
    ...(acquireAndGet ? { acquireAndGet } : {}),
    complete: (k, token, result, ttlMs) => store.complete(k, token, result, ttlMs),
    release: (k, token) => store.release(k, token),
    ping: () => store.ping(),
    close: () => store.close(),
    journal: defaultJournal(journal),
  }
}
