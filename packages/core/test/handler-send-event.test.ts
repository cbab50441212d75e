/** SendEvent1 through the handler: outcomes, dedupe, in-flight locks, the deadline, failures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CANONICAL_EVENT,
  createConnector,
  createHookHandler,
  createMemoryStore,
  type HookHandlerOptions,
  type HookStore,
  type Outcome,
  type Result,
  type SendEvent1,
  skipPlan,
  storeKey,
} from '../src/index'
import { type FakeVendor, startFakeVendor } from '../src/testing/index'
import example from './example-connector'
import {
  freshEvent,
  hookRequest,
  KEY,
  type LogLine,
  recordingLogger,
  type Scripted,
  scripted,
  sleep,
  token,
} from './helpers'

let valid: string
beforeAll(async () => {
  valid = await token()
})

/** A promise the test settles by hand. */
function gate<T>() {
  let open!: (value: T) => void
  const promise = new Promise<T>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

/** A store as it is: with the memory store's acquireAndGet, core locks and reads in one call. */
const withAcquireAndGet = (store: HookStore): HookStore => store

/** The same store without acquireAndGet: core takes the lock, then reads. */
const acquireThenGet = (store: HookStore): HookStore => ({
  get: store.get,
  acquire: store.acquire,
  complete: store.complete,
  release: store.release,
  ping: store.ping,
  close: store.close,
})

/** The two ways core takes a lock. */
const storeShapes: ReadonlyArray<readonly [string, (store: HookStore) => HookStore]> = [
  ['acquireAndGet', withAcquireAndGet],
  ['acquire, then get', acquireThenGet],
]

/** A memory store in the given shape that records the name of every call it gets. */
function recordingStore(shaped: (store: HookStore) => HookStore) {
  const memory = createMemoryStore()
  const log: string[] = []
  const logged =
    <A extends unknown[], R>(name: string, call: (...args: A) => R) =>
    (...args: A): R => {
      log.push(name)
      return call(...args)
    }
  const store = shaped({
    get: logged('get', memory.get),
    acquire: logged('acquire', memory.acquire),
    acquireAndGet: logged('acquireAndGet', memory.acquireAndGet!),
    complete: logged('complete', memory.complete),
    release: logged('release', memory.release),
    ping: () => memory.ping(),
    close: () => memory.close(),
  })
  return { store, log }
}

const result = (outcome: Outcome, code = `TEST_${outcome.toUpperCase()}`): Result => ({
  outcome,
  code,
  reason: 'scripted',
})

function setup(connectors: Record<string, Scripted>, options: Partial<HookHandlerOptions> = {}) {
  const { logger, lines } = recordingLogger()
  const store = options.store ?? createMemoryStore()
  const handler = createHookHandler({
    auth: { keys: [KEY] },
    connectors: Object.fromEntries(Object.entries(connectors).map(([id, s]) => [id, s.connector])),
    logger,
    store,
    ...options,
  })
  const send = async (event: SendEvent1, path = '/hooks/SendEvent1') => {
    const res = await handler(hookRequest(path, event, { token: valid }))
    expect(res.status).toBe(200)
    return ((await res.json()) as { outcome: Outcome }).outcome
  }
  /** The `connectors` field of the access line of the nth SendEvent1 request. */
  const connectorsOf = (n: number) =>
    lines.filter((l: LogLine) => l.msg === 'SendEvent1')[n]?.obj.connectors as Record<
      string,
      { outcome: Outcome; code: string; duplicate?: boolean }
    >
  return { handler, send, lines, store, connectorsOf }
}

describe('the canonical example over real HTTP', () => {
  let vendor: FakeVendor
  beforeAll(async () => {
    vendor = await startFakeVendor({ defaultReply: { status: 202, body: {} } })
  })
  afterAll(() => vendor.close())

  it('answers sent and posts the event to the vendor', async () => {
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { example: createConnector(example, { apiKey: 'k', baseUrl: vendor.url }) },
    })
    const res = await handler(hookRequest('/hooks/SendEvent1', CANONICAL_EVENT, { token: valid }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ outcome: 'sent' })
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]).toMatchObject({
      method: 'POST',
      path: '/events',
      body: {
        id: '24a5be6c83010001',
        name: 'Points Updated',
        email: 'customer@example.com',
        at: '2024-12-26T18:05:42.915Z',
      },
    })
    expect(vendor.requests[0]?.headers.authorization).toBe('Bearer k')
  })

  it('accepts a leap-second time end to end', async () => {
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { example: createConnector(example, { apiKey: 'k', baseUrl: vendor.url }) },
    })
    const event = freshEvent({ time: '1990-12-31T23:59:60Z' })
    const res = await handler(hookRequest('/hooks/SendEvent1', event, { token: valid }))
    expect(await res.json()).toEqual({ outcome: 'sent' })
    expect(vendor.requests.at(-1)?.body).toMatchObject({ at: '1990-12-31T23:59:60Z' })
  })
})

describe('outcomes across connectors', () => {
  const cases: Array<[Outcome[], Outcome]> = [
    [['sent', 'sent'], 'sent'],
    [['sent', 'failure'], 'failure'],
    [['skipped', 'failure'], 'failure'],
    [['sent', 'invalid_data'], 'sent'],
    [['unsubscribed', 'sent'], 'sent'],
    [['unsubscribed', 'invalid_data'], 'unsubscribed'],
    [['invalid_data', 'skipped'], 'invalid_data'],
    [['skipped', 'skipped'], 'skipped'],
  ]
  it.each(cases)('%j → %s', async (outcomes, expected) => {
    const connectors = Object.fromEntries(outcomes.map((o, i) => [`c${i}`, scripted(o)]))
    const { send, connectorsOf } = setup(connectors)
    expect(await send(freshEvent())).toBe(expected)
    expect(Object.values(connectorsOf(0)).map((c) => c.outcome)).toEqual(outcomes)
  })

  it('answers skipped with no connector at all', async () => {
    expect(await setup({}).send(freshEvent())).toBe('skipped')
  })

  it('passes skip and invalid decisions through without delivering', async () => {
    const skip = scripted()
    skip.plan = () => skipPlan('EVENT_FILTERED', 'filtered')
    const { send, connectorsOf } = setup({ skip })
    expect(await send(freshEvent())).toBe('skipped')
    expect(skip.calls).toEqual({ plan: 1, deliver: 0 })
    expect(connectorsOf(0)).toEqual({ skip: { outcome: 'skipped', code: 'EVENT_FILTERED' } })
  })

  it('runs connectors in parallel', async () => {
    const slow = gate<Result>()
    const a = scripted()
    const b = scripted()
    a.deliver = () => slow.promise
    b.deliver = async () => {
      slow.open(result('sent'))
      return result('sent')
    }
    expect(await setup({ a, b }).send(freshEvent())).toBe('sent')
  })
})

describe('per-connector results are remembered', () => {
  it('a retry re-runs only the connector that failed', async () => {
    const a = scripted('sent')
    const b = scripted('failure')
    const { send, connectorsOf } = setup({ a, b })
    const event = freshEvent()
    expect(await send(event)).toBe('failure')
    b.deliver = async () => result('sent')
    expect(await send(event)).toBe('sent')
    expect(a.calls.deliver).toBe(1)
    expect(b.calls.deliver).toBe(2)
    expect(connectorsOf(1)).toMatchObject({ a: { duplicate: true }, b: { outcome: 'sent' } })
  })

  it('a duplicate bhid answers the stored outcome with no vendor call', async () => {
    const a = scripted('unsubscribed')
    const { send, connectorsOf } = setup({ a })
    const event = freshEvent()
    expect(await send(event)).toBe('unsubscribed')
    expect(await send({ ...event, name: 'Tier Reached' })).toBe('unsubscribed')
    // plan() is pure and runs again; the stored result answers before any delivery.
    expect(a.calls).toEqual({ plan: 2, deliver: 1 })
    expect(connectorsOf(1)).toEqual({
      a: { outcome: 'unsubscribed', code: 'TEST_UNSUBSCRIBED', duplicate: true },
    })
  })

  it('costs three store calls per delivered event (acquire, get, complete) and none per decision', async () => {
    const { store, log } = recordingStore(acquireThenGet)
    const a = scripted('sent')
    const { send } = setup({ a }, { store })
    const event = freshEvent()
    expect(await send(event)).toBe('sent')
    expect(log.splice(0)).toEqual(['acquire', 'get', 'complete'])
    expect(await send(event)).toBe('sent')
    expect(log.splice(0)).toEqual(['acquire', 'get', 'release'])
    a.plan = () => skipPlan('TEST_FILTERED', 'filtered')
    expect(await send(freshEvent())).toBe('skipped')
    expect(log).toEqual([])
  })

  it('takes the lock and reads in one call when the store offers acquireAndGet', async () => {
    const { store, log } = recordingStore(withAcquireAndGet)
    const a = scripted('sent')
    const { send, connectorsOf } = setup({ a }, { store })
    const event = freshEvent()
    expect(await send(event)).toBe('sent')
    expect(log.splice(0)).toEqual(['acquireAndGet', 'complete'])
    expect(await send(event)).toBe('sent')
    expect(log.splice(0)).toEqual(['acquireAndGet', 'release'])
    expect(connectorsOf(1)).toMatchObject({ a: { duplicate: true } })
    expect(a.calls.deliver).toBe(1)
  })

  it('keys results by connector, so one connector never answers for another', async () => {
    const store = createMemoryStore()
    const event = freshEvent()
    await setup({ a: scripted('sent') }, { store }).send(event)
    const b = scripted('sent')
    await setup({ b }, { store }).send(event)
    expect(b.calls.deliver).toBe(1)
    expect(await store.get(storeKey('a', event.bhid))).toMatchObject({ outcome: 'sent' })
  })

  it('remembers results for resultTtlMs only', async () => {
    let now = 1_000_000
    const store = createMemoryStore({ now: () => now })
    const a = scripted('sent')
    const { send } = setup({ a }, { store, resultTtlMs: 1000 })
    const event = freshEvent()
    await send(event)
    now += 999
    await send(event)
    expect(a.calls.deliver).toBe(1)
    now += 1
    await send(event)
    expect(a.calls.deliver).toBe(2)
  })
})

describe('concurrent duplicates', () => {
  it('never call the vendor twice in one process', async () => {
    const a = scripted()
    const release = gate<Result>()
    a.deliver = () => release.promise
    const { send, connectorsOf } = setup({ a })
    const event = freshEvent()
    const answers = Promise.all([send(event), send(event), send(event)])
    await sleep(50)
    release.open(result('sent'))
    expect(await answers).toEqual(['sent', 'sent', 'sent'])
    expect(a.calls.deliver).toBe(1)
    expect([0, 1, 2].filter((n) => connectorsOf(n)?.a?.duplicate)).toHaveLength(2)
  })

  it('never call the vendor twice across two handlers sharing a store', async () => {
    const store = createMemoryStore()
    const a = scripted()
    const release = gate<Result>()
    a.deliver = () => release.promise
    const one = setup({ a }, { store })
    const two = setup({ a }, { store })
    const event = freshEvent()
    const first = one.send(event)
    await sleep(20)
    const second = two.send(event)
    await sleep(100)
    release.open(result('sent'))
    expect(await Promise.all([first, second])).toEqual(['sent', 'sent'])
    expect(a.calls.deliver).toBe(1)
  })

  it.each(storeShapes)(
    'do not deliver again when the other holder finishes just before our lock (%s)',
    async (_shape, shaped) => {
      const inner = createMemoryStore()
      const a = scripted()
      let raced = false
      // Another replica takes the lock, delivers and records, all before our acquire lands.
      const otherReplicaFirst = async (key: string, ttlMs: number) => {
        if (raced) return
        raced = true
        const theirs = await inner.acquire(key, ttlMs)
        await inner.complete(
          key,
          theirs!,
          { outcome: 'sent', code: 'OTHER_REPLICA', at: 1 },
          60_000,
        )
      }
      const racing = shaped({
        ...inner,
        async acquire(key, ttlMs) {
          await otherReplicaFirst(key, ttlMs)
          return inner.acquire(key, ttlMs)
        },
        async acquireAndGet(key, ttlMs) {
          await otherReplicaFirst(key, ttlMs)
          return inner.acquireAndGet!(key, ttlMs)
        },
      })
      const { send, connectorsOf } = setup({ a }, { store: racing })
      const event = freshEvent()
      expect(await send(event)).toBe('sent')
      expect(a.calls.deliver).toBe(0)
      expect(connectorsOf(0)).toMatchObject({ a: { code: 'OTHER_REPLICA', duplicate: true } })
      // Our lock was given back (released at once, or freed by its owner a tick later).
      await sleep(10)
      expect(await inner.acquire(storeKey('a', event.bhid), 1000)).not.toBeNull()
    },
  )
})

describe('the deadline', () => {
  const DEADLINE = 300
  const WITHIN = DEADLINE + 2500

  it('answers failure within the deadline and aborts the connector signal', async () => {
    const a = scripted()
    let signal: AbortSignal | undefined
    a.deliver = (_req, s) => {
      signal = s
      return new Promise<Result>(() => {})
    }
    const { send, connectorsOf } = setup({ a }, { deadlineMs: DEADLINE })
    const started = Date.now()
    expect(await send(freshEvent())).toBe('failure')
    expect(Date.now() - started).toBeLessThan(WITHIN)
    expect(signal?.aborted).toBe(true)
    expect(connectorsOf(0)).toEqual({ a: { outcome: 'failure', code: 'DEADLINE_EXCEEDED' } })
  })

  it('keeps the lock until the slow call settles, then answers its stored result', async () => {
    const a = scripted()
    const slow = gate<Result>()
    a.deliver = () => slow.promise
    const { send, store, connectorsOf } = setup({ a }, { deadlineMs: DEADLINE })
    const event = freshEvent()
    expect(await send(event)).toBe('failure')
    // A retry while the first call is still out: no second call, still failure (the queue waits).
    expect(await send(event)).toBe('failure')
    expect(connectorsOf(1)).toMatchObject({ a: { code: 'IN_FLIGHT' } })
    expect(a.calls.deliver).toBe(1)
    slow.open(result('sent'))
    const key = storeKey('a', event.bhid)
    for (let i = 0; i < 100 && !(await store.get(key)); i++) await sleep(10)
    expect(await send(event)).toBe('sent')
    expect(a.calls.deliver).toBe(1)
  })

  it('lets a waiting retry deliver itself once the slow call fails and frees the lock', async () => {
    const a = scripted()
    const slow = gate<Result>()
    a.deliver = () => slow.promise
    const { send } = setup({ a }, { deadlineMs: 1500 })
    const event = freshEvent()
    expect(await send(event)).toBe('failure')
    a.deliver = async () => result('sent')
    const retry = send(event)
    await sleep(100)
    slow.open(result('failure'))
    expect(await retry).toBe('sent')
    expect(a.calls.deliver).toBe(2)
  })

  it('lets a fresh retry deliver once the slow call has failed', async () => {
    const a = scripted()
    const slow = gate<Result>()
    a.deliver = () => slow.promise
    const { send, store } = setup({ a }, { deadlineMs: DEADLINE })
    const event = freshEvent()
    expect(await send(event)).toBe('failure')
    slow.open(result('failure'))
    const key = storeKey('a', event.bhid)
    for (let i = 0; i < 100 && (await store.acquire(key, 1)) === null; i++) await sleep(10)
    await sleep(5)
    a.deliver = async () => result('sent')
    expect(await send(event)).toBe('sent')
    expect(a.calls.deliver).toBe(2)
  })

  it('fails only the slow connector; the others keep their results', async () => {
    const slow = scripted()
    slow.deliver = () => new Promise<Result>(() => {})
    const fast = scripted('sent')
    const { send, connectorsOf } = setup({ slow, fast }, { deadlineMs: DEADLINE })
    expect(await send(freshEvent())).toBe('failure')
    expect(connectorsOf(0)).toMatchObject({
      slow: { outcome: 'failure', code: 'DEADLINE_EXCEEDED' },
      fast: { outcome: 'sent' },
    })
  })
})

describe('connectors that misbehave', () => {
  const cases: Array<[string, (s: Scripted) => void, string]> = [
    [
      'deliver throws',
      (s) => {
        s.deliver = () => {
          throw new TypeError('Cannot read properties of undefined')
        }
      },
      'CONNECTOR_ERROR',
    ],
    [
      'deliver rejects with an SDK error holding secrets',
      (s) => {
        s.deliver = () =>
          Promise.reject(
            Object.assign(new Error('Request failed: customer@example.com'), {
              config: { headers: { Authorization: 'Klaviyo-API-Key pk_secret' } },
            }),
          )
      },
      'CONNECTOR_ERROR',
    ],
    [
      'deliver resolves no Result',
      (s) => {
        s.deliver = async () => undefined as unknown as Result
      },
      'CONNECTOR_ERROR',
    ],
    [
      'deliver resolves an unknown outcome',
      (s) => {
        s.deliver = async () => ({ outcome: 'ok', code: 'X', reason: 'x' }) as unknown as Result
      },
      'CONNECTOR_ERROR',
    ],
    [
      'plan throws',
      (s) => {
        s.plan = () => {
          throw new Error('customer@example.com has no list')
        }
      },
      'CONNECTOR_PLAN_ERROR',
    ],
    [
      'plan returns nothing',
      (s) => {
        s.plan = () => undefined as never
      },
      'CONNECTOR_PLAN_ERROR',
    ],
    [
      'plan returns a send plan without requests',
      (s) => {
        s.plan = () => ({ kind: 'send' }) as never
      },
      'CONNECTOR_PLAN_ERROR',
    ],
  ]

  it.each(cases)('%s → failure with a code, logged without PII', async (_, arrange, code) => {
    const bad = scripted()
    arrange(bad)
    const good = scripted('sent')
    const { send, lines, connectorsOf } = setup({ bad, good })
    expect(await send(freshEvent())).toBe('failure')
    expect(connectorsOf(0)).toMatchObject({
      bad: { outcome: 'failure', code },
      good: { outcome: 'sent' },
    })
    const errors = lines.filter((l) => l.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.obj).toMatchObject({ connector: 'bad', errorName: expect.any(String) })
    const logged = JSON.stringify(lines)
    for (const secret of ['customer@example.com', 'pk_secret', 'Jane', 'Cannot read']) {
      expect(logged).not.toContain(secret)
    }
  })

  it('frees the lock after a connector error, so the retry delivers', async () => {
    const a = scripted()
    a.deliver = () => Promise.reject(new Error('boom'))
    const { send } = setup({ a })
    const event = freshEvent()
    expect(await send(event)).toBe('failure')
    a.deliver = async () => result('sent')
    expect(await send(event)).toBe('sent')
  })
})

describe('store outage', () => {
  const down = (): HookStore => {
    const fail = () => Promise.reject(new Error('connect ECONNREFUSED redis://:hunter2@10.0.0.5'))
    return { get: fail, acquire: fail, complete: fail, release: fail, ping: fail, close: fail }
  }

  it('answers failure with no vendor call when the store is down', async () => {
    const a = scripted('sent')
    const { send, connectorsOf, lines } = setup({ a }, { store: down() })
    expect(await send(freshEvent())).toBe('failure')
    expect(a.calls.deliver).toBe(0)
    expect(connectorsOf(0)).toEqual({ a: { outcome: 'failure', code: 'STORE_UNAVAILABLE' } })
    expect(JSON.stringify(lines)).not.toContain('hunter2')
  })

  it.each(storeShapes)('answers failure when only acquire fails (%s)', async (_shape, shaped) => {
    const a = scripted('sent')
    const store = shaped({
      ...createMemoryStore(),
      acquire: () => Promise.reject(new Error('x')),
      acquireAndGet: () => Promise.reject(new Error('x')),
    })
    expect(await setup({ a }, { store }).send(freshEvent())).toBe('failure')
    expect(a.calls.deliver).toBe(0)
  })

  it('answers the real outcome when only the final write fails', async () => {
    const a = scripted('sent')
    const store: HookStore = {
      ...createMemoryStore(),
      complete: () => Promise.reject(new Error('x')),
    }
    const { send, lines } = setup({ a }, { store })
    expect(await send(freshEvent())).toBe('sent')
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1)
  })

  it('answers Hello1 without the store', async () => {
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { a: scripted().connector },
      store: down(),
    })
    const res = await handler(hookRequest('/hooks/Hello1', { magic: 'm' }, { token: valid }))
    expect(await res.json()).toEqual({ magic: 'm', hooks: ['SendEvent1'] })
  })
})
