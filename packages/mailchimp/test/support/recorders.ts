/** A logger and metrics that remember every call, to assert on what was reported. */
import type { ConnectorMetrics, Logger } from '@bubblehouse-hooks/core'

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error'
  obj: object
  msg?: string | undefined
}

export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const log =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg })
    }
  const logger = {
    lines,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  }
  return logger
}

export function recordingMetrics(): ConnectorMetrics & {
  counts: Array<[string, string | undefined]>
} {
  const counts: Array<[string, string | undefined]> = []
  return {
    counts,
    vendorRequest() {},
    count(name, label) {
      counts.push([name, label])
    },
  }
}
