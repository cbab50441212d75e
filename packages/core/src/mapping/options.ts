/**
 * Option schemas every connector shares, so each connector's config reads the same way and the
 * docs describe them once.
 * @module
 */
import { z } from 'zod'

/** Per-call timeout: below the 25 s hook deadline, so a slow vendor yields `failure` in time. */
export const timeoutMsOption = z
  .number()
  .int()
  .min(100)
  .max(25_000)
  .default(10_000)
  .describe('Timeout of one vendor call in milliseconds (the whole hook answers within 25 s).')

/** Which Bubblehouse event names a connector forwards. */
export const EventFilterSchema = z
  .object({
    allow: z
      .array(z.string())
      .optional()
      .describe('Only these event names are forwarded (default: all).'),
    deny: z.array(z.string()).default([]).describe('These event names are never forwarded.'),
  })
  .default({ deny: [] })
  .describe(
    'Event allow / deny list by Bubblehouse event name; filtered events answer skipped. customer_only events (profile updates) always pass.',
  )

/** A parsed {@link EventFilterSchema}. */
export type EventFilter = z.output<typeof EventFilterSchema>

/** Rename (string) or drop (`null`) keys; keys not listed keep their name. */
export const KeyMappingSchema = z
  .record(z.string(), z.string().min(1).nullable())
  .default({})
  .describe('Per key: a new name, or null to drop it. Keys not listed keep their name.')

/** A parsed {@link KeyMappingSchema}. */
export type KeyMapping = z.output<typeof KeyMappingSchema>

/** Bubblehouse event name → vendor event name. */
export const EventNameMappingSchema = z
  .record(z.string(), z.string().min(1))
  .default({})
  .describe('Bubblehouse event name → vendor event name. Names not listed are sent as they are.')

/** Which event property maps become vendor event properties. */
export const EventPropsSourcesSchema = z
  .array(z.enum(['segment_props', 'extra_props']))
  .default(['segment_props', 'extra_props'])
  .describe('Which of segment_props / extra_props become event properties (both by default).')
