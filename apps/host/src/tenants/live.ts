/**
 * The tenants serving now, and a reload that swaps them without dropping a request: a tenant
 * whose settings did not change keeps running as it is; a new or changed one is built first
 * (every issue reported, the old table kept if any); the table is swapped at once; a removed or
 * replaced tenant finishes the requests it has, then closes its connectors.
 * @module
 */
import type { HostConfig } from '../config/schema'
import {
  buildTenants,
  discardTenants,
  type PreparedTenant,
  type SharedStore,
  type Tenant,
  type TenantContext,
} from './build'
import type { TenantTable } from './dispatch'
import { type TenantSpec, tenantSpecs } from './specs'

/** What a reload changed, by tenant id. */
export interface ReloadSummary {
  readonly added: readonly string[]
  readonly changed: readonly string[]
  readonly removed: readonly string[]
  readonly unchanged: number
}

/** The running tenants. */
export interface LiveTenants {
  table(): TenantTable
  tenants(): readonly Tenant[]
  /** Serve the tenants of `context.loaded`; throws a ConfigFileError and keeps serving the old ones. */
  reload(context: TenantContext, shared: SharedStore): Promise<ReloadSummary>
  /** Hook requests running in any tenant, retiring ones included. */
  inFlight(): number
  /** Close every tenant (current and retiring) at once. */
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * What makes a tenant's handler: its block and the host settings every handler takes. Compared in
 * memory only (it holds secrets; never logged).
 */
function fingerprint(spec: TenantSpec, config: HostConfig): string {
  const { deadlineMs, bodyLimitBytes, resultTtlDays, journal } = config
  return JSON.stringify([
    spec.config,
    spec.basePath,
    deadlineMs,
    bodyLimitBytes,
    resultTtlDays,
    journal,
  ])
}

function tableOf(tenants: readonly Tenant[]): TenantTable {
  const byId = new Map<string, Tenant>()
  let fallback: Tenant | undefined
  for (const tenant of tenants) {
    if (tenant.spec.base.length === 0) fallback = tenant
    else byId.set(tenant.spec.id, tenant)
  }
  return { fallback, byId }
}

/** The tenants of a config, connectors created; {@link startTenants} opens them on the store. */
export function prepareTenants(context: TenantContext): Promise<PreparedTenant[]> {
  return buildTenants(tenantSpecs(context.loaded.config), context)
}

export { discardTenants }

/**
 * @example
 * const live = startTenants(await prepareTenants(context), context.loaded.config, shared, { waitMs })
 * createTenantDispatcher({ table: live.table, logger, metrics })
 */
export function startTenants(
  prepared: readonly PreparedTenant[],
  config: HostConfig,
  shared: SharedStore,
  options: { readonly waitMs: number },
): LiveTenants {
  let prints = new Map<string, string>()
  let current: Tenant[] = prepared.map((tenant) => tenant.open(shared))
  for (const tenant of current) {
    prints.set(tenant.spec.id, fingerprint(tenant.spec, config))
  }
  let table = tableOf(current)
  const retiring = new Set<Promise<void>>()

  // A retired tenant gets no new request; the ones it has answer within the deadline.
  function retire(tenant: Tenant): void {
    const done = (async () => {
      const started = Date.now()
      while (tenant.inFlight > 0 && Date.now() - started < options.waitMs) await sleep(25)
      await tenant.close()
    })()
    retiring.add(done)
    void done.finally(() => retiring.delete(done))
  }

  return {
    table: () => table,
    tenants: () => current,
    inFlight: () => current.reduce((sum, t) => sum + t.inFlight, 0),
    async reload(next, nextShared) {
      const config = next.loaded.config
      const specs = tenantSpecs(config)
      const nextPrints = new Map(specs.map((spec) => [spec.id, fingerprint(spec, config)]))
      const byId = new Map(current.map((t) => [t.spec.id, t]))
      const fresh = specs.filter((spec) => prints.get(spec.id) !== nextPrints.get(spec.id))
      const opened = (await buildTenants(fresh, next)).map((t) => t.open(nextShared))
      const built = new Map(opened.map((t) => [t.spec.id, t]))
      const replaced = current.filter((t) => !nextPrints.has(t.spec.id) || built.has(t.spec.id))
      current = specs.map((spec) => built.get(spec.id) ?? (byId.get(spec.id) as Tenant))
      prints = nextPrints
      table = tableOf(current)
      for (const tenant of replaced) retire(tenant)
      return {
        added: fresh.filter((s) => !byId.has(s.id)).map((s) => s.id),
        changed: fresh.filter((s) => byId.has(s.id)).map((s) => s.id),
        removed: [...byId.keys()].filter((id) => !nextPrints.has(id)),
        unchanged: specs.length - fresh.length,
      }
    },
    async close() {
      await Promise.all([...current.map((t) => t.close()), ...retiring])
    },
  }
}
