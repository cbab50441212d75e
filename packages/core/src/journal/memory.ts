/** The in-memory event journal of core's memory store: bounded, for tests and one process. @module */
import {
  type EventJournal,
  type JournalEntry,
  journalLimit,
  journalMember,
  matchesJournalQuery,
  nextJournalEntry,
} from './types'

/**
 * The most lines kept, whatever the configured `journal.maxEntries` (sized for Redis): like the
 * memory store's own 10 000 entries, so a process on the memory store keeps a flat RSS (100 000
 * lines held about 170 MB more in the bench).
 */
const MEMORY_MAX_ENTRIES = 10_000

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
      const max = Math.min(maxEntries ?? MEMORY_MAX_ENTRIES, MEMORY_MAX_ENTRIES)
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
