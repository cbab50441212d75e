/**
 * Which tenant a hook request is for: `/hooks/...` is the default tenant's, `/t/<id>/...` tenant
 * `<id>`'s. Only the tenant is picked here: each tenant's core handler routes `:name` and
 * `:connector/:name` under its base path, checks the token against that tenant's keys only, and
 * applies its `maxInFlight`. A tenant id that is not configured answers exactly what a wrong
 * token answers (a core handler whose verifier refuses everything, mounted at `/hooks` for the
 * rest of the path), so nobody can probe which tenants exist.
 * @module
 */
import {
  createRawHookHandler,
  type HookInput,
  type HookOutput,
  jsonOutput,
  type Logger,
  type RawHookHandler,
  requestIdOf,
} from '@bubblehouse-hooks/core'
import { HOOKS_BASE_PATH } from '../server/http'
import type { HostMetrics } from '../server/metrics'
import type { Tenant } from './build'

/** The tenants serving right now; a reload swaps the whole table at once. */
export interface TenantTable {
  /** The default tenant (`/hooks/...`), if the config declares one. */
  readonly fallback: Tenant | undefined
  readonly byId: ReadonlyMap<string, Tenant>
}

/** The tenant path prefix: `/t/<id>/hooks/...`. */
export const TENANT_PREFIX = '/t/'

/** The metrics label of requests for a tenant id not configured (not a valid tenant id). */
export const UNKNOWN_TENANT_LABEL = '_unknown'

const NOT_FOUND_BODY = '{"error":"not_found"}'

/** Options of {@link createTenantDispatcher}. */
export interface DispatcherOptions {
  readonly table: () => TenantTable
  readonly logger: Logger
  readonly metrics: HostMetrics
  readonly unauthorizedLinesPerMinute?: number
}

/**
 * One raw handler for every tenant's routes.
 * @example
 * const dispatch = createTenantDispatcher({ table: () => current, logger, metrics })
 * await dispatch({ method: 'POST', path: '/t/acme/hooks/SendEvent1', header, readBody })
 */
export function createTenantDispatcher(options: DispatcherOptions): RawHookHandler {
  // Answers exactly as a tenant's handler does for a refused token: same checks, same bodies.
  const unknownTenant = createRawHookHandler({
    auth: {
      verify: async () => ({ ok: false, reason: 'unknown_tenant', detail: 'no such tenant' }),
    },
    connectors: {},
    basePath: HOOKS_BASE_PATH,
    logger: options.logger.child({ tenant: UNKNOWN_TENANT_LABEL }),
    metrics: options.metrics.forTenant(UNKNOWN_TENANT_LABEL).hook,
    ...(options.unauthorizedLinesPerMinute !== undefined
      ? { unauthorizedLinesPerMinute: options.unauthorizedLinesPerMinute }
      : {}),
  })

  /** Counted so a reload can wait for a removed tenant's requests before closing it. */
  async function run(tenant: Tenant, input: HookInput): Promise<HookOutput> {
    tenant.inFlight++
    try {
      return await tenant.handler(input)
    } finally {
      tenant.inFlight--
    }
  }

  return async (input) => {
    const table = options.table()
    if (input.path.startsWith(TENANT_PREFIX)) {
      const end = input.path.indexOf('/', TENANT_PREFIX.length)
      const id = input.path.slice(TENANT_PREFIX.length, end === -1 ? undefined : end)
      const tenant = table.byId.get(id)
      if (tenant) return run(tenant, input)
      // The rest of the path, as the tenant's handler would route it under `/t/<id>/hooks`.
      return unknownTenant({ ...input, path: end === -1 ? '' : input.path.slice(end) })
    }
    if (table.fallback && input.path.startsWith(`${HOOKS_BASE_PATH}/`)) {
      return run(table.fallback, input)
    }
    return jsonOutput(404, NOT_FOUND_BODY, requestIdOf(input))
  }
}
