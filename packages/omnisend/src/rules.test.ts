// Fixture bodies: src/__fixtures__/README.md (https://api-docs.omnisend.com/reference/responses,
// 2026-03-15 OpenAPI shapes).
import type { VendorResponse } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { classifyOmnisend, OMNISEND_RULES, omnisendErrorCode } from './rules'

const NOW = Date.UTC(2026, 0, 1)
const classify = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  classifyOmnisend({ status, headers, body } satisfies VendorResponse, NOW)

/** The validation body with its one field moved elsewhere (one perturbation per case). */
function invalidAt(field: string): unknown {
  const body = structuredClone(fixture('400-invalid-contact-email.json')) as {
    errors: Array<{ field: string }>
  }
  for (const error of body.errors) error.field = field
  return body
}

describe('OMNISEND_RULES', () => {
  it('400 validation-failed, verbatim docs example → invalid_data OMNISEND_VALIDATION_FAILED', () => {
    expect(classify(400, fixture('400-validation-failed.json'))).toEqual({
      outcome: 'invalid_data',
      code: 'OMNISEND_VALIDATION_FAILED',
      reason: 'Omnisend rejected this event (validation failed)',
      vendorStatus: 400,
    })
  })

  it.each([
    ['contact.email', 'OMNISEND_INVALID_EMAIL'],
    ['email', 'OMNISEND_INVALID_EMAIL'],
    ['contact.phone', 'OMNISEND_INVALID_PHONE'],
    ['identifiers[0].id', 'OMNISEND_INVALID_IDENTIFIER'],
    ['identifiers.1.id', 'OMNISEND_INVALID_IDENTIFIER'],
    ['contact.firstName', 'OMNISEND_INVALID_NAME'],
    ['lastName', 'OMNISEND_INVALID_NAME'],
    ['contact.customProperties.bh_tier', 'OMNISEND_INVALID_CUSTOM_PROPERTY'],
    ['customProperties', 'OMNISEND_INVALID_CUSTOM_PROPERTY'],
    ['properties.BH_Points', 'OMNISEND_INVALID_PROPERTY'],
    ['eventID', 'OMNISEND_INVALID_EVENT_ID'],
    ['eventTime', 'OMNISEND_INVALID_EVENT_TIME'],
    ['eventName', 'OMNISEND_INVALID_EVENT_NAME'],
    ['origin', 'OMNISEND_INVALID_ORIGIN'],
    ['contact', 'OMNISEND_VALIDATION_FAILED'],
  ])('400 on %s → invalid_data %s', (field, code) => {
    expect(classify(400, invalidAt(field))).toMatchObject({ outcome: 'invalid_data', code })
  })

  it.each([
    [401, '401-unauthorized.json', 'OMNISEND_UNAUTHORIZED'],
    [403, '403-forbidden.json', 'OMNISEND_FORBIDDEN'],
    [404, '404-not-found.json', 'OMNISEND_NOT_FOUND'],
    [410, '410-version-retired.json', 'OMNISEND_VERSION_RETIRED'],
  ])('%i → failure %s (would hit every event)', (status, name, code) => {
    expect(classify(status, fixture(name))).toMatchObject({ outcome: 'failure', code })
  })

  it('409 identifier conflict → invalid_data OMNISEND_IDENTIFIER_CONFLICT', () => {
    expect(classify(409, fixture('409-identifier-conflict.json'))).toMatchObject({
      outcome: 'invalid_data',
      code: 'OMNISEND_IDENTIFIER_CONFLICT',
    })
  })

  it('422 → invalid_data OMNISEND_UNPROCESSABLE', () => {
    expect(classify(422, {})).toMatchObject({
      outcome: 'invalid_data',
      code: 'OMNISEND_UNPROCESSABLE',
    })
  })

  it("429 takes the wait from the body's retryAfter (RateLimitProblem) before any header", () => {
    expect(
      classify(429, fixture('429-rate-limit-exceeded.json'), { 'x-rate-limit-reset': '5' }),
    ).toEqual({
      outcome: 'failure',
      code: 'OMNISEND_RATE_LIMITED',
      reason: 'rate limited by Omnisend (400 requests/minute per brand)',
      retryAfterMs: 60_000,
      vendorStatus: 429,
    })
  })

  it.each([
    [{ 'retry-after': '7' }, 7_000],
    [{ 'x-rate-limit-reset': '12' }, 12_000],
    [{ 'retry-after': '3', 'x-rate-limit-reset': '12' }, 3_000],
  ])('429 without retryAfter in the body reads the headers %j', (headers, ms) => {
    expect(classify(429, { status: 429 }, headers)).toMatchObject({
      outcome: 'failure',
      code: 'OMNISEND_RATE_LIMITED',
      retryAfterMs: ms,
    })
  })

  it.each([[{ retryAfter: 'soon' }], [{ retryAfter: -1 }], [undefined]])(
    '429 with no readable hint (%j) has no retryAfterMs',
    (body) => {
      expect(classify(429, body)).not.toHaveProperty('retryAfterMs')
    },
  )

  it('2xx → sent, 5xx → failure (core defaults)', () => {
    expect(classify(202)).toMatchObject({ outcome: 'sent', code: 'HTTP_2XX' })
    expect(classify(503, 'unavailable')).toMatchObject({ outcome: 'failure', code: 'HTTP_5XX' })
  })

  it('never answers unsubscribed: neither endpoint refuses an unsubscribed contact', () => {
    expect(OMNISEND_RULES.filter((r) => r.outcome === 'unsubscribed')).toEqual([])
  })

  it('names the problem type for the unclassified-4xx log line', () => {
    expect(omnisendErrorCode(fixture('400-validation-failed.json'))).toBe('validation-failed')
    expect(omnisendErrorCode('teapot')).toBeUndefined()
  })
})
