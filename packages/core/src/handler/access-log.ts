/**
 * One access line per hook request: the steps add facts to it, and the answer writes it once,
 * with the status, the duration and the request metric.
 * @module
 */
import type { HookMetrics, Logger } from '../logger'
import type { HookRoute } from './route'
import { type HookOutput, jsonOutput } from './types'

/** The access line of one request and the one way to answer it. */
export interface AccessLog {
  /** Facts for the line (never PII: an email goes in only through an {@link EmailHasher}). */
  readonly line: Record<string, unknown>
  /** Write the line and build the answer. */
  answer(
    status: number,
    body: unknown,
    msg: string,
    extra?: Readonly<Record<string, string>>,
  ): HookOutput
}

/**
 * Turns an email into a short, deployment-keyed hash for correlating log lines (the host's is an
 * HMAC keyed from its hook secret). A plain hash would not do: anyone with a list of emails could
 * hash them all and read the log. Core has none of its own, so it stays free of `node:crypto`.
 */
export type EmailHasher = (email: string) => string

/**
 * Lets through at most `max` lines per `windowMs`; the first line after a quiet spell says how
 * many were left out. For 401s, which anyone on the network can cause at any rate.
 */
export interface LineLimiter {
  /** `undefined`: leave this line out; otherwise the number left out before it. */
  take(): number | undefined
}

/** @example const limiter = createLineLimiter(10, 60_000, Date.now) */
export function createLineLimiter(max: number, windowMs: number, now: () => number): LineLimiter {
  let windowStart = Number.NEGATIVE_INFINITY
  let used = 0
  let suppressed = 0
  return {
    take() {
      const at = now()
      if (at - windowStart >= windowMs) {
        windowStart = at
        used = 0
      }
      if (used >= max) {
        suppressed++
        return undefined
      }
      used++
      const left = suppressed
      suppressed = 0
      return left
    },
  }
}

/**
 * 401 is a warning (a caller with a wrong secret, or a probe), and so is a `failure` answer: it
 * holds the merchant's queue, so the person on call must see it. Nothing a request contains is an
 * error.
 */
const levelOf = (status: number, body: unknown) =>
  status >= 500
    ? 'error'
    : status === 401 || (body as { outcome?: unknown } | null)?.outcome === 'failure'
      ? 'warn'
      : 'info'

/**
 * Start the line of a request that arrived at `started` (`performance.now()`). 401 lines go
 * through `unauthorized`, so a flood of bad tokens cannot flood the log (they are all counted).
 */
export function startAccessLog(
  requestId: string,
  route: HookRoute,
  started: number,
  logger: Logger,
  metrics: HookMetrics,
  unauthorized?: LineLimiter,
): AccessLog {
  const line: Record<string, unknown> = { requestId, hook: route.name }
  return {
    line,
    answer(status, body, msg, extra) {
      line.status = status
      line.durationMs = Math.round((performance.now() - started) * 10) / 10
      metrics.hookRequest(route.hook ?? 'unknown', status)
      const left = status === 401 && unauthorized ? unauthorized.take() : 0
      if (left === undefined) return jsonOutput(status, body, requestId, extra)
      if (left > 0) line.suppressed401 = left
      logger[levelOf(status, body)](line, msg)
      return jsonOutput(status, body, requestId, extra)
    },
  }
}
