/**
 * HubSpot's classification rows, in front of core's DEFAULT_RULES. Blast radius: credentials,
 * scopes, rate limits and configuration hold the queue (`failure`); a bad value of this contact
 * drops the event (`invalid_data`). HubSpot never reports an opt-out on CRM writes, so no row
 * answers `unsubscribed`. Errors: https://developers.hubspot.com/docs/api-reference/error-handling
 * @module
 */
import type { ClassifyRule } from '@bubblehouse-hooks/core'
import { hasPropertyError } from './vendor-errors'

/** Rows every HubSpot call shares: credentials, scopes, rate limits. */
const ACCOUNT_RULES: readonly ClassifyRule[] = [
  {
    code: 'HUBSPOT_INVALID_AUTHENTICATION',
    when: { status: 401 },
    outcome: 'failure',
    reason: 'HubSpot rejected the access token',
  },
  {
    code: 'HUBSPOT_MISSING_SCOPES',
    when: { status: 403, body: { category: 'MISSING_SCOPES' } },
    outcome: 'failure',
    reason: 'the private app lacks a scope this call needs',
  },
  {
    // No Retry-After: deliver reads the X-HubSpot-RateLimit-* headers into retryAfterMs.
    code: 'HUBSPOT_RATE_LIMITED',
    when: { status: 429 },
    outcome: 'failure',
    reason: 'HubSpot rate limit reached (ten-secondly or daily)',
    retryAfter: true,
  },
]

/** Contact writes (`batch/upsert`, and the PATCH that resolves a 409). */
export const HUBSPOT_RULES: readonly ClassifyRule[] = [
  {
    code: 'HUBSPOT_INVALID_EMAIL',
    when: { status: 400, test: hasPropertyError('INVALID_EMAIL') },
    outcome: 'invalid_data',
    reason: 'HubSpot rejected the email address',
  },
  {
    // Only reached when leaving the unknown properties out did not help (e.g. `email` itself is
    // missing): tenant configuration, which would fail every event.
    code: 'HUBSPOT_PROPERTY_DOESNT_EXIST',
    when: { status: 400, test: hasPropertyError('PROPERTY_DOESNT_EXIST') },
    outcome: 'failure',
    reason: 'a contact property the upsert needs does not exist in HubSpot: run provision',
  },
  {
    code: 'HUBSPOT_INVALID_PROPERTY_VALUE',
    when: {
      status: 400,
      body: { category: 'VALIDATION_ERROR', message: /^Property values were not valid/ },
    },
    outcome: 'invalid_data',
    reason: 'HubSpot rejected a property value of this contact',
  },
  {
    // Reached only when the conflict could not be resolved by updating the existing contact.
    code: 'HUBSPOT_CONFLICT',
    when: { status: 409 },
    outcome: 'invalid_data',
    reason: 'HubSpot reported an identity conflict for this contact',
  },
  ...ACCOUNT_RULES,
]

/** Custom behavioural events (`/events/v3/send`). */
export const HUBSPOT_EVENT_RULES: readonly ClassifyRule[] = [
  {
    // Values are cut to HubSpot's limits in plan() and only configured properties are sent, so a
    // 400 means the event or one of its properties is not defined in HubSpot: configuration.
    code: 'HUBSPOT_EVENT_REJECTED',
    when: { status: 400 },
    outcome: 'failure',
    reason: 'HubSpot rejected the custom event: check its definition and the configured properties',
  },
  ...ACCOUNT_RULES,
]
