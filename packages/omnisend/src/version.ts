/**
 * The Omnisend API version this connector is written and tested against, sent as the
 * `Omnisend-Version` header on every call ("required on every request",
 * https://api-docs.omnisend.com/docs/migrate-from-v5-to-v2026-03-15). Change it here only, after
 * checking the request and error shapes of `/events`, `/contacts` and `/brands/current` for that
 * version.
 */
export const OMNISEND_API_VERSION = '2026-03-15'

/** The base path of every dated version ("All endpoints … have moved to the /api/ base path"). */
export const OMNISEND_BASE_URL = 'https://api.omnisend.com/api'
