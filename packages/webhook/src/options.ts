/**
 * The webhook connector's options. Every option has `.describe()` text: it feeds the README
 * table, the generated docs and the config JSON Schema.
 * @module
 */
import { EventFilterSchema, timeoutMsOption } from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { HeadersSchema } from './headers'
import { SecretSchema } from './secret'
import { UrlSchema } from './url'

/** The `webhook:` block of the host config. */
export const WebhookOptions = z
  .strictObject({
    url: UrlSchema,
    secret: SecretSchema,
    headers: HeadersSchema,
    timeoutMs: timeoutMsOption,
    events: EventFilterSchema,
  })
  .describe(
    'Signed generic webhook: POSTs each SendEvent1 event as JSON to url, signed per Standard Webhooks.',
  )

/** Options as written in the config. */
export type WebhookOptionsInput = z.input<typeof WebhookOptions>

/** Parsed options. */
export type WebhookOptionsOutput = z.output<typeof WebhookOptions>
