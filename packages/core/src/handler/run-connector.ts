/**
 * One connector, one event: dedupe against the store, take the in-flight lock, plan, deliver
 * under the deadline, record terminal results. Every path ends in a {@link Result}; nothing throws.
 * @module
 */
import type { SendEvent1 } from '../contract/send-event1'
import type { Connector } from '../define-connector'
import type { Logger } from '../logger'
import { isTerminal, type Result } from '../outcome'
import type { HookStore, StoredResult } from '../store/types'
import { storeKey } from '../store/types'

/** A connector's result plus how it was reached. */
export interface ConnectorRun {
  readonly connector: string
  readonly result: Result
  /** True when the stored result of an earlier delivery was returned without a vendor call. */
  readonly duplicate: boolean
}

/** Shared by every connector run of one request. */
export interface RunContext {
  readonly store: HookStore
  readonly signal: AbortSignal
  /** Resolves when the deadline passes. */
  readonly deadline: Promise<void>
  readonly resultTtlMs: number
  readonly lockTtlMs: number
  readonly logger: Logger
  readonly now: () => number
  /** In-process runs by store key, so a concurrent duplicate waits instead of calling twice. */
  readonly inFlight: Map<string, Promise<ConnectorRun>>
}

const DEADLINE: Result = {
  outcome: 'failure',
  code: 'DEADLINE_EXCEEDED',
  reason: 'the connector did not finish before the hook deadline',
}

const storeDown = (during: string): Result => ({
  outcome: 'failure',
  code: 'STORE_UNAVAILABLE',
  reason: `the store failed during ${during}`,
})

/** Error facts safe to log: the class name and code, never the message (it may hold PII or headers). */
export function errorFacts(err: unknown): { errorName: string; errorCode?: string } {
  const e = err as { name?: unknown; code?: unknown }
  return {
    errorName: typeof e?.name === 'string' ? e.name : typeof err,
    ...(typeof e?.code === 'string' ? { errorCode: e.code } : {}),
  }
}

function fromStored(stored: StoredResult): Result {
  return { outcome: stored.outcome, code: stored.code, reason: 'already handled (duplicate bhid)' }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Wait for another holder of the lock (another replica) to record a result, until the deadline. */
async function waitForResult(key: string, ctx: RunContext): Promise<Result> {
  let delay = 50
  let expired = false
  ctx.deadline.then(() => {
    expired = true
  })
  while (!expired) {
    await Promise.race([sleep(delay), ctx.deadline])
    if (expired) break
    let stored: StoredResult | undefined
    try {
      stored = await ctx.store.get(key)
    } catch {
      return storeDown('get')
    }
    if (stored) return fromStored(stored)
    delay = Math.min(delay * 2, 1000)
  }
  return {
    outcome: 'failure',
    code: 'IN_FLIGHT',
    reason: 'another delivery of this event is still running',
  }
}

/** Plan, deliver under the deadline, record. */
async function execute(
  id: string,
  connector: Connector,
  event: SendEvent1,
  key: string,
  ctx: RunContext,
): Promise<ConnectorRun> {
  const run = (result: Result, duplicate = false): ConnectorRun => ({
    connector: id,
    result,
    duplicate,
  })
  const log = ctx.logger.child({ connector: id })

  let stored: StoredResult | undefined
  try {
    stored = await ctx.store.get(key)
  } catch (err) {
    log.error(errorFacts(err), 'store get failed')
    return run(storeDown('get'))
  }
  if (stored) return run(fromStored(stored), true)

  let plan: ReturnType<Connector['plan']>
  try {
    plan = connector.plan(event)
  } catch (err) {
    log.error(errorFacts(err), 'connector plan threw')
    return run({ outcome: 'failure', code: 'CONNECTOR_PLAN_ERROR', reason: 'plan() threw' })
  }
  if (plan.kind === 'decision') return run(plan.result)

  let token: string | null
  try {
    token = await ctx.store.acquire(key, ctx.lockTtlMs)
  } catch (err) {
    log.error(errorFacts(err), 'store acquire failed')
    return run(storeDown('acquire'))
  }
  if (token === null) {
    const waited = await waitForResult(key, ctx)
    return run(waited, waited.outcome !== 'failure')
  }
  const lock = token

  const delivered = (async (): Promise<Result> => {
    try {
      return await connector.deliver(plan.requests, {
        signal: ctx.signal,
        bhid: event.bhid,
        logger: log,
      })
    } catch (err) {
      log.error(errorFacts(err), 'connector deliver threw')
      return { outcome: 'failure', code: 'CONNECTOR_ERROR', reason: 'deliver() threw' }
    }
  })()

  // The lock is kept until the vendor call settles, even past the deadline: a retry must not send
  // again while the first call may still succeed.
  const recorded = delivered.then(async (result) => {
    try {
      if (isTerminal(result.outcome)) {
        await ctx.store.complete(
          key,
          lock,
          { outcome: result.outcome, code: result.code, at: ctx.now() },
          ctx.resultTtlMs,
        )
      } else {
        await ctx.store.release(key, lock)
      }
    } catch (err) {
      // The vendor call already happened; answering its real outcome loses nothing.
      log.error(errorFacts(err), 'store write failed after delivery')
    }
    return result
  })

  const result = await Promise.race([recorded, ctx.deadline.then(() => DEADLINE)])
  return run(result)
}

/**
 * Run one connector on one event. A concurrent duplicate in this process shares the first run;
 * across processes the store's lock decides.
 */
export function runConnector(
  id: string,
  connector: Connector,
  event: SendEvent1,
  ctx: RunContext,
): Promise<ConnectorRun> {
  const key = storeKey(id, event.bhid)
  const existing = ctx.inFlight.get(key)
  if (existing) {
    return Promise.race([
      existing.then((r) => ({ ...r, duplicate: true })),
      ctx.deadline.then(() => ({ connector: id, result: DEADLINE, duplicate: false })),
    ])
  }
  const running = execute(id, connector, event, key, ctx).finally(() => {
    ctx.inFlight.delete(key)
  })
  ctx.inFlight.set(key, running)
  return running
}
