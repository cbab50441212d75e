/**
 * Test kit for this package: the vendor fixtures (verbatim from docs/vendors.md §3.3 unless marked),
 * a HubSpot property list, a fake HubSpot per test file and a harness pointed at it. Recording
 * loggers and metrics come from `@bubblehouse-hooks/core/testing`.
 * Error format: https://developers.hubspot.com/docs/api-reference/error-handling
 * Not from vendors.md:
 * - 400-invalid-date: HubSpot's "… UTC, not midnight!" `INVALID_DATE` item, as integrations
 *   quote it (the date-property rule: https://developers.hubspot.com/docs/api/faq);
 * - 400-invalid-values: two items in the same embedded format (`INVALID_FLOAT`, `INVALID_OPTION`);
 * - 400-event-name, 400-event-property-invalid: the error schema of HubSpot's API reference
 *   (`context` keyed by the field, `errors[].in: "body"`), its `eventName` example verbatim and
 *   the same shape keyed by an event property (no verbatim `/events/v3/send` value error is on
 *   record).
 */
import {
  createHarness,
  type FakeReply,
  type FakeVendor,
  type Harness,
  type HarnessOptions,
  type RecordedRequest,
  useFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import hubspot from '../index'
import type { HubspotOptionsInput } from '../options'
import batchValidationError from './207-batch-validation-error.json'
import eventName from './400-event-name.json'
import eventPropertyInvalid from './400-event-property-invalid.json'
import eventValidation from './400-event-validation.json'
import invalidDate from './400-invalid-date.json'
import invalidEmail from './400-invalid-email.json'
import invalidOption from './400-invalid-option.json'
import invalidValues from './400-invalid-values.json'
import propertyDoesntExist from './400-property-doesnt-exist.json'
import invalidAuthentication from './401-invalid-authentication.json'
import missingScopes from './403-missing-scopes.json'
import contactAlreadyExists from './409-contact-already-exists.json'
import tenSecondlyRolling from './429-ten-secondly-rolling.json'

/** Vendor bodies by fixture file name. */
export const FIXTURES = {
  '207-batch-validation-error': batchValidationError,
  '400-event-name': eventName,
  '400-event-property-invalid': eventPropertyInvalid,
  '400-event-validation': eventValidation,
  '400-invalid-date': invalidDate,
  '400-invalid-email': invalidEmail,
  '400-invalid-option': invalidOption,
  '400-invalid-values': invalidValues,
  '400-property-doesnt-exist': propertyDoesntExist,
  '401-invalid-authentication': invalidAuthentication,
  '403-missing-scopes': missingScopes,
  '409-contact-already-exists': contactAlreadyExists,
  '429-ten-secondly-rolling': tenSecondlyRolling,
} as const

/** The properties a provisioned portal has (a few HubSpot defaults plus ours). */
export const DEFAULT_PROPERTY_NAMES = [
  'email',
  'firstname',
  'lastname',
  'bubblehouse_points_balance',
  'bubblehouse_tier',
  'bubblehouse_last_event',
  'bubblehouse_last_event_at',
] as const

/** Every property the default options write or provision creates. */
export const ALL_PROPERTY_NAMES = [
  ...DEFAULT_PROPERTY_NAMES,
  'bubblehouse_points_next_expiration_amount',
  'bubblehouse_points_next_expiration_date',
  'bubblehouse_magic_link',
] as const

/** The types `provision` gives our properties (README "What provision creates"); others are strings. */
export const PROVISIONED_TYPES: Readonly<Record<string, string>> = {
  bubblehouse_points_balance: 'number',
  bubblehouse_points_next_expiration_amount: 'number',
  bubblehouse_points_next_expiration_date: 'date',
  bubblehouse_last_event_at: 'datetime',
}

const FIELD_TYPES: Readonly<Record<string, string>> = {
  number: 'number',
  date: 'date',
  datetime: 'date',
  bool: 'booleancheckbox',
}

/**
 * A `GET /crm/v3/properties/contacts` answer listing `names`, typed as provision types them
 * unless `types` says otherwise (https://developers.hubspot.com/docs/api/crm/properties).
 */
export function propertyList(
  names: readonly string[] = DEFAULT_PROPERTY_NAMES,
  types: Readonly<Record<string, string>> = {},
) {
  const typeOf = (name: string) => types[name] ?? PROVISIONED_TYPES[name] ?? 'string'
  return {
    results: names.map((name) => ({
      name,
      label: name,
      type: typeOf(name),
      fieldType: FIELD_TYPES[typeOf(name)] ?? 'text',
      groupName: name.startsWith('bubblehouse_') ? 'bubblehouse' : 'contactinformation',
      hidden: false,
      archived: false,
    })),
  }
}

/** A `batch/upsert` success (https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts). */
export const UPSERT_OK = {
  status: 'COMPLETE',
  results: [
    {
      id: '501',
      new: false,
      properties: {},
      createdAt: '2024-05-01T12:00:00.000Z',
      updatedAt: '2024-05-01T12:00:00.000Z',
      archived: false,
    },
  ],
  startedAt: '2024-05-01T12:00:00.000Z',
  completedAt: '2024-05-01T12:00:00.100Z',
}

/** How a healthy HubSpot answers each endpoint this connector calls. */
export function healthyHubspot(names: readonly string[] = DEFAULT_PROPERTY_NAMES) {
  return (request: RecordedRequest): FakeReply => {
    if (request.method === 'GET' && request.path === '/crm/v3/properties/contacts') {
      return { status: 200, body: propertyList(names) }
    }
    if (request.path === '/events/v3/send') return { status: 204 }
    return { status: 200, body: UPSERT_OK }
  }
}

/**
 * One fake HubSpot for the calling test file (core's `useFakeVendor`): started before its tests,
 * closed after them, and reset before each test (requests, queued replies and routes forgotten)
 * to answer as {@link healthyHubspot}. Returns a getter; use it inside tests only.
 */
export function useHubspotVendor(): () => FakeVendor {
  const vendor = useFakeVendor({ defaultReply: healthyHubspot() })
  return () => vendor
}

/** The connector under a harness, with the token `pat-na1-test`, calling HubSpot at `baseUrl`. */
export function hubspotHarness(
  baseUrl: string,
  options: Partial<HubspotOptionsInput> = {},
  harnessOptions?: HarnessOptions,
): Harness {
  return createHarness(
    hubspot,
    { accessToken: 'pat-na1-test', baseUrl, ...options },
    harnessOptions,
  )
}
