import { defineConnector, deliverPlan } from '@bubblehouse-hooks/core'
import { __CONST__Options } from './options'
import { plan__CONST__ } from './plan'
import { __CONST___RULES } from './rules'

export { __CONST__Options } from './options'
export { __CONST___RULES } from './rules'

/** The __TITLE__ connector. */
export default defineConnector({
  id: '__ID__',
  description: 'Forwards Bubblehouse loyalty events to __TITLE__.',
  options: __CONST__Options,
  create(options, env) {
    const http = env.createHttpClient({
      baseUrl: options.baseUrl,
      headers: { authorization: `Bearer ${options.apiKey}` },
      timeoutMs: options.timeoutMs,
    })
    return {
      plan: (event) => plan__CONST__(event, options),
      deliver: (requests, ctx) =>
        deliverPlan(requests, {
          http,
          rules: __CONST___RULES,
          signal: ctx.signal,
          logger: ctx.logger,
          metrics: env.metrics,
        }),
      close: () => http.close(),
    }
  },
})
