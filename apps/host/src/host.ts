/**
 * `startHost`: config → per tenant (the top level and each `tenants.<id>`) connectors, keys and
 * verifier → store → one core hook handler per tenant behind the tenant dispatcher → listeners
 * (HTTP/1.1, h2c or HTTPS with h2; a separate metrics listener when configured), `reload()`
 * (SIGHUP: tenants swapped without dropping requests in flight), and a graceful `close()` (stop
 * accepting, finish in-flight requests within the deadline, close connectors and the store).
 * @module
 */
import type { HookStore } from '@bubblehouse-hooks/core'
import type { DestinationStream, Logger } from 'pino'
import type { Registry } from 'prom-client'
import { createAlertSender } from './alerts/sender'
import { createQueueWatch } from './alerts/watch'
import type { LoadedConfig } from './config/load'
import type { HostConfig } from './config/schema'
import { probeConnectors } from './connectors/probe'
import { createConsole } from './console/routes'
import { developmentNotice } from './dev-notice'
import { createJournalRecorder } from './journal/recorder'
import type { HookKeys } from './secrets'
import { createRoutes, type Readiness } from './server/http'
import { createLogger } from './server/logger'
import { createHostMetrics } from './server/metrics'
import { listenIssue, openListeners } from './server/open-listeners'
import { gracefulClose, onceOnly } from './server/shutdown'
import { startStep } from './start-step'
import { describeStore, openStore, warnIfStoreUnreachable } from './store'
import { storeOpenIssue } from './store-open-issue'
import type { SharedStore, TenantContext } from './tenants/build'
import { createTenantDispatcher } from './tenants/dispatch'
import { discardTenants, prepareTenants, type ReloadSummary, startTenants } from './tenants/live'
import { tokenReplayWarning } from './token-policy'

/** Settings a reload cannot change (listeners, the store, the log, alerts, the console): the next start does. */
const RESTART_ONLY = ['listen', 'store', 'log', 'metrics', 'alerts', 'console'] as const

/** Options of {@link startHost}. */
export interface StartHostOptions {
  /** A loaded config ({@link loadConfig}). */
  readonly config: LoadedConfig
  /** Overrides `listen.port`. */
  readonly port?: number | undefined
  /** Overrides `listen.host`. */
  readonly host?: string | undefined
  /** Accepted for callers that pass it; the host decides nothing from it (NODE_ENV included). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /**
   * Without a configured secret, generate a development one (`start --dev`); otherwise a missing
   * secret stops the start, whatever NODE_ENV says. Default false.
   */
  readonly dev?: boolean
  /** Where log lines go; default stdout. */
  readonly logDestination?: DestinationStream
  /** Human notes (the development secret) go here; default stderr. */
  readonly notice?: (text: string) => void
  /** Where the development secret is kept; default `data/dev-hook-secret`. */
  readonly devSecretFile?: string
}

/** A running host. */
export interface RunningHost {
  /** e.g. `http://127.0.0.1:8787`, `https://…` with `listen.tls` (loopback for every interface). */
  readonly url: string
  readonly port: number
  /** The `metrics.listen` listener, e.g. `http://127.0.0.1:9464`; undefined without one. */
  readonly metricsUrl: string | undefined
  readonly connectors: readonly string[]
  readonly registry: Registry
  readonly logger: Logger
  /** The default tenant's keys (none when the config has only `tenants`). */
  readonly keys: HookKeys
  /** The tenant ids at start (`default` for the top level). */
  readonly tenants: readonly string[]
  /**
   * Serve a re-read config (SIGHUP): tenants and connectors added, changed or removed without
   * dropping requests in flight. A config that does not validate rejects with the start-up
   * issues (a ConfigFileError) and the old one keeps serving. `listen`, `store`, `log`,
   * `metrics`, `alerts` and `console` take effect on the next start only.
   */
  reload(config: LoadedConfig): Promise<ReloadSummary>
  /** Stop gracefully; resolves when everything is closed. Safe to call twice. */
  close(): Promise<void>
}

/**
 * @example
 * const host = await startHost({ config: await loadConfig('bubblehouse-hooks.yaml') })
 * process.once('SIGTERM', () => host.close())
 */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const loaded = options.config
  const config = loaded.config
  const logger = createLogger({
    level: config.log.level,
    format: config.log.format,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  })
  const metrics = createHostMetrics({ logger })
  const context: TenantContext = {
    loaded,
    logger,
    metrics,
    dev: options.dev === true,
    devSecretFile: options.devSecretFile,
  }
  // Connectors first: their config issues are reported even when the store cannot open.
  const prepared = await prepareTenants(context)
  const store: HookStore = await startStep(
    loaded,
    () => openStore(config.store),
    (err) => storeOpenIssue(err, config.store),
    () => discardTenants(prepared),
  )

  const alerts = config.alerts
  const alertSender = alerts
    ? createAlertSender({ url: alerts.webhook, logger, registry: metrics.registry })
    : undefined
  const watch = createQueueWatch({ registry: metrics.registry, rules: alerts, sender: alertSender })
  const sharedFor = (settings: HostConfig): SharedStore => ({
    store,
    journalFor(view) {
      const journal = createJournalRecorder({
        store: view,
        config: settings.journal,
        registry: metrics.registry,
        logger,
      })
      return {
        // Held-queue tracking sees every answer first; the journal write follows.
        hook: (record) => {
          watch.observe(record)
          return settings.journal.enabled ? journal.hook(record) : undefined
        },
        drain: () => journal.drain(),
      }
    },
  })
  const waitMs = config.deadlineMs + 2000
  const live = startTenants(prepared, config, sharedFor(config), { waitMs })
  const handler = createTenantDispatcher({ table: live.table, logger, metrics })
  const readiness = async (): Promise<Readiness> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 1000)
    })
    try {
      const answer = await Promise.race([store.ping().then(() => 'ok' as const), timeout])
      return answer === 'ok' ? { ready: true } : { ready: false, reason: 'store_timeout' }
    } catch {
      return { ready: false, reason: 'store_unreachable' }
    } finally {
      clearTimeout(timer)
    }
  }
  const consoleRoute = config.console.enabled
    ? createConsole({
        password: config.console.password,
        store,
        watch,
        journal: config.journal,
        tenants: () => live.tenants(),
        deadlineMs: config.deadlineMs,
        resultTtlMs: Math.round(config.resultTtlDays * 24 * 60 * 60 * 1000),
        logger,
      })
    : undefined
  const routes = createRoutes({
    handler,
    registry: metrics.registry,
    readiness,
    logger,
    console: consoleRoute,
  })
  const { listeners, url, port, metricsUrl } = await startStep(
    loaded,
    () =>
      openListeners({
        listen: config.listen,
        metrics: config.metrics,
        port: options.port,
        host: options.host,
        routes,
        logger,
      }),
    listenIssue,
    async () => {
      await live.close()
      await store.close()
    },
  )

  const fallback = live.table().fallback
  const keys: HookKeys = fallback?.keys ?? { keys: [] }
  const tenantIds = live.tenants().map((tenant) => tenant.spec.id)
  const notice = developmentNotice(keys)
  if (notice) (options.notice ?? ((text) => process.stderr.write(text)))(notice)
  logger.info(
    {
      url,
      hooks: [
        ...(fallback ? [`${url}/hooks/:name`, `${url}/hooks/:connector/:name`] : []),
        ...(live.table().byId.size > 0 ? [`${url}/t/:tenant/hooks/:name`] : []),
      ],
      tenants: tenantIds.length > 10 ? tenantIds.length : tenantIds,
      protocols: config.listen.tls ? 'h2, http/1.1' : config.listen.http2 ? 'h2c' : 'http/1.1',
      metrics: metricsUrl ? `${metricsUrl}/metrics` : `${url}/metrics`,
      connectors: Object.keys(fallback?.connectors ?? {}),
      store: describeStore(config.store),
      deadlineMs: config.deadlineMs,
      auth: keys.development ? 'development secret' : `${keys.keys.length} key(s)`,
    },
    'bubblehouse-hooks listening',
  )

  // One warning for every tenant it concerns (1,000 tenants must not mean 1,000 lines).
  const replayWarned = live
    .tenants()
    .map((tenant) => ({ id: tenant.spec.id, warning: tokenReplayWarning(tenant.spec.config.auth) }))
    .filter((entry) => entry.warning !== undefined)
  const replay = replayWarned[0]?.warning
  if (replay) {
    const ids = replayWarned.map((entry) => entry.id)
    logger.warn({ ...replay.facts, tenants: ids.length > 20 ? ids.length : ids }, replay.msg)
  }
  for (const tenant of live.tenants()) {
    void probeConnectors(tenant.connectors, logger.child({ tenant: tenant.spec.id }))
  }
  void warnIfStoreUnreachable(store, config.store, logger)

  let settings = config
  let reloading: Promise<unknown> = Promise.resolve()
  const reload = (next: LoadedConfig): Promise<ReloadSummary> => {
    const run = reloading.then(async () => {
      const summary = await live.reload({ ...context, loaded: next }, sharedFor(next.config))
      const needsRestart = RESTART_ONLY.filter(
        (key) => JSON.stringify(next.config[key]) !== JSON.stringify(settings[key]),
      )
      settings = next.config
      logger.info(
        { ...summary, ...(needsRestart.length > 0 ? { needsRestart } : {}) },
        'config reloaded',
      )
      if (needsRestart.length > 0) {
        logger.warn({ needsRestart }, 'these settings take effect on the next start only')
      }
      return summary
    })
    reloading = run.catch(() => undefined)
    return run
  }

  const close = onceOnly(() =>
    gracefulClose({
      routes,
      listeners,
      // Each tenant closes its own connectors, after its journal writes (beforeStoreClose).
      connectors: {},
      store,
      logger,
      waitMs,
      beforeStoreClose: async () => {
        watch.stop()
        await Promise.all([live.close(), alertSender?.close()])
      },
    }),
  )

  return {
    url,
    port,
    metricsUrl,
    connectors: Object.keys(fallback?.connectors ?? {}),
    tenants: tenantIds,
    registry: metrics.registry,
    logger,
    keys,
    reload,
    close,
  }
}
