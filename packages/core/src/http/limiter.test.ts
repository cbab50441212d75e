import { describe, expect, it } from 'vitest'
import { createLimiter } from './limiter'

/** A task the test finishes by hand. */
function gate<T = void>() {
  let open!: (value: T) => void
  const promise = new Promise<T>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('createLimiter', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses max %s', (max) => {
    expect(() => createLimiter(max)).toThrow(RangeError)
  })

  it('runs at most max tasks, the rest in FIFO order', async () => {
    const limit = createLimiter(2)
    const gates = [gate(), gate(), gate(), gate()]
    const started: number[] = []
    const runs = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i)
        await g.promise
        return i
      }),
    )
    await tick()
    expect(started).toEqual([0, 1])
    expect([limit.active, limit.pending]).toEqual([2, 2])
    gates[1]?.open()
    await tick()
    expect(started).toEqual([0, 1, 2])
    gates[0]?.open()
    gates[2]?.open()
    gates[3]?.open()
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3])
    expect([limit.active, limit.pending]).toEqual([0, 0])
  })

  it('frees the slot when a task throws or rejects', async () => {
    const limit = createLimiter(1)
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(
      limit.run(() => {
        throw new Error('sync')
      }),
    ).rejects.toThrow('sync')
    expect(await limit.run(async () => 'next')).toBe('next')
    expect(limit.active).toBe(0)
  })

  it('never lets a newcomer slip in while a slot passes to a waiter', async () => {
    const limit = createLimiter(1)
    let running = 0
    let peak = 0
    const task = async () => {
      peak = Math.max(peak, ++running)
      await tick()
      running--
    }
    const first = gate()
    // A microtask queued as the first task settles, before its slot reaches the waiter.
    first.promise.then(() => queueMicrotask(() => void limit.run(task)))
    const a = limit.run(() => first.promise)
    const b = limit.run(task)
    first.open()
    await Promise.all([a, b])
    for (let i = 0; i < 5; i++) await tick()
    expect(peak).toBe(1)
  })
})
