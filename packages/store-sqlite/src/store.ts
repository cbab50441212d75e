/**
 * The SQLite store: better-sqlite3 on one file in WAL mode, so results and locks survive restarts
 * and several processes on one machine can share the file.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type HookStore, StoreUnavailableError } from '@bubblehouse-hooks/core'
import Database from 'better-sqlite3'
import { decodeResult } from './decode'
import { createSqliteJournal } from './journal'
import { CREATE_JOURNAL, SWEEP_JOURNAL } from './journal-schema'
import { ACQUIRE, COMPLETE, CREATE_TABLE, PING, RELEASE, SELECT_RESULT, SWEEP } from './schema'

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The database file. It and its parent directory are created owner-only (0600 / 0700) when
   * missing; SQLite gives the -wal and -shm files the file's mode. `:memory:` for a throwaway store.
   */
  readonly path: string
  /** How often expired rows are deleted, in ms. Default 60 000; 0 turns the timer off. */
  readonly sweepIntervalMs?: number
  /**
   * How long a write waits for another connection's write lock before it fails, in ms. Default
   * 2000. better-sqlite3 is synchronous, so the wait blocks the event loop: keep it short.
   */
  readonly busyTimeoutMs?: number
  /** For tests: the clock, ms since epoch. */
  readonly now?: () => number
}

/** A {@link HookStore} on SQLite, plus the sweep the timer runs. */
export interface SqliteHookStore extends HookStore {
  /** Delete every row whose result and lock have both expired, and journal lines past their retention; resolves how many went. */
  sweep(): Promise<number>
}

const SWEEP_BATCH = 500

/**
 * Open (or create) a SQLite store. Opening is synchronous and throws a
 * `StoreUnavailableError` (code `ERR_STORE_UNAVAILABLE`) when the file cannot be opened.
 * @example
 * const store = createSqliteStore({ path: './data/hooks.db' })
 * createHookHandler({ auth, connectors, store })
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteHookStore {
  const now = options.now ?? Date.now
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000
  const db = open(options.path, options.busyTimeoutMs ?? 2_000)

  const selectResult = db.prepare<{ key: string; now: number }>(SELECT_RESULT)
  const acquire = db.prepare<{ key: string; token: string; lockExpiresAt: number; now: number }>(
    ACQUIRE,
  )
  const complete = db.prepare<{
    key: string
    token: string
    outcome: string
    code: string
    at: number
    resultExpiresAt: number
  }>(COMPLETE)
  const release = db.prepare<{ key: string; token: string }>(RELEASE)
  const probe = db.prepare(PING)
  const sweeps = [...SWEEP, SWEEP_JOURNAL].map((sql) =>
    db.prepare<{ now: number; limit: number }>(sql),
  )

  let closed = false
  // Every call goes through here: a closed store and SQLite errors (SQLITE_BUSY past the busy
  // timeout, a full disk, a read-only file) become StoreUnavailableError, so the handler answers
  // `failure` and Bubblehouse retries.
  const run = async <T>(operation: string, fn: () => T): Promise<T> => {
    if (closed) throw new StoreUnavailableError(`sqlite ${operation}: the store is closed`)
    try {
      return fn()
    } catch (err) {
      throw new StoreUnavailableError(`sqlite ${operation} failed: ${describe(err)}`, {
        cause: err,
      })
    }
  }

  const sweepNow = (): number => {
    let deleted = 0
    const t = now()
    for (const statement of sweeps) {
      for (;;) {
        const { changes } = statement.run({ now: t, limit: SWEEP_BATCH })
        deleted += changes
        if (changes < SWEEP_BATCH) break
      }
    }
    return deleted
  }

  const timer =
    sweepIntervalMs > 0
      ? setInterval(() => {
          // A busy or failing sweep is retried on the next tick; reads check expiry themselves.
          if (!closed) void run('sweep', sweepNow).catch(() => {})
        }, sweepIntervalMs)
      : undefined
  timer?.unref()

  const freeQuietly = (key: string, token: string) => {
    try {
      release.run({ key, token })
    } catch {
      // The lock then expires with its TTL.
    }
  }
  const read = (key: string) => decodeResult(selectResult.get({ key, now: now() }))
  const take = (key: string, ttlMs: number) => {
    const t = now()
    const token = randomUUID()
    const { changes } = acquire.run({ key, token, lockExpiresAt: t + ttlMs, now: t })
    return changes === 1 ? token : null
  }

  return {
    get: (key) => run('get', () => read(key)),
    acquire: (key, ttlMs) => run('acquire', () => take(key, ttlMs)),
    acquireAndGet: (key, ttlMs) =>
      run('acquireAndGet', () => {
        const token = take(key, ttlMs)
        try {
          return { token, stored: read(key) }
        } catch (err) {
          // Not knowing the stored result, the caller may not deliver: give the lock back now
          // rather than make every copy of the event wait for its expiry.
          if (token !== null) freeQuietly(key, token)
          throw err
        }
      }),
    complete: (key, token, result, ttlMs) =>
      run('complete', () => {
        complete.run({
          key,
          token,
          outcome: result.outcome,
          code: result.code,
          at: result.at,
          resultExpiresAt: now() + ttlMs,
        })
      }),
    release: (key, token) =>
      run('release', () => {
        release.run({ key, token })
      }),
    ping: () =>
      run('ping', () => {
        probe.get()
      }),
    sweep: () => run('sweep', sweepNow),
    journal: createSqliteJournal(db, run, now),
    async close() {
      if (closed) return
      closed = true
      if (timer) clearInterval(timer)
      db.close()
    },
  }
}

function open(path: string, busyTimeoutMs: number): Database.Database {
  try {
    if (path !== ':memory:') {
      // The file holds every event's bhid and outcome: no one else needs to read it. Existing
      // folders and files keep their modes; only what is created here is owner-only.
      mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 })
      closeSync(openSync(path, 'a', 0o600))
    }
    // `timeout` is SQLite's busy_timeout, set at open: switching to WAL and creating the table
    // also need the write lock, which another process opening the same file may hold.
    const db = new Database(path, { timeout: busyTimeoutMs })
    db.pragma('journal_mode = WAL')
    // In WAL mode NORMAL loses nothing on a process crash; only an OS crash or power cut can drop
    // the last commits. FULL would fsync on every write and block the event loop.
    db.pragma('synchronous = NORMAL')
    db.exec(CREATE_TABLE)
    db.exec(CREATE_JOURNAL)
    return db
  } catch (err) {
    throw new StoreUnavailableError(`cannot open the SQLite store at ${path}: ${describe(err)}`, {
      cause: err,
    })
  }
}

/** The SQLite error code and message (they name no data, only the failure). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const code = 'code' in err && typeof err.code === 'string' ? `${err.code}: ` : ''
  return `${code}${err.message}`
}
