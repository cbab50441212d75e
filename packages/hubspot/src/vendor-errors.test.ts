import { describe, expect, it } from 'vitest'
import { FIXTURES } from './__fixtures__/kit'
import { rateLimitRetryAfterMs } from './classify'
import { existingContactId, missingProperties, propertyErrors } from './vendor-errors'

describe('HubSpot error bodies', () => {
  it('reads the property errors embedded in message', () => {
    expect(propertyErrors(FIXTURES['400-property-doesnt-exist'])).toEqual([
      { error: 'PROPERTY_DOESNT_EXIST', name: 'bh_tier_x' },
    ])
    expect(propertyErrors(FIXTURES['400-invalid-email'])).toEqual([
      { error: 'INVALID_EMAIL', name: 'email' },
    ])
    expect(missingProperties(FIXTURES['400-property-doesnt-exist'])).toEqual(['bh_tier_x'])
  })

  it('falls back to a pattern when the embedded list is cut short', () => {
    const message = FIXTURES['400-property-doesnt-exist'].message.slice(0, 160)
    expect(propertyErrors({ message })).toEqual([
      { error: 'PROPERTY_DOESNT_EXIST', name: 'bh_tier_x' },
    ])
  })

  it('reads errors[] with a code and a property name', () => {
    const body = {
      status: 'error',
      message: 'Invalid input',
      errors: [
        {
          message: 'x',
          code: 'PROPERTY_DOESNT_EXIST',
          context: { propertyName: ['bubblehouse_tier'] },
        },
        { message: 'y' },
      ],
    }
    expect(propertyErrors(body)).toEqual([
      { error: 'PROPERTY_DOESNT_EXIST', name: 'bubblehouse_tier' },
    ])
  })

  it('finds nothing in bodies without property errors', () => {
    for (const body of [
      FIXTURES['403-missing-scopes'],
      FIXTURES['207-batch-validation-error'],
      'text',
      null,
      42,
    ]) {
      expect(propertyErrors(body)).toEqual([])
    }
  })

  it('reads the existing contact id of a 409', () => {
    expect(existingContactId(FIXTURES['409-contact-already-exists'])).toBe('37765128953')
    expect(existingContactId({ message: 'Conflict' })).toBeUndefined()
  })
})

describe('rateLimitRetryAfterMs', () => {
  const at = Date.UTC(2024, 11, 26, 18, 0, 0)
  const hint = (
    headers: Record<string, string>,
    body: unknown = FIXTURES['429-ten-secondly-rolling'],
  ) => rateLimitRetryAfterMs({ status: 429, headers, body }, at)

  it('is the rolling window for the ten-secondly limit', () => {
    expect(hint({ 'x-hubspot-ratelimit-interval-milliseconds': '10000' })).toBe(10_000)
  })

  it('is the time to midnight UTC for the daily limit, by header or by policy', () => {
    expect(hint({ 'x-hubspot-ratelimit-daily-remaining': '0' })).toBe(6 * 3_600_000)
    expect(hint({}, { ...FIXTURES['429-ten-secondly-rolling'], policyName: 'DAILY' })).toBe(
      6 * 3_600_000,
    )
  })

  it('is undefined without a usable header', () => {
    expect(hint({})).toBeUndefined()
    expect(hint({ 'x-hubspot-ratelimit-interval-milliseconds': 'soon' })).toBeUndefined()
  })
})
