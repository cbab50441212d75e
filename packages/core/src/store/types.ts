/**
 * The store API: terminal results per (connector, bhid) for dedupe, and in-flight locks so a
 * duplicate arriving while the first delivery runs never calls the vendor twice.
 * Implementations: memory (core), SQLite and Redis packages; all pass `runStoreContract`.
 * @module
 */
import type { EventJournal } from '../journal/types'
import type { TerminalOutcome } from '../outcome'

/** A terminal result as stored. */
export interface StoredResult {
  /** The terminal outcome (a `failure` is never stored). */
  readonly outcome: TerminalOutcome
  /** The Result code, e.g. `HTTP_2XX`. */
  readonly code: string
  /** When it was recorded, ms since epoch. */
  readonly at: number
}

/** What {@link HookStore.acquireAndGet} gives. */
export interface AcquiredAndRead {
  /** The lock token, or `null` when someone else holds the lock. */
  readonly token: string | null
  /** The stored terminal result, read after the lock was tried. */
  readonly stored: StoredResult | undefined
}

/** A store. Every method may reject (e.g. Redis down); the handler then answers `failure`. */
export interface HookStore {
  /** The stored terminal result for `key`, if any and not expired. */
  get(key: string): Promise<StoredResult | undefined>
  /**
   * Take the in-flight lock on `key` for `ttlMs`. Resolves a token when taken, `null` when someone
   * else holds it. The TTL frees the lock if its holder crashes.
   */
  acquire(key: string, ttlMs: number): Promise<string | null>
  /**
   * Optional: {@link acquire}, then {@link get}, in one round trip (a networked store pipelines
   * the two). The result is read after the lock is tried, whether or not it was taken. Core uses
   * it when present, so a delivered event costs two round trips (this and `complete`), not three.
   */
  acquireAndGet?(key: string, ttlMs: number): Promise<AcquiredAndRead>
  /** Record a terminal result for `ttlMs` and free the lock if `token` still holds it. */
  complete(key: string, token: string, result: StoredResult, ttlMs: number): Promise<void>
  /** Free the lock if `token` still holds it (after `failure`). */
  release(key: string, token: string): Promise<void>
  /** Resolves when the store is reachable (for `/readyz`). */
  ping(): Promise<void>
  /** Close connections and files; after it every call rejects with `StoreUnavailableError`. */
  close(): Promise<void>
  /**
   * Optional: the event journal (delivery log and replay bodies) in the same backend. All three
   * stores of this repo offer it; `runStoreContract` checks it when present.
   */
  readonly journal?: EventJournal
}

/**
 * The key of one connector's delivery of one event. Connector ids cannot contain `:`, so the key
 * is unambiguous.
 */
export function storeKey(connectorId: string, bhid: string): string {
  return `${connectorId}:${bhid}`
}

/** True for the four outcomes a store records (everything but `failure`). */
export function isTerminalOutcomeValue(value: unknown): value is TerminalOutcome {
  return (
    value === 'sent' || value === 'skipped' || value === 'invalid_data' || value === 'unsubscribed'
  )
}

/**
 * A {@link StoredResult} read back from storage (a SQLite row, a parsed Redis value), or
 * `undefined` when a field is missing or of the wrong type: stores never trust what they read.
 * @example
 * asStoredResult(JSON.parse(value)) // { outcome: 'sent', code: 'HTTP_2XX', at: 1700000000000 } | undefined
 */
export function asStoredResult(value: unknown): StoredResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  if (!('outcome' in value) || !('code' in value) || !('at' in value)) return undefined
  const { outcome, code, at } = value
  if (!isTerminalOutcomeValue(outcome) || typeof code !== 'string' || typeof at !== 'number') {
    return undefined
  }
  return { outcome, code, at }
}
