/**
 * Each connector's credential probe at start-up, in the background: a failure is logged, never
 * fatal (the vendor may be down for a minute; events then answer failure and Bubblehouse retries).
 * @module
 */
import type { Logger } from '@bubblehouse-hooks/core'
import type { ConnectorMap } from './instantiate'

/** Run every `check()` once (10 s each) and log the result per connector. */
export async function probeConnectors(connectors: ConnectorMap, logger: Logger): Promise<void> {
  await Promise.all(
    Object.entries(connectors).map(async ([id, connector]) => {
      if (!connector.check) return
      const log = logger.child({ connector: id })
      try {
        const report = await connector.check({ signal: AbortSignal.timeout(10_000), logger: log })
        if (report.ok) log.info({ code: report.code }, 'connector check passed')
        else log.warn({ code: report.code, detail: report.message }, 'connector check failed')
      } catch (err) {
        log.warn(
          { errorName: err instanceof Error ? err.name : typeof err },
          'connector check threw',
        )
      }
    }),
  )
}
