/**
 * Reading a portal's contact properties, name → HubSpot type (`string`, `number`, `date`,
 * `datetime`, `bool`, `enumeration`, …), for the cache, `check` and `provision`.
 * @module
 */
import { attemptRequest, type HttpClient } from '@bubblehouse-hooks/core'
import { classifyHubspot } from './classify'
import type { PropertyListLoad } from './property-cache'
import { HUBSPOT_RULES } from './rules'
import { PATHS } from './version'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** `results[]` of a property list as name → type (the type `''` when HubSpot gave none). */
function propertyTypes(body: unknown): Map<string, string> {
  const results = isRecord(body) && Array.isArray(body.results) ? body.results : []
  const types = new Map<string, string>()
  for (const item of results.filter(isRecord)) {
    if (typeof item.name !== 'string') continue
    types.set(item.name, typeof item.type === 'string' ? item.type : '')
  }
  return types
}

/**
 * The list holds every contact property with its full definition and option list, in one page:
 * hundreds of kB on a fresh portal, more with each custom property (their number per plan:
 * https://developers.hubspot.com/docs/api-reference/crm-limits-tracking-v3/guide). It gets more
 * room than core's 1 MiB default, which stays for the event calls.
 */
export const PROPERTY_LIST_MAX_BYTES = 16 * 1024 * 1024

/** GET /crm/v3/properties/contacts, as name → type or a classified reason why not. */
export async function loadContactProperties(
  http: HttpClient,
  now: () => number,
  signal: AbortSignal,
): Promise<PropertyListLoad> {
  const answer = await attemptRequest(
    http,
    {
      method: 'GET',
      path: PATHS.contactProperties,
      query: { archived: 'false' },
      maxResponseBytes: PROPERTY_LIST_MAX_BYTES,
    },
    signal,
  )
  if (answer.failure) return { result: answer.failure, blocking: true }
  const result = classifyHubspot(answer.response, HUBSPOT_RULES, now())
  if (result.outcome !== 'sent') {
    // A 403 is a missing schema-read scope: writes may still work, so they are not stopped.
    return { result, blocking: result.outcome === 'failure' && result.vendorStatus !== 403 }
  }
  const names = propertyTypes(answer.response.body)
  if (names.size > 0) return { names }
  return {
    result: {
      outcome: 'failure',
      code: 'HUBSPOT_PROPERTY_LIST_UNREADABLE',
      reason: 'HubSpot answered the property list without any property',
      vendorStatus: answer.response.status,
    },
    blocking: false,
  }
}
