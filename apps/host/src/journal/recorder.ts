/**
 * The host's journal recorder: core's `journal` hook turned into at most one store write per
 * event (all of its connectors' lines; the events answered in one event-loop turn share one
 * write), with bodies kept per `journal.bodies`. A write that fails is counted
 * (`bh_journal_write_failures_total`) and logged without data; it never touches an answer.
 * @module
 */
import type {
  ConnectorAttempt,
  HookStore,
  JournalWrite,
  Logger,
  SendEvent1,
  SendEventRecord,
} from '@bubblehouse-hooks/core'
import { Counter, type Registry } from 'prom-client'
import type { JournalConfig } from '../config/schema'
import { codeOf } from '../guards'
import { KEEPS_BODY } from './bodies'

const DAY_MS = 24 * 60 * 60 * 1000

/** Records events in the store's journal. */
export interface JournalRecorder {
  /** Record one event's runs (the handler's answer or a replay); never rejects. Resolves once written. */
  record(route: string, event: SendEvent1, runs: readonly ConnectorAttempt[]): Promise<void>
  /** Core's handler hook. */
  readonly hook: (record: SendEventRecord) => Promise<void>
  /** Resolves when every write started so far has settled (before the store closes). */
  drain(): Promise<void>
}

/** The lines of one event, bodies kept per policy. */
export function journalWrites(
  config: JournalConfig,
  route: string,
  event: SendEvent1,
  runs: readonly ConnectorAttempt[],
): JournalWrite[] {
  const keeps = KEEPS_BODY[config.bodies]
  let body: string | undefined
  return runs.map((run) => {
    if (keeps(run.outcome)) body ??= JSON.stringify(event)
    return {
      bhid: event.bhid,
      name: event.name,
      eventTime: event.time,
      route,
      connector: run.connector,
      outcome: run.outcome,
      code: run.code,
      at: run.startedAt,
      durationMs: run.durationMs,
      vendorStatus: run.vendorStatus,
      body: keeps(run.outcome) ? body : undefined,
    }
  })
}

/** The `bh_journal_write_failures_total` counter on `registry` (once per registry). */
function failureCounter(registry: Registry): Counter {
  const existing = registry.getSingleMetric('bh_journal_write_failures_total')
  if (existing instanceof Counter) return existing
  return new Counter({
    name: 'bh_journal_write_failures_total',
    help: 'Journal writes that failed (the store was down or refused); the answers were not affected.',
    registers: [registry],
  })
}

/**
 * @example
 * const journal = createJournalRecorder({ store, config: config.journal, registry, logger })
 * createRawHookHandler({ ..., journal: journal.hook })
 */
export function createJournalRecorder(options: {
  readonly store: HookStore
  readonly config: JournalConfig
  readonly registry?: Registry
  readonly logger?: Pick<Logger, 'warn'>
}): JournalRecorder {
  const { store, config, logger } = options
  const failures = options.registry ? failureCounter(options.registry) : undefined
  const retention = {
    retentionMs: config.retentionDays * DAY_MS,
    maxEntries: config.maxEntries,
  }
  const pending = new Set<Promise<void>>()
  const write = async (writes: JournalWrite[], events: number) => {
    try {
      if (!store.journal) throw new Error('the store has no journal')
      await store.journal.record(writes, retention)
    } catch (err) {
      failures?.inc(events)
      logger?.warn(
        { errorCode: codeOf(err), events },
        'journal write failed; the answers were not affected',
      )
    }
  }
  // The events answered in one turn of the event loop go in one store call (one SQLite
  // transaction, one Redis script): under load a commit per event cost more than the event.
  let batch: JournalWrite[] = []
  let events = 0
  let scheduled: Promise<void> | undefined
  const flush = () => {
    const writes = batch
    const count = events
    batch = []
    events = 0
    scheduled = undefined
    return write(writes, count)
  }
  const record: JournalRecorder['record'] = (route, event, runs) => {
    if (!config.enabled || runs.length === 0) return Promise.resolve()
    batch.push(...journalWrites(config, route, event, runs))
    events++
    if (scheduled) return scheduled
    const running = new Promise<void>((resolve) => setImmediate(resolve)).then(flush)
    scheduled = running
    pending.add(running)
    return running.finally(() => pending.delete(running))
  }
  return {
    record,
    hook: ({ route, event, runs }) => record(route, event, runs),
    drain: async () => {
      await Promise.all(pending)
    },
  }
}
