/**
 * A fake vendor: core's fake server (`startFakeVendor`) answering like one vendor's API, with a
 * fault schedule and random latency on top, a TCP gate in front for refused connections, and a
 * ledger of what it committed.
 * @module
 */
import {
  type FakeReply,
  type FakeVendor,
  type RecordedRequest,
  startFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import type { Vendor } from '../events'
import type { Rng } from '../random'
import { createFaultSchedule, type FaultKind, type FaultSchedule } from './faults'
import { type Gate, startGate } from './gate'
import { type Commit, Ledger } from './ledger'

/** A vendor's normal answer to a request, and what answering it commits. */
export interface VendorAnswer {
  readonly reply: FakeReply
  readonly commits?: readonly Omit<Commit, 'at'>[]
}

/** How one vendor's API answers. */
export interface VendorModel {
  readonly vendor: Vendor
  /** Appended to the server URL to make the connector's `baseUrl` (e.g. `/3.0`). */
  readonly basePath: string
  /** The answer of a healthy vendor. */
  answer(request: RecordedRequest): VendorAnswer
  /** The vendor's 5xx answer. */
  serverError(status: number): FakeReply
  /** The vendor's 429 answer. */
  rateLimited(): FakeReply
}

/** Options of {@link startVendorFake}. */
export interface VendorFakeOptions {
  readonly rng: Rng
  /** Faults to inject; default none. */
  readonly faults?: FaultSchedule
  /** Milliseconds before each answer; default 0. */
  readonly latencyMs?: (rng: Rng) => number
  /** Put a TCP gate in front (needed for `refused` faults). Default true when faults are given. */
  readonly gate?: boolean
  /** How long a `refused` fault keeps the vendor away. Default 100 ms. */
  readonly refuseMs?: number
}

/** A running fake vendor. */
export interface VendorFake {
  readonly vendor: Vendor
  /** The connector's `baseUrl`. */
  readonly baseUrl: string
  readonly ledger: Ledger
  readonly faults: FaultSchedule
  /** Requests received. */
  requests(): number
  /** Refusal windows opened by `refused` faults. */
  refusals(): number
  /** The underlying core fake (its recorded requests). */
  readonly server: FakeVendor
  close(): Promise<void>
}

const SERVER_ERRORS = [500, 502, 503, 504]

/** Start a fake for `model`. */
export async function startVendorFake(
  model: VendorModel,
  options: VendorFakeOptions,
): Promise<VendorFake> {
  const { rng } = options
  const faults = options.faults ?? createFaultSchedule(rng, 0)
  const ledger = new Ledger()
  let gate: Gate | undefined
  let received = 0

  const commit = (answer: VendorAnswer, answerLost = false) => {
    const at = performance.now()
    for (const c of answer.commits ?? []) ledger.record({ ...c, at, answerLost })
  }

  const faulted = (kind: FaultKind, request: RecordedRequest): FakeReply => {
    switch (kind) {
      case 'http5xx':
        return model.serverError(SERVER_ERRORS[Math.floor(rng() * SERVER_ERRORS.length)]!)
      case 'http429':
        return model.rateLimited()
      case 'reset':
        return { reset: true }
      case 'hang':
        return { hang: true }
      case 'refused':
        gate?.refuse(options.refuseMs ?? 100)
        return { reset: true }
      case 'lostAnswerReset':
        commit(model.answer(request), true)
        return { reset: true }
      case 'lostAnswerHang':
        commit(model.answer(request), true)
        return { hang: true }
    }
  }

  let server: FakeVendor | undefined
  const respond = (request: RecordedRequest): FakeReply => {
    received++
    // core's fake keeps every request it saw; a soak run would keep gigabytes. The ledger and the
    // counter hold what the suite needs.
    if (server) server.requests.length = 0
    const kind = faults.next()
    if (kind) return faulted(kind, request)
    const answer = model.answer(request)
    commit(answer)
    const delayMs = options.latencyMs?.(rng) ?? 0
    return delayMs > 0 ? { ...answer.reply, delayMs } : answer.reply
  }

  const started = await startFakeVendor({ defaultReply: respond })
  server = started
  const useGate = options.gate ?? options.faults !== undefined
  if (useGate) gate = await startGate(Number(new URL(started.url).port))
  const origin = gate?.url ?? started.url

  return {
    vendor: model.vendor,
    baseUrl: `${origin}${model.basePath}`,
    ledger,
    faults,
    server: started,
    requests: () => received,
    refusals: () => gate?.windows ?? 0,
    async close() {
      await gate?.close()
      await started.close()
    },
  }
}
