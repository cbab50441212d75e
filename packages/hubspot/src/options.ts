/**
 * The HubSpot connector's options. Every field is described: the texts feed the README table and
 * the host's config JSON Schema.
 * @module
 */
import { EventFilterSchema, timeoutMsOption } from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { PROPERTY_NAME } from './naming'
import { DEFAULT_BASE_URL } from './version'

const propertyName = z
  .string()
  .regex(
    PROPERTY_NAME,
    'a HubSpot internal name: lower case letters, digits and _, starting with a letter',
  )

/** Custom behavioural event property names: https://developers.hubspot.com/changelog/new-property-limits-for-the-custom-behavioural-events-api */
const eventPropertyName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,49}$/,
    'a custom event property name: at most 50 lower case letters, digits and _, starting with a letter',
  )

/** Event names: lower case letters, digits, `_` and `-` (https://developers.hubspot.com/docs/api/events/custom-events). */
const eventName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,99}$/,
    'lower case letters, digits, _ and -, e.g. points_earned or pe1234567_points_earned',
  )

/** The types `provision` can give a property. */
export const PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'bool'] as const

/** One custom behavioural event: its name, and which event values become its properties. */
const CustomEventSchema = z.union([
  eventName.describe('The event name alone (no properties are sent).'),
  z.object({
    name: eventName.describe(
      'The event name: fully qualified (pe{portalId}_points_earned) or the part after pe{portalId}_.',
    ),
    properties: z
      .record(z.string(), eventPropertyName)
      .default({})
      .refine((map) => Object.keys(map).length <= 50, 'at most 50 properties per event')
      .describe(
        'Bubblehouse key (the event flags new_user and referred_user, then extra_props, segment_props, customer_props) → the event property name defined in HubSpot. Only listed keys are sent; values are cut to 50 characters (200 for *_url and referrer properties).',
      ),
  }),
])

/** The options block of the `hubspot` connector. */
export const HubspotOptionsSchema = z.object({
  accessToken: z
    .string()
    .min(1)
    .describe(
      'HubSpot private app access token. Scopes: crm.objects.contacts.write, crm.schemas.contacts.read (property list), crm.schemas.contacts.write (provision), analytics.behavioral_events.send (custom events).',
    ),
  baseUrl: z
    .url()
    .default(DEFAULT_BASE_URL)
    .describe('HubSpot API base URL (another data centre, a proxy, or a test server).'),
  timeoutMs: timeoutMsOption,
  events: EventFilterSchema,
  properties: z
    .record(z.string(), propertyName.nullable())
    .default({})
    .describe(
      'customer_props key → HubSpot contact property internal name, or null to not send it. Keys not listed get bubblehouse_ + the key in lower snake case without its BH_ prefix (BH_Points_Balance → bubblehouse_points_balance).',
    ),
  fields: z
    .object({
      first_name: propertyName
        .nullable()
        .default('firstname')
        .describe('Property for customer.first_name (null: not written).'),
      last_name: propertyName
        .nullable()
        .default('lastname')
        .describe('Property for customer.last_name (null: not written).'),
      last_event: propertyName
        .nullable()
        .default('bubblehouse_last_event')
        .describe(
          'Property for the event name (null: not written; never written for customer_only events).',
        ),
      last_event_at: propertyName
        .nullable()
        .default('bubblehouse_last_event_at')
        .describe(
          'Property for the event time, ISO 8601 UTC (null: not written; never written for customer_only events).',
        ),
    })
    .prefault({})
    .describe('Customer and event fields written on the contact, besides customer_props.'),
  propertyTypes: z
    .record(propertyName, z.enum(PROPERTY_TYPES))
    .default({})
    .describe(
      'Type of a property provision creates. Defaults: points balance and expiring amount number, expiration date date, last event time datetime, anything else string.',
    ),
  propertyCacheTtlMs: z
    .number()
    .int()
    .min(1_000)
    .max(86_400_000)
    .default(600_000)
    .describe(
      'How long the list of existing contact properties is reused before it is read again; properties not in it are left out.',
    ),
  customEvents: z
    .object({
      portalId: z
        .union([z.string().regex(/^\d+$/, 'digits only'), z.number().int().positive()])
        .describe('HubSpot account (Hub) ID; event names are pe{portalId}_{name}.'),
      events: z
        .record(z.string(), CustomEventSchema)
        .describe(
          'Bubblehouse event name → custom behavioural event (defined beforehand in HubSpot). Events not listed send none.',
        ),
    })
    .optional()
    .describe(
      'Opt-in custom behavioural events (HubSpot Enterprise): one POST /events/v3/send after the contact upsert for the listed event names.',
    ),
})

/** Options as written in the config (defaults not yet applied). */
export type HubspotOptionsInput = z.input<typeof HubspotOptionsSchema>

/** Parsed options. */
export type HubspotOptions = z.output<typeof HubspotOptionsSchema>
