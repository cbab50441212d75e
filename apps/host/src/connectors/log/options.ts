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
      'Write emails and names as received. Off by default: the email becomes emailHash and names, name- or email-like properties and email-like values become "[redacted]".',
    ),
  events: EventFilterSchema,
})

/** Parsed {@link LogOptions}. */
export type LogOptions = z.output<typeof LogOptions>
