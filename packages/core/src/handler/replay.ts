/**
 * `createReplayer`: send an event through some connectors again, bypassing the dedupe answer for
 * exactly those connectors (their stored results are not read, but their in-flight locks still
 * are, so a replay never runs beside a delivery of the same event), and record the new results.
 * @module
 */
import type { SendEvent1 } from '../contract/send-event1'
import type { Connector } from '../define-connector'
import { type Logger, noopLogger, noopMetrics } from '../logger'
import type { HookStore } from '../store/types'
import { fanOut } from './fan-out'
import type { ConnectorAttempt } from './journal-hook'

/** Options of {@link createReplayer}. */
export interface ReplayerOptions {
  readonly connectors: Readonly<Record<string, Connector>>
  readonly store: HookStore
  /** Each replay answers within this; default 25 000 ms. */
  readonly deadlineMs?: number
  /** How long the new terminal results are remembered for dedupe; default 14 days. */
  readonly resultTtlMs?: number
  readonly logger?: Logger
  /** For tests: the clock. */
  readonly now?: () => number
}

/** Replay `event` through the connectors `ids`; resolves each one's timed run. */
export type Replayer = (
  event: SendEvent1,
  ids: readonly string[],
) => Promise<readonly ConnectorAttempt[]>

/** The store as a replay sees it: locks and writes as usual, no stored result ever read. */
function withoutStoredResults(store: HookStore): HookStore {
  return {
    get: async () => undefined,
    acquire: (key, ttlMs) => store.acquire(key, ttlMs),
    acquireAndGet: async (key, ttlMs) => ({
      token: await store.acquire(key, ttlMs),
      stored: undefined,
    }),
    complete: (key, token, result, ttlMs) => store.complete(key, token, result, ttlMs),
    release: (key, token) => store.release(key, token),
    ping: () => store.ping(),
    close: () => store.close(),
  }
}

/**
 * @example
 * const replay = createReplayer({ connectors, store })
 * const runs = await replay(event, ['klaviyo'])
 */
export function createReplayer(options: ReplayerOptions): Replayer {
  const deadlineMs = options.deadlineMs ?? 25_000
  const logger = options.logger ?? noopLogger
  const settings = {
    connectors: options.connectors,
    deadlineMs,
    metrics: noopMetrics,
    context: {
      store: withoutStoredResults(options.store),
      resultTtlMs: options.resultTtlMs ?? 14 * 24 * 60 * 60 * 1000,
      lockTtlMs: deadlineMs + 5_000,
      logger,
      now: options.now ?? Date.now,
      inFlight: new Map(),
    },
  }
  return async (event, ids) => {
    for (const id of ids) {
      if (!Object.hasOwn(options.connectors, id)) throw new RangeError(`unknown connector ${id}`)
    }
    const fanned = await fanOut(settings, ids, event, performance.now(), { logger })
    return fanned.runs
  }
}
