/** A logger and metrics that record what the connector reports, for assertions. */
import type { ConnectorMetrics, Logger } from '@bubblehouse-hooks/core'

/** One log call. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  readonly obj: object
  readonly msg: string | undefined
}

/** A logger whose every line (children included) lands in `entries`. */
export function recordingLogger(
  entries: LogEntry[] = [],
  bindings: object = {},
): Logger & {
  entries: LogEntry[]
} {
  const at =
    (level: LogEntry['level']) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj: { ...bindings, ...obj }, msg })
    }
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  }
}

/** Connector metrics that keep every call. */
export function recordingMetrics(): ConnectorMetrics & {
  counts: Array<[string, string | undefined]>
  requests: Array<[number, number | string]>
} {
  const counts: Array<[string, string | undefined]> = []
  const requests: Array<[number, number | string]> = []
  return {
    counts,
    requests,
    count: (name, label) => {
      counts.push([name, label])
    },
    vendorRequest: (seconds, status) => {
      requests.push([seconds, status])
    },
  }
}
