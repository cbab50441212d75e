/** Reading the names of a portal's contact properties (the cache, `check`, `provision`). @module */
import { attemptRequest, type HttpClient, valuesAtPath } from '@bubblehouse-hooks/core'
import { classifyHubspot } from './classify'
import type { PropertyListLoad } from './property-cache'
import { HUBSPOT_RULES } from './rules'
import { PATHS } from './version'

/** GET /crm/v3/properties/contacts, as names or a classified reason why not. */
export async function loadContactProperties(
  http: HttpClient,
  now: () => number,
  signal: AbortSignal,
): Promise<PropertyListLoad> {
  const answer = await attemptRequest(
    http,
    { method: 'GET', path: PATHS.contactProperties, query: { archived: 'false' } },
    signal,
  )
  if (answer.failure) return { result: answer.failure, blocking: true }
  const result = classifyHubspot(answer.response, HUBSPOT_RULES, now())
  if (result.outcome !== 'sent') {
    // A 403 is a missing schema-read scope: writes may still work, so they are not stopped.
    return { result, blocking: result.outcome === 'failure' && result.vendorStatus !== 403 }
  }
  const names = valuesAtPath(answer.response.body, 'results.name').filter(
    (name): name is string => typeof name === 'string',
  )
  if (names.length > 0) return { names: new Set(names) }
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
