import type { ClassifyRule } from '@bubblehouse-hooks/core'

/**
 * Klaviyo's JSON:API error bodies name the rejected field in `errors[].source.pointer`
 * (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling). On `/api/events` the
 * profile sits under `/data/attributes/profile/data/attributes`; on `/api/profile-import` directly
 * under `/data/attributes`.
 */
const PROFILE = '/data/attributes(/profile/data/attributes)?'

/** A 400 whose pointer names this field → `invalid_data` with a code that names the field. */
const FIELDS: ReadonlyArray<{ code: string; pointer: RegExp; field: string }> = [
  { code: 'KLAVIYO_INVALID_EMAIL', pointer: new RegExp(`^${PROFILE}/email$`), field: 'email' },
  {
    code: 'KLAVIYO_INVALID_PHONE_NUMBER',
    pointer: new RegExp(`^${PROFILE}/phone_number$`),
    field: 'phone number',
  },
  {
    code: 'KLAVIYO_INVALID_EXTERNAL_ID',
    pointer: new RegExp(`^${PROFILE}/external_id$`),
    field: 'external id',
  },
  {
    code: 'KLAVIYO_INVALID_NAME',
    pointer: new RegExp(`^${PROFILE}/(first|last)_name$`),
    field: 'first or last name',
  },
  {
    code: 'KLAVIYO_INVALID_PROFILE_PROPERTIES',
    pointer: /^\/data\/attributes\/profile\/data\/attributes\/properties(\/|$)/,
    field: 'profile property',
  },
  {
    code: 'KLAVIYO_INVALID_PROPERTIES',
    pointer: /^\/data\/attributes\/properties(\/|$)/,
    field: 'property',
  },
  { code: 'KLAVIYO_INVALID_TIME', pointer: /^\/data\/attributes\/time$/, field: 'event time' },
  { code: 'KLAVIYO_INVALID_VALUE', pointer: /^\/data\/attributes\/value$/, field: 'event value' },
  {
    code: 'KLAVIYO_INVALID_METRIC',
    pointer: /^\/data\/attributes\/metric(\/|$)/,
    field: 'metric name',
  },
  // Anything else with a pointer (e.g. /data/type) is most likely our bug, but it is still about
  // this payload: holding the queue would not fix it (vendors.md §1.4).
  { code: 'KLAVIYO_INVALID_FIELD', pointer: /^\//, field: 'field' },
]

const fieldRules: ClassifyRule[] = FIELDS.map(({ code, pointer, field }) => ({
  code,
  when: { status: 400, body: { 'errors.source.pointer': pointer } },
  outcome: 'invalid_data',
  reason: `Klaviyo rejected the ${field} of this event`,
}))

/**
 * The code of a 409 identity conflict. Deliver sends it again without the phone, then without the
 * external id so the email decides (`repair.ts`); a conflict that survives that is `invalid_data`.
 */
export const DUPLICATE_PROFILE = 'KLAVIYO_DUPLICATE_PROFILE'

/**
 * Klaviyo answers, in front of core's `DEFAULT_RULES` (first match wins). Anything that would hit
 * every event holds the queue (`failure`); anything about this event, customer or field is
 * `invalid_data` (after deliver's one resend without the fields a 400 names, `repair.ts`).
 * Klaviyo accepts events for suppressed profiles, so no rule answers `unsubscribed`.
 */
export const KLAVIYO_RULES: readonly ClassifyRule[] = [
  ...fieldRules,
  {
    code: DUPLICATE_PROFILE,
    when: { status: 409, body: { 'errors.code': 'duplicate_profile' } },
    outcome: 'invalid_data',
    reason: 'the email and another identifier belong to two different Klaviyo profiles',
  },
  {
    code: 'KLAVIYO_NOT_AUTHENTICATED',
    when: { status: 401 },
    outcome: 'failure',
    reason: 'Klaviyo rejected the API key',
  },
  {
    code: 'KLAVIYO_PERMISSION_DENIED',
    when: { status: 403 },
    outcome: 'failure',
    reason: 'the API key lacks a scope (events:write, profiles:write)',
  },
  {
    // We never send a profile id, so a 404 on /api/events or /api/profile-import cannot be about
    // one profile: it is the endpoint or the base URL, the same for every event.
    code: 'KLAVIYO_NOT_FOUND',
    when: { status: 404 },
    outcome: 'failure',
    reason: 'Klaviyo endpoint or account not found: check baseUrl',
  },
  {
    // A retired revision or endpoint would answer this for every event; dropping them as
    // invalid_data would lose the whole backlog.
    code: 'KLAVIYO_GONE',
    when: { status: 410 },
    outcome: 'failure',
    reason: 'the Klaviyo API revision or endpoint is retired: upgrade the connector',
  },
  {
    code: 'KLAVIYO_UNSUPPORTED_MEDIA_TYPE',
    when: { status: 415 },
    outcome: 'failure',
    reason: 'Klaviyo refused the content type: check baseUrl and proxies',
  },
  {
    code: 'KLAVIYO_THROTTLED',
    when: { status: 429 },
    outcome: 'failure',
    reason: 'rate limited by Klaviyo',
    retryAfter: true,
  },
]
