/**
 * One HubSpot connector instance: its own HTTP client (token, base URL, keep-alive agent),
 * property cache and warnings, so two instances (two portals, two tokens) in one process share
 * nothing.
 * @module
 */
import {
  attemptRequest,
  type CheckReport,
  type Connector,
  type ConnectorEnv,
  type ProvisionItem,
} from '@bubblehouse-hooks/core'
import { createDelivery } from './deliver'
import { createHubspotHttp } from './http'
import type { HubspotOptions } from './options'
import { planEvent } from './plan'
import { createPropertyCache } from './property-cache'
import { loadContactProperties } from './property-list'
import { PROPERTY_GROUP, propertyCreate, provisionItem, wantedProperties } from './provision'
import { PATHS } from './version'

/** The shared list load runs under its own per-call timeout, not one delivery's deadline. */
const NEVER = new AbortController().signal

/** Create the connector for parsed options. */
export function createHubspotConnector(options: HubspotOptions, env: ConnectorEnv): Connector {
  const http = createHubspotHttp(env, options)
  const listProperties = (signal: AbortSignal) => loadContactProperties(http, env.now, signal)
  const cache = createPropertyCache({
    ttlMs: options.propertyCacheTtlMs,
    now: env.now,
    load: () => listProperties(NEVER),
  })
  const delivery = createDelivery({ http, cache, env })

  /** Mapped names HubSpot must have for nothing to be left out. */
  const mappedNames = () => [
    ...[options.fields.first_name, options.fields.last_name].filter(
      (name): name is string => typeof name === 'string',
    ),
    ...wantedProperties(options).map((p) => p.name),
  ]

  return {
    plan: (event) => planEvent(event, options),

    deliver: (requests, ctx) => delivery.deliver(requests, ctx),

    async check(ctx): Promise<CheckReport> {
      const listed = await listProperties(ctx.signal)
      if (!listed.names) {
        return { ok: false, code: listed.result.code, message: listed.result.reason }
      }
      cache.store(listed.names)
      const missing = mappedNames().filter((name) => !listed.names.has(name))
      if (missing.length === 0) {
        return {
          ok: true,
          code: 'OK',
          message: 'token accepted; every mapped contact property exists',
        }
      }
      return {
        ok: true,
        code: 'HUBSPOT_PROPERTIES_MISSING',
        message: `token accepted; these mapped contact properties do not exist and are left out until they do (run provision): ${missing.join(', ')}`,
      }
    },

    async provision(ctx): Promise<readonly ProvisionItem[]> {
      const items: ProvisionItem[] = []
      const group = await attemptRequest(
        http,
        { method: 'POST', path: PATHS.contactPropertyGroups, body: PROPERTY_GROUP },
        ctx.signal,
      )
      items.push(provisionItem(`property group ${PROPERTY_GROUP.name}`, group, env.now()))
      const listed = await listProperties(ctx.signal)
      for (const property of wantedProperties(options)) {
        const name = `property ${property.name}`
        if (listed.names?.has(property.name)) {
          items.push({ name, action: 'exists' })
          continue
        }
        const created = await attemptRequest(
          http,
          { method: 'POST', path: PATHS.contactProperties, body: propertyCreate(property) },
          ctx.signal,
        )
        items.push(provisionItem(name, created, env.now()))
      }
      cache.invalidate()
      return items
    },

    close: () => http.close(),
  }
}
