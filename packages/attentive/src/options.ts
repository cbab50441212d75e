import {
  EventFilterSchema,
  EventPropsSourcesSchema,
  timeoutMsOption,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { EVENT_TYPE_FORBIDDEN, MAX_ATTRIBUTE_NAME } from './limits'
import { ATTENTIVE_BASE_URL } from './version'

/** An event type Attentive takes (no `" ' ( ) { } [ ] \ | ,`). */
const eventType = z
  .string()
  .min(1)
  .refine((name) => !EVENT_TYPE_FORBIDDEN.test(name), {
    message: 'an Attentive event type cannot contain " \' ( ) { } [ ] \\ | or ,',
  })

/** A custom attribute name (at most 200 characters). */
const attributeName = z.string().min(1).max(MAX_ATTRIBUTE_NAME)

/** The `attentive:` block of the host config. Every option is described: the docs are generated from it. */
export const AttentiveOptions = z.object({
  apiKey: z
    .string()
    .min(1)
    .describe(
      'Attentive API key of a custom app with the events:write and attributes:write scopes; sent as "Authorization: Bearer …". Reference an environment variable.',
    ),
  baseUrl: z
    .url()
    .default(ATTENTIVE_BASE_URL)
    .describe(
      'API base URL, /v1 included (proxies, tests). The connector posts to {baseUrl}/events/custom and {baseUrl}/attributes/custom.',
    ),
  timeoutMs: timeoutMsOption,
  events: EventFilterSchema,
  eventNames: z
    .record(z.string(), eventType)
    .default({})
    .describe(
      'Bubblehouse event name → Attentive custom event type (case sensitive, without the quotes, brackets, parentheses, commas, backslashes and vertical bars a type cannot hold). Names not listed are sent as they are, those characters taken out.',
    ),
  eventProps: EventPropsSourcesSchema,
  phoneProp: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A customer_props key holding an E.164 phone number, sent as the user phone (default: no phone). Attentive finds the user by phone and/or email.',
    ),
  attributeProps: z
    .record(z.string(), attributeName.nullable())
    .default({})
    .describe(
      'customer_props key → Attentive custom attribute name, or null to leave it out. Keys not listed keep their name (e.g. BH_Points_Balance).',
    ),
  customerOnly: z
    .enum(['attributes', 'skip'])
    .default('attributes')
    .describe(
      'customer_only events: set the loyalty properties as custom attributes (POST /attributes/custom), or answer skipped.',
    ),
})

/** Parsed options. */
export type AttentiveOptionsOutput = z.output<typeof AttentiveOptions>

/** Options as written in the config file (defaults not yet applied). */
export type AttentiveOptionsInput = z.input<typeof AttentiveOptions>
