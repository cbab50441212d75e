/**
 * The alert webhook: POSTs each alert as JSON, one at a time and in order (a `recovered` never
 * overtakes its `held`), retrying a failing receiver with exponential backoff. It never throws and
 * never waits on a hook answer; an alert still failing after the last try is dropped, counted and
 * logged (without its URL, which may hold a token).
 * @module
 */
import type { Logger } from '@bubblehouse-hooks/core'
import { Counter, type Registry } from 'prom-client'

/** What the receiver gets; `text` makes it a Slack incoming-webhook body as it is. */
export interface AlertBody {
  readonly type: 'held' | 'recovered' | 'silent'
  readonly route: string
  /** ISO 8601: when the route was first held (held, recovered), or its last event (silent). */
  readonly since: string
  readonly bhid: string | null
  readonly connector: string | null
  readonly code: string | null
  readonly text: string
}

/** Options of {@link createAlertSender}. */
export interface AlertSenderOptions {
  readonly url: string
  readonly logger?: Pick<Logger, 'warn'>
  readonly registry?: Registry
  /** Tries per alert; default 6. */
  readonly tries?: number
  /** First wait between tries, doubled each time; default 1000 ms. */
  readonly backoffMs?: number
  /** One POST's timeout; default 5000 ms. */
  readonly timeoutMs?: number
}

/** Sends alerts. */
export interface AlertSender {
  send(alert: AlertBody): void
  /** Resolves when every queued alert was sent or given up; later sends are dropped. */
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function counter(registry: Registry): Counter<'type' | 'result'> {
  const existing = registry.getSingleMetric('bh_alerts_total')
  if (existing instanceof Counter) return existing as Counter<'type' | 'result'>
  return new Counter({
    name: 'bh_alerts_total',
    help: 'Alert webhook POSTs, by alert type and result (sent, or failed after every try).',
    labelNames: ['type', 'result'] as const,
    registers: [registry],
  })
}

/**
 * @example
 * const sender = createAlertSender({ url: config.alerts.webhook, logger })
 * sender.send({ type: 'held', route: '/hooks/SendEvent1', ... })
 */
export function createAlertSender(options: AlertSenderOptions): AlertSender {
  const tries = options.tries ?? 6
  const backoffMs = options.backoffMs ?? 1000
  const timeoutMs = options.timeoutMs ?? 5000
  const alerts = options.registry ? counter(options.registry) : undefined
  let chain = Promise.resolve()
  let closing = false

  const post = async (alert: AlertBody): Promise<number | string> => {
    try {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(timeoutMs),
      })
      await res.arrayBuffer().catch(() => undefined)
      return res.status
    } catch (err) {
      return err instanceof Error ? err.name : 'error'
    }
  }

  const deliver = async (alert: AlertBody) => {
    let last: number | string = 'none'
    for (let attempt = 0; attempt < tries; attempt++) {
      if (attempt > 0) await sleep(closing ? 0 : backoffMs * 2 ** (attempt - 1))
      last = await post(alert)
      if (typeof last === 'number' && last >= 200 && last < 300) {
        alerts?.inc({ type: alert.type, result: 'sent' })
        return
      }
      if (closing) break
    }
    alerts?.inc({ type: alert.type, result: 'failed' })
    options.logger?.warn(
      { alert: alert.type, route: alert.route, last },
      'alert webhook failed after every try; the alert is dropped',
    )
  }

  return {
    send(alert) {
      if (closing) return
      chain = chain.then(() => deliver(alert))
    },
    async close() {
      closing = true
      await chain
    },
  }
}
