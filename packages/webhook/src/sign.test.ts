import type { JsonValue, PlannedRequest } from '@bubblehouse-hooks/core'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { SECRET } from './__fixtures__/helpers'
import { createSigner } from './sign'

// The test vector of the reference JavaScript library's tests (standard-webhooks
// libraries/javascript/src/index.test.ts): key, id, timestamp and payload → this signature.
const VECTOR = {
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  seconds: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}

const request = (body: string | object, id: string | null = VECTOR.id): PlannedRequest => ({
  operation: 'postEvent',
  method: 'POST',
  path: '/hook',
  headers: id === null ? {} : { 'webhook-id': id },
  body: body as JsonValue,
})

describe('createSigner', () => {
  it('gives the spec test vector signature over id.timestamp.body', () => {
    const sign = createSigner(SECRET, () => VECTOR.seconds * 1000 + 999)
    const signed = sign(request(VECTOR.payload), 'unused')
    expect(signed.headers).toEqual({
      'content-type': 'application/json',
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.seconds),
      'webhook-signature': VECTOR.signature,
    })
    expect(signed.body).toBe(VECTOR.payload)
  })

  it('stamps each attempt with its own time, under the same id', () => {
    let now = VECTOR.seconds * 1000
    const sign = createSigner(SECRET, () => now)
    const first = sign(request(VECTOR.payload), 'unused')
    now += 90_000
    const retry = sign(request(VECTOR.payload), 'unused')
    expect(retry.headers?.['webhook-id']).toBe(first.headers?.['webhook-id'])
    expect(retry.headers?.['webhook-timestamp']).toBe(String(VECTOR.seconds + 90))
    expect(retry.headers?.['webhook-signature']).not.toBe(first.headers?.['webhook-signature'])
  })

  it('signs what a receiver verifies with the reference library', () => {
    const sign = createSigner(SECRET, Date.now)
    const signed = sign(request('{"bhid":"24a5be6c83010001","name":"Points Earned"}'), 'x')
    const headers = signed.headers as Record<string, string>
    expect(new Webhook(SECRET).verify(signed.body as string, headers)).toEqual({
      bhid: '24a5be6c83010001',
      name: 'Points Earned',
    })
    expect(() => new Webhook(SECRET).verify(`${signed.body} `, headers)).toThrow(
      'No matching signature found',
    )
  })

  it('serialises a non-string body once and sends the string it signed', () => {
    const sign = createSigner(SECRET, Date.now)
    const signed = sign(request({ a: 1 }), 'x')
    expect(signed.body).toBe('{"a":1}')
    expect(() =>
      new Webhook(SECRET).verify('{"a":1}', signed.headers as Record<string, string>),
    ).not.toThrow()
  })

  it('names a request without webhook-id by the event bhid', () => {
    const sign = createSigner(SECRET, Date.now)
    expect(sign(request('{}', null), '24a5be6c83010001').headers?.['webhook-id']).toBe(
      '24a5be6c83010001',
    )
  })
})
