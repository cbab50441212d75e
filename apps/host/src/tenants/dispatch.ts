/**
 * Which tenant a hook request is for: `/hooks/...` is the default tenant's, `/t/<id>/...` tenant
 * `<id>`'s; each tenant's core handler then routes `:name` and `:connector/:name` under its base
 * path and checks the token against that tenant's keys only. A tenant id that is not configured
 * answers exactly what a wrong token answers (a core handler whose verifier refuses everything),
 * so nobody can probe which tenants exist. A tenant with `maxInFlight` requests running answers
 * `200 {"outcome":"failure"}` at once: Bubblehouse retries, and the other tenants keep the process.
 * @module
 */
import {
  createRawHookHandler,
  FAILURE_BODY,
  type HookInput,
  type HookOutput,
  type Logger,
  type RawHookHandler,
  type RouteOptions,
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

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
const NOT_FOUND_BODY = '{"error":"not_found"}'
/** Over-capacity warnings: at most one a second per tenant (the rest are counted). */
const WARN_EVERY_MS = 1000

const answer = (status: number, body: string, input: HookInput): HookOutput => {
  const given = input.header('x-request-id')
  const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID()
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body,
  }
}

/** `/t/<id>/hooks/<rest…>` → the id and, for one or two rest segments, core's route. */
function tenantRoute(path: string): { id: string; route: RouteOptions | undefined } {
  const segments = path.split('/').filter(Boolean)
  const id = segments[1] ?? ''
  const rest = segments[2] === 'hooks' ? segments.slice(3) : []
  const route =
    rest.length === 1 ? {} : rest.length === 2 ? { connector: rest[0] as string } : undefined
  return { id, route }
}

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
  const { logger } = options
  // Answers exactly as a tenant's handler does for a refused token: same checks, same bodies.
  const unknownTenant = createRawHookHandler({
    auth: {
      verify: async () => ({ ok: false, reason: 'unknown_tenant', detail: 'no such tenant' }),
    },
    connectors: {},
    // Never matches a path: the dispatcher routes, or the path is no hook route (404).
    basePath: '/t/\u0000/hooks',
    logger: logger.child({ tenant: UNKNOWN_TENANT_LABEL }),
    metrics: options.metrics.forTenant(UNKNOWN_TENANT_LABEL).hook,
    ...(options.unauthorizedLinesPerMinute !== undefined
      ? { unauthorizedLinesPerMinute: options.unauthorizedLinesPerMinute }
      : {}),
  })
  const lastWarned = new Map<string, { at: number; refused: number }>()

  function overCapacity(tenant: Tenant, input: HookInput): HookOutput {
    const id = tenant.spec.id
    options.metrics.forTenant(id).refused()
    const seen = lastWarned.get(id) ?? { at: 0, refused: 0 }
    seen.refused++
    const now = Date.now()
    if (now - seen.at >= WARN_EVERY_MS) {
      logger.warn(
        {
          tenant: id,
          maxInFlight: tenant.spec.config.maxInFlight,
          refused: seen.refused,
          path: input.path.slice(0, 128),
        },
        'tenant at maxInFlight: answered failure at once (Bubblehouse retries)',
      )
      seen.at = now
      seen.refused = 0
    }
    lastWarned.set(id, seen)
    return answer(200, FAILURE_BODY, input)
  }

  async function run(tenant: Tenant, input: HookInput, route?: RouteOptions): Promise<HookOutput> {
    if (tenant.inFlight >= tenant.spec.config.maxInFlight) return overCapacity(tenant, input)
    tenant.inFlight++
    try {
      return await tenant.handler(input, route)
    } finally {
      tenant.inFlight--
    }
  }

  return async (input) => {
    const table = options.table()
    if (input.path.startsWith(TENANT_PREFIX)) {
      const { id, route } = tenantRoute(input.path)
      const tenant = table.byId.get(id)
      if (tenant) return run(tenant, input)
      return route ? unknownTenant(input, route) : unknownTenant(input)
    }
    if (table.fallback && input.path.startsWith(`${HOOKS_BASE_PATH}/`)) {
      return run(table.fallback, input)
    }
    return answer(404, NOT_FOUND_BODY, input)
  }
}
