/** Options of the built-in `log` connector. @module */
import { EventFilterSchema } from '@bubblehouse-hooks/core'
import { z } from 'zod'

/** The `connectors.log` block. */
export const LogOptions = z.strictObject({
  to: z
    .string()
    .min(1)
    .default('stdout')
    .describe(
      'Where each event goes, one JSON line per event: stdout, stderr, or a file path (appended; relative to the working directory).',
    ),
  includePii: z
    .boolean()
    .default(false)
    .describe(
      'Write the event as received. Off by default: the email becomes emailHash (keyed by the hook secret); names, name-, email-, link-, token-, code- or coupon-like properties (BH_MagicLink, referral codes) and values holding an email or a URL become "[redacted]".',
    ),
  events: EventFilterSchema,
})

/** Parsed {@link LogOptions}. */
export type LogOptions = z.output<typeof LogOptions>
