/**
 * A seeded scheduler for model tests: calls that would run concurrently (store calls, vendor
 * calls, the start of a run) queue here instead, and the test lets exactly one go at a time, the
 * one its seeded generator draws. One seed, one order, every time.
 * @module
 */

/** A generator of numbers in [0, 1), the same sequence for the same seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

interface Step {
  readonly label: string
  run(): Promise<void>
}

/** Calls waiting for their turn; {@link Scheduler.step} runs one of them to its end. */
export class Scheduler {
  readonly #pending: Step[] = []
  /** The labels of the steps run so far, in order (printed when a check fails). */
  readonly trace: string[] = []

  constructor(readonly random: () => number) {}

  /** How many calls wait for their turn. */
  get waiting(): number {
    return this.#pending.length
  }

  /** `fn` runs when the scheduler draws it; the caller gets its result then. */
  call<T>(label: string, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ label, run: () => fn().then(resolve, reject) })
    })
  }

  /** Run one waiting call, drawn at random, to its end (real I/O included). */
  async step(): Promise<void> {
    const [next] = this.#pending.splice(Math.floor(this.random() * this.#pending.length), 1)
    if (!next) return
    this.trace.push(next.label)
    await next.run()
  }
}

/** Let every promise continuation that is ready run (all microtasks settle before a macrotask). */
export const settleMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve))
