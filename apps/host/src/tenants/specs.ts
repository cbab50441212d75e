/**
 * The tenants a config declares: the top-level `auth` and `connectors` (the `default` tenant, at
 * `/hooks/...`) and each `tenants.<id>` block (at `/t/<id>/hooks/...`).
 * @module
 */
import { DEFAULT_TENANT, type HostConfig, type TenantConfig } from '../config/schema'
import { HOOKS_BASE_PATH } from '../server/http'

/** One tenant as the config declares it. */
export interface TenantSpec {
  /** `default`, or the `tenants:` key. */
  readonly id: string
  /** Where its block sits in the file: `[]` for the default tenant, `['tenants', id]` otherwise. */
  readonly base: readonly string[]
  /** Core's `basePath` for its handler: `/hooks` or `/t/<id>/hooks`. */
  readonly basePath: string
  readonly config: TenantConfig
}

/** Where a tenant's routes start. */
export const tenantBasePath = (id: string): string =>
  id === DEFAULT_TENANT ? HOOKS_BASE_PATH : `/t/${id}/hooks`

/**
 * True when the top level declares a tenant: always without `tenants`, and with them only when
 * it has keys or connectors of its own (a file with only `tenants` answers 404 on `/hooks/...`).
 */
export function hasDefaultTenant(config: HostConfig): boolean {
  return (
    Object.keys(config.tenants).length === 0 ||
    config.auth.keys.length > 0 ||
    Object.keys(config.connectors).length > 0
  )
}

/**
 * @example
 * tenantSpecs(config).map((t) => t.basePath) // ['/hooks', '/t/acme/hooks']
 */
export function tenantSpecs(config: HostConfig): TenantSpec[] {
  const specs: TenantSpec[] = []
  if (hasDefaultTenant(config)) {
    specs.push({
      id: DEFAULT_TENANT,
      base: [],
      basePath: tenantBasePath(DEFAULT_TENANT),
      config: { auth: config.auth, connectors: config.connectors, maxInFlight: config.maxInFlight },
    })
  }
  for (const [id, tenant] of Object.entries(config.tenants)) {
    specs.push({ id, base: ['tenants', id], basePath: tenantBasePath(id), config: tenant })
  }
  return specs
}

/** The spec of tenant `id` (`default` for the top level), or undefined. */
export function tenantSpec(config: HostConfig, id: string): TenantSpec | undefined {
  return tenantSpecs(config).find((spec) => spec.id === id)
}
