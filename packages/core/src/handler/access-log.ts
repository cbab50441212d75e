/**
 * One access line per hook request: the steps add facts to it, and the answer writes it once,
 * with the status, the duration and the request metric.
 * @module
 */
import { hash } from 'node:crypto'
import type { HookMetrics, Logger } from '../logger'
import type { HookRoute } from './route'
import { type HookOutput, jsonOutput } from './types'

/** The access line of one request and the one way to answer it. */
export interface AccessLog {
  /** Facts for the line (never PII: emails go in hashed, see {@link hashEmail}). */
  readonly line: Record<string, unknown>
  /** Write the line and build the answer. */
  answer(
    status: number,
    body: unknown,
    msg: string,
    extra?: Readonly<Record<string, string>>,
  ): HookOutput
}

/** A short, salted-free hash of the lower-cased email, for correlating log lines without the email. */
export function hashEmail(email: string): string {
  // One-shot `hash` (Node 20.12+): a third of createHash().update().digest()'s cost, per access line.
  return hash('sha256', email.trim().toLowerCase(), 'hex').slice(0, 16)
}

/** 401 is a warning (a caller with a wrong secret, or a probe); nothing a request contains is an error. */
const levelOf = (status: number) => (status >= 500 ? 'error' : status === 401 ? 'warn' : 'info')

/** Start the line of a request that arrived at `started` (`performance.now()`). */
export function startAccessLog(
  requestId: string,
  route: HookRoute,
  started: number,
  logger: Logger,
  metrics: HookMetrics,
): AccessLog {
  const line: Record<string, unknown> = { requestId, hook: route.name }
  return {
    line,
    answer(status, body, msg, extra) {
      line.status = status
      line.durationMs = Math.round((performance.now() - started) * 10) / 10
      metrics.hookRequest(route.hook ?? 'unknown', status)
      logger[levelOf(status)](line, msg)
      return jsonOutput(status, body, requestId, extra)
    },
  }
}
