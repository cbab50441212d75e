/**
 * One event to the selected connectors, in parallel, under the request's deadline: each run has
 * its own dedupe record and in-flight lock (see run-connector.ts); the answer is the combined
 * outcome, and the access line gets each connector's result.
 * @module
 */
import type { SendEvent1 } from '../contract/send-event1'
import type { Connector } from '../define-connector'
import type { HookMetrics } from '../logger'
import { combineOutcomes, type Outcome } from '../outcome'
import type { ConnectorAttempt } from './journal-hook'
import { type ConnectorRun, type RunContext, runConnector } from './run-connector'

/** What every fan-out of one handler shares. */
export interface FanOutSettings {
  readonly connectors: Readonly<Record<string, Connector>>
  readonly deadlineMs: number
  readonly metrics: HookMetrics
  /** The run context, but for the per-request signal and deadline. */
  readonly context: Omit<RunContext, 'signal' | 'deadline'>
}

/** The combined outcome, and each connector's result as the access line shows it. */
export interface FanOutResult {
  readonly outcome: Outcome
  readonly connectors: Record<string, unknown>
  /** Each connector's run, timed (for the journal hook). */
  readonly runs: readonly ConnectorAttempt[]
}

/** One connector's result as the access line shows it: outcome, code and the facts present. */
function summary({ run: { result, duplicate } }: { run: ConnectorRun }): Record<string, unknown> {
  return {
    outcome: result.outcome,
    code: result.code,
    ...(duplicate ? { duplicate } : {}),
    ...(result.vendorStatus !== undefined ? { vendorStatus: result.vendorStatus } : {}),
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
  }
}

/**
 * Run `ids` on `event`. The deadline counts from `started` (`performance.now()` at the request's
 * arrival): the whole request answers within `deadlineMs`, body reading included.
 */
export async function fanOut(
  settings: FanOutSettings,
  ids: readonly string[],
  event: SendEvent1,
  started: number,
  context: Pick<RunContext, 'logger'>,
): Promise<FanOutResult> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<void>((resolve) => {
    const remaining = Math.max(0, settings.deadlineMs - (performance.now() - started))
    timer = setTimeout(() => {
      controller.abort(new DOMException('hook deadline passed', 'AbortError'))
      resolve()
    }, remaining)
  })
  const ctx: RunContext = { ...settings.context, ...context, signal: controller.signal, deadline }
  let runs: (ConnectorAttempt & { readonly run: ConnectorRun })[]
  try {
    runs = await Promise.all(ids.map((id) => timedRun(id, settings.connectors[id]!, event, ctx)))
  } finally {
    clearTimeout(timer)
  }
  const connectors: Record<string, unknown> = {}
  for (const run of runs) {
    settings.metrics.event(run.connector, run.outcome, run.code)
    connectors[run.connector] = summary(run)
  }
  return {
    outcome: combineOutcomes(runs.map((r) => r.outcome)),
    connectors,
    runs: runs.map(({ run: _run, ...attempt }) => attempt),
  }
}

/** {@link runConnector}, with when it started and how long it took. */
async function timedRun(
  id: string,
  connector: Connector,
  event: SendEvent1,
  ctx: RunContext,
): Promise<ConnectorAttempt & { readonly run: ConnectorRun }> {
  const startedAt = ctx.now()
  const t0 = performance.now()
  const run = await runConnector(id, connector, event, ctx)
  return {
    run,
    connector: id,
    outcome: run.result.outcome,
    code: run.result.code,
    vendorStatus: run.result.vendorStatus,
    duplicate: run.duplicate,
    startedAt,
    durationMs: Math.round((performance.now() - t0) * 100) / 100,
  }
}
