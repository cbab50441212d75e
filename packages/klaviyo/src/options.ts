import {
  EventFilterSchema,
  EventNameMappingSchema,
  EventPropsSourcesSchema,
  KeyMappingSchema,
  timeoutMsOption,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { KLAVIYO_BASE_URL } from './version'

/** How the Klaviyo profile is identified, besides the email address. */
const IdentitySchema = z
  .object({
    externalId: z
      .enum(['shopid', 'bhid', 'none'])
      .default('shopid')
      .describe(
        "Which customer field becomes the profile external_id: the shop's customer ID (shopid), the Bubblehouse customer ID (bhid), or none.",
      ),
    phoneProp: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A customer_props key holding an E.164 phone number to send as the profile phone_number (default: no phone). Values that are not E.164 are left out, counted and logged.',
      ),
  })
  .default({ externalId: 'shopid' })
  .describe('Profile identity: email is always sent; an event needs an email or an external_id.')

/** The `klaviyo:` block of the host config. Every option is described: the docs are generated from it. */
export const KlaviyoOptions = z.object({
  apiKey: z
    .string()
    .min(1)
    .describe(
      'Klaviyo private API key (pk_…) with the events:write and profiles:write scopes (accounts:read for check); reference an environment variable.',
    ),
  baseUrl: z
    .url()
    .default(KLAVIYO_BASE_URL)
    .describe('API base URL (proxies, tests). Klaviyo has one host for every region.'),
  timeoutMs: timeoutMsOption,
  events: EventFilterSchema,
  metricPrefix: z
    .string()
    .default('')
    .describe('Prepended to every metric name, e.g. "Loyalty: " (default: none).'),
  eventNames: EventNameMappingSchema.describe(
    'Bubblehouse event name → Klaviyo metric name. Names not listed are used as they are.',
  ),
  eventProps: EventPropsSourcesSchema,
  valueProp: z
    .string()
    .min(1)
    .optional()
    .describe(
      "An event property (segment_props or extra_props) whose numeric value becomes the event value. Klaviyo's value is monetary (it counts as revenue), so name a money amount in the account's currency, never points (default: no value).",
    ),
  identity: IdentitySchema,
  profileProps: KeyMappingSchema.describe(
    'customer_props → profile properties: per key a new name, or null to drop it. Keys not listed keep their BH_ name.',
  ),
  customerOnly: z
    .enum(['import', 'skip'])
    .default('import')
    .describe(
      'customer_only events: import the profile (POST /api/profile-import) or answer skipped.',
    ),
})

/** Parsed options. */
export type KlaviyoOptionsOutput = z.output<typeof KlaviyoOptions>

/** Options as written in the config file (defaults not yet applied). */
export type KlaviyoOptionsInput = z.input<typeof KlaviyoOptions>
