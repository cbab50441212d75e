/**
 * The SQLite event journal: one upserted row per (connector, bhid), a whole event's lines in one
 * transaction (one synchronous call, no network: the "one more round trip" of a journal write).
 * @module
 */
import {
  asJournalEntry,
  type EventJournal,
  type JournalQuery,
  journalLimit,
} from '@bubblehouse-hooks/core'
import type Database from 'better-sqlite3'
import { JOURNAL_COLUMNS, JOURNAL_TABLE, RECORD, TRIM_JOURNAL } from './journal-schema'

/** Most old lines one record deletes; the sweep takes the rest. */
const TRIM_BATCH = 100

/** Runs `fn` as a store call: closed-store and SQLite errors become `StoreUnavailableError`. */
type Run = <T>(operation: string, fn: () => T) => Promise<T>

/** The WHERE clause and parameters of a query (values bound, never spliced in). */
function where(query: JournalQuery, now: number): { sql: string; params: unknown[] } {
  const clauses = ['expires_at > ?']
  const params: unknown[] = [now]
  if (query.outcome !== undefined) {
    clauses.push('outcome = ?')
    params.push(query.outcome)
  }
  if (query.connector !== undefined) {
    clauses.push('connector = ?')
    params.push(query.connector)
  }
  if (query.bhids !== undefined) {
    clauses.push(`bhid IN (${query.bhids.map(() => '?').join(', ') || 'NULL'})`)
    params.push(...query.bhids)
  }
  if (query.since !== undefined) {
    clauses.push('last_attempt_at >= ?')
    params.push(query.since)
  }
  return { sql: clauses.join(' AND '), params }
}

/** The journal of a SQLite store on `db`. */
export function createSqliteJournal(
  db: Database.Database,
  run: Run,
  now: () => number,
): EventJournal {
  const record = db.prepare(RECORD)
  const trim = db.prepare<{ before: number; limit: number }>(TRIM_JOURNAL)
  const recordAll = db.transaction((rows: readonly Record<string, unknown>[], before: number) => {
    for (const row of rows) record.run(row)
    trim.run({ before, limit: TRIM_BATCH })
  })
  return {
    record: (writes, { retentionMs }) =>
      run('journal record', () => {
        recordAll(
          writes.map((w) => ({
            connector: w.connector,
            bhid: w.bhid,
            name: w.name,
            eventTime: w.eventTime,
            route: w.route,
            outcome: w.outcome,
            code: w.code,
            at: w.at,
            durationMs: w.durationMs,
            vendorStatus: w.vendorStatus ?? null,
            body: w.body ?? null,
            expiresAt: w.at + retentionMs,
          })),
          now() - retentionMs,
        )
      }),
    list: (query) =>
      run('journal list', () => {
        const { sql, params } = where(query, now())
        const columns = query.withBody ? `${JOURNAL_COLUMNS}, body` : JOURNAL_COLUMNS
        const rows = db
          .prepare(
            `SELECT ${columns} FROM ${JOURNAL_TABLE} WHERE ${sql} ORDER BY last_attempt_at DESC LIMIT ?`,
          )
          .all(...params, journalLimit(query))
        return rows.flatMap((row) => asJournalEntry(row, query.withBody === true) ?? [])
      }),
  }
}
