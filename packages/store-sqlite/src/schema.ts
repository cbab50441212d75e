/**
 * The dedupe table and every statement the SQLite store runs on it (the journal's are in
 * journal-schema.ts). Each write is a single statement, so SQLite makes it atomic across
 * connections and processes without an explicit transaction.
 * @module
 */

/** The table name; one row per store key. */
export const TABLE = 'hook_store'

/**
 * `result_*` columns hold the terminal result (NULL when none), `lock_*` the in-flight lock (NULL
 * when free). Times are ms since epoch. The index serves the sweep.
 */
export const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS ${TABLE} (
  key TEXT PRIMARY KEY NOT NULL,
  outcome TEXT,
  code TEXT,
  at INTEGER,
  result_expires_at INTEGER,
  lock_token TEXT,
  lock_expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${TABLE}_result_expires_at ON ${TABLE} (result_expires_at);
`

/** The live result of a key. */
export const SELECT_RESULT = `
SELECT outcome, code, at FROM ${TABLE} WHERE key = @key AND result_expires_at > @now`

/**
 * Take the lock when it is free or expired. The upsert's WHERE leaves a live lock alone, so
 * `changes` is 1 exactly when this call took the lock.
 */
export const ACQUIRE = `
INSERT INTO ${TABLE} (key, lock_token, lock_expires_at) VALUES (@key, @token, @lockExpiresAt)
ON CONFLICT (key) DO UPDATE SET
  lock_token = excluded.lock_token,
  lock_expires_at = excluded.lock_expires_at
WHERE ${TABLE}.lock_token IS NULL OR ${TABLE}.lock_expires_at <= @now`

/**
 * Record the result and free the lock only if `token` still holds it. SET expressions read the old
 * row, so both CASEs compare against the lock as it was.
 */
export const COMPLETE = `
INSERT INTO ${TABLE} (key, outcome, code, at, result_expires_at)
VALUES (@key, @outcome, @code, @at, @resultExpiresAt)
ON CONFLICT (key) DO UPDATE SET
  outcome = excluded.outcome,
  code = excluded.code,
  at = excluded.at,
  result_expires_at = excluded.result_expires_at,
  lock_token = CASE WHEN lock_token = @token THEN NULL ELSE lock_token END,
  lock_expires_at = CASE WHEN lock_token = @token THEN NULL ELSE lock_expires_at END`

/** Reads the table: proves the file is open and readable (for `/readyz`). */
export const PING = `SELECT 1 FROM ${TABLE} LIMIT 1`

/** Free the lock if `token` holds it. A row left with neither result nor lock goes at the sweep. */
export const RELEASE = `
UPDATE ${TABLE} SET lock_token = NULL, lock_expires_at = NULL
WHERE key = @key AND lock_token = @token`

const DEAD_LOCK = '(lock_expires_at IS NULL OR lock_expires_at <= @now)'

/**
 * Delete up to `@limit` rows whose result and lock are both gone or expired. Two statements so each
 * can use the index (an OR across NULL and a range would scan the table).
 */
export const SWEEP = [
  `DELETE FROM ${TABLE} WHERE key IN (SELECT key FROM ${TABLE}
    WHERE result_expires_at <= @now AND ${DEAD_LOCK} LIMIT @limit)`,
  `DELETE FROM ${TABLE} WHERE key IN (SELECT key FROM ${TABLE}
    WHERE result_expires_at IS NULL AND ${DEAD_LOCK} LIMIT @limit)`,
] as const
