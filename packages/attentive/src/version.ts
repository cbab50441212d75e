/**
 * Attentive's REST API: `servers: https://api.attentivemobile.com/v1` in its published OpenAPI
 * (https://docs.attentivemobile.com/openapi/reference/tag/Custom-Events). The API is versioned by
 * path only (`/v1`); there is no version header to pin.
 */
export const ATTENTIVE_BASE_URL = 'https://api.attentivemobile.com/v1'
