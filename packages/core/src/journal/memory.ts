/** The in-memory event journal of core's memory store: bounded, for tests and one process. @module */
import {
  type EventJournal,
  type JournalEntry,
  journalLimit,
  journalMember,
  matchesJournalQuery,
  nextJournalEntry,
} from './types'

/** Default bound when a write gives none. */
const DEFAULT_MAX_ENTRIES = 10_000

/**
 * A journal in a Map kept in last-attempt order (a write moves its line to the end), trimmed by
 * age and count on each write.
 */
export function createMemoryJournal(now: () => number, assertOpen: () => void): EventJournal {
  const lines = new Map<string, JournalEntry>()
  return {
    async record(writes, { retentionMs, maxEntries }) {
      assertOpen()
      for (const write of writes) {
        const member = journalMember(write.connector, write.bhid)
        const next = nextJournalEntry(lines.get(member), write)
        lines.delete(member)
        lines.set(member, next)
      }
      const oldest = now() - retentionMs
      const max = maxEntries ?? DEFAULT_MAX_ENTRIES
      for (const [member, line] of lines) {
        if (lines.size <= max && line.lastAttemptAt >= oldest) break
        lines.delete(member)
      }
    },
    async list(query) {
      assertOpen()
      const limit = journalLimit(query)
      const found: JournalEntry[] = []
      for (const line of [...lines.values()].reverse()) {
        if (!matchesJournalQuery(line, query)) continue
        if (query.withBody || line.body === undefined) found.push(line)
        else {
          const { body: _body, ...rest } = line
          found.push(rest)
        }
        if (found.length >= limit) break
      }
      return found.sort((a, b) => b.lastAttemptAt - a.lastAttemptAt)
    },
  }
}
