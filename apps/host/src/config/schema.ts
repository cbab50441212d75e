// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The host's own config schema (everything but the connector blocks, which each connector's own
 * options schema validates). Every field has `.describe()` text: it feeds the JSON Schema editors
 * complete from and the hints of config errors.
 * @module
 */
import { z } from 'zod'

/** Connector ids and config keys: they are route segments and part of store keys. */
export const CONNECTOR_KEY = /^[a-z][a-z0-9-]{0,39}$/

const ListenSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('0.0.0.0')
      .describe(
        'Interface to listen on: 0.0.0.0 for every interface, 127.0.0.1 for this machine only.',
      ),
    port: z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(8787)
      .describe('TCP port; 0 picks a free one. The --port flag overrides it.'),
    tls: z
      .strictObject({
        cert: z
          .string()
          .min(1)
          .describe(
            'The certificate chain: a PEM file (relative to the working directory) or the PEM text, e.g. "${TLS_CERT}".',
          ),
        key: z
          .string()
          .min(1)
          .describe(
            'Its unencrypted private key: a PEM file (relative to the working directory) or "${TLS_KEY}".',
          ),
      })
      .optional()
      .describe('Serve HTTPS: ALPN offers h2 (HTTP/2) and http/1.1 on the same port.'),
    http2: z
      .boolean()
      .default(false)
      .describe(
        'Without tls: serve cleartext HTTP/2 with prior knowledge (h2c) instead of HTTP/1.1, for a proxy that speaks h2c to the host. HTTP/1.1 clients are then refused. With tls, h2 is always offered.',
      ),
    maxConnections: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(1024)
      .describe(
        'Most open connections; more are closed at once. An HTTP/2 connection carries up to 128 requests at a time.',
      ),
    headersTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(120_000)
      .default(10_000)
      .describe(
        'A client that has not sent its request headers (or TLS handshake, or first HTTP/2 request) within this is cut.',
      ),
    requestTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(300_000)
      .default(30_000)
      .describe(
        'An HTTP/1.1 request not received whole within this is cut with 408. It bounds receiving only: the answer is bounded by deadlineMs, and Bubblehouse gives up at 30 s anyway.',
      ),
    keepAliveTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .default(65_000)
      .describe(
        "An idle kept-alive connection is closed after this. Keep it above your load balancer's idle timeout (often 60 s), so the balancer closes first.",
      ),
  })
  .refine((listen) => listen.headersTimeoutMs <= listen.requestTimeoutMs, {
    path: ['headersTimeoutMs'],
    message: 'must not be longer than requestTimeoutMs',
  })
  .prefault({})
  .describe('Where the hook server listens, which protocols it speaks, and its connection bounds.')

const MetricsSchema = z
  .strictObject({
    listen: z
      .strictObject({
        host: z
          .string()
          .min(1)
          .default('127.0.0.1')
          .describe('Interface: 127.0.0.1 for this machine only, 0.0.0.0 inside a container.'),
        port: z
          .number()
          .int()
          .min(0)
          .max(65_535)
          .default(9464)
          .describe('TCP port; 0 picks a free one.'),
      })
      .optional()
      .describe(
        'Serve /metrics, /healthz and /readyz on this separate HTTP/1.1 listener, and no longer /metrics on the hook port, so only operators see it.',
      ),
  })
  .prefault({})
  .describe('Prometheus metrics: on the hook port by default, or on a listener of their own.')

const MemoryStoreSchema = z.strictObject({
  kind: z.literal('memory').describe('In-process memory: one process only, forgotten on restart.'),
  maxEntries: z
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe(
      'Most results kept; the oldest are evicted first, so a duplicate older than the last maxEntries results could be delivered again (sqlite and redis remember for the result TTL).',
    ),
})

const SqliteStoreSchema = z.strictObject({
  kind: z.literal('sqlite').describe('An SQLite file: one host process, survives restarts.'),
  path: z
    .string()
    .min(1)
    .default('./data/hooks.db')
    .describe('The SQLite file, created with its folder; relative to the working directory.'),
})

const RedisStoreSchema = z.strictObject({
  kind: z
    .literal('redis')
    .describe('Redis: shared by several host replicas behind a load balancer.'),
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .describe('redis://[:password@]host:6379[/db], or rediss:// for TLS. Write "${REDIS_URL}".')
    .meta({ examples: ['redis://127.0.0.1:6379'] }),
  keyPrefix: z
    .string()
    .min(1)
    .default('bh:')
    .describe('Prepended to every Redis key, so several deployments can share one Redis.'),
})

const StoreSchema = z
  .discriminatedUnion('kind', [MemoryStoreSchema, SqliteStoreSchema, RedisStoreSchema])
  .prefault({ kind: 'sqlite' })
  .describe(
    'Where bhid dedupe results and in-flight locks live: sqlite (default, one process), redis (several replicas) or memory (tests).',
  )

const KeySchema = z.strictObject({
  kid: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('Key ID: a token whose header carries this kid is checked with this key only.'),
  secret: z
    .string()
    .describe(
      'The shared secret from the Bubblehouse API settings page. Write "${BH_HOOK_SECRET}" rather than the secret itself. Empty: the host refuses to start, unless started with --dev (then it generates a development secret).',
    ),
  encoding: z
    .enum(['base64', 'utf8'])
    .default('base64')
    .describe('How the secret is written: base64 (as Bubblehouse shows it) or utf8 (plain text).'),
})

const AuthSchema = z
  .strictObject({
    keys: z
      .array(KeySchema)
      .default([])
      .describe('Shared secrets; two keys with different kids rotate without downtime.'),
    clockToleranceSec: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(300)
      .describe('Allowed clock skew for exp, nbf and iat, in seconds.'),
    audience: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe(
        'Require this aud claim (off by default: Bubblehouse does not document hook claims).',
      ),
    issuer: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Require this iss claim.'),
    subject: z.string().optional().describe('Require this sub claim.'),
    maxTokenAgeSec: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Refuse tokens whose iat is older than this many seconds.'),
    requireExp: z.boolean().default(false).describe('Refuse tokens without an exp claim.'),
  })
  .prefault({})
  .describe('How hook requests are authenticated: JWT HS256 bearer tokens signed with these keys.')

const LogSchema = z
  .strictObject({
    level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Lowest level written.'),
    format: z
      .enum(['auto', 'json', 'pretty'])
      .default('auto')
      .describe('json: one JSON object per line; pretty: for people; auto: pretty on a terminal.'),
  })
  .prefault({})
  .describe('The host log (pino, on stdout). It never holds emails, names, tokens or secrets.')

const JournalSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Record every SendEvent1 per connector in the store (outcome, code, attempts, times, vendor status), for `events`, `replay` and the console.',
      ),
    bodies: z
      .enum(['failures', 'all', 'none'])
      .default('failures')
      .describe(
        'Which event bodies are kept for replay: failures (last outcome failure or invalid_data), all, or none. Bodies hold customer emails, names and properties (PII).',
      ),
    retentionDays: z
      .number()
      .positive()
      .max(365)
      .default(14)
      .describe('A line (and its body) not attempted for this many days is dropped.'),
    maxEntries: z
      .number()
      .int()
      .positive()
      .default(100_000)
      .describe(
        'Most lines a redis or memory store keeps (the oldest go first); sqlite is bounded by retentionDays only.',
      ),
  })
  .prefault({})
  .describe(
    'The event journal: a delivery log per (event, connector) in the configured store, with bodies kept for replay.',
  )

/** One connector block before its own schema sees it: any object (or empty). */
const ConnectorBlockSchema = z.record(z.string(), z.unknown()).nullable()

const ConsoleSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe('Serve the operator console at GET /console on the hook port (HTTP Basic auth).'),
    password: z
      .string()
      .default('')
      .describe(
        'The console password (any user name), at least 16 characters when enabled. Write "${BH_CONSOLE_PASSWORD}".',
      ),
  })
  .refine((c) => !c.enabled || c.password.length >= 16, {
    path: ['password'],
    message: 'must be at least 16 characters when the console is enabled',
  })
  .prefault({})
  .describe(
    'The operator console: routes held or ok, recent events with a filter, one event with its body (redacted unless revealed) and a Replay button.',
  )

const AlertsSchema = z
  .strictObject({
    webhook: z
      .string()
      .regex(/^https?:\/\//, 'must start with http:// or https://')
      .describe(
        'Where alerts are POSTed as JSON; the body has a `text` field, so a Slack incoming-webhook URL works as it is. Write "${ALERT_WEBHOOK_URL}": such URLs hold a token.',
      ),
    heldAfterSec: z
      .number()
      .min(0)
      .max(86_400)
      .default(300)
      .describe(
        'Send one `held` alert when a route has been held this long (from its first failure answer), and one `recovered` when it ends.',
      ),
    silentAfterSec: z
      .number()
      .min(0)
      .max(30 * 86_400)
      .default(0)
      .describe(
        'Send one `silent` alert when a route that had events gets none for this long; 0 turns it off.',
      ),
  })
  .optional()
  .describe(
    'Alerts on held queues: a route is held from its first failure answer until the next terminal answer, and Bubblehouse sends nothing else on it meanwhile.',
  )

/** Tenant ids: a route segment (`/t/:tenant/hooks/...`), a store key part and a metrics label. */
export const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/

/** The tenant of the top-level `auth` and `connectors` (served at `/hooks/...`). */
export const DEFAULT_TENANT = 'default'

const ConnectorsSchema = z
  .record(z.string(), ConnectorBlockSchema)
  .default({})
  .describe(
    'Connectors keyed by id (klaviyo:, mailchimp:, hubspot:, segment:, log:); a third-party connector names its npm package with use:.',
  )

const MaxInFlightSchema = z
  .number()
  .int()
  .min(1)
  .max(100_000)
  .default(32)
  .describe(
    'Most SendEvent1 requests of this tenant handled at once, counted after the token; past it one answers {"outcome":"failure"} at once (Bubblehouse retries), so one tenant whose vendor hangs cannot hold the process.',
  )

const TenantSchema = z
  .strictObject({
    auth: AuthSchema,
    connectors: ConnectorsSchema,
    maxInFlight: MaxInFlightSchema,
  })
  .describe(
    'One shop: its own hook secret (a token of another tenant answers 401) and connectors, served at /t/<id>/hooks/:name and /t/<id>/hooks/:connector/:name.',
  )

/** Why a tenant id is refused; checked after parsing so the issue sits at `tenants.<id>`. */
const tenantIdProblem = (id: string): string | undefined =>
  id === DEFAULT_TENANT
    ? 'is reserved for the top-level auth and connectors'
    : TENANT_ID.test(id)
      ? undefined
      : 'must be lower case letters, digits, _ and -, starting with a letter or digit (at most 63)'

const TenantsSchema = z
  .record(z.string(), TenantSchema)
  .superRefine((tenants, ctx) => {
    for (const id of Object.keys(tenants)) {
      const message = tenantIdProblem(id)
      if (message) ctx.addIssue({ code: 'custom', path: [id], message })
    }
  })
  .default({})
  .describe(
    'More shops in this deployment, keyed by tenant id. The top-level auth and connectors are the "default" tenant at /hooks/...; a file with only tenants answers 404 there.',
  )

/** The host config file, connector blocks still raw. */
export const HostConfigSchema = z
  .strictObject({
    listen: ListenSchema,
    store: StoreSchema,
    auth: AuthSchema,
    deadlineMs: z
      .number()
      .int()
      .min(1000)
      .max(29_000)
      .default(25_000)
      .describe(
        'Every hook request answers within this many milliseconds (Bubblehouse gives up at 30 s); a connector still running then yields failure.',
      ),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('Largest request body read; a larger SendEvent1 answers invalid_data.'),
    resultTtlDays: z
      .number()
      .positive()
      .max(365)
      .default(14)
      .describe(
        'How long each delivered bhid is remembered, so a repeat is not sent twice (Bubblehouse may hold a queue for days).',
      ),
    log: LogSchema,
    metrics: MetricsSchema,
    journal: JournalSchema,
    alerts: AlertsSchema,
    console: ConsoleSchema,
    connectors: ConnectorsSchema,
    maxInFlight: MaxInFlightSchema,
    tenants: TenantsSchema,
  })
  .describe('bubblehouse-hooks host configuration')

/** The validated host config. */
export type HostConfig = z.output<typeof HostConfigSchema>

/** The validated journal block. */
export type JournalConfig = HostConfig['journal']

/** The validated block of one tenant (the default tenant's is built from the top level). */
export type TenantConfig = z.output<typeof TenantSchema>

/** The validated console block. */
export type ConsoleConfig = HostConfig['console']

/** The validated alerts block. */
export type AlertsConfig = HostConfig['alerts']

/** The validated store block. */
export type StoreConfig = HostConfig['store']
