/** The handler's journal hook and the replayer: what they are told, and that a journal never changes an answer. */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createHookHandler,
  createMemoryStore,
  createReplayer,
  type SendEventRecord,
  storeKey,
} from '../src/index'
import { freshEvent, hookRequest, KEY, scripted, token } from './helpers'

let valid: string
beforeAll(async () => {
  valid = await token()
})

/** Resolves with the next record the hook gets. */
function recorder() {
  const records: SendEventRecord[] = []
  let wake: (() => void) | undefined
  return {
    records,
    hook: (record: SendEventRecord) => {
      records.push(record)
      wake?.()
    },
    next: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (records.length >= count) resolve()
          else wake = check
        }
        check()
      }),
  }
}

describe('journal hook', () => {
  it('gets the canonical route, the event, the answer and each connector timed', async () => {
    const ok = scripted('sent')
    const bad = scripted('invalid_data')
    bad.deliver = async () => ({
      outcome: 'invalid_data',
      code: 'HTTP_400',
      reason: 'bad',
      vendorStatus: 400,
    })
    const rec = recorder()
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { ok: ok.connector, bad: bad.connector },
      journal: rec.hook,
    })
    const event = freshEvent()
    const all = await handler(hookRequest('/hooks//SendEvent1', event, { token: valid }))
    expect(await all.json()).toEqual({ outcome: 'sent' })
    await rec.next(1)
    const one = await handler(hookRequest('/hooks/ok/SendEvent1', event, { token: valid }))
    expect(await one.json()).toEqual({ outcome: 'sent' })
    await rec.next(2)
    const [first, second] = rec.records
    expect(first).toMatchObject({ route: '/hooks/SendEvent1', outcome: 'sent' })
    expect(first?.event.bhid).toBe(event.bhid)
    expect(first?.runs).toEqual([
      expect.objectContaining({ connector: 'ok', outcome: 'sent', duplicate: false }),
      expect.objectContaining({
        connector: 'bad',
        outcome: 'invalid_data',
        code: 'HTTP_400',
        vendorStatus: 400,
        duplicate: false,
        startedAt: expect.any(Number),
        durationMs: expect.any(Number),
      }),
    ])
    // The second post of the same bhid to one connector: its stored result, no vendor call.
    expect(second).toMatchObject({ route: '/hooks/ok/SendEvent1', outcome: 'sent' })
    expect(second?.runs).toEqual([expect.objectContaining({ connector: 'ok', duplicate: true })])
    expect(ok.calls.deliver).toBe(1)
  })

  it('answers as without a journal when the hook throws or rejects', async () => {
    for (const hook of [
      () => {
        throw new Error('journal down')
      },
      async () => {
        throw new Error('journal down')
      },
    ]) {
      const handler = createHookHandler({
        auth: { keys: [KEY] },
        connectors: { ok: scripted('sent').connector },
        journal: hook,
      })
      const res = await handler(hookRequest('/hooks/SendEvent1', freshEvent(), { token: valid }))
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ outcome: 'sent' })
    }
  })
})

describe('createReplayer', () => {
  it('delivers again past a stored result for exactly the connectors named, and records the new one', async () => {
    const store = createMemoryStore()
    const a = scripted('sent')
    const b = scripted('sent')
    const connectors = { a: a.connector, b: b.connector }
    const handler = createHookHandler({ auth: { keys: [KEY] }, connectors, store })
    const event = freshEvent()
    a.deliver = async () => ({ outcome: 'invalid_data', code: 'HTTP_400', reason: 'bad' })
    await handler(hookRequest('/hooks/SendEvent1', event, { token: valid }))
    expect((await store.get(storeKey('a', event.bhid)))?.outcome).toBe('invalid_data')

    a.deliver = async () => ({ outcome: 'sent', code: 'HTTP_2XX', reason: 'ok' })
    const runs = await createReplayer({ connectors, store })(event, ['a'])
    expect(runs).toEqual([
      expect.objectContaining({
        connector: 'a',
        outcome: 'sent',
        code: 'HTTP_2XX',
        duplicate: false,
      }),
    ])
    expect(a.calls.deliver).toBe(2)
    expect(b.calls.deliver).toBe(1)
    expect((await store.get(storeKey('a', event.bhid)))?.outcome).toBe('sent')
    // Bubblehouse's own retry now gets the replayed result.
    const retry = await handler(hookRequest('/hooks/a/SendEvent1', event, { token: valid }))
    expect(await retry.json()).toEqual({ outcome: 'sent' })
    expect(a.calls.deliver).toBe(2)
  })

  it('refuses a connector it does not have', async () => {
    const replay = createReplayer({ connectors: {}, store: createMemoryStore() })
    await expect(replay(freshEvent(), ['nope'])).rejects.toThrow(RangeError)
  })
})
