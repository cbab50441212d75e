/**
 * @bubblehouse-hooks/store-sqlite: the embedded store for one host process (or a few on one
 * machine). Terminal results and in-flight locks live in one SQLite file (better-sqlite3, WAL), so
 * a bhid delivered before a restart is not delivered again after it.
 * @module
 */

export { createSqliteStore, type SqliteHookStore, type SqliteStoreOptions } from './store'
