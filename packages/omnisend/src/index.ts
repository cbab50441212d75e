import { defineConnector } from '@bubblehouse-hooks/core'
import { checkOmnisend } from './check'
import { deliverOmnisend } from './deliver'
import { createOmnisendHttp } from './http'
import { OmnisendOptions } from './options'
import { planOmnisend } from './plan'

export { eventIdOf } from './event-id'
export {
  OmnisendOptions,
  type OmnisendOptionsInput,
  type OmnisendOptionsOutput,
} from './options'
export { planOmnisend } from './plan'
export { OMNISEND_RULES } from './rules'
export { OMNISEND_API_VERSION, OMNISEND_BASE_URL } from './version'

/**
 * The Omnisend connector: each Bubblehouse event becomes exactly one Omnisend call through core's
 * keep-alive HTTP client: `POST /events` with the contact inline and `eventID` from the bhid, or
 * `POST /contacts` (create or update) for `customer_only` events.
 */
export default defineConnector({
  id: 'omnisend',
  description:
    'Forwards Bubblehouse loyalty events to Omnisend as custom events and contact updates.',
  options: OmnisendOptions,
  create(options, env) {
    const http = createOmnisendHttp(env, options)
    return {
      plan: (event) => planOmnisend(event, options),
      deliver: (requests, ctx) =>
        deliverOmnisend(requests, ctx, { http, metrics: env.metrics, now: () => env.now() }),
      check: (ctx) => checkOmnisend(http, ctx),
      close: () => http.close(),
    }
  },
})
