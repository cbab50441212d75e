import type { JsonObject, JsonValue } from '@bubblehouse-hooks/core'
import { CANONICAL_EVENT, closedPort, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import fc from 'fast-check'
import { ApiKeySession, ObjectSerializer } from 'klaviyo-api'
import { describe, expect, it } from 'vitest'
import { KlaviyoOptions } from '../options'
import { planKlaviyo } from '../plan'
import { KLAVIYO_REVISION } from '../version'
import { createKlaviyoClient, toSdkModel } from './client'

/** What the SDK would put on the wire for a plan body. */
const wire = (body: JsonValue, type: string): unknown =>
  JSON.parse(JSON.stringify(ObjectSerializer.serialize(toSdkModel(body, type), type)))

const text = fc.string({ unit: 'grapheme', maxLength: 12 })
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value
const props: fc.Arbitrary<JsonObject> = fc.dictionary(text, json, { maxKeys: 5 })

describe('toSdkModel', () => {
  it('round-trips every planned body through the SDK serialiser unchanged', () => {
    const options = KlaviyoOptions.parse({
      apiKey: 'k',
      valueProp: 'v',
      identity: { phoneProp: 'p' },
    })
    fc.assert(
      fc.property(
        fc.record({
          name: text.filter((s) => s.trim() !== ''),
          customer_only: fc.boolean(),
          email: fc.option(fc.emailAddress(), { nil: undefined }),
          first_name: fc.option(text, { nil: undefined }),
          customer_props: props,
          segment_props: props,
          extra_props: props,
          phone: fc.constantFrom('+15551230987', 'nope'),
        }),
        (e) => {
          const event = {
            ...CANONICAL_EVENT,
            name: e.name,
            customer_only: e.customer_only,
            customer: { shopid: '1', email: e.email, first_name: e.first_name },
            customer_props: { ...e.customer_props, p: e.phone },
            segment_props: e.segment_props,
            extra_props: { ...e.extra_props, v: 3 },
          }
          const plan = planKlaviyo(event, options)
          if (plan.kind !== 'send') throw new Error('expected a send plan')
          for (const request of plan.requests) {
            const type =
              request.operation === 'createEvent' ? 'EventCreateQueryV2' : 'ProfileUpsertQuery'
            expect(wire(request.body ?? null, type)).toEqual(request.body)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('the pinned revision', () => {
  it('matches the revision the installed SDK models were generated for', () => {
    const headers: Record<string, string> = {}
    new ApiKeySession('k').applyToRequest({ headers })
    expect(headers.revision).toBe(KLAVIYO_REVISION)
  })
})

describe('createKlaviyoClient transport failures', () => {
  const request = {
    operation: 'createEvent',
    method: 'POST' as const,
    path: '/api/events',
    body: {},
  }

  it.each([
    [
      'a refused connection',
      async () => `http://127.0.0.1:${await closedPort()}`,
      'NETWORK_REFUSED',
    ],
    ['an unresolvable host', async () => 'http://vendor.bubblehouse-hooks.invalid', 'NETWORK_DNS'],
  ])('classifies %s', async (_name, baseUrl, code) => {
    const client = createKlaviyoClient({ apiKey: 'k', baseUrl: await baseUrl(), timeoutMs: 5_000 })
    const answer = await client.send(request, AbortSignal.timeout(10_000))
    client.close()
    expect(answer).toMatchObject({ kind: 'error', result: { outcome: 'failure', code } })
  })

  it('classifies a reset connection and reports every call to onCall', async () => {
    const vendor = await startFakeVendor({ defaultReply: { reset: true } })
    const calls: Array<number | string> = []
    const client = createKlaviyoClient({
      apiKey: 'k',
      baseUrl: vendor.url,
      timeoutMs: 5_000,
      onCall: (_seconds, status) => calls.push(status),
    })
    const answer = await client.send(request, AbortSignal.timeout(10_000))
    vendor.setDefault({ status: 202 })
    await client.send(request, AbortSignal.timeout(10_000))
    client.close()
    await vendor.close()
    expect(answer).toMatchObject({ kind: 'error', result: { code: 'NETWORK_RESET' } })
    expect(calls).toEqual(['NETWORK_RESET', 202])
  })

  it('refuses an operation it does not know, without a call', async () => {
    const client = createKlaviyoClient({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 5_000,
    })
    expect(
      await client.send({ ...request, operation: 'deleteProfile' }, AbortSignal.timeout(1_000)),
    ).toEqual({
      kind: 'error',
      result: expect.objectContaining({ outcome: 'failure', code: 'KLAVIYO_UNKNOWN_OPERATION' }),
    })
    client.close()
  })
})
