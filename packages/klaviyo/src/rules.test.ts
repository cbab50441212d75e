// Fixture bodies: vendors.md §1.3 (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling),
// and for 409 duplicate_profile the body reported in https://github.com/klaviyo/klaviyo-api-node/issues/75.
import { classifyResponse, type VendorResponse } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import { KLAVIYO_RULES } from './rules'

const classify = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  classifyResponse({ status, headers, body } satisfies VendorResponse, KLAVIYO_RULES)

/** The verbatim 400 body with its pointer moved to another field (one perturbation per case). */
function invalidAt(pointer: string): unknown {
  const body = structuredClone(fixture('400-invalid-email.json')) as {
    errors: Array<{ source: { pointer: string } }>
  }
  for (const error of body.errors) error.source.pointer = pointer
  return body
}

describe('KLAVIYO_RULES', () => {
  it('400 invalid email (verbatim) → invalid_data KLAVIYO_INVALID_EMAIL', () => {
    expect(classify(400, fixture('400-invalid-email.json'))).toEqual({
      outcome: 'invalid_data',
      code: 'KLAVIYO_INVALID_EMAIL',
      reason: 'Klaviyo rejected the email of this event',
      vendorStatus: 400,
    })
  })

  it.each([
    ['/data/attributes/email', 'KLAVIYO_INVALID_EMAIL'],
    ['/data/attributes/profile/data/attributes/phone_number', 'KLAVIYO_INVALID_PHONE_NUMBER'],
    ['/data/attributes/phone_number', 'KLAVIYO_INVALID_PHONE_NUMBER'],
    ['/data/attributes/profile/data/attributes/external_id', 'KLAVIYO_INVALID_EXTERNAL_ID'],
    ['/data/attributes/profile/data/attributes/first_name', 'KLAVIYO_INVALID_NAME'],
    ['/data/attributes/last_name', 'KLAVIYO_INVALID_NAME'],
    [
      '/data/attributes/profile/data/attributes/properties/BH_Tier',
      'KLAVIYO_INVALID_PROFILE_PROPERTIES',
    ],
    ['/data/attributes/properties', 'KLAVIYO_INVALID_PROPERTIES'],
    ['/data/attributes/properties/order_id', 'KLAVIYO_INVALID_PROPERTIES'],
    ['/data/attributes/time', 'KLAVIYO_INVALID_TIME'],
    ['/data/attributes/value', 'KLAVIYO_INVALID_VALUE'],
    ['/data/attributes/metric/data/attributes/name', 'KLAVIYO_INVALID_METRIC'],
    ['/data/type', 'KLAVIYO_INVALID_FIELD'],
  ])('400 with pointer %s → invalid_data %s', (pointer, code) => {
    expect(classify(400, invalidAt(pointer))).toMatchObject({ outcome: 'invalid_data', code })
  })

  it('400 without a pointer falls back to core → invalid_data HTTP_4XX', () => {
    expect(classify(400, { errors: [{ status: 400, code: 'invalid' }] })).toMatchObject({
      outcome: 'invalid_data',
      code: 'HTTP_4XX',
    })
  })

  it('409 duplicate_profile → invalid_data KLAVIYO_DUPLICATE_PROFILE', () => {
    expect(classify(409, fixture('409-duplicate-profile.json'))).toMatchObject({
      outcome: 'invalid_data',
      code: 'KLAVIYO_DUPLICATE_PROFILE',
    })
  })

  it('401 not_authenticated → failure KLAVIYO_NOT_AUTHENTICATED', () => {
    expect(classify(401, fixture('401-not-authenticated.json'))).toMatchObject({
      outcome: 'failure',
      code: 'KLAVIYO_NOT_AUTHENTICATED',
    })
  })

  it('403 permission_denied → failure KLAVIYO_PERMISSION_DENIED', () => {
    expect(classify(403, fixture('403-permission-denied.json'))).toMatchObject({
      outcome: 'failure',
      code: 'KLAVIYO_PERMISSION_DENIED',
    })
  })

  it('429 throttled + Retry-After → failure KLAVIYO_THROTTLED with retryAfterMs', () => {
    expect(classify(429, fixture('429-throttled.json'), { 'retry-after': '1' })).toEqual({
      outcome: 'failure',
      code: 'KLAVIYO_THROTTLED',
      reason: 'rate limited by Klaviyo',
      retryAfterMs: 1000,
      vendorStatus: 429,
    })
  })

  // No Klaviyo body for these is on file; the rules match on status alone.
  it.each([
    [404, 'KLAVIYO_NOT_FOUND'],
    [410, 'KLAVIYO_GONE'],
    [415, 'KLAVIYO_UNSUPPORTED_MEDIA_TYPE'],
  ])('%i → failure %s (configuration, would hit every event)', (status, code) => {
    expect(classify(status)).toMatchObject({ outcome: 'failure', code })
  })

  it('202 with no body → sent, 5xx → failure (core defaults)', () => {
    expect(classify(202)).toMatchObject({ outcome: 'sent', code: 'HTTP_2XX' })
    expect(classify(524, 'timeout')).toMatchObject({ outcome: 'failure', code: 'HTTP_5XX' })
  })

  it('never answers unsubscribed: Klaviyo accepts events for suppressed profiles', () => {
    expect(KLAVIYO_RULES.filter((r) => r.outcome === 'unsubscribed')).toEqual([])
  })
})
