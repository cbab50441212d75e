/**
 * A fake vendor: core's fake server (`startFakeVendor`) answering like one vendor's API, with a
 * fault schedule and random latency on top, a TCP gate in front for refused connections, and a
 * ledger of what it committed.
 * @module
 */
import { subscribe } from 'node:diagnostics_channel'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import {
  type FakeReply,
  type FakeVendor,
  type RecordedRequest,
  startFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import type { Vendor } from '../events'
import type { Rng } from '../random'
import { createFaultSchedule, type FaultKind, type FaultSchedule } from './faults'
import { type Gate, type GateConnection, startGate } from './gate'
import { type AnswerFate, type Commit, Ledger } from './ledger'

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

/**
 * Each request's response and socket in core's fake, found by the request's `headers` object
 * (core hands the responder `req.headers` itself): node:http publishes every server request on
 * this channel before its handler runs.
 */
const responses = new WeakMap<object, { response: ServerResponse; socket: Socket }>()
subscribe('http.server.request.start', (message) => {
  const { request, response, socket } = message as {
    request: IncomingMessage
    response: ServerResponse
    socket: Socket
  }
  responses.set(request.headers, { response, socket })
})

/** Where the answer ends in the connection's byte stream, once the fake has written it. */
interface Written {
  end: number | undefined
  at: number | undefined
}

function watchAnswer(response: ServerResponse, socket: Socket): Written {
  const written: Written = { end: undefined, at: undefined }
  response.once('finish', () => {
    written.end = socket.bytesWritten
    written.at = performance.now()
  })
  return written
}

/**
 * What became of the answer committed at `at` (no socket kept: the ledger holds this after the
 * run). Through the gate, the answer was cut when the gate dropped the connection before the
 * answer's last byte passed it; without a gate, when the connection closed before it was written.
 */
function fateOf(
  written: Written,
  link: GateConnection | undefined,
  at: number,
  closedEarly: () => boolean,
): () => AnswerFate {
  return () => {
    const writtenMs = written.at === undefined ? undefined : written.at - at
    if (!link) {
      return {
        cut: written.end === undefined && closedEarly() ? 'closed' : undefined,
        writtenMs,
        traced: true,
      }
    }
    const cut =
      link.closedBy !== undefined && (written.end === undefined || written.end > link.passed())
    return {
      cut: cut ? link.closedBy : undefined,
      writtenMs,
      closedMs: link.closedAt === undefined ? undefined : link.closedAt - at,
      traced: true,
    }
  }
}

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

  const traceAnswer = (request: RecordedRequest, at: number): (() => AnswerFate) => {
    const found = responses.get(request.headers)
    if (!found) return () => ({ traced: false })
    const { response, socket } = found
    const link = gate ? gate.connection(socket.remotePort ?? -1) : undefined
    if (gate && !link) return () => ({ traced: false })
    const written = watchAnswer(response, socket)
    let closedEarly = false
    if (!gate) response.once('close', () => (closedEarly = written.end === undefined))
    return fateOf(written, link, at, () => closedEarly)
  }

  const commit = (answer: VendorAnswer, request: RecordedRequest, answerLost = false) => {
    const at = performance.now()
    const commits = answer.commits ?? []
    if (commits.length === 0) return
    const answerFate = answerLost ? undefined : traceAnswer(request, at)
    for (const c of commits) ledger.record({ ...c, at, answerLost, answerFate })
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
        commit(model.answer(request), request, true)
        return { reset: true }
      case 'lostAnswerHang':
        commit(model.answer(request), request, true)
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
    commit(answer, request)
    const delayMs = options.latencyMs?.(rng) ?? 0
    return delayMs > 0 ? { ...answer.reply, delayMs } : answer.reply
  }

  const started = await startFakeVendor({ defaultReply: respond })
  server = started
  const useGate = options.gate ?? options.faults !== undefined
  if (useGate) {
    gate = await startGate(Number(new URL(started.url).port))
    gate.onRefuse = (at) => ledger.refusals.push(at)
  }
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
