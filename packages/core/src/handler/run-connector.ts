/**
 * One connector, one event: plan, take the in-flight lock, dedupe against the store, deliver
 * under the deadline, record terminal results. Every path ends in a {@link Result}; nothing throws.
 * @module
 */
import type { SendEvent1 } from '../contract/send-event1'
import type { Connector } from '../define-connector'
import { type Logger, lazyChild } from '../logger'
import { isTerminal, OUTCOMES, type Result } from '../outcome'
import type { Plan } from '../plan'
import { acquireAndRead } from '../store/acquire-and-read'
import type { AcquiredAndRead, HookStore, StoredResult } from '../store/types'
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

const isResult = (value: unknown): value is Result => {
  const r = value as Partial<Result> | null | undefined
  return (
    typeof r === 'object' &&
    r !== null &&
    (OUTCOMES as readonly unknown[]).includes(r.outcome) &&
    typeof r.code === 'string'
  )
}

const isPlan = (value: unknown): value is Plan => {
  const p = value as { kind?: unknown; requests?: unknown; result?: unknown } | null | undefined
  if (typeof p !== 'object' || p === null) return false
  if (p.kind === 'send') return Array.isArray(p.requests)
  return p.kind === 'decision' && isResult(p.result)
}

/** The lock was taken (`token`), or the answer is already known (`result`). */
type LockOrResult =
  | { readonly token: string; readonly result?: undefined }
  | { readonly result: Result; readonly duplicate: boolean }

/**
 * What one {@link acquireAndRead} decides. A stored result wins, whether or not we got the lock:
 * the event was delivered (a retry after `sent`), or its holder finished just before our acquire.
 * A lock is only ever acted on after the read that followed it, so no `complete` can land between
 * the read and the delivery. `undefined`: someone else still holds the lock.
 */
function settle(key: string, ctx: RunContext, taken: AcquiredAndRead): LockOrResult | undefined {
  const { token, stored } = taken
  if (stored) {
    // Already delivered: free the lock we may have taken; a failure here only delays its expiry.
    if (token !== null) ctx.store.release(key, token).catch(() => undefined)
    return { result: fromStored(stored), duplicate: true }
  }
  return token !== null ? { token } : undefined
}

/**
 * Someone else holds the lock (another replica, or a call of ours still running past an earlier
 * deadline). Poll until they record a result, or free the lock without one (their delivery
 * failed: take it over and deliver), or the deadline passes. Each poll is a whole
 * {@link acquireAndRead}: reading first and acquiring after let a holder's `complete` land in
 * between, and the waiter took the freed lock and delivered again.
 */
async function waitForLock(key: string, ctx: RunContext, log: Logger): Promise<LockOrResult> {
  let delay = 50
  let expired = false
  ctx.deadline.then(() => {
    expired = true
  })
  while (!expired) {
    await Promise.race([sleep(delay), ctx.deadline])
    if (expired) break
    let taken: AcquiredAndRead
    try {
      taken = await acquireAndRead(ctx.store, key, ctx.lockTtlMs)
    } catch (err) {
      log.error(errorFacts(err), 'store failed while waiting for the lock')
      return { result: storeDown('wait'), duplicate: false }
    }
    const settled = settle(key, ctx, taken)
    if (settled) return settled
    delay = Math.min(delay * 2, 1000)
  }
  return {
    result: {
      outcome: 'failure',
      code: 'IN_FLIGHT',
      reason: 'another delivery of this event is still running',
    },
    duplicate: false,
  }
}

/**
 * Take the lock, then read the store (see {@link settle}); wait when someone else holds the lock.
 * Reading only once the lock is held leaves no gap between the read and the delivery.
 */
async function lockOrResult(key: string, ctx: RunContext, log: Logger): Promise<LockOrResult> {
  let taken: AcquiredAndRead
  try {
    taken = await acquireAndRead(ctx.store, key, ctx.lockTtlMs)
  } catch (err) {
    log.error(errorFacts(err), 'store lock or read failed')
    return { result: storeDown('lock'), duplicate: false }
  }
  return settle(key, ctx, taken) ?? waitForLock(key, ctx, log)
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
  const log = lazyChild(ctx.logger, { connector: id })

  // Plan before touching the store: a decision (filtered, no identity) needs neither a lock nor a
  // stored result, and a delivery needs one read, after the lock (lockOrResult): acquire, get,
  // complete is three store round trips per event, where reading first as well made it four.
  let plan: Plan
  try {
    const planned: unknown = connector.plan(event)
    if (!isPlan(planned)) {
      log.error({ errorName: 'InvalidPlan' }, 'connector plan returned no valid plan')
      return run({
        outcome: 'failure',
        code: 'CONNECTOR_PLAN_ERROR',
        reason: 'plan() returned no valid plan',
      })
    }
    plan = planned
  } catch (err) {
    log.error(errorFacts(err), 'connector plan threw')
    return run({ outcome: 'failure', code: 'CONNECTOR_PLAN_ERROR', reason: 'plan() threw' })
  }
  if (plan.kind === 'decision') return run(plan.result)
  const { requests } = plan

  const locked = await lockOrResult(key, ctx, log)
  if (locked.result) return run(locked.result, locked.duplicate)
  const lock = locked.token

  const delivered = (async (): Promise<Result> => {
    try {
      const result: unknown = await connector.deliver(requests, {
        signal: ctx.signal,
        bhid: event.bhid,
        logger: log,
      })
      if (isResult(result)) return result
      log.error({ errorName: 'InvalidResult' }, 'connector deliver returned no valid result')
      return {
        outcome: 'failure',
        code: 'CONNECTOR_ERROR',
        reason: 'deliver() returned no valid result',
      }
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
