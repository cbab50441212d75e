/**
 * An authenticated request's body: read within the limit and time, parsed as UTF-8 JSON, checked
 * against the hook's schema. What is wrong with an event answers `200 invalid_data` (it is about
 * this event, so it must not hold the queue); what is wrong with a Hello1 answers 4xx.
 * @module
 */
import { Hello1InputSchema } from '../contract/hello1'
import { formatIssues } from '../contract/issues'
import { type SendEvent1, SendEvent1InputSchema } from '../contract/send-event1'
import { parseJson } from './parse-json'
import type { BodyReadFailure } from './read-body'
import type { HookName } from './route'
import type { HookInput } from './types'

/** An answer that ends the request, with the facts for its access line. */
export interface Refusal {
  readonly status: number
  readonly body: unknown
  readonly msg: string
  readonly facts?: Readonly<Record<string, unknown>>
}

/** The checked body of a hook, or the answer that refuses it. */
export type ReadEvent =
  | { readonly kind: 'refused'; readonly refusal: Refusal }
  | { readonly kind: 'Hello1'; readonly magic: string }
  | { readonly kind: 'SendEvent1'; readonly event: SendEvent1 }

const INVALID_DATA = { outcome: 'invalid_data' }

/** A body that did not arrive whole, by reason and hook. */
const BODY_FAILURES: Readonly<Record<BodyReadFailure, Readonly<Record<HookName, Refusal>>>> = {
  timeout: {
    Hello1: { status: 408, body: { error: 'body_timeout' }, msg: 'slow body' },
    SendEvent1: { status: 408, body: { error: 'body_timeout' }, msg: 'slow body' },
  },
  aborted: {
    Hello1: { status: 400, body: { error: 'bad_request' }, msg: 'body aborted' },
    SendEvent1: { status: 400, body: { error: 'bad_request' }, msg: 'body aborted' },
  },
  too_large: {
    Hello1: { status: 413, body: { error: 'too_large' }, msg: 'body too large' },
    SendEvent1: { status: 200, body: INVALID_DATA, msg: 'body too large' },
  },
}

const refused = (refusal: Refusal): ReadEvent => ({ kind: 'refused', refusal })

/** Read and check the body of `hook`. */
export async function readEvent(
  input: HookInput,
  hook: HookName,
  limit: number,
  timeoutMs: number,
): Promise<ReadEvent> {
  const body = await input.readBody(limit, timeoutMs)
  if (!body.ok) {
    const refusal = BODY_FAILURES[body.reason][hook]
    return refused({ ...refusal, facts: { bodyFailure: body.reason } })
  }
  const parsed = parseJson(body.bytes)

  if (hook === 'Hello1') {
    const hello = parsed.ok ? Hello1InputSchema.safeParse(parsed.value) : undefined
    if (!hello?.success) {
      return refused({
        status: 400,
        body: { error: 'invalid_request' },
        msg: 'Hello1 without magic',
      })
    }
    return { kind: 'Hello1', magic: hello.data.magic }
  }

  if (!parsed.ok) {
    return refused({
      status: 200,
      body: INVALID_DATA,
      msg: 'SendEvent1 body is not JSON',
      facts: { outcome: 'invalid_data', invalid: ['(root): not valid UTF-8 JSON'] },
    })
  }
  const event = SendEvent1InputSchema.safeParse(parsed.value)
  if (!event.success) {
    return refused({
      status: 200,
      body: INVALID_DATA,
      msg: 'SendEvent1 failed the schema',
      facts: { outcome: 'invalid_data', invalid: formatIssues(event.error) },
    })
  }
  return { kind: 'SendEvent1', event: event.data }
}
