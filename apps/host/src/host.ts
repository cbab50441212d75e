/**
 * `startHost`: config → keys → connectors → store → core's hook handler → listeners (HTTP/1.1,
 * h2c or HTTPS with h2; a separate metrics listener when configured), and
 * a graceful `close()` (stop accepting, finish in-flight requests within the deadline, close
 * connectors and the store).
 * @module
 */
import {
  createConnectorEnv,
  createRawHookHandler,
  createVerifier,
  type HookStore,
  type HookVerifier,
} from '@bubblehouse-hooks/core'
import type { DestinationStream, Logger } from 'pino'
import type { Registry } from 'prom-client'
import { createAlertSender } from './alerts/sender'
import { createQueueWatch } from './alerts/watch'
import { ConfigFileError, type ConfigIssue, parsePath } from './config/errors'
import type { LoadedConfig } from './config/load'
import { type ConnectorMap, closeConnectors, instantiateConnectors } from './connectors/instantiate'
import { probeConnectors } from './connectors/probe'
import { resolveConnectors } from './connectors/resolve'
import { createConsole } from './console/routes'
import { developmentNotice } from './dev-notice'
import { createEmailHasher } from './email-hash'
import { codeOf } from './guards'
import { createJournalRecorder } from './journal/recorder'
import { type HookKeys, resolveHookKeys } from './secrets'
import { createRoutes, HOOKS_BASE_PATH, type Readiness } from './server/http'
import { createLogger } from './server/logger'
import { createHostMetrics } from './server/metrics'
import { listenIssue, openListeners } from './server/open-listeners'
import { gracefulClose, onceOnly } from './server/shutdown'
import { describeStore, openStore, warnIfStoreUnreachable } from './store'
import { storeOpenIssue } from './store-open-issue'
import { tokenReplayWarning } from './token-policy'

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
  readonly keys: HookKeys
  /** Stop gracefully; resolves when everything is closed. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Run a start-up step. When it fails, `undo` releases what earlier steps opened, and `explain`
 * turns the error into the config issue to report (located in the file), or `undefined` to
 * throw the error as it is.
 */
async function startStep<T>(
  loaded: LoadedConfig,
  run: () => T | Promise<T>,
  explain: (err: unknown) => ConfigIssue | undefined,
  undo?: () => Promise<void>,
): Promise<T> {
  try {
    return await run()
  } catch (err) {
    await undo?.()
    const issue = explain(err)
    if (issue === undefined) throw err
    const located = { ...issue, ...loaded.locate(parsePath(issue.path)) }
    throw new ConfigFileError(loaded.file, [located], { cause: err })
  }
}

/** Core's ConfigError for bad auth options, at its path under `auth`. */
function authIssue(err: unknown): ConfigIssue | undefined {
  if (codeOf(err) !== 'ERR_CONFIG_INVALID' || !(err instanceof Error)) return undefined
  const path = 'path' in err && typeof err.path === 'string' ? err.path : 'auth.keys'
  const message = err.message.startsWith(`${path}: `)
    ? err.message.slice(path.length + 2)
    : err.message
  return { path, message }
}

function verifierFor(loaded: LoadedConfig, keys: HookKeys): Promise<HookVerifier> {
  const auth = loaded.config.auth
  const options = {
    keys: keys.keys,
    clockToleranceSec: auth.clockToleranceSec,
    audience: auth.audience,
    issuer: auth.issuer,
    subject: auth.subject,
    maxTokenAgeSec: auth.maxTokenAgeSec,
    requireExp: auth.requireExp,
  }
  return startStep(loaded, () => createVerifier(options), authIssue)
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
  // The config's own mistakes first: a misspelt connector is reported even without a secret.
  const resolved = await resolveConnectors(loaded)
  const keys = await resolveHookKeys(config, {
    file: loaded.file,
    dev: options.dev === true,
    ...(options.devSecretFile ? { devSecretFile: options.devSecretFile } : {}),
  })
  const verifier = await verifierFor(loaded, keys)
  const hashEmail = createEmailHasher(keys.keys)
  const metrics = createHostMetrics({ logger })
  const connectors: ConnectorMap = await instantiateConnectors(loaded, resolved, (id) =>
    createConnectorEnv({
      logger: logger.child({ connector: id }),
      metrics: metrics.forConnector(id),
      hashEmail,
    }),
  )
  const store: HookStore = await startStep(
    loaded,
    () => openStore(config.store),
    (err) => storeOpenIssue(err, config.store),
    () => closeConnectors(connectors),
  )

  const journal = createJournalRecorder({
    store,
    config: config.journal,
    registry: metrics.registry,
    logger,
  })
  const alerts = config.alerts
  const alertSender = alerts
    ? createAlertSender({ url: alerts.webhook, logger, registry: metrics.registry })
    : undefined
  const watch = createQueueWatch({ registry: metrics.registry, rules: alerts, sender: alertSender })
  const handler = createRawHookHandler({
    auth: verifier,
    connectors,
    store,
    basePath: HOOKS_BASE_PATH,
    deadlineMs: config.deadlineMs,
    bodyLimitBytes: config.bodyLimitBytes,
    resultTtlMs: Math.round(config.resultTtlDays * 24 * 60 * 60 * 1000),
    logger,
    metrics: metrics.hook,
    hashEmail,
    // Held-queue tracking sees every answer first; the journal write follows.
    journal: (record) => {
      watch.observe(record)
      return config.journal.enabled ? journal.hook(record) : undefined
    },
  })
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
        connectors: () => connectors,
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
      await closeConnectors(connectors)
      await store.close()
    },
  )

  const notice = developmentNotice(keys)
  if (notice) (options.notice ?? ((text) => process.stderr.write(text)))(notice)
  logger.info(
    {
      url,
      hooks: [`${url}/hooks/:name`, `${url}/hooks/:connector/:name`],
      protocols: config.listen.tls ? 'h2, http/1.1' : config.listen.http2 ? 'h2c' : 'http/1.1',
      metrics: metricsUrl ? `${metricsUrl}/metrics` : `${url}/metrics`,
      connectors: Object.keys(connectors),
      store: describeStore(config.store),
      deadlineMs: config.deadlineMs,
      auth: keys.development ? 'development secret' : `${keys.keys.length} key(s)`,
    },
    'bubblehouse-hooks listening',
  )

  const replay = tokenReplayWarning(config.auth)
  if (replay) logger.warn(replay.facts, replay.msg)
  void probeConnectors(connectors, logger)
  void warnIfStoreUnreachable(store, config.store, logger)

  const close = onceOnly(() =>
    gracefulClose({
      routes,
      listeners,
      connectors,
      store,
      logger,
      waitMs: config.deadlineMs + 2000,
      beforeStoreClose: async () => {
        watch.stop()
        await Promise.all([journal.drain(), alertSender?.close()])
      },
    }),
  )

  return {
    url,
    port,
    metricsUrl,
    connectors: Object.keys(connectors),
    registry: metrics.registry,
    logger,
    keys,
    close,
  }
}
