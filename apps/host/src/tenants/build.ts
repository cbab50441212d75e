/**
 * Build the tenants of a config: per tenant its connectors (validated, then created with envs
 * that log and count under its id), keys and verifier; then, once the store is open, a view of
 * it namespaced by the tenant's id (the default tenant keeps the plain keys) and core's handler
 * at its base path. Every
 * problem of every tenant is reported at once, as at start-up; on failure nothing stays open.
 * @module
 */
import {
  createConnectorEnv,
  createRawHookHandler,
  type HookStore,
  type HookVerifier,
  type Logger,
  namespacedStore,
  type RawHookHandler,
  type SendEventHook,
} from '@bubblehouse-hooks/core'
import { ConfigFileError, type ConfigIssue } from '../config/errors'
import type { LoadedConfig } from '../config/load'
import { DEFAULT_TENANT } from '../config/schema'
import {
  type ConnectorMap,
  closeConnectors,
  instantiateConnectors,
} from '../connectors/instantiate'
import { type ResolvedConnector, resolveConnectors } from '../connectors/resolve'
import { createEmailHasher } from '../email-hash'
import type { HookKeys } from '../secrets'
import type { HostMetrics } from '../server/metrics'
import { type DevSecretOptions, tenantKeys, tenantVerifier } from './keys'
import type { TenantSpec } from './specs'

/** A tenant's journal hook over its store view, and how to wait for its pending writes. */
export interface TenantJournal {
  readonly hook: SendEventHook
  drain(): Promise<void>
}

/** What every tenant shares while it is built. */
export interface TenantContext extends DevSecretOptions {
  readonly loaded: LoadedConfig
  readonly logger: Logger
  readonly metrics: HostMetrics
}

/** The store every tenant shares (opened after the connectors, so their issues come first). */
export interface SharedStore {
  /** The host's store; each tenant but the default sees it namespaced. */
  readonly store: HookStore
  /** The journal hook (and held-queue watch) for one tenant's store view. */
  readonly journalFor: (store: HookStore) => TenantJournal
}

/** A running tenant. */
export interface Tenant {
  readonly spec: TenantSpec
  readonly keys: HookKeys
  readonly connectors: ConnectorMap
  readonly handler: RawHookHandler
  /** Requests of this tenant being handled (the dispatcher counts them, for reloads). */
  inFlight: number
  /** Close its connectors and wait for its journal writes (the shared store stays open). */
  close(): Promise<void>
}

/** A tenant whose connectors are created, waiting for the store. */
export interface PreparedTenant {
  readonly spec: TenantSpec
  readonly keys: HookKeys
  readonly connectors: ConnectorMap
  /** Its handler over the shared store. */
  open(shared: SharedStore): Tenant
}

/** Close the connectors of tenants that will not run. */
export async function discardTenants(prepared: readonly PreparedTenant[]): Promise<void> {
  await Promise.all(prepared.map((tenant) => closeConnectors(tenant.connectors)))
}

/** Run `step` for every spec, collecting every tenant's config issues into one error. */
async function eachSpec<T>(
  loaded: LoadedConfig,
  specs: readonly TenantSpec[],
  step: (spec: TenantSpec, index: number) => Promise<T>,
): Promise<T[]> {
  const issues: ConfigIssue[] = []
  const out: T[] = []
  for (const [index, spec] of specs.entries()) {
    try {
      out.push(await step(spec, index))
    } catch (err) {
      if (!(err instanceof ConfigFileError)) throw err
      issues.push(...err.issues)
    }
  }
  if (issues.length > 0) throw new ConfigFileError(loaded.file, issues)
  return out
}

/**
 * @example
 * const prepared = await buildTenants(tenantSpecs(loaded.config), { loaded, logger, metrics, dev: false })
 * const tenants = prepared.map((tenant) => tenant.open({ store, journalFor }))
 */
export async function buildTenants(
  specs: readonly TenantSpec[],
  context: TenantContext,
): Promise<PreparedTenant[]> {
  const { loaded } = context
  const config = loaded.config
  // The config's own mistakes first: a misspelt connector is reported even without a secret.
  const resolved: ResolvedConnector[][] = await eachSpec(loaded, specs, (spec) =>
    resolveConnectors(loaded, { base: spec.base, connectors: spec.config.connectors }),
  )
  const keys = await eachSpec(loaded, specs, (spec) => tenantKeys(loaded, spec, context))
  const verifiers = await eachSpec(loaded, specs, (spec, i) =>
    tenantVerifier(loaded, spec, keys[i] as HookKeys),
  )
  const created: ConnectorMap[] = []
  try {
    for (const [i, spec] of specs.entries()) {
      const metrics = context.metrics.forTenant(spec.id)
      const logger = context.logger.child({ tenant: spec.id })
      const hashEmail = createEmailHasher((keys[i] as HookKeys).keys)
      created.push(
        await instantiateConnectors(
          loaded,
          resolved[i] ?? [],
          (id) =>
            createConnectorEnv({
              logger: logger.child({ connector: id }),
              metrics: metrics.forConnector(id),
              hashEmail,
            }),
          spec.base,
        ),
      )
    }
  } catch (err) {
    await Promise.all(created.map(closeConnectors))
    throw err
  }
  return specs.map((spec, i) => {
    const connectors = created[i] as ConnectorMap
    const tenantKeysOf = keys[i] as HookKeys
    const verifier = verifiers[i] as HookVerifier
    return {
      spec,
      keys: tenantKeysOf,
      connectors,
      open(shared) {
        const store =
          spec.id === DEFAULT_TENANT ? shared.store : namespacedStore(shared.store, spec.id)
        const journal = shared.journalFor(store)
        const handler = createRawHookHandler({
          auth: verifier,
          connectors,
          store,
          basePath: spec.basePath,
          deadlineMs: config.deadlineMs,
          maxInFlight: spec.config.maxInFlight,
          bodyLimitBytes: config.bodyLimitBytes,
          resultTtlMs: Math.round(config.resultTtlDays * 24 * 60 * 60 * 1000),
          logger: context.logger.child({ tenant: spec.id }),
          metrics: context.metrics.forTenant(spec.id).hook,
          hashEmail: createEmailHasher(tenantKeysOf.keys),
          journal: journal.hook,
        })
        return {
          spec,
          keys: tenantKeysOf,
          connectors,
          handler,
          inFlight: 0,
          async close() {
            await closeConnectors(connectors)
            await journal.drain()
          },
        }
      },
    }
  })
}
