/** Shared pieces of core's tests: keys and tokens, a recording logger, scripted connectors, network errors. */
import { expect } from 'vitest'
import { HttpNetworkError } from '../src/http/client'
import {
  CANONICAL_EVENT,
  type Connector,
  createHookToken,
  type HookKey,
  type HookTokenOptions,
  type Logger,
  type Plan,
  type PlannedRequest,
  type Result,
  type SendEvent1,
  sendPlan,
} from '../src/index'

/** 32 random-looking bytes, base64: the shortest secret core accepts. */
export const SECRET = Buffer.from('bubblehouse-hooks-test-secret-32').toString('base64')
export const OTHER_SECRET = Buffer.from('a-different-secret-of-32-bytes!!').toString('base64')
export const KEY: HookKey = { kid: 'main', secret: SECRET }

/** A valid token for {@link KEY} (or another key). */
export function token(options: Partial<HookTokenOptions> = {}): Promise<string> {
  return createHookToken({ key: KEY, ...options })
}

/** One line a {@link recordingLogger} received, with its child bindings merged in. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  readonly obj: Record<string, unknown>
  readonly msg: string | undefined
}

/** A Logger that keeps every line (child bindings included), for asserting what gets logged. */
export function recordingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = []
  const make = (bindings: object): Logger => {
    const at =
      (level: LogLine['level']) =>
      (obj: object, msg?: string): void => {
        lines.push({ level, obj: { ...bindings, ...obj }, msg })
      }
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => make({ ...bindings, ...more }),
    }
  }
  return { logger: make({}), lines }
}

/** What a scripted connector does when delivering. */
export type Script = (requests: readonly PlannedRequest[], signal: AbortSignal) => Promise<Result>

/** A connector whose plan and deliver are driven by the test, counting every call. */
export interface Scripted {
  readonly connector: Connector
  readonly calls: { plan: number; deliver: number }
  /** Replace what the next deliveries do. */
  deliver: Script
  /** Replace what the next plans return. */
  plan: (event: SendEvent1) => Plan
}

const defaultPlan = (event: SendEvent1): Plan =>
  sendPlan({ operation: 'track', method: 'POST', path: '/events', body: { id: event.bhid } })

export function scripted(outcome: Result['outcome'] = 'sent'): Scripted {
  const state: Scripted = {
    calls: { plan: 0, deliver: 0 },
    deliver: async () => ({ outcome, code: `TEST_${outcome.toUpperCase()}`, reason: 'scripted' }),
    plan: defaultPlan,
    connector: {
      plan(event) {
        state.calls.plan++
        return state.plan(event)
      },
      deliver(requests, ctx) {
        state.calls.deliver++
        return state.deliver(requests, ctx.signal)
      },
    },
  }
  return state
}

/** Resolves after `ms`, or when `signal` aborts if the script honours it. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

let n = 0
/** The canonical example with a fresh bhid, so tests never share dedupe state. */
export function freshEvent(overrides: Partial<SendEvent1> = {}): SendEvent1 {
  return { ...structuredClone(CANONICAL_EVENT), bhid: `evt-${process.pid}-${++n}`, ...overrides }
}

/** A POST as Bubblehouse sends it. `body` is JSON-encoded unless it is a string or bytes. */
export function hookRequest(
  path: string,
  body: unknown,
  options: { token?: string; headers?: Record<string, string>; method?: string } = {},
): Request {
  const headers = new Headers({ 'content-type': 'application/json', ...options.headers })
  if (options.token !== undefined) headers.set('authorization', `Bearer ${options.token}`)
  const encoded =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array
        ? new Uint8Array(body)
        : JSON.stringify(body)
  const method = options.method ?? 'POST'
  return new Request(`http://hooks.test${path}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: encoded }),
  })
}

/** The {@link HttpNetworkError} a request rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<HttpNetworkError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(HttpNetworkError)
    return err as HttpNetworkError
  }
  throw new Error('expected a rejection')
}
