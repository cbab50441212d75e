/**
 * Run a connector the way the hook handler does (plan, deliver under a deadline), without HTTP in
 * front of it: the harness connector packages test with.
 * @module
 */
import type { z } from 'zod'
import type { SendEvent1 } from '../contract/send-event1'
import {
  type Connector,
  type ConnectorDefinition,
  type ConnectorEnvOptions,
  createConnector,
  createConnectorEnv,
} from '../define-connector'
import { runConnector } from '../handler/run-connector'
import type { Result } from '../outcome'
import type { Plan } from '../plan'
import { createMemoryStore } from '../store/memory'
import type { HookStore } from '../store/types'
import { type RecordingMetrics, recordingLogger, recordingMetrics } from './recorders'

/** Options of {@link createHarness}. */
export interface HarnessOptions extends ConnectorEnvOptions {
  /** The hook deadline for `run`; default 25 000 ms. */
  readonly deadlineMs?: number
  /** The store `run` dedupes against; default a fresh memory store per harness. */
  readonly store?: HookStore
}

/** A connector under test. */
export interface Harness {
  /** The created connector instance. */
  readonly connector: Connector
  /** The pure plan. */
  plan(event: SendEvent1): Plan
  /** Plan and deliver under the deadline, with dedupe, exactly as the handler does. */
  run(event: SendEvent1, options?: { deadlineMs?: number }): Promise<Result>
}

/**
 * Create a connector from raw options (validated like the host does) and run it without HTTP in
 * front: `run` dedupes against a memory store and enforces the deadline exactly as the handler.
 * @example
 * const h = createHarness(klaviyo, { apiKey: 'pk_test', baseUrl: vendor.url })
 * expect(await h.run(CANONICAL_EVENT)).toMatchObject({ outcome: 'sent' })
 */
export function createHarness<S extends z.ZodType>(
  definition: ConnectorDefinition<S>,
  options: z.input<S>,
  harnessOptions: HarnessOptions = {},
): Harness {
  const connector = createConnector(definition, options, createConnectorEnv(harnessOptions))
  const store = harnessOptions.store ?? createMemoryStore()
  const inFlight = new Map()
  return {
    connector,
    plan: (event) => connector.plan(event),
    async run(event, runOptions) {
      const deadlineMs = runOptions?.deadlineMs ?? harnessOptions.deadlineMs ?? 25_000
      const controller = new AbortController()
      let timer: ReturnType<typeof setTimeout> | undefined
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new DOMException('hook deadline passed', 'AbortError'))
          resolve()
        }, deadlineMs)
      })
      try {
        const run = await runConnector(definition.id, connector, event, {
          store,
          signal: controller.signal,
          deadline,
          resultTtlMs: 60_000,
          lockTtlMs: deadlineMs + 5_000,
          logger: harnessOptions.logger ?? createConnectorEnv().logger,
          now: harnessOptions.now ?? Date.now,
          inFlight,
        })
        return run.result
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

/** A harness whose log lines and metrics are kept: what {@link recordingHarness} returns. */
export interface RecordingHarness {
  /** The harness, logging to `logger` and counting into `metrics`. */
  readonly h: Harness
  /** Every log line of the connector and the harness. */
  readonly logger: ReturnType<typeof recordingLogger>
  /** Every metric call of the connector. */
  readonly metrics: RecordingMetrics
}

/**
 * {@link createHarness} with a {@link recordingLogger} and {@link recordingMetrics}, for tests that
 * check what a run logged and counted.
 * @example
 * const { h, logger, metrics } = recordingHarness(klaviyo, { apiKey: 'pk_test', baseUrl: vendor.url })
 * await h.run(CANONICAL_EVENT)
 * expect(JSON.stringify(logger.lines)).not.toContain('pk_test')
 * expect(metrics.requests).toHaveLength(1)
 */
export function recordingHarness<S extends z.ZodType>(
  definition: ConnectorDefinition<S>,
  options: z.input<S>,
  harnessOptions: Omit<HarnessOptions, 'logger' | 'metrics'> = {},
): RecordingHarness {
  const logger = recordingLogger()
  const metrics = recordingMetrics()
  return {
    h: createHarness(definition, options, { ...harnessOptions, logger, metrics }),
    logger,
    metrics,
  }
}
