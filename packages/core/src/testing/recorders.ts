/** A logger and connector metrics that keep every call, for assertions in connector tests. @module */
import type { ConnectorMetrics, FieldDropReason, Logger } from '../logger'

/** One log call. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  /** The line's fields, with the bindings of the child logger it came from. */
  readonly obj: Record<string, unknown>
  readonly msg?: string | undefined
}

/** A logger whose every line (children's too, with their bindings) lands in `lines`. */
export function recordingLogger(
  lines: LogLine[] = [],
  bindings: object = {},
): Logger & { readonly lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg })
    }
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  }
}

/** Connector metrics that keep every call. */
export interface RecordingMetrics extends ConnectorMetrics {
  /** `count(name, label)` calls. */
  readonly counts: Array<[string, string | undefined]>
  /** Vendor calls: `[seconds, status]`. */
  readonly requests: Array<[number, number | string]>
  /** `fieldsDropped(reason, count)` calls. */
  readonly fieldDrops: Array<[FieldDropReason, number]>
  /** Statuses of the unclassified 4xx answers. */
  readonly unclassified: number[]
}

/** Connector metrics that keep every call. */
export function recordingMetrics(): RecordingMetrics {
  const counts: Array<[string, string | undefined]> = []
  const requests: Array<[number, number | string]> = []
  const fieldDrops: Array<[FieldDropReason, number]> = []
  const unclassified: number[] = []
  return {
    counts,
    requests,
    fieldDrops,
    unclassified,
    count: (name, label) => {
      counts.push([name, label])
    },
    vendorRequest: (seconds, status) => {
      requests.push([seconds, status])
    },
    fieldsDropped: (reason, count) => {
      fieldDrops.push([reason, count])
    },
    unclassifiedVendorError: (status) => {
      unclassified.push(status)
    },
  }
}
