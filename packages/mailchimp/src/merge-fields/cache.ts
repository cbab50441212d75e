/**
 * The audience's merge fields, cached for a TTL. Concurrent events share one read; a failed read
 * is never cached and never guessed around (the event answers that failure).
 * @module
 */
import type { HttpClient } from '@bubblehouse-hooks/core'
import { type MergeFieldsRead, readMergeFields } from './read'

/** A per-connector cache of the audience's merge fields. */
export interface MergeFieldCache {
  /** The cached fields while fresh, else one shared GET. */
  read(signal: AbortSignal): Promise<MergeFieldsRead>
  /** Forget the cached fields (after provision created some). */
  invalidate(): void
}

/** Options of {@link createMergeFieldCache}. */
export interface MergeFieldCacheOptions {
  readonly http: HttpClient
  readonly listId: string
  /** 0 reads for every event. */
  readonly ttlMs: number
  readonly now: () => number
}

/** A cache bound to one audience and one HTTP client. */
export function createMergeFieldCache(options: MergeFieldCacheOptions): MergeFieldCache {
  let cached: { read: MergeFieldsRead; at: number } | undefined
  let pending: Promise<MergeFieldsRead> | undefined

  const fresh = () => cached !== undefined && options.now() - cached.at < options.ttlMs

  return {
    read(signal) {
      if (cached && fresh()) return Promise.resolve(cached.read)
      if (pending) return pending
      const started = options.now()
      pending = readMergeFields(options.http, options.listId, signal, started)
        .then((read) => {
          if (read.ok) cached = { read, at: started }
          return read
        })
        .finally(() => {
          pending = undefined
        })
      return pending
    },
    invalidate() {
      cached = undefined
    },
  }
}
