/**
 * HubSpot's classification rows, in front of core's DEFAULT_RULES. Blast radius: credentials,
 * scopes, rate limits and configuration the merchant must fix hold the queue (`failure`); an
 * answer about this contact or this event drops the event (`invalid_data`). An answer about one
 * property never gets here first: deliver resends without the properties HubSpot named, and only
 * what is left after its repairs is classified. HubSpot never reports an opt-out on CRM writes, so
 * no row answers `unsubscribed`. Errors: https://developers.hubspot.com/docs/api-reference/error-handling
 * @module
 */
import type { ClassifyRule } from '@bubblehouse-hooks/core'
import { ID_PROPERTY } from './translate/contact'
import { contextFields, propertyErrors } from './vendor-errors'

/** A rule predicate: the body names a property error with `code` on property `name` (any when omitted). */
const propertyError =
  (code: string, name?: string) =>
  ({ body }: { body: unknown }): boolean =>
    propertyErrors(body).some((e) => e.error === code && (name === undefined || e.name === name))

/** A rule predicate: the body's `context` points at this field. */
const pointsAt =
  (field: string) =>
  ({ body }: { body: unknown }): boolean =>
    contextFields(body).includes(field)

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
    // Reached only if the local check let the address through (HubSpot also wants a known TLD).
    code: 'HUBSPOT_INVALID_EMAIL',
    when: { status: 400, test: propertyError('INVALID_EMAIL') },
    outcome: 'invalid_data',
    reason: 'HubSpot rejected the email address',
  },
  {
    // The property contacts are matched on is missing: tenant configuration, every event fails.
    code: 'HUBSPOT_PROPERTY_DOESNT_EXIST',
    when: { status: 400, test: propertyError('PROPERTY_DOESNT_EXIST', ID_PROPERTY) },
    outcome: 'failure',
    reason: 'the contact property the upsert matches on does not exist in HubSpot',
  },
  {
    // Only what the resends without the named properties left (their budget spent, or an error
    // that names no property we sent): about this contact's values.
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

/** The PATCH of the contact a 409 named: a 404 there is that contact, gone since (merged or deleted). */
export const HUBSPOT_CONTACT_UPDATE_RULES: readonly ClassifyRule[] = [
  {
    code: 'HUBSPOT_CONTACT_GONE',
    when: { status: 404 },
    outcome: 'invalid_data',
    reason: 'the existing contact HubSpot named in its 409 no longer exists',
  },
  ...HUBSPOT_RULES,
]

/**
 * Custom behavioural events (`/events/v3/send`). A property HubSpot names is left out and the
 * event resent (deliver); what remains is classified here. Any other 4xx about this event is
 * core's `HTTP_4XX` (`invalid_data`, counted and warned).
 */
export const HUBSPOT_EVENT_RULES: readonly ClassifyRule[] = [
  {
    // An event name HubSpot does not know is configuration: every event of this name would fail.
    code: 'HUBSPOT_EVENT_NOT_DEFINED',
    when: { status: 400, test: pointsAt('eventName') },
    outcome: 'failure',
    reason:
      'HubSpot rejected the custom event name: define the event in HubSpot or fix customEvents',
  },
  {
    code: 'HUBSPOT_EVENT_INVALID_EMAIL',
    when: { status: 400, test: pointsAt('email') },
    outcome: 'invalid_data',
    reason: 'HubSpot rejected the email of this event',
  },
  {
    // Left after the resends without the named properties: about this event's values.
    code: 'HUBSPOT_EVENT_INVALID_PROPERTY',
    when: { status: 400, test: ({ body }) => contextFields(body).length > 0 },
    outcome: 'invalid_data',
    reason: 'HubSpot rejected a property value of this custom event',
  },
  ...ACCOUNT_RULES,
]
