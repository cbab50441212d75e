/**
 * Issue 18: two replicas get one bhid; the one that did not get the lock waits. If the holder's
 * `complete` (result written, lock freed) lands between two of the waiter's store calls, the
 * waiter must still answer the holder's result and never deliver again. The store wrapper holds
 * the holder's delivery until the waiter has made `n` store calls, then runs it to its `complete`
 * before the waiter's next call goes on: every gap of the wait loop, one test each.
 */
import { describe, expect, it } from 'vitest'
import { type ConnectorRun, type RunContext, runConnector } from '../src/handler/run-connector'
import { CANONICAL_EVENT, type Connector, type Result, sendPlan } from '../src/index'
import { noopLogger } from '../src/logger'
import { createMemoryStore } from '../src/store/memory'
import type { HookStore } from '../src/store/types'

const never = new Promise<void>(() => {})

function context(store: HookStore): RunContext {
  return {
    store,
    signal: new AbortController().signal,
    deadline: never,
    resultTtlMs: 60_000,
    lockTtlMs: 60_000,
    logger: noopLogger,
    now: () => 1,
    // One map per replica: the two runs meet only in the store.
    inFlight: new Map<string, Promise<ConnectorRun>>(),
  }
}

/** The store as the waiter sees it: before its call number `n + 1`, `between()` runs first. */
function pausing(inner: HookStore, n: number, between: () => Promise<void>, own: boolean) {
  let calls = 0
  const gap = async () => {
    if (calls++ === n) await between()
  }
  const then = <T>(fn: () => Promise<T>) => gap().then(fn)
  const store: HookStore = {
    get: (key) => then(() => inner.get(key)),
    acquire: (key, ttlMs) => then(() => inner.acquire(key, ttlMs)),
    complete: (key, token, result, ttlMs) => then(() => inner.complete(key, token, result, ttlMs)),
    release: (key, token) => then(() => inner.release(key, token)),
    ping: () => inner.ping(),
    close: () => inner.close(),
  }
  // With the store's own acquireAndGet, and without it (acquireAndRead's acquire then get).
  if (own) store.acquireAndGet = (key, ttlMs) => then(() => inner.acquireAndGet!(key, ttlMs))
  return { store, calls: () => calls }
}

const SENT: Result = { outcome: 'sent', code: 'HOLDER_SENT', reason: 'the holder delivered' }

describe.each([
  ['acquireAndGet', true],
  ['acquire then get', false],
])('a holder that completes between two calls of the waiting replica (%s)', (_shape, own) => {
  it.each([1, 2, 3, 4])('after the waiter call %i: one delivery', async (n) => {
    const inner = createMemoryStore()
    let deliveries = 0
    let letHolderFinish: (result: Result) => void = () => {}
    const connector: Connector = {
      plan: (event) => sendPlan({ operation: 't', method: 'POST', path: '/e', body: event.bhid }),
      deliver: () => {
        deliveries++
        // The first delivery (the holder's) waits for the test; any other is the bug.
        return deliveries === 1
          ? new Promise<Result>((resolve) => {
              letHolderFinish = resolve
            })
          : Promise.resolve({ outcome: 'sent', code: 'SENT_AGAIN', reason: 'delivered twice' })
      },
    }
    const event = { ...CANONICAL_EVENT, bhid: `race-${own}-${n}` }

    const holder = runConnector('v', connector, event, context(inner))
    // The holder owns the lock and is delivering.
    while (deliveries === 0) await new Promise((resolve) => setImmediate(resolve))

    const waiter = pausing(
      inner,
      n,
      async () => {
        letHolderFinish(SENT)
        await holder
      },
      own,
    )
    const answered = await runConnector('v', connector, event, context(waiter.store))

    expect(waiter.calls(), 'the waiter reached the gap').toBeGreaterThan(n)
    expect((await holder).result).toEqual(SENT)
    expect(deliveries).toBe(1)
    expect(answered).toEqual({
      connector: 'v',
      duplicate: true,
      result: { outcome: 'sent', code: 'HOLDER_SENT', reason: 'already handled (duplicate bhid)' },
    })
    // Nothing left locked (a lock the waiter took is given back without waiting for it).
    await new Promise((resolve) => setImmediate(resolve))
    expect(await inner.acquire(`v:${event.bhid}`, 1000)).not.toBeNull()
  })
})
