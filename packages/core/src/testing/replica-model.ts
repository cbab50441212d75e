/**
 * A model check of the delivery path over a real store: two or three runs of one connector on one
 * bhid (replicas on a shared store, or requests of one process), with every store call, vendor
 * call and start handed to a {@link Scheduler} that lets one go at a time in a seeded random
 * order, or lets time pass (lock polls, deadlines) under fake timers. Whatever the order: at most
 * one delivery ends terminal, every run answers the recorded result or `failure`, and no lock is
 * left behind.
 * @module
 */
import { describe, expect, it, vi } from 'vitest'
import type { SendEvent1 } from '../contract/send-event1'
import type { Connector } from '../define-connector'
import { type ConnectorRun, type RunContext, runConnector } from '../handler/run-connector'
import { noopLogger } from '../logger'
import type { Result } from '../outcome'
import { sendPlan } from '../plan'
import { CANONICAL_EVENT } from '../samples'
import { type HookStore, storeKey } from '../store/types'
import { Scheduler, seededRandom, settleMicrotasks } from './seeded-scheduler'

/** What a delivery answers, drawn per delivery: mostly `sent`, sometimes a vendor failure. */
const VENDOR_ANSWERS: readonly Result['outcome'][] = [
  'sent',
  'sent',
  'sent',
  'invalid_data',
  'unsubscribed',
  'failure',
  'failure',
]

/** Share of steps that let time pass although calls are waiting (a deadline mid-delivery). */
const TICK_SHARE = 0.1

/** Options of {@link runReplicaModel}. */
export interface ReplicaModelOptions {
  /** Random interleavings tried (one seed each). Default 200. */
  readonly trials?: number
  /** The first seed; trial `i` uses `seed + i`. Default 1. */
  readonly seed?: number
}

/** The store as one run sees it: every call waits for its turn at the scheduler. */
function scheduled(store: HookStore, s: Scheduler, who: string, own: boolean): HookStore {
  const view: HookStore = {
    get: (key) => s.call(`${who} get`, () => store.get(key)),
    acquire: (key, ttl) => s.call(`${who} acquire`, () => store.acquire(key, ttl)),
    complete: (key, token, result, ttl) =>
      s.call(`${who} complete ${result.code}`, () => store.complete(key, token, result, ttl)),
    release: (key, token) => s.call(`${who} release`, () => store.release(key, token)),
    ping: () => store.ping(),
    close: () => store.close(),
  }
  // The store's own acquireAndGet, or core's acquire then get (acquireAndRead) without it.
  const acquireAndGet = store.acquireAndGet?.bind(store)
  if (own && acquireAndGet) {
    view.acquireAndGet = (key, ttl) => s.call(`${who} acquireAndGet`, () => acquireAndGet(key, ttl))
  }
  return view
}

interface Trial {
  readonly key: string
  readonly answers: Array<ConnectorRun | undefined>
  /** Codes of the deliveries that ended terminal (each a vendor write). */
  readonly terminal: string[]
  readonly scheduler: Scheduler
}

/** Run one seeded interleaving to its end: every run answered, no call waiting. */
async function runTrial(stores: readonly [HookStore, HookStore], seed: number): Promise<Trial> {
  const random = seededRandom(seed)
  const s = new Scheduler(random)
  const event: SendEvent1 = {
    ...CANONICAL_EVENT,
    bhid: `model-${process.pid}-${Date.now()}-${seed}`,
  }
  const terminal: string[] = []
  let deliveries = 0
  const connector: Connector = {
    plan: (e) => sendPlan({ operation: 'track', method: 'POST', path: '/events', body: e.bhid }),
    deliver: () => {
      const code = `D${++deliveries}`
      return s.call(`deliver ${code}`, async (): Promise<Result> => {
        const outcome = VENDOR_ANSWERS[Math.floor(random() * VENDOR_ANSWERS.length)]!
        if (outcome !== 'failure') terminal.push(code)
        return { outcome, code, reason: 'model vendor' }
      })
    },
  }
  const runs = 2 + Math.floor(random() * 2)
  const own = random() < 0.5
  const answers: Array<ConnectorRun | undefined> = Array.from({ length: runs }, () => undefined)
  const replicaMaps: Array<Map<string, Promise<ConnectorRun>>> = []
  for (let i = 0; i < runs; i++) {
    // Some runs share run 0's in-flight map: two requests of one process, not two replicas.
    const inFlight =
      i > 0 && random() < 0.3 ? replicaMaps[0]! : new Map<string, Promise<ConnectorRun>>()
    replicaMaps.push(inFlight)
    const deadlineMs = 500 + Math.floor(random() * 4000)
    const ctx: RunContext = {
      store: scheduled(stores[i % 2]!, s, `run${i}`, own),
      signal: new AbortController().signal,
      deadline: new Promise<void>((resolve) => setTimeout(resolve, deadlineMs)),
      resultTtlMs: 60_000,
      lockTtlMs: 60_000,
      logger: noopLogger,
      now: () => 1,
      inFlight,
    }
    void s.call(`start run${i}`, async () => {
      void runConnector('model', connector, event, ctx).then((answer) => {
        answers[i] = answer
      })
    })
  }
  for (let step = 0; step < 10_000; step++) {
    await settleMicrotasks()
    if (s.waiting === 0 && answers.every(Boolean)) {
      return { key: storeKey('model', event.bhid), answers, terminal, scheduler: s }
    }
    const canTick = vi.getTimerCount() > 0
    if (s.waiting === 0 && !canTick) throw new Error(`stuck: ${s.trace.join(', ')}`)
    if (canTick && (s.waiting === 0 || random() < TICK_SHARE)) {
      s.trace.push('tick')
      vi.advanceTimersToNextTimer()
    } else {
      await s.step()
    }
  }
  throw new Error(`no end after 10,000 steps: ${s.trace.slice(0, 200).join(', ')}`)
}

/**
 * Register the model check on two stores of one backend (the same store twice for a store that
 * is not shared). Used by {@link runStoreContract}; runs every trial under fake `setTimeout`.
 * @example
 * runReplicaModel('memory', async () => { const s = createMemoryStore(); return [s, s] })
 */
export function runReplicaModel(
  name: string,
  createShared: () => Promise<readonly [HookStore, HookStore]>,
  options: ReplicaModelOptions = {},
): void {
  const trials = options.trials ?? 200
  const first = options.seed ?? 1
  describe(`store contract: ${name}, model of concurrent runs of one bhid`, () => {
    it(`delivers at most once and answers the recorded result or failure in ${trials} seeded interleavings`, async () => {
      const stores = await createShared()
      await Promise.all(stores.map((store) => store.ping()))
      try {
        for (let seed = first; seed < first + trials; seed++) {
          vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
          let trial: Trial
          try {
            trial = await runTrial(stores, seed)
          } finally {
            vi.clearAllTimers()
            vi.useRealTimers()
          }
          const { key, answers, terminal, scheduler } = trial
          const where = `seed ${seed}: ${scheduler.trace.join(', ')}`
          expect(terminal.length, `terminal deliveries, ${where}`).toBeLessThanOrEqual(1)
          const stored = await stores[0].get(key)
          expect(stored?.code, `recorded result, ${where}`).toBe(terminal[0])
          for (const answer of answers) {
            const { outcome, code } = answer!.result
            if (outcome === 'failure') continue
            expect({ outcome, code }, `an answer, ${where}`).toEqual({
              outcome: stored?.outcome,
              code: stored?.code,
            })
          }
          const lock = await stores[1].acquire(key, 1000)
          expect(lock, `the lock is free at the end, ${where}`).not.toBeNull()
          await stores[1].release(key, lock!)
        }
      } finally {
        await Promise.all(stores.map((store) => store.close()))
      }
    })
  })
}
