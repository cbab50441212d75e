/**
 * The Segment connector's options. Every option has `.describe()` text: it feeds the README
 * table, the generated docs and the config JSON Schema.
 * @module
 */
import {
  EventFilterSchema,
  EventNameMappingSchema,
  EventPropsSourcesSchema,
  KeyMappingSchema,
  timeoutMsOption,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { SEGMENT_REGIONS } from './regions'

/** The customer fields that can become identify traits. */
export const CUSTOMER_FIELDS = [
  'email',
  'first_name',
  'last_name',
  'full_name',
  'shopid',
  'bhid',
] as const

/** A customer field of a SendEvent1 event. */
export type CustomerField = (typeof CUSTOMER_FIELDS)[number]

const traitName = (field: CustomerField, fallback: string | null) =>
  z
    .string()
    .min(1)
    .nullable()
    .default(fallback)
    .describe(
      `Trait name for customer.${field}, or null to leave it out (default ${fallback === null ? 'null' : `"${fallback}"`}).`,
    )

/**
 * Customer field → Segment trait name (or `null` to leave it out). The defaults are the Segment
 * spec's reserved traits: https://segment.com/docs/connections/spec/identify/#traits
 */
export const CustomerTraitsSchema = z
  .strictObject({
    email: traitName('email', 'email'),
    first_name: traitName('first_name', 'firstName'),
    last_name: traitName('last_name', 'lastName'),
    full_name: traitName('full_name', 'name'),
    shopid: traitName('shopid', null),
    bhid: traitName('bhid', null),
  })
  .prefault({})
  .describe(
    'Customer field → identify trait name, or null to leave it out. Defaults: email → email, first_name → firstName, last_name → lastName, full_name → name (Segment reserved traits); shopid and bhid are left out.',
  )

// Printable ASCII without space or colon: the key is the Basic auth user name (`writeKey:`), so a
// colon would shift it into the password and whitespace is always a copy-paste accident.
const WRITE_KEY = /^[\x21-\x39\x3b-\x7e]+$/

/** Options of the Segment connector (the `connectors.segment` block of the host config). */
export const SegmentOptionsSchema = z
  .strictObject({
    writeKey: z
      .string()
      .regex(WRITE_KEY, 'must be the source write key: printable characters, no spaces or colons')
      .describe(
        'Write key of the Segment source (an HTTP API or Node.js source). Sent as HTTP Basic auth `writeKey:`; never logged.',
      ),
    region: z
      .enum(SEGMENT_REGIONS)
      .optional()
      .describe(
        'Region of the Segment workspace: "us" (https://api.segment.io/v1) or "eu" (https://events.eu1.segmentapis.com/v1). Unset means "us". An EU workspace MUST set "eu": on the US host Segment answers 200 and the events are lost.',
      ),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'Overrides the region host (proxies, tests), API version included, e.g. https://proxy.example.com/v1. The connector posts to {baseUrl}/batch.',
      ),
    timeoutMs: timeoutMsOption,
    userIdSource: z
      .enum(['bhid', 'shopid'])
      .default('bhid')
      .describe(
        'Customer field used as the Segment userId: "bhid" (the stable Bubblehouse customer id) or "shopid" (when the workspace already keys users by the shop customer id).',
      ),
    anonymousIdSource: z
      .enum(['bhid', 'shopid'])
      .optional()
      .describe(
        'Customer field used as the Segment anonymousId when the userId field is missing. Unset: an event without a userId answers invalid_data with no call.',
      ),
    customerTraits: CustomerTraitsSchema,
    traitMapping: KeyMappingSchema.describe(
      'customer_props key → trait name, or null to drop it. Keys not listed keep their BH_ name.',
    ),
    eventNames: EventNameMappingSchema.describe(
      'Bubblehouse event name → Segment track event name. Names not listed are sent as they are.',
    ),
    propsSources: EventPropsSourcesSchema.describe(
      'Which of segment_props / extra_props become track properties (both by default; extra_props win on a clash).',
    ),
    propertyMapping: KeyMappingSchema.describe(
      'Track property key → new name, or null to drop it (e.g. BH_Sender_Email: null). Keys not listed keep their name.',
    ),
    events: EventFilterSchema,
    oversize: z
      .enum(['invalid_data', 'drop_props'])
      .default('invalid_data')
      .describe(
        'A message over 32 KB (or a batch over 500 KB): "invalid_data" answers invalid_data with no call; "drop_props" drops optional properties (extra_props first, then segment_props, then customer_props traits; the largest first) until it fits, and lists them in context.bubblehouse.droppedKeys.',
      ),
  })
  .describe('Segment: one POST /v1/batch per event with an identify and a track.')

/** Options as written in the config. */
export type SegmentOptionsInput = z.input<typeof SegmentOptionsSchema>

/** Options after parsing, defaults applied. */
export type SegmentOptions = z.output<typeof SegmentOptionsSchema>
