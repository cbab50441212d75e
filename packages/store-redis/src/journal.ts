/**
 * The Redis event journal, bounded: a hash per (connector, bhid) and a sorted set indexing them by
 * last attempt, trimmed by age and count on each write (journal-script.ts). Reads walk the index
 * newest first and fetch the hashes of matching members in pipelined pages.
 * @module
 */
import {
  asJournalEntry,
  type EventJournal,
  type JournalEntry,
  type JournalQuery,
  journalLimit,
} from '@bubblehouse-hooks/core'
import type { Redis } from 'ioredis'
import { encodeJournalWrite, RECORD_JOURNAL } from './journal-script'
import { runScript } from './scripts'

/** Lines kept when a write names no bound. */
const DEFAULT_MAX_ENTRIES = 100_000
/** Index members read per page of a list. */
const PAGE = 500

/** Runs `fn` as a store call: closed-store and Redis errors become `StoreUnavailableError`. */
type Run = <T>(operation: string, fn: () => Promise<T>) => Promise<T>

/** The journal's Redis keys: one hash tag, so a cluster keeps them in one slot for the script. */
export function journalKeys(prefix: string): { index: string; line: string } {
  return { index: `${prefix}journal:{journal}:index`, line: `${prefix}journal:{journal}:line:` }
}

/** `connector:bhid` → its parts (connector ids hold no `:`). */
function splitMember(member: string): { connector: string; bhid: string } {
  const at = member.indexOf(':')
  return { connector: member.slice(0, at), bhid: member.slice(at + 1) }
}

/** The journal of a Redis store on `client`. */
export function createRedisJournal(client: Redis, prefix: string, run: Run): EventJournal {
  const keys = journalKeys(prefix)
  const wanted = (member: string, query: JournalQuery) => {
    const { connector, bhid } = splitMember(member)
    if (query.connector !== undefined && connector !== query.connector) return false
    return query.bhids === undefined || query.bhids.includes(bhid)
  }
  return {
    record: (writes, { retentionMs, maxEntries }) =>
      run('journal record', async () => {
        await runScript(
          client,
          RECORD_JOURNAL,
          [keys.index],
          [
            keys.line,
            Date.now(),
            Math.max(1, Math.ceil(retentionMs)),
            maxEntries ?? DEFAULT_MAX_ENTRIES,
            ...writes.map(encodeJournalWrite),
          ],
        )
      }),
    list: (query) =>
      run('journal list', async () => {
        const limit = journalLimit(query)
        const min = query.since !== undefined ? String(query.since) : '-inf'
        const found: JournalEntry[] = []
        for (let offset = 0; found.length < limit; offset += PAGE) {
          const members = await client.zrevrangebyscore(
            keys.index,
            '+inf',
            min,
            'LIMIT',
            offset,
            PAGE,
          )
          const candidates = members.filter((m) => wanted(m, query))
          if (candidates.length > 0) {
            const pipeline = client.pipeline()
            for (const m of candidates) pipeline.hgetall(`${keys.line}${m}`)
            for (const [err, value] of (await pipeline.exec()) ?? []) {
              if (err) throw err
              const entry = asJournalEntry(value, query.withBody === true)
              if (entry && (query.outcome === undefined || entry.outcome === query.outcome)) {
                found.push(entry)
              }
              if (found.length >= limit) break
            }
          }
          if (members.length < PAGE) break
        }
        return found
      }),
  }
}
