/** A tiny connector used only by core's own tests: one POST per event, via core's HTTP client. */
import { z } from 'zod'
import {
  type ClassifyRule,
  defineConnector,
  deliverPlan,
  invalidPlan,
  sendPlan,
  skipPlan,
} from '../src/index'

export const EXAMPLE_RULES: readonly ClassifyRule[] = [
  {
    code: 'EXAMPLE_OPTED_OUT',
    when: { status: 409, body: { 'errors.code': 'opted_out' } },
    outcome: 'unsubscribed',
    reason: 'the customer opted out',
  },
]

export default defineConnector({
  id: 'example',
  options: z.object({
    apiKey: z.string().min(1).describe('API key'),
    baseUrl: z.url().default('https://api.example.invalid').describe('API base URL'),
    timeoutMs: z.number().int().positive().default(5000).describe('Per-call timeout'),
    skip: z.array(z.string()).default([]).describe('Event names to skip'),
  }),
  create(options, env) {
    const http = env.createHttpClient({
      baseUrl: options.baseUrl,
      headers: { authorization: `Bearer ${options.apiKey}` },
      timeoutMs: options.timeoutMs,
    })
    return {
      plan(event) {
        if (options.skip.includes(event.name)) return skipPlan('EVENT_FILTERED', 'event filtered')
        const email = event.customer.email
        if (!email) return invalidPlan('NO_IDENTITY', 'no email')
        return sendPlan({
          operation: 'track',
          method: 'POST',
          path: '/events',
          body: { id: event.bhid, name: event.name, email, at: event.time },
        })
      },
      deliver: (requests, ctx) =>
        deliverPlan(requests, {
          http,
          rules: EXAMPLE_RULES,
          signal: ctx.signal,
          logger: ctx.logger,
          metrics: env.metrics,
        }),
      close: () => http.close(),
    }
  },
})
