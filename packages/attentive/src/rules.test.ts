// The rules table row by row, with the bodies of src/__fixtures__ (built from Attentive's
// documented ErrorResponseDto shape; Attentive publishes no error body for events and attributes,
// see the fixtures README) and the message variants a user answer may come in.
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { attentiveErrorCode, classifyAttentive, errorMessageOf } from './rules'

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  classifyAttentive({ status, headers, body }, 0)

describe('ATTENTIVE_RULES', () => {
  it.each([
    [200, '200-me.json', 'sent', 'HTTP_2XX'],
    [400, '400-invalid-parameter.json', 'invalid_data', 'ATTENTIVE_INVALID_REQUEST'],
    [400, '400-invalid-phone.json', 'invalid_data', 'ATTENTIVE_INVALID_PHONE'],
    [400, '400-invalid-email.json', 'invalid_data', 'ATTENTIVE_INVALID_EMAIL'],
    [400, '400-invalid-event-type.json', 'invalid_data', 'ATTENTIVE_INVALID_EVENT_TYPE'],
    [400, '400-invalid-attribute-value.json', 'invalid_data', 'ATTENTIVE_INVALID_REQUEST'],
    [400, '400-not-subscribed.json', 'unsubscribed', 'ATTENTIVE_NOT_SUBSCRIBED'],
    [404, '404-user-not-found.json', 'skipped', 'ATTENTIVE_UNKNOWN_USER'],
    [404, '404-not-found.json', 'failure', 'ATTENTIVE_NOT_FOUND'],
    [401, '401-unauthorized.json', 'failure', 'ATTENTIVE_UNAUTHORIZED'],
    [403, '403-access-denied.json', 'failure', 'ATTENTIVE_FORBIDDEN'],
    [429, '429-too-many-requests.json', 'failure', 'ATTENTIVE_RATE_LIMITED'],
    [500, '500-internal-error.json', 'failure', 'HTTP_5XX'],
  ])('%i %s → %s %s', (status, name, outcome, code) => {
    expect(answer(status, fixture(name))).toMatchObject({ outcome, code })
  })

  it.each([
    ['Subscriber has unsubscribed', 'unsubscribed'],
    ['user opted out of SMS', 'unsubscribed'],
    ['No active subscriptions for this user', 'unsubscribed'],
    ['Subscriber does not exist', 'skipped'],
    ['unknown user', 'skipped'],
    ['User with phone +15551230987 not found', 'skipped'],
    ['external identifier is not associated with a phone or email', 'skipped'],
  ])('reads the user answer in %j as %s, on 400, 404, 409 and 422', (message, outcome) => {
    for (const status of [400, 404, 409, 422]) {
      expect(answer(status, { error: { id: 1, message } }).outcome).toBe(outcome)
      expect(answer(status, { message }).outcome).toBe(outcome)
      expect(answer(status, message).outcome).toBe(outcome)
    }
  })

  it('never reads a user answer out of a 401, 403, 429 or 5xx', () => {
    for (const status of [401, 403, 429, 500, 503]) {
      expect(answer(status, { error: { id: 1, message: 'User not found' } }).outcome).toBe(
        'failure',
      )
    }
  })

  it('a 404 without a body is the wrong base URL: failure', () => {
    expect(answer(404, undefined)).toMatchObject({
      outcome: 'failure',
      code: 'ATTENTIVE_NOT_FOUND',
    })
    expect(answer(404, '<html>Not Found</html>').outcome).toBe('failure')
  })

  it('a 429 carries Retry-After when given, else one second', () => {
    expect(answer(429, undefined).retryAfterMs).toBe(1_000)
    expect(answer(429, undefined, { 'retry-after': '2' }).retryAfterMs).toBe(2_000)
  })

  it('reads the message and the error id of ErrorResponseDto', () => {
    const body = fixture('400-invalid-phone.json')
    expect(errorMessageOf(body)).toMatch(/E\.164/)
    expect(attentiveErrorCode(body)).toMatch(/^\d+$/)
    expect(attentiveErrorCode({ message: 'x' })).toBeUndefined()
    expect(errorMessageOf({ error: 'Bad Request' })).toBe('Bad Request')
    expect(errorMessageOf(42)).toBeUndefined()
  })
})
