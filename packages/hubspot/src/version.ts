/**
 * The HubSpot API surface this connector is pinned to: CRM v3 and Events v3. Plans print these
 * paths and deliver sends them.
 * @module
 */

/** The HubSpot API generation every path below belongs to. */
export const HUBSPOT_API_VERSION = 'v3'

/** Default API host (the EU data centre and proxies use another one: set `baseUrl`). */
export const DEFAULT_BASE_URL = 'https://api.hubapi.com'

/** Request paths, relative to the base URL. */
export const PATHS = {
  /** https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts */
  upsertContacts: `/crm/${HUBSPOT_API_VERSION}/objects/contacts/batch/upsert`,
  /** PATCH one contact by id (resolves a 409 "Contact already exists. Existing ID: N"). */
  contact: (id: string) => `/crm/${HUBSPOT_API_VERSION}/objects/contacts/${encodeURIComponent(id)}`,
  /** The contact property list (the property cache, `check`, `provision`). */
  contactProperties: `/crm/${HUBSPOT_API_VERSION}/properties/contacts`,
  /** Contact property groups (`provision`). */
  contactPropertyGroups: `/crm/${HUBSPOT_API_VERSION}/properties/contacts/groups`,
  /** https://developers.hubspot.com/docs/api-reference/legacy/events/send-event-data/guide */
  sendEvent: `/events/${HUBSPOT_API_VERSION}/send`,
} as const

/** The request operations, which deliver dispatches on. */
export const OPERATIONS = {
  upsertContact: 'upsertContact',
  sendEvent: 'sendEvent',
  /** Not planned: deliver's repair of a 409 "Contact already exists. Existing ID: N". */
  updateContact: 'updateContact',
} as const
