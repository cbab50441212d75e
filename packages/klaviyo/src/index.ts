import { defineConnector } from '@bubblehouse-hooks/core'
import { checkKlaviyo } from './check'
import { deliverKlaviyo } from './deliver'
import { createKlaviyoHttp } from './http'
import { KlaviyoOptions } from './options'
import { planKlaviyo } from './plan'
import { KLAVIYO_RULES } from './rules'

export { KlaviyoOptions, type KlaviyoOptionsInput, type KlaviyoOptionsOutput } from './options'
export { planKlaviyo } from './plan'
export { KLAVIYO_RULES } from './rules'
export { KLAVIYO_BASE_URL, KLAVIYO_REVISION } from './version'

/**
 * The Klaviyo connector: each Bubblehouse event becomes exactly one Klaviyo call through core's
 * keep-alive HTTP client: `POST /api/events` with the profile inline and `unique_id` = bhid, or
 * `POST /api/profile-import` for `customer_only` events.
 */
export default defineConnector({
  id: 'klaviyo',
  description: 'Forwards Bubblehouse loyalty events to Klaviyo as events and profile updates.',
  options: KlaviyoOptions,
  create(options, env) {
    const http = createKlaviyoHttp(env, options)
    return {
      plan: (event) => planKlaviyo(event, options),
      deliver: (requests, ctx) =>
        deliverKlaviyo(requests, ctx, {
          http,
          rules: KLAVIYO_RULES,
          metrics: env.metrics,
          now: () => env.now(),
        }),
      check: (ctx) => checkKlaviyo(http, KLAVIYO_RULES, ctx),
      close: () => http.close(),
    }
  },
})
