/**
 * A Bubblehouse queue simulator that behaves as the protocol doc says (§4): one queue per
 * integration, one event at a time, in order. It moves on only after `sent`, `skipped`,
 * `invalid_data` or `unsubscribed`; after `failure`, any non-2xx, a 2xx without a valid answer, a
 * timeout (30 s in production) or a connection error it holds the queue and retries the same
 * event. It can re-deliver events (after their terminal answer, or two copies at once, as network
 * errors and retries do) and run many queues at once.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'node:http'
import {
  createHookToken,
  type HookKey,
  isTerminal,
  OUTCOMES,
  type Outcome,
  type TerminalOutcome,
} from '@bubblehouse-hooks/core'
import { expectedOutcome, type GeneratedEvent, type Vendor } from './events'
import type { Rng } from './random'

/** One queue: where it posts and what. */
export interface SimQueue {
  readonly name: string
  /** The SendEvent1 URL; a function, so a test can move the queue (a new host, a fixed DNS). */
  readonly url: () => string
  readonly events: readonly GeneratedEvent[]
  /** The connectors behind the URL: the expected answer combines theirs. */
  readonly vendors: readonly Vendor[]
  /**
   * Where the concurrent copy and the re-delivery after the terminal answer go: another replica
   * behind the same store, as a load balancer's retry or a re-delivery reaches it. Default `url`.
   */
  readonly twinUrl?: () => string
}

/** One POST and what came back. */
export interface Attempt {
  /** HTTP status, or why there was none. */
  readonly status: number | 'timeout' | 'network'
  /** The outcome of a 2xx answer with a valid body. */
  readonly outcome?: Outcome | undefined
  /** Request sent → answer read, ms. */
  readonly ms: number
  /** When the request was sent (performance.now()). */
  readonly sentAt: number
}

/** One event's story. */
export interface EventResult {
  readonly bhid: string
  readonly index: number
  readonly expected: TerminalOutcome
  /** The terminal outcome it ended with; undefined = lost (never terminal). */
  outcome: TerminalOutcome | undefined
  /** POSTs until the terminal answer (duplicates not counted). */
  attempts: number
  /** When the terminal answer arrived (performance.now()). */
  terminalAt: number | undefined
  /** When the first attempt was sent (performance.now()). */
  firstSentAt: number | undefined
  /** Answers to deliberate re-deliveries (after terminal, or the concurrent copy). */
  readonly duplicateAnswers: Array<Outcome | 'none'>
  /** Every POST of this event (re-deliveries included), in the order they were answered. */
  readonly tries: Array<{ readonly sentAt: number; readonly answer: string; readonly ms: number }>
}

/** What happened to one queue. */
export interface QueueResult {
  readonly name: string
  readonly events: EventResult[]
  /** Every POST's answer time, ms. */
  readonly answerMs: number[]
  readonly statuses: Map<string, number>
  readonly outcomes: Map<string, number>
  /** Answers with status ≥ 500. */
  http5xx: number
  /** 2xx answers whose body was not `{outcome}` with a known outcome. */
  badBodies: number
  /** Attempts that hit the attempt timeout. */
  timeouts: number
  /** Attempts that failed at the connection level (refused, reset). */
  networkErrors: number
  /** Events given up after `maxHoldMs`. */
  abandoned: number
  /** The first abandoned events, with their last answers (to find them in the host log). */
  readonly held: Array<{ bhid: string; attempts: number; lastAnswers: string[] }>
}

/** Options of {@link runQueues}. */
export interface SimulatorOptions {
  readonly key: HookKey
  readonly rng: Rng
  /** Bubblehouse gives up on an attempt after this (30 000 in production). */
  readonly attemptTimeoutMs: number
  /** Pause before retrying a held event; default 20–40 ms. */
  readonly retryDelayMs?: (rng: Rng) => number
  /** Share of events sent once more after their terminal answer. */
  readonly duplicateRate?: number
  /** Share of events sent as two copies at once on their first attempt. */
  readonly concurrentDuplicateRate?: number
  /**
   * How long the concurrent copy of the event at `index` leaves after the first, in ms; 0 (the
   * default) sends both at the same instant.
   */
  readonly twinDelayMs?: (index: number, rng: Rng) => number
  /** An event held longer than this is abandoned (counted lost). Default 120 000. */
  readonly maxHoldMs?: number
  /** Called with every attempt (e.g. to kill the host mid-stream). */
  readonly onAttempt?: (queue: string, attempt: Attempt) => void
  /** Called when an event ends. */
  readonly onTerminal?: (queue: string, event: EventResult) => void
  /**
   * Ends every queue: no attempt starts after it is aborted, and the event a queue holds is left
   * as it is (not terminal, not abandoned). For queues that can never finish (a vendor that hangs).
   */
  readonly stop?: AbortSignal
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const OUTCOME_SET: ReadonlySet<string> = new Set(OUTCOMES)

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && OUTCOME_SET.has(value)
}

/** The outcome in a 2xx body, or undefined when the body is not a valid SendEvent1 answer. */
function outcomeOf(text: string): Outcome | undefined {
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed === null || typeof parsed !== 'object' || !('outcome' in parsed)) return undefined
    return isOutcome(parsed.outcome) ? parsed.outcome : undefined
  } catch {
    return undefined
  }
}

/** A simulator: one keep-alive agent, many queues. */
export function createSimulator(options: SimulatorOptions) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const retryDelay = options.retryDelayMs ?? ((rng: Rng) => 20 + Math.floor(rng() * 20))
  const maxHoldMs = options.maxHoldMs ?? 120_000

  async function post(url: string, body: string): Promise<Attempt> {
    const token = await createHookToken({ key: options.key })
    const started = performance.now()
    return new Promise<Attempt>((resolve) => {
      let settled = false
      const done = (status: Attempt['status'], outcome?: Outcome) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve({ status, outcome, ms: performance.now() - started, sentAt: started })
      }
      const req = request(url, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accepts: 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-request-id': randomUUID(),
          'x-bh-urgency': 'regular',
          authorization: `Bearer ${token}`,
        },
      })
      const timer = setTimeout(() => {
        req.destroy()
        done('timeout')
      }, options.attemptTimeoutMs)
      req.on('error', () => done('network'))
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', () => done('network'))
        res.on('end', () => {
          const status = res.statusCode ?? 0
          const ok = status >= 200 && status < 300
          done(status, ok ? outcomeOf(Buffer.concat(chunks).toString('utf8')) : undefined)
        })
      })
      req.end(body)
    })
  }

  async function runQueue(
    queue: SimQueue,
    started: (result: QueueResult) => void = () => undefined,
  ): Promise<QueueResult> {
    const result: QueueResult = {
      name: queue.name,
      events: [],
      answerMs: [],
      statuses: new Map(),
      outcomes: new Map(),
      http5xx: 0,
      badBodies: 0,
      timeouts: 0,
      networkErrors: 0,
      abandoned: 0,
      held: [],
    }
    started(result)
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)
    let recent: string[] = []
    const twin = queue.twinUrl ?? queue.url
    const attempt = async (body: string, event: EventResult, url = queue.url): Promise<Attempt> => {
      const answer = await post(url(), body)
      event.tries.push({
        sentAt: answer.sentAt,
        answer: String(answer.outcome ?? answer.status),
        ms: answer.ms,
      })
      recent.push(String(answer.outcome ?? answer.status))
      if (recent.length > 10) recent = recent.slice(-10)
      result.answerMs.push(answer.ms)
      count(result.statuses, String(answer.status))
      if (answer.status === 'timeout') result.timeouts++
      else if (answer.status === 'network') result.networkErrors++
      else {
        if (answer.status >= 500) result.http5xx++
        if (answer.status >= 200 && answer.status < 300) {
          if (answer.outcome === undefined) result.badBodies++
          else count(result.outcomes, answer.outcome)
        }
      }
      options.onAttempt?.(queue.name, answer)
      return answer
    }
    const terminal = (a: Attempt): TerminalOutcome | undefined =>
      a.outcome !== undefined && isTerminal(a.outcome) ? a.outcome : undefined

    const stopped = () => options.stop?.aborted === true
    for (const generated of queue.events) {
      if (stopped()) break
      const event: EventResult = {
        bhid: generated.bhid,
        index: generated.index,
        expected: expectedOutcome(generated.expected, queue.vendors),
        outcome: undefined,
        attempts: 0,
        terminalAt: undefined,
        firstSentAt: undefined,
        duplicateAnswers: [],
        tries: [],
      }
      result.events.push(event)
      const body = JSON.stringify(generated.event)
      const heldSince = performance.now()
      event.firstSentAt = heldSince
      const concurrent = options.rng() < (options.concurrentDuplicateRate ?? 0)
      recent = []
      while (event.outcome === undefined && !stopped()) {
        if (performance.now() - heldSince > maxHoldMs) {
          result.abandoned++
          if (result.held.length < 10) {
            result.held.push({ bhid: event.bhid, attempts: event.attempts, lastAnswers: recent })
          }
          break
        }
        event.attempts++
        if (concurrent && event.attempts === 1) {
          const delay = options.twinDelayMs?.(generated.index, options.rng) ?? 0
          const [a, b] = await Promise.all([
            attempt(body, event),
            (delay > 0 ? sleep(delay) : Promise.resolve()).then(() => attempt(body, event, twin)),
          ])
          event.duplicateAnswers.push(b.outcome ?? 'none')
          event.outcome = terminal(a) ?? terminal(b)
        } else {
          event.outcome = terminal(await attempt(body, event))
        }
        if (event.outcome === undefined) await sleep(retryDelay(options.rng))
      }
      if (event.outcome === undefined) continue
      event.terminalAt = performance.now()
      options.onTerminal?.(queue.name, event)
      if (options.rng() < (options.duplicateRate ?? 0)) {
        const again = await attempt(body, event, twin)
        event.duplicateAnswers.push(again.outcome ?? 'none')
      }
    }
    return result
  }

  return {
    /**
     * Run every queue at once; resolves when each has ended every event. With `progressMs`, prints
     * how many events ended so far at that interval (long runs).
     */
    run: async (queues: readonly SimQueue[], progressMs?: number) => {
      const total = queues.reduce((n, q) => n + q.events.length, 0)
      const started = performance.now()
      const timer =
        progressMs === undefined
          ? undefined
          : setInterval(() => {
              const ended = queues.reduce((n, _, i) => n + (running[i]?.events.length ?? 0), 0)
              const s = Math.round((performance.now() - started) / 1000)
              process.stdout.write(`  simulator: event ${ended} of ${total} after ${s} s\n`)
            }, progressMs)
      const running: QueueResult[] = []
      try {
        return await Promise.all(queues.map((q, i) => runQueue(q, (r) => (running[i] = r))))
      } finally {
        clearInterval(timer)
      }
    },
    /** Close idle keep-alive sockets. */
    close: () => agent.destroy(),
  }
}
