/**
 * The event journal: per (event, connector), the latest state of its delivery (outcome, code,
 * attempts, times, vendor status) and, when kept, the event body for a replay. It lives in the
 * store (`HookStore.journal`), so every replica and the CLI see the same lines. Bodies hold the
 * customer's email and properties (PII): callers decide when to keep one (see `JournalWrite.body`).
 * @module
 */
import type { Outcome } from '../outcome'
import { OUTCOMES } from '../outcome'

/** One connector's run of one event, as the handler (or a replay) records it. */
export interface JournalWrite {
  readonly bhid: string
  /** The event name, e.g. `Points Earned`. */
  readonly name: string
  /** The event's own time, as Bubblehouse sent it (RFC 3339). */
  readonly eventTime: string
  /** The path the event was posted to, e.g. `/hooks/SendEvent1`; `replay` for a replay. */
  readonly route: string
  readonly connector: string
  readonly outcome: Outcome
  /** The rule or decision that set the outcome, e.g. `HTTP_2XX`. */
  readonly code: string
  /** When this attempt started, ms since epoch. */
  readonly at: number
  readonly durationMs: number
  readonly vendorStatus?: number | undefined
  /**
   * The event as JSON, to keep for a replay; `undefined` drops a body kept by an earlier attempt
   * (the last outcome no longer needs one).
   */
  readonly body?: string | undefined
}

/** The latest state of one (event, connector). */
export interface JournalEntry {
  readonly bhid: string
  readonly name: string
  readonly eventTime: string
  /** The route of the last attempt. */
  readonly route: string
  readonly connector: string
  readonly outcome: Outcome
  readonly code: string
  /** How many times this connector ran this event (Bubblehouse's retries and replays). */
  readonly attempts: number
  readonly firstAttemptAt: number
  readonly lastAttemptAt: number
  readonly durationMs: number
  readonly vendorStatus?: number
  /** Only when asked for ({@link JournalQuery.withBody}) and kept. */
  readonly body?: string
}

/** Which lines {@link EventJournal.list} gives, newest (last attempt) first. */
export interface JournalQuery {
  readonly outcome?: Outcome | undefined
  readonly connector?: string | undefined
  /** Any of these bhids. */
  readonly bhids?: readonly string[] | undefined
  /** Last attempt at or after this, ms since epoch. */
  readonly since?: number | undefined
  /** At most this many; default 100. */
  readonly limit?: number | undefined
  /** Include kept bodies. */
  readonly withBody?: boolean | undefined
}

/** How long lines are kept, and (for a bounded store) how many. */
export interface JournalRetention {
  /** A line not attempted for this long is dropped. */
  readonly retentionMs: number
  /** Most lines a bounded store keeps; the oldest go first. Stores may ignore it (SQLite). */
  readonly maxEntries?: number | undefined
}

/** The journal API a store may offer (`HookStore.journal`). Every method may reject. */
export interface EventJournal {
  /**
   * Record the runs of one event (one line per connector, updated in place: attempts + 1, first
   * attempt kept) in one round trip.
   */
  record(writes: readonly JournalWrite[], retention: JournalRetention): Promise<void>
  /** Lines matching `query`, newest first. */
  list(query: JournalQuery): Promise<JournalEntry[]>
}

/** The default and largest page of {@link EventJournal.list}. */
export const JOURNAL_DEFAULT_LIMIT = 100
export const JOURNAL_MAX_LIMIT = 10_000

/** One line's identity: connector ids contain no `:`, so the first `:` splits it. */
export function journalMember(connector: string, bhid: string): string {
  return `${connector}:${bhid}`
}

/** The limit a query asks for, within bounds. */
export function journalLimit(query: JournalQuery): number {
  return Math.min(Math.max(1, Math.floor(query.limit ?? JOURNAL_DEFAULT_LIMIT)), JOURNAL_MAX_LIMIT)
}

/** True when `entry` passes the query's filters (not its limit). */
export function matchesJournalQuery(entry: JournalEntry, query: JournalQuery): boolean {
  if (query.outcome !== undefined && entry.outcome !== query.outcome) return false
  if (query.connector !== undefined && entry.connector !== query.connector) return false
  if (query.bhids !== undefined && !query.bhids.includes(entry.bhid)) return false
  if (query.since !== undefined && entry.lastAttemptAt < query.since) return false
  return true
}

/** The next state of a line after `write` (`previous` undefined for a new line). */
export function nextJournalEntry(
  previous: JournalEntry | undefined,
  write: JournalWrite,
): JournalEntry {
  return {
    bhid: write.bhid,
    name: write.name,
    eventTime: write.eventTime,
    route: write.route,
    connector: write.connector,
    outcome: write.outcome,
    code: write.code,
    attempts: (previous?.attempts ?? 0) + 1,
    firstAttemptAt: previous?.firstAttemptAt ?? write.at,
    lastAttemptAt: write.at,
    durationMs: write.durationMs,
    ...(write.vendorStatus !== undefined ? { vendorStatus: write.vendorStatus } : {}),
    ...(write.body !== undefined ? { body: write.body } : {}),
  }
}

const isOutcome = (value: unknown): value is Outcome =>
  (OUTCOMES as readonly unknown[]).includes(value)

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

/**
 * A line read back from storage (a row, a Redis hash of strings), or `undefined` when a field is
 * missing or of the wrong type: stores never trust what they read. Numbers may come as strings.
 */
export function asJournalEntry(value: unknown, withBody: boolean): JournalEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const { bhid, name, eventTime, route, connector, outcome, code } = v
  const attempts = num(v.attempts)
  const firstAttemptAt = num(v.firstAttemptAt)
  const lastAttemptAt = num(v.lastAttemptAt)
  const durationMs = num(v.durationMs)
  const vendorStatus = num(v.vendorStatus)
  const strings = [bhid, name, eventTime, route, connector, code]
  if (!strings.every((s) => typeof s === 'string') || !isOutcome(outcome)) return undefined
  if (
    attempts === undefined ||
    firstAttemptAt === undefined ||
    lastAttemptAt === undefined ||
    durationMs === undefined
  ) {
    return undefined
  }
  return {
    bhid: bhid as string,
    name: name as string,
    eventTime: eventTime as string,
    route: route as string,
    connector: connector as string,
    outcome,
    code: code as string,
    attempts,
    firstAttemptAt,
    lastAttemptAt,
    durationMs,
    ...(vendorStatus !== undefined ? { vendorStatus } : {}),
    ...(withBody && typeof v.body === 'string' && v.body !== '' ? { body: v.body } : {}),
  }
}
