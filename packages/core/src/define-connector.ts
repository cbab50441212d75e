/**
 * The connector contract: a typed definition (id, zod options, `create`) whose instance turns an
 * event into a pure {@link Plan} and delivers it under an abort signal, returning a classified
 * {@link Result}.
 * @module
 */
import type { z } from 'zod'
import { formatIssues } from './contract/issues'
import type { SendEvent1 } from './contract/send-event1'
import { BubblehouseHooksError, ConfigError } from './errors'
import type { EmailHasher } from './handler/access-log'
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http/client'
import { type ConnectorMetrics, type Logger, noopConnectorMetrics, noopLogger } from './logger'
import type { Result } from './outcome'
import type { Plan, PlannedRequest } from './plan'

/** What `create` receives besides its options. */
export interface ConnectorEnv {
  /** A logger bound to this connector. Never give it emails, names, tokens or API keys. */
  readonly logger: Logger
  /** Counters and timings for this connector (the host wires them to Prometheus). */
  readonly metrics: ConnectorMetrics
  /** Current time in ms (tests may fix it). */
  now(): number
  /** Core's HTTP client, already reporting call durations to `metrics`. */
  createHttpClient(options: HttpClientOptions): HttpClient
  /**
   * The deployment's keyed email hash (the same as the access line's), for a connector that
   * writes an email reference into its own lines; absent when the runner gives none.
   */
  readonly hashEmail?: EmailHasher | undefined
}

/** What `deliver` receives. */
export interface DeliverContext {
  /** Aborted at the hook deadline: pass it to every call. */
  readonly signal: AbortSignal
  /** The event's bhid (for vendor idempotency keys and log correlation). */
  readonly bhid: string
  /** Bound to the request id, bhid and connector id. Never give it PII or credentials. */
  readonly logger: Logger
}

/** What `check` and `provision` receive. */
export interface ProbeContext {
  /** Aborted when the caller gives up (e.g. the CLI's timeout): pass it to every call. */
  readonly signal: AbortSignal
  /** Never give it PII or credentials. */
  readonly logger: Logger
}

/** The answer of `check`: can this connector reach its vendor with these credentials? */
export interface CheckReport {
  /** True when the vendor accepted the credentials and configuration. */
  readonly ok: boolean
  /** e.g. `OK`, `HTTP_401`, `NETWORK_DNS`. */
  readonly code: string
  /** One line for the operator; no secrets. */
  readonly message: string
}

/** One thing `provision` looked at. */
export interface ProvisionItem {
  /** e.g. `merge field BHPOINTS` or `property bubblehouse_tier`. */
  readonly name: string
  /** What happened to it. */
  readonly action: 'created' | 'exists' | 'failed'
  /** One line for the operator (why it failed); no secrets. */
  readonly detail?: string
}

/** A created connector. */
export interface Connector {
  /** Pure: the vendor requests this event becomes, or a skip / invalid_data decision. */
  plan(event: SendEvent1): Plan
  /** Run a send plan's requests under `ctx.signal`. Returns a classified Result; never throws for vendor errors. */
  deliver(requests: readonly PlannedRequest[], ctx: DeliverContext): Promise<Result>
  /** Optional: a cheap credential and configuration probe. */
  check?(ctx: ProbeContext): Promise<CheckReport>
  /** Optional: create vendor-side fields (merge fields, properties). Idempotent. */
  provision?(ctx: ProbeContext): Promise<readonly ProvisionItem[]>
  /** Optional: release sockets and timers. */
  close?(): Promise<void>
}

/**
 * A connector definition. `options` is a zod schema whose `.describe()` texts feed the docs and
 * the config JSON Schema.
 */
export interface ConnectorDefinition<S extends z.ZodType = z.ZodType> {
  /** Equals the package folder, the config key and the npm suffix: lower case, digits, dashes. */
  readonly id: string
  /** One line on what the connector does. */
  readonly description?: string
  /** The zod schema of the connector's config block; every field has a `.describe()` text. */
  readonly options: S
  /** Build an instance from validated options; called once at start-up, so no I/O here. */
  create(options: z.output<S>, env: ConnectorEnv): Connector
}

const CONNECTOR_ID = /^[a-z][a-z0-9-]{0,39}$/

/**
 * Define a connector. An identity function that checks the id and gives full type inference.
 * @example
 * export default defineConnector({
 *   id: 'example',
 *   options: z.object({ apiKey: z.string().describe('API key') }),
 *   create(options, env) {
 *     const http = env.createHttpClient({ baseUrl: 'https://api.example.com', headers: { authorization: options.apiKey } })
 *     return {
 *       plan: (event) => sendPlan({ operation: 'track', method: 'POST', path: '/events', body: { id: event.bhid } }),
 *       deliver: (requests, ctx) =>
 *         deliverPlan(requests, { http, signal: ctx.signal, logger: ctx.logger, metrics: env.metrics }),
 *     }
 *   },
 * })
 */
export function defineConnector<S extends z.ZodType>(
  definition: ConnectorDefinition<S>,
): ConnectorDefinition<S> {
  if (!CONNECTOR_ID.test(definition.id)) {
    throw new BubblehouseHooksError(
      'ERR_CONNECTOR_INVALID',
      `connector id "${definition.id}" must be lower case letters, digits and dashes, starting with a letter`,
    )
  }
  return definition
}

/** Options of {@link createConnectorEnv}. */
export interface ConnectorEnvOptions {
  /** Default: {@link noopLogger}. */
  readonly logger?: Logger
  /** Default: {@link noopConnectorMetrics}. */
  readonly metrics?: ConnectorMetrics
  /** The clock; default `Date.now`. */
  readonly now?: () => number
  /** The keyed email hash for {@link ConnectorEnv.hashEmail}; default none. */
  readonly hashEmail?: EmailHasher
}

/** An env for `create`: core's HTTP client wired to the metrics. */
export function createConnectorEnv(options: ConnectorEnvOptions = {}): ConnectorEnv {
  const metrics = options.metrics ?? noopConnectorMetrics
  return {
    logger: options.logger ?? noopLogger,
    metrics,
    now: options.now ?? Date.now,
    ...(options.hashEmail ? { hashEmail: options.hashEmail } : {}),
    createHttpClient: (httpOptions) =>
      createHttpClient({
        ...httpOptions,
        onCall: (info) => {
          metrics.vendorRequest(info.durationMs / 1000, info.status)
          httpOptions.onCall?.(info)
        },
      }),
  }
}

/**
 * Validate a connector's raw options with its own schema and create it. A bad block throws a
 * {@link ConfigError} naming `path` (e.g. `connectors.klaviyo.apiKey`) and what is wrong.
 * @example
 * const klaviyo = createConnector(klaviyoDefinition, { apiKey: process.env.KLAVIYO_API_KEY })
 */
export function createConnector<S extends z.ZodType>(
  definition: ConnectorDefinition<S>,
  rawOptions: unknown,
  env: ConnectorEnv = createConnectorEnv(),
  path = `connectors.${definition.id}`,
): Connector {
  const parsed = definition.options.safeParse(rawOptions ?? {})
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first?.path.length ? `${path}.${first.path.map(String).join('.')}` : path
    throw new ConfigError(where, formatIssues(parsed.error).join('; '))
  }
  return definition.create(parsed.data as z.output<S>, env)
}
