/** A small concurrency limiter (e.g. Mailchimp allows 10 simultaneous connections per key). @module */

/** Runs at most `max` tasks at once; the rest wait in FIFO order. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>
  /** Tasks running now. */
  readonly active: number
  /** Tasks waiting. */
  readonly pending: number
}

/**
 * @example
 * const limit = createLimiter(8)
 * await limit.run(() => http.request(req))
 */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer')
  let active = 0
  const waiting: Array<() => void> = []
  const next = () => {
    active--
    waiting.shift()?.()
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
      active++
      try {
        return await task()
      } finally {
        next()
      }
    },
  }
}
