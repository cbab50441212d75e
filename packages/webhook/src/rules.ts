/**
 * What a receiver's answer means, as data: first match wins, then core's defaults. The statuses
 * follow issue 22 and the Standard Webhooks spec ("Delivery success and failure",
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md);
 * a 2xx body `{"outcome": …}` naming one of the five SendEvent1 outcomes chooses the outcome.
 * @module
 */
import {
  type ClassifyRule,
  OUTCOMES,
  type Outcome,
  SendEvent1OutputSchema,
  type VendorResponse,
} from '@bubblehouse-hooks/core'

const SUCCESS = { min: 200, max: 299 } as const

/**
 * The outcome a receiver chose in a 2xx body: `{"outcome": "skipped"}` and the like, validated
 * as a SendEvent1 answer (other keys are ignored). Anything else is no choice.
 */
export function receiverOutcome(body: unknown): Outcome | undefined {
  const parsed = SendEvent1OutputSchema.safeParse(body)
  return parsed.success ? parsed.data.outcome : undefined
}

/** One row per outcome a receiver may choose. */
const chosen = (outcome: Outcome): ClassifyRule => ({
  code: `WEBHOOK_RECEIVER_${outcome.toUpperCase()}`,
  when: { status: SUCCESS, test: (response) => receiverOutcome(response.body) === outcome },
  outcome,
  reason: `the receiver answered {"outcome":"${outcome}"}`,
  ...(outcome === 'failure' ? { retryAfter: true } : {}),
})

/**
 * The errors of the Standard Webhooks libraries (JavaScript `libraries/javascript/src/index.ts`,
 * Python `libraries/python/standardwebhooks/webhooks.py`, and Svix's `svix/svix-webhooks`
 * `javascript/src/webhook.ts`, which also verifies `webhook-*` headers, word for word): a
 * receiver that sends its verification error back says the signature, the secret or this host's
 * clock is wrong, which is true of every event whatever status it picked.
 */
export const VERIFICATION_ERRORS: readonly string[] = [
  'No matching signature found',
  'Missing required headers',
  'Invalid Signature Headers',
  'Message timestamp too old',
  'Message timestamp too new',
]

const bodyText = (body: unknown): string =>
  typeof body === 'string' ? body : (JSON.stringify(body) ?? '')

/** True when a receiver's body holds a Standard Webhooks verification error. */
export function isVerificationError(response: VendorResponse): boolean {
  const text = bodyText(response.body)
  return VERIFICATION_ERRORS.some((message) => text.includes(message))
}

/**
 * The receiver's answers, first match wins. What no row matches falls to core's defaults: any
 * other 2xx `sent` (`HTTP_2XX`), 405 and 407 `failure`, 413 and any other 4xx `invalid_data`.
 */
export const WEBHOOK_RULES: readonly ClassifyRule[] = [
  ...OUTCOMES.map(chosen),
  {
    code: 'WEBHOOK_SIGNATURE_REJECTED',
    when: { status: { min: 400, max: 499 }, test: isVerificationError },
    outcome: 'failure',
    reason: 'the receiver could not verify the signature: check secret on both sides and the clock',
  },
  {
    code: 'WEBHOOK_GONE',
    when: { status: 410 },
    outcome: 'skipped',
    reason: 'the receiver answered 410 Gone: it wants no more of these events',
  },
  {
    code: 'WEBHOOK_REJECTED',
    when: { status: [400, 422] },
    outcome: 'invalid_data',
    reason: 'the receiver rejected this event',
  },
  {
    code: 'WEBHOOK_UNAUTHORIZED',
    when: { status: [401, 403] },
    outcome: 'failure',
    reason: 'the receiver refused the request: check secret and headers',
  },
  {
    code: 'WEBHOOK_NOT_FOUND',
    when: { status: 404 },
    outcome: 'failure',
    reason: 'the receiver has no such URL: check url',
  },
  {
    code: 'WEBHOOK_TIMEOUT',
    when: { status: 408 },
    outcome: 'failure',
    reason: 'the receiver timed out',
    retryAfter: true,
  },
  {
    code: 'WEBHOOK_RATE_LIMITED',
    when: { status: 429 },
    outcome: 'failure',
    reason: 'rate limited by the receiver',
    retryAfter: true,
  },
  {
    code: 'WEBHOOK_SERVER_ERROR',
    when: { status: { min: 500, max: 599 } },
    outcome: 'failure',
    reason: 'receiver server error',
    retryAfter: true,
  },
  {
    code: 'WEBHOOK_REDIRECT',
    when: { status: { min: 300, max: 399 } },
    outcome: 'failure',
    reason: 'the receiver redirected, and redirects are not followed: set url to the final address',
  },
]
