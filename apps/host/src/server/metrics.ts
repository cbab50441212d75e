/**
 * Prometheus metrics (prom-client), behind core's `HookMetrics` and `ConnectorMetrics`
 * interfaces. One registry per host, so several hosts can live in one process (tests).
 * @module
 */
import {
  type ConnectorMetrics,
  FIELD_DROP_REASONS,
  type HookMetrics,
  type Logger,
  REGISTERED_CLAIMS,
} from '@bubblehouse-hooks/core'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { DEFAULT_TENANT } from '../config/schema'
import { boundedLabels, MAX_LABEL_LENGTH, OTHER_LABEL } from './bounded-labels'

/** One tenant's view of the metrics: every series carries its `tenant` label. */
export interface TenantMetrics {
  /** What the tenant's hook handler reports to. */
  readonly hook: HookMetrics
  /** What one of its connectors' env reports to. */
  forConnector(id: string): ConnectorMetrics
}

/** The host's metrics. */
export interface HostMetrics extends TenantMetrics {
  readonly registry: Registry
  /**
   * The metrics of tenant `tenant` (a config key, or `default`: label values come from the
   * config only, never from a request). `hook` and `forConnector` are the default tenant's.
   */
  forTenant(tenant: string): TenantMetrics
}

/**
 * Distinct `name`/`label` pairs of `count()` per connector, and result codes per connector: the
 * built-in connectors use a few each; past this a connector is putting data into labels.
 */
const MAX_COUNT_SERIES = 50
const MAX_CODES = 100

/** Vendor call durations, seconds: 5 ms to the 25 s deadline. */
const VENDOR_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25]

/**
 * @example
 * const metrics = createHostMetrics()
 * createHookHandler({ ..., metrics: metrics.hook })
 * res.end(await metrics.registry.metrics())
 */
export function createHostMetrics(
  options: { defaultMetrics?: boolean; logger?: Logger } = {},
): HostMetrics {
  const registry = new Registry()
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })
  const registers = [registry]
  const requests = new Counter({
    name: 'bh_hook_requests_total',
    help: 'Hook requests answered, by hook name and HTTP status.',
    labelNames: ['hook', 'status', 'tenant'] as const,
    registers,
  })
  const events = new Counter({
    name: 'bh_events_total',
    help: 'Connector results per event, by connector, outcome and code.',
    labelNames: ['connector', 'outcome', 'code', 'tenant'] as const,
    registers,
  })
  const inFlight = new Gauge({
    name: 'bh_in_flight',
    help: 'Hook requests being handled right now, by tenant.',
    labelNames: ['tenant'] as const,
    registers,
  })
  const vendorSeconds = new Histogram({
    name: 'bh_vendor_request_seconds',
    help: 'Duration of vendor HTTP calls, by connector.',
    labelNames: ['connector', 'tenant'] as const,
    buckets: VENDOR_BUCKETS,
    registers,
  })
  const vendorCalls = new Counter({
    name: 'bh_vendor_requests_total',
    help: 'Vendor HTTP calls, by connector and HTTP status (or network error kind).',
    labelNames: ['connector', 'status', 'tenant'] as const,
    registers,
  })
  const connectorCounts = new Counter({
    name: 'bh_connector_counts_total',
    help: `Connector-specific happenings, by connector, name and label (at most ${MAX_COUNT_SERIES} pairs a connector; the rest count as other/other).`,
    labelNames: ['connector', 'name', 'label', 'tenant'] as const,
    registers,
  })
  const tokenClaims = new Counter({
    name: 'bh_token_claims_total',
    help: 'Verified hook tokens, by which registered claims they carried (yes / no each).',
    labelNames: REGISTERED_CLAIMS,
    registers,
  })
  const fieldsDropped = new Counter({
    name: 'bh_fields_dropped_total',
    help: 'Fields left out of delivered events (the rest was delivered), by connector and reason.',
    labelNames: ['connector', 'reason', 'tenant'] as const,
    registers,
  })
  const unclassified = new Counter({
    name: 'bh_unclassified_vendor_errors_total',
    help: 'Vendor 4xx answers no rule knew, answered invalid_data, by connector and HTTP status.',
    labelNames: ['connector', 'status', 'tenant'] as const,
    registers,
  })
  const refused = new Counter({
    name: 'bh_tenant_refused_total',
    help: 'SendEvent1 requests answered failure at once because their tenant had maxInFlight running, by tenant.',
    labelNames: ['tenant'] as const,
    registers,
  })
  const capped = (what: string, connector: string, max: number) => () =>
    options.logger?.warn(
      { connector, metric: what, max },
      'a connector reported more distinct metric labels than the cap; the rest count as "other"',
    )
  const codesOf = new Map<string, (code: string) => string>()
  const codeLabel = (tenant: string, connector: string, code: string) => {
    const of = `${tenant}/${connector}`
    let bound = codesOf.get(of)
    if (!bound) {
      bound = boundedLabels(MAX_CODES, capped('bh_events_total', connector, MAX_CODES))
      codesOf.set(of, bound)
    }
    return bound(code.slice(0, MAX_LABEL_LENGTH))
  }
  const dropReasons: ReadonlySet<string> = new Set(FIELD_DROP_REASONS)
  const hookFor = (tenant: string): HookMetrics => ({
    hookRequest: (hook, status) => requests.inc({ hook, status: String(status), tenant }),
    event: (connector, outcome, code) =>
      events.inc({ connector, outcome, code: codeLabel(tenant, connector, code), tenant }),
    inFlight: (delta) => inFlight.inc({ tenant }, delta),
    overCapacity: () => refused.inc({ tenant }),
    tokenClaims: (seen) => {
      const labels = {} as Record<(typeof REGISTERED_CLAIMS)[number], string>
      for (const claim of REGISTERED_CLAIMS) labels[claim] = seen[claim] ? 'yes' : 'no'
      tokenClaims.inc(labels)
    },
  })
  const connectorFor = (tenant: string, connector: string): ConnectorMetrics => {
    const pairs = boundedLabels(
      MAX_COUNT_SERIES,
      capped('bh_connector_counts_total', connector, MAX_COUNT_SERIES),
    )
    return {
      vendorRequest(seconds, status) {
        vendorSeconds.observe({ connector, tenant }, seconds)
        vendorCalls.inc({ connector, status: String(status), tenant })
      },
      count(rawName, rawLabel = '') {
        const name = String(rawName).slice(0, MAX_LABEL_LENGTH)
        const label = String(rawLabel).slice(0, MAX_LABEL_LENGTH)
        const kept = pairs(`${name}\u0000${label}`) !== OTHER_LABEL
        connectorCounts.inc(
          kept
            ? { connector, name, label, tenant }
            : { connector, name: OTHER_LABEL, label: OTHER_LABEL, tenant },
        )
      },
      // Typed as a fixed list, but a `use:` connector in plain JS could pass anything.
      fieldsDropped: (reason, count) =>
        fieldsDropped.inc(
          { connector, reason: dropReasons.has(reason) ? reason : OTHER_LABEL, tenant },
          count,
        ),
      unclassifiedVendorError: (status) =>
        unclassified.inc({ connector, status: String(status), tenant }),
    }
  }
  const forTenant = (tenant: string): TenantMetrics => ({
    hook: hookFor(tenant),
    forConnector: (connector) => connectorFor(tenant, connector),
  })
  return { registry, ...forTenant(DEFAULT_TENANT), forTenant }
}
