/**
 * Prometheus metrics (prom-client), behind core's `HookMetrics` and `ConnectorMetrics`
 * interfaces. One registry per host, so several hosts can live in one process (tests).
 * @module
 */
import type { ConnectorMetrics, HookMetrics } from '@bubblehouse-hooks/core'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** The host's metrics. */
export interface HostMetrics {
  readonly registry: Registry
  /** What the hook handler reports to. */
  readonly hook: HookMetrics
  /** What one connector's env reports to. */
  forConnector(id: string): ConnectorMetrics
}

/** Vendor call durations, seconds: 5 ms to the 25 s deadline. */
const VENDOR_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25]

/**
 * @example
 * const metrics = createHostMetrics()
 * createHookHandler({ ..., metrics: metrics.hook })
 * res.end(await metrics.registry.metrics())
 */
export function createHostMetrics(options: { defaultMetrics?: boolean } = {}): HostMetrics {
  const registry = new Registry()
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })
  const registers = [registry]
  const requests = new Counter({
    name: 'bh_hook_requests_total',
    help: 'Hook requests answered, by hook name and HTTP status.',
    labelNames: ['hook', 'status'] as const,
    registers,
  })
  const events = new Counter({
    name: 'bh_events_total',
    help: 'Connector results per event, by connector, outcome and code.',
    labelNames: ['connector', 'outcome', 'code'] as const,
    registers,
  })
  const inFlight = new Gauge({
    name: 'bh_in_flight',
    help: 'Hook requests being handled right now.',
    registers,
  })
  const vendorSeconds = new Histogram({
    name: 'bh_vendor_request_seconds',
    help: 'Duration of vendor HTTP calls, by connector.',
    labelNames: ['connector'] as const,
    buckets: VENDOR_BUCKETS,
    registers,
  })
  const vendorCalls = new Counter({
    name: 'bh_vendor_requests_total',
    help: 'Vendor HTTP calls, by connector and HTTP status (or network error kind).',
    labelNames: ['connector', 'status'] as const,
    registers,
  })
  const connectorCounts = new Counter({
    name: 'bh_connector_counts_total',
    help: 'Connector-specific happenings, by connector, name and label.',
    labelNames: ['connector', 'name', 'label'] as const,
    registers,
  })
  const fieldsDropped = new Counter({
    name: 'bh_fields_dropped_total',
    help: 'Fields left out of delivered events (the rest was delivered), by connector and reason.',
    labelNames: ['connector', 'reason'] as const,
    registers,
  })
  const unclassified = new Counter({
    name: 'bh_unclassified_vendor_errors_total',
    help: 'Vendor 4xx answers no rule knew, answered invalid_data, by connector and HTTP status.',
    labelNames: ['connector', 'status'] as const,
    registers,
  })
  return {
    registry,
    hook: {
      hookRequest: (hook, status) => requests.inc({ hook, status: String(status) }),
      event: (connector, outcome, code) => events.inc({ connector, outcome, code }),
      inFlight: (delta) => inFlight.inc(delta),
    },
    forConnector: (connector) => ({
      vendorRequest(seconds, status) {
        vendorSeconds.observe({ connector }, seconds)
        vendorCalls.inc({ connector, status: String(status) })
      },
      count: (name, label) => connectorCounts.inc({ connector, name, label: label ?? '' }),
      fieldsDropped: (reason, count) => fieldsDropped.inc({ connector, reason }, count),
      unclassifiedVendorError: (status) => unclassified.inc({ connector, status: String(status) }),
    }),
  }
}
