/**
 * The `prepare` hook of core's delivery loop: stamp each request with `webhook-timestamp` (this
 * attempt's time, as the spec wants: a timestamp reused from an earlier attempt fails the
 * receiver's 5-minute check) and `webhook-signature`, made by the `standardwebhooks` reference
 * library over `id.timestamp.body`, where body is the exact string the client sends.
 * @module
 */
import type { PlannedRequest } from '@bubblehouse-hooks/core'
import { Webhook } from 'standardwebhooks'
import { webhookId } from './webhook-id'

/** Signs a planned request; `bhid` names it when the plan gave no `webhook-id`. */
export type Signer = (request: PlannedRequest, bhid: string) => PlannedRequest

/**
 * A signer for `secret` (`whsec_…`, already validated by the options) reading `now` per request.
 * @example
 * const sign = createSigner(options.secret, () => env.now())
 * deliverPlan(requests, { http, prepare: (request) => sign(request, ctx.bhid), … })
 */
export function createSigner(secret: string, now: () => number): Signer {
  const webhook = new Webhook(secret)
  return (request, bhid) => {
    // The plan's body is already the JSON text; a body that is not (a hand-built request) is
    // serialised once here and that same string is both signed and sent.
    const body =
      typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null)
    const id = request.headers?.['webhook-id'] ?? webhookId(bhid)
    const seconds = Math.floor(now() / 1000)
    return {
      ...request,
      body,
      headers: {
        ...request.headers,
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(seconds),
        'webhook-signature': webhook.sign(id, new Date(seconds * 1000), body),
      },
    }
  }
}
