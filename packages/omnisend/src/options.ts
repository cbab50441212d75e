import {
  EventFilterSchema,
  EventNameMappingSchema,
  EventPropsSourcesSchema,
  timeoutMsOption,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { CUSTOM_PROPERTY_NAME, MAX_CUSTOM_PROPERTY_NAME } from './limits'
import { OMNISEND_BASE_URL } from './version'

/** A contact custom property name Omnisend accepts: latin letters, digits and `_`, at most 128. */
const propertyName = z
  .string()
  .max(MAX_CUSTOM_PROPERTY_NAME)
  .regex(CUSTOM_PROPERTY_NAME, 'only latin letters, digits and "_"')

/** The `omnisend:` block of the host config. Every option is described: the docs are generated from it. */
export const OmnisendOptions = z.object({
  apiKey: z
    .string()
    .min(1)
    .describe(
      'Omnisend API key (Store settings → API keys) with access to events and contacts; sent as "Authorization: Omnisend-API-Key …". Reference an environment variable.',
    ),
  baseUrl: z
    .url()
    .default(OMNISEND_BASE_URL)
    .describe(
      'API base URL of the dated API, /api included (proxies, tests). The connector posts to {baseUrl}/events and {baseUrl}/contacts.',
    ),
  timeoutMs: timeoutMsOption,
  events: EventFilterSchema,
  eventNames: EventNameMappingSchema.describe(
    'Bubblehouse event name → Omnisend custom event name. Names not listed are sent as they are.',
  ),
  eventProps: EventPropsSourcesSchema,
  origin: z
    .string()
    .min(1)
    .default('api')
    .describe(
      'The origin Omnisend requires on every event: "api" for custom integrations; set another only if Omnisend assigned you an app origin.',
    ),
  phoneProp: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A customer_props key holding an E.164 phone number, sent as the contact phone (default: no phone). The contact is found by email, or by this phone when there is no usable email.',
    ),
  propertyPrefix: z
    .string()
    .max(32)
    .regex(/^[A-Za-z0-9_]*$/, 'only latin letters, digits and "_"')
    .default('bh_')
    .describe(
      'Prefix of the contact custom property names made from customer_props keys: BH_Points_Balance becomes bh_points_balance.',
    ),
  contactProps: z
    .record(z.string(), propertyName.nullable())
    .default({})
    .describe(
      'customer_props key → contact custom property name, or null to leave it out. Keys not listed become the prefix plus their snake_case name.',
    ),
  customerOnly: z
    .enum(['upsert', 'skip'])
    .default('upsert')
    .describe(
      'customer_only events: create or update the contact (POST /contacts) with the loyalty properties, or answer skipped.',
    ),
})

/** Parsed options. */
export type OmnisendOptionsOutput = z.output<typeof OmnisendOptions>

/** Options as written in the config file (defaults not yet applied). */
export type OmnisendOptionsInput = z.input<typeof OmnisendOptions>
