/**
 * The Klaviyo API revision this connector is written and tested against, sent as the `revision`
 * header on every call. Change it here only, after checking the request and error shapes of the
 * endpoints used against that revision
 * (https://developers.klaviyo.com/en/docs/api_versioning_and_deprecation_policy).
 */
export const KLAVIYO_REVISION = '2026-07-15'

/** Klaviyo's API host. There is no regional host; `baseUrl` exists for proxies and tests. */
export const KLAVIYO_BASE_URL = 'https://a.klaviyo.com'
