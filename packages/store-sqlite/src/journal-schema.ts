/**
 * The journal table and its statements: one row per (connector, bhid), upserted so attempts count
 * up and the first attempt stays; `expires_at` (last attempt + retention) drives reads and the sweep.
 * @module
 */

/** The table name. */
export const JOURNAL_TABLE = 'hook_journal'

/** Times are ms since epoch; `body` is the event JSON when kept, else NULL. */
export const CREATE_JOURNAL = `
CREATE TABLE IF NOT EXISTS ${JOURNAL_TABLE} (
  connector TEXT NOT NULL,
  bhid TEXT NOT NULL,
  name TEXT NOT NULL,
  event_time TEXT NOT NULL,
  route TEXT NOT NULL,
  outcome TEXT NOT NULL,
  code TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  first_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  vendor_status INTEGER,
  body TEXT,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (connector, bhid)
);
CREATE INDEX IF NOT EXISTS ${JOURNAL_TABLE}_last_attempt_at ON ${JOURNAL_TABLE} (last_attempt_at);
CREATE INDEX IF NOT EXISTS ${JOURNAL_TABLE}_expires_at ON ${JOURNAL_TABLE} (expires_at);
`

/** Insert a line, or update it: attempts + 1, the first attempt kept, everything else replaced. */
export const RECORD = `
INSERT INTO ${JOURNAL_TABLE} (connector, bhid, name, event_time, route, outcome, code, attempts,
  first_attempt_at, last_attempt_at, duration_ms, vendor_status, body, expires_at)
VALUES (@connector, @bhid, @name, @eventTime, @route, @outcome, @code, 1,
  @at, @at, @durationMs, @vendorStatus, @body, @expiresAt)
ON CONFLICT (connector, bhid) DO UPDATE SET
  name = excluded.name,
  event_time = excluded.event_time,
  route = excluded.route,
  outcome = excluded.outcome,
  code = excluded.code,
  attempts = ${JOURNAL_TABLE}.attempts + 1,
  last_attempt_at = excluded.last_attempt_at,
  duration_ms = excluded.duration_ms,
  vendor_status = excluded.vendor_status,
  body = excluded.body,
  expires_at = excluded.expires_at`

/** The columns a read gives, under the names `asJournalEntry` reads. */
export const JOURNAL_COLUMNS = `connector, bhid, name, event_time AS eventTime, route, outcome, code,
  attempts, first_attempt_at AS firstAttemptAt, last_attempt_at AS lastAttemptAt,
  duration_ms AS durationMs, vendor_status AS vendorStatus`

/** Delete up to `@limit` expired lines (the sweep runs it in batches). */
export const SWEEP_JOURNAL = `DELETE FROM ${JOURNAL_TABLE} WHERE rowid IN (SELECT rowid FROM
  ${JOURNAL_TABLE} WHERE expires_at <= @now LIMIT @limit)`

/**
 * Delete up to `@limit` lines last attempted before `@before`: run with each record, so a shorter
 * retention than the one a line was written with applies at once (the index makes it cheap).
 */
export const TRIM_JOURNAL = `DELETE FROM ${JOURNAL_TABLE} WHERE rowid IN (SELECT rowid FROM
  ${JOURNAL_TABLE} WHERE last_attempt_at < @before LIMIT @limit)`
