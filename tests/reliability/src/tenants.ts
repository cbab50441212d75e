/**
 * Scenario 7's layout: one host config with several tenants (`tenants.<id>`), each with its own
 * hook secret, connectors and cap, and the queues that stream to each tenant's routes
 * (`/t/<id>/hooks/...`). Queue 0 of every route carries the same bhids in every tenant, so the
 * store's namespacing is under test.
 * @module
 */
import { connectorBlocks, type RunSecrets, type StoreBlock } from './config'
import { generateEvents, type Vendor } from './events'
import type { Target } from './hosts'
import { rngFor } from './random'
import type { QueueGroups } from './scenario'
import type { SimQueue } from './simulator'

const ref = (name: string) => `\${${name}}`

/** One tenant of the config. */
export interface TenantSpec {
  readonly id: string
  readonly secrets: RunSecrets
  /** Names its `${VAR}`s (e.g. `ACME_`): see `secretEnv(secrets, prefix)`. */
  readonly envPrefix: string
  /** Its connectors, each pointed at its own vendor. */
  readonly vendors: readonly Vendor[]
  readonly baseUrls: Readonly<Record<Vendor, string>>
  readonly timeouts: Readonly<Record<Vendor, number>>
  readonly maxInFlight?: number
}

/** The `tenants.<id>` block of one tenant. */
function tenantBlock(tenant: TenantSpec): Record<string, unknown> {
  const blocks = connectorBlocks(tenant.baseUrls, tenant.timeouts, tenant.envPrefix)
  return {
    auth: {
      keys: [{ kid: 'main', secret: ref(`${tenant.envPrefix}BH_HOOK_SECRET`), encoding: 'base64' }],
    },
    connectors: Object.fromEntries(tenant.vendors.map((v) => [v, blocks[v]])),
    ...(tenant.maxInFlight !== undefined ? { maxInFlight: tenant.maxInFlight } : {}),
  }
}

/** A host config with only `tenants` (so `/hooks/...` answers 404). */
export function tenantsYaml(options: {
  readonly store: StoreBlock
  readonly deadlineMs: number
  readonly tenants: readonly TenantSpec[]
}): string {
  const tenants = Object.fromEntries(options.tenants.map((t) => [t.id, tenantBlock(t)]))
  return [
    'listen: { host: 127.0.0.1, port: 0 }',
    `store: ${JSON.stringify(options.store)}`,
    `deadlineMs: ${options.deadlineMs}`,
    'log: { level: debug, format: json }',
    `tenants: ${JSON.stringify(tenants)}`,
    '',
  ].join('\n')
}

/** The routes of a tenant with `vendors`: each connector alone, and all of them behind the fan-out. */
export function tenantRoutes(
  id: string,
  vendors: readonly Vendor[],
): Array<{ target: string; vendors: readonly Vendor[]; path: string }> {
  return [
    ...vendors.map((v) => ({ target: v, vendors: [v], path: `/t/${id}/hooks/${v}/SendEvent1` })),
    { target: 'fan-out', vendors, path: `/t/${id}/hooks/SendEvent1` },
  ]
}

/**
 * `count` events over a tenant's routes, `queues` queues per route. Queue 0 of each route is named
 * by `shared`, not by the tenant: every tenant built with the same `shared` gets its bhids.
 */
export function tenantQueueGroups(options: {
  /** Names this tenant's own events. */
  readonly name: string
  /** Names the events every tenant shares. */
  readonly shared: string
  readonly tenant: string
  readonly vendors: readonly Vendor[]
  readonly target: () => Target
  readonly count: number
  readonly queues: number
  readonly badRate: number
}): QueueGroups {
  const routes = tenantRoutes(options.tenant, options.vendors)
  const perQueue = Math.ceil(options.count / routes.length / options.queues)
  const groups: QueueGroups = new Map()
  for (const route of routes) {
    const group: SimQueue[] = []
    for (let q = 0; q < options.queues; q++) {
      const prefix = `${q === 0 ? options.shared : options.name}-${route.target}-q${q}-`
      group.push({
        name: `${options.tenant}/${route.target}#${q}`,
        url: () => `${options.target().url}${route.path}`,
        vendors: route.vendors,
        events: generateEvents({
          prefix,
          count: perQueue,
          rng: rngFor(prefix),
          badRate: options.badRate,
        }),
      })
    }
    groups.set(`${options.tenant} ${route.target}`, group)
  }
  return groups
}
