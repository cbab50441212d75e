import { defineConnector } from '@bubblehouse-hooks/core'
import { checkAttentive } from './check'
import { deliverAttentive } from './deliver'
import { createAttentiveHttp } from './http'
import { AttentiveOptions } from './options'
import { planAttentive } from './plan'

export { externalEventIdOf } from './event-id'
export {
  AttentiveOptions,
  type AttentiveOptionsInput,
  type AttentiveOptionsOutput,
} from './options'
export { planAttentive } from './plan'
export { ATTENTIVE_RULES } from './rules'
export { ATTENTIVE_BASE_URL } from './version'

/**
 * The Attentive connector: each Bubblehouse event becomes exactly one Attentive call through
 * core's keep-alive HTTP client: `POST /events/custom` with `externalEventId` from the bhid, or
 * `POST /attributes/custom` for `customer_only` events.
 */
export default defineConnector({
  id: 'attentive',
  description: 'Forwards Bubblehouse loyalty events to Attentive as custom events and attributes.',
  options: AttentiveOptions,
  create(options, env) {
    const http = createAttentiveHttp(env, options)
    return {
      plan: (event) => planAttentive(event, options),
      deliver: (requests, ctx) =>
        deliverAttentive(requests, ctx, { http, metrics: env.metrics, now: () => env.now() }),
      check: (ctx) => checkAttentive(http, ctx),
      close: () => http.close(),
    }
  },
})
