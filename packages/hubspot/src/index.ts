/**
 * @bubblehouse-hooks/hubspot: one HubSpot contact upsert per Bubblehouse event (matched on email),
 * plus an opt-in custom behavioural event, sent with core's keep-alive HTTP client.
 * @module
 */
import { defineConnector } from '@bubblehouse-hooks/core'
import { createHubspotConnector } from './connector'
import { HubspotOptionsSchema } from './options'

export { BATCH_ERROR, classifyHubspot, rateLimitRetryAfterMs } from './classify'
export { defaultPropertyName, PROPERTY_PREFIX } from './naming'
export {
  type HubspotOptions,
  type HubspotOptionsInput,
  HubspotOptionsSchema,
  PROPERTY_TYPES,
} from './options'
export { planEvent } from './plan'
export { KNOWN_CUSTOMER_PROPS, PROPERTY_GROUP, wantedProperties } from './provision'
export { HUBSPOT_EVENT_RULES, HUBSPOT_RULES } from './rules'
export { HUBSPOT_API_VERSION, PATHS } from './version'

/** The `hubspot` connector. */
export default defineConnector({
  id: 'hubspot',
  description:
    'One HubSpot contact upsert per Bubblehouse event (matched on email), plus an opt-in custom behavioural event.',
  options: HubspotOptionsSchema,
  create: createHubspotConnector,
})
