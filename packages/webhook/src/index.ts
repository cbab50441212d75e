/**
 * @bubblehouse-hooks/webhook: POSTs each Bubblehouse SendEvent1 event as JSON to any URL, signed
 * per Standard Webhooks (`webhook-id` = bhid, `webhook-timestamp`, `webhook-signature`), for
 * Zapier, Make, n8n or an in-house service.
 * @module
 */
import { defineConnector, deliverPlan } from '@bubblehouse-hooks/core'
import { checkWebhook } from './check'
import { WebhookOptions } from './options'
import { planWebhook } from './plan'
import { WEBHOOK_RULES } from './rules'
import { createSigner } from './sign'
import { splitUrl } from './url'

export { checkWebhook } from './check'
export { RESERVED_HEADERS } from './headers'
export { WebhookOptions, type WebhookOptionsInput, type WebhookOptionsOutput } from './options'
export { POST_EVENT, planWebhook } from './plan'
export { receiverOutcome, VERIFICATION_ERRORS, WEBHOOK_RULES } from './rules'
export { MAX_SECRET_BYTES, MIN_SECRET_BYTES, SECRET_PREFIX } from './secret'
export { createSigner, type Signer } from './sign'
export { STANDARD_WEBHOOKS_VERSION } from './version'
export { webhookId } from './webhook-id'

/** The webhook connector: `connectors.webhook` in the host config. */
export default defineConnector({
  id: 'webhook',
  description:
    'Signed generic webhook: POSTs each SendEvent1 event as JSON to any URL, signed per Standard Webhooks.',
  options: WebhookOptions,
  create(options, env) {
    // The client holds the origin and the extra headers; plans hold the path and the body.
    const http = env.createHttpClient({
      baseUrl: splitUrl(options.url).origin,
      headers: options.headers,
      timeoutMs: options.timeoutMs,
    })
    const sign = createSigner(options.secret, () => env.now())
    return {
      plan: (event) => planWebhook(event, options),
      deliver: (requests, ctx) =>
        deliverPlan(requests, {
          http,
          rules: WEBHOOK_RULES,
          prepare: (request) => sign(request, ctx.bhid),
          signal: ctx.signal,
          logger: ctx.logger,
          metrics: env.metrics,
          now: () => env.now(),
          // No errorCode: a receiver's body is free text that may echo the customer's data.
        }),
      check: async () => checkWebhook(options),
      close: () => http.close(),
    }
  },
})
