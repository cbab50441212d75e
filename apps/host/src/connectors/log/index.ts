/**
 * The built-in `log` connector: each event it receives becomes one JSON line on stdout, stderr or
 * an appended file. For audits, debugging and trying the host without a vendor account. PII, login
 * links and codes stay out unless `includePii: true`.
 * @module
 */
import {
  type DeliverContext,
  defineConnector,
  filteredEventPlan,
  type PlannedRequest,
  type Result,
  sendPlan,
} from '@bubblehouse-hooks/core'
import { codeOf } from '../../guards'
import { LogOptions } from './options'
import { redactEvent } from './redact'
import { createSink } from './sink'

export { LogOptions } from './options'
export { REDACTED, redactEvent } from './redact'

/** The `type` field of every event line. */
export const EVENT_LINE_TYPE = 'bubblehouse.event'

/**
 * @example
 * connectors:
 *   log: { to: ./data/events.jsonl }
 */
export default defineConnector({
  id: 'log',
  description:
    'Writes each event as one JSON line to stdout, stderr or a file (no vendor account needed).',
  options: LogOptions,
  create(options, env) {
    const sink = createSink(options.to)
    return {
      plan(event) {
        const filtered = filteredEventPlan(options.events, event)
        if (filtered) return filtered
        const body = options.includePii
          ? JSON.parse(JSON.stringify(event))
          : redactEvent(event, env.hashEmail)
        return sendPlan({ operation: 'appendLine', method: 'POST', path: sink.name, body })
      },
      async deliver(requests: readonly PlannedRequest[], ctx: DeliverContext): Promise<Result> {
        try {
          for (const request of requests) {
            const line = JSON.stringify({
              type: EVENT_LINE_TYPE,
              at: new Date(env.now()).toISOString(),
              bhid: ctx.bhid,
              event: request.body,
            })
            await sink.write(line)
          }
        } catch (err) {
          // A full disk or a closed pipe hits every event: hold the queue.
          ctx.logger.error({ errorCode: codeOf(err) }, 'log connector write failed')
          return {
            outcome: 'failure',
            code: 'LOG_WRITE_FAILED',
            reason: 'could not write the event line',
          }
        }
        return { outcome: 'sent', code: 'LOG_WRITTEN', reason: `written to ${sink.name}` }
      },
      async check() {
        try {
          await sink.probe()
          return { ok: true, code: 'OK', message: `writes one JSON line per event to ${sink.name}` }
        } catch (err) {
          return {
            ok: false,
            code: 'LOG_NOT_WRITABLE',
            message: `cannot write to ${sink.name} (${codeOf(err) ?? 'error'})`,
          }
        }
      },
      async provision() {
        if (sink.name === 'stdout' || sink.name === 'stderr') return []
        try {
          return [{ name: `file ${sink.name}`, action: await sink.prepare() }]
        } catch (err) {
          return [{ name: `file ${sink.name}`, action: 'failed', detail: codeOf(err) ?? 'error' }]
        }
      },
      close: () => sink.close(),
    }
  },
})
