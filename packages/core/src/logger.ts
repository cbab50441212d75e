/** The logger and metrics interfaces core writes to; the host wires pino and prom-client. @module */
import type { Outcome } from './outcome'

/** A pino-compatible logger. Core never passes it secrets, tokens, emails or names. */
export interface Logger {
  /** Detail for debugging. */
  debug(obj: object, msg?: string): void
  /** Normal operation (one access line per hook request). */
  info(obj: object, msg?: string): void
  /** Refused requests (401). */
  warn(obj: object, msg?: string): void
  /** Failures of connectors, stores or core itself. */
  error(obj: object, msg?: string): void
  /** A logger adding `bindings` to every line. */
  child(bindings: object): Logger
}

/** A logger that drops everything. */
export const noopLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return noopLogger
  },
}

/**
 * A child of `parent` that is built on its first log line. Most requests log nothing through their
 * child loggers, and building a pino child costs ~3 µs each (two per request were 5 % of the
 * host's CPU, profiled). Its own children merge bindings and stay lazy.
 * @internal
 */
export function lazyChild(parent: Logger, bindings: object): Logger {
  let child: Logger | undefined
  const real = (): Logger => {
    child ??= parent.child(bindings)
    return child
  }
  return {
    debug: (...args) => real().debug(...args),
    info: (...args) => real().info(...args),
    warn: (...args) => real().warn(...args),
    error: (...args) => real().error(...args),
    child: (more) => lazyChild(parent, { ...bindings, ...more }),
  }
}

/** The JWT registered claims whose presence is counted (a fixed list: bounded labels). */
export const REGISTERED_CLAIMS = ['iat', 'exp', 'nbf', 'aud', 'iss', 'sub'] as const

/** For each of {@link REGISTERED_CLAIMS}, whether a verified token carried it. */
export type TokenClaimsSeen = Readonly<Record<(typeof REGISTERED_CLAIMS)[number], boolean>>

/** What the hook handler reports; every method is cheap and must not throw. */
export interface HookMetrics {
  /** One hook request answered with `status`. */
  hookRequest(hook: string, status: number): void
  /** A token was verified; which registered claims it carried. Optional. */
  tokenClaims?(seen: TokenClaimsSeen): void
  /** One connector's result for one event. */
  event(connector: string, outcome: Outcome, code: string): void
  /** Requests being handled right now: +1 on entry, -1 on exit. */
  inFlight(delta: number): void
  /** A SendEvent1 answered `failure` at once: `maxInFlight` were running. Optional. */
  overCapacity?(): void
}

/** What a connector reports through its env. */
export interface ConnectorMetrics {
  /** One vendor HTTP call took `seconds`; `status` is the HTTP status or an error code. */
  vendorRequest(seconds: number, status: number | string): void
  /** Count a connector-specific happening; `label` must come from a fixed list, never from an event. */
  count(name: string, label?: string): void
  /** `count` fields were left out of a delivered event, for `reason` (`bh_fields_dropped_total`). */
  fieldsDropped(reason: FieldDropReason, count: number): void
  /** A 4xx no rule of the connector knew was answered `invalid_data` (`bh_unclassified_vendor_errors_total`). */
  unclassifiedVendorError(status: number): void
}

/**
 * Why a field was left out of a delivered event: a fixed list, so metric labels stay bounded
 * (property names go to the log line, never into a label).
 */
export const FIELD_DROP_REASONS = [
  'unknown_property',
  'invalid_value',
  'invalid_date',
  'invalid_email',
  'too_long',
  'too_large',
  'out_of_range',
] as const

/** One of {@link FIELD_DROP_REASONS}. */
export type FieldDropReason = (typeof FIELD_DROP_REASONS)[number]

/** Metrics that record nothing. */
export const noopMetrics: HookMetrics = { hookRequest() {}, event() {}, inFlight() {} }

/** Connector metrics that record nothing. */
export const noopConnectorMetrics: ConnectorMetrics = {
  vendorRequest() {},
  count() {},
  fieldsDropped() {},
  unclassifiedVendorError() {},
}
