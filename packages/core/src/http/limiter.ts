/** A small concurrency limiter (e.g. Mailchimp allows 10 simultaneous connections per key). @module */

/** Runs at most `max` tasks at once; the rest wait in FIFO order. */
export interface Limiter {
  /** Run `task` once a slot is free; settles as the task does and frees the slot either way. */
  run<T>(task: () => Promise<T>): Promise<T>
  /** Tasks running now. */
  readonly active: number
  /** Tasks waiting. */
  readonly pending: number
}

/**
 * A FIFO concurrency limiter. Throws a RangeError unless `max` is a positive integer.
 * @example
 * const limit = createLimiter(8)
 * await limit.run(() => http.request(req))
 */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer')
  let active = 0
  const waiting: Array<() => void> = []
  // A finishing task hands its slot straight to the next waiter; decrementing first would let a
  // newcomer take the slot before the woken waiter runs, and both would run.
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }
  return {
    get active() {
      return active
    },
    get pending() {
      return waiting.length
    },
    async run(task) {
      if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve))
      else active++
      try {
        return await task()
      } finally {
        release()
      }
    },
  }
}
