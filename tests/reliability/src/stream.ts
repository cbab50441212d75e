/**
 * One queue per route streaming events at a host while the scenario does something to it at even
 * points of the stream (kill it, stop its store): the shape of the crash and outage scenarios.
 * @module
 */
import type { Target } from './hosts'
import { MODE, SOAK } from './mode'
import { rngFor } from './random'
import { allQueues, type QueueGroups, queueGroups, type Scenario } from './scenario'
import {
  createSimulator,
  type QueueResult,
  type SimQueue,
  type SimulatorOptions,
} from './simulator'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Options of {@link startStream}. */
export interface StreamOptions {
  /** Names the events (`<name>-<route>-q0-…`) and the simulator's seed (`<name>/simulator`). */
  readonly name: string
  readonly target: () => Target
  /** Events per route. */
  readonly count: number
  /** Added to the simulator's options (the stream sets key, rng, attempt timeout, onTerminal). */
  readonly simulator?: Pick<SimulatorOptions, 'duplicateRate' | 'onAttempt'>
}

/** A running stream. */
export interface Stream {
  readonly groups: QueueGroups
  /** Every queue, in the order of {@link Stream.results}. */
  readonly queues: readonly SimQueue[]
  /** Events answered terminal so far. */
  readonly ended: number
  /** True once every queue has run to its end. */
  readonly finished: boolean
  /**
   * Run `act` `times` times, once each after 1/(times + 1), 2/(times + 1), … of the events have
   * ended; stops early once the stream has finished.
   */
  atEvenPoints(times: number, act: () => Promise<void>): Promise<void>
  /** Wait for the end, close the simulator; one result per queue. */
  results(): Promise<QueueResult[]>
}

/** Start streaming `count` events per route (one queue each, the mode's share of bad events). */
export function startStream(scenario: Scenario, options: StreamOptions): Stream {
  const groups = queueGroups({
    name: options.name,
    target: options.target,
    count: options.count,
    queues: 1,
    badRate: MODE.badRate,
  })
  const queues = allQueues(groups)
  const total = queues.reduce((n, q) => n + q.events.length, 0)
  let ended = 0
  const simulator = createSimulator({
    key: scenario.key,
    rng: rngFor(`${options.name}/simulator`),
    attemptTimeoutMs: MODE.attemptTimeoutMs,
    ...options.simulator,
    onTerminal: () => {
      ended++
    },
  })
  const running = simulator.run(queues, SOAK ? 60_000 : undefined)
  let finished = false
  void running.finally(() => {
    finished = true
  })
  return {
    groups,
    queues,
    get ended() {
      return ended
    },
    get finished() {
      return finished
    },
    async atEvenPoints(times, act) {
      for (let k = 1; k <= times && !finished; k++) {
        const threshold = Math.floor((total * k) / (times + 1))
        while (ended < threshold && !finished) await sleep(20)
        if (finished) break
        await act()
      }
    },
    async results() {
      const results = await running
      simulator.close()
      return results
    },
  }
}
