import { describe, expect, it } from 'vitest'
import { FIXTURES } from './__fixtures__/kit'
import { rateLimitRetryAfterMs } from './classify'
import {
  contextFields,
  dropReason,
  existingContactId,
  missingProperties,
  namedProperties,
  propertyErrors,
  vendorErrorCode,
} from './vendor-errors'

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

describe('the properties an error names, among those sent', () => {
  const sent = ['bubblehouse_points_balance', 'bubblehouse_tier', 'points_earned']

  it('reads every item of the embedded list, keeping only names that were sent', () => {
    expect(namedProperties(FIXTURES['400-invalid-values'], sent)).toEqual([
      { error: 'INVALID_FLOAT', name: 'bubblehouse_points_balance' },
      { error: 'INVALID_OPTION', name: 'bubblehouse_tier' },
    ])
    expect(namedProperties(FIXTURES['400-invalid-email'], sent)).toEqual([])
  })

  it("reads HubSpot's context keyed by the field, and `properties.x` as x", () => {
    expect(namedProperties(FIXTURES['400-event-property-invalid'], sent)).toEqual([
      { error: 'INVALID_VALUE', name: 'points_earned' },
    ])
    const dotted = {
      category: 'VALIDATION_ERROR',
      context: { 'properties.bubblehouse_tier': ['x'] },
    }
    expect(namedProperties(dotted, sent)).toEqual([
      { error: 'INVALID_VALUE', name: 'bubblehouse_tier' },
    ])
    expect(contextFields(FIXTURES['400-event-name'])).toEqual(['eventName', 'eventName'])
  })

  it('falls back to a message quoting a sent name, and never guesses another', () => {
    const body = {
      status: 'error',
      message: 'Property "bubblehouse_tier" exceeds the maximum length',
      category: 'VALIDATION_ERROR',
      subCategory: 'VALUE_TOO_LONG',
    }
    expect(namedProperties(body, sent)).toEqual([
      { error: 'VALUE_TOO_LONG', name: 'bubblehouse_tier' },
    ])
    expect(namedProperties({ message: 'bubblehouse_tier is odd' }, sent)).toEqual([])
    expect(namedProperties(FIXTURES['400-event-validation'], sent)).toEqual([])
  })

  it('maps error codes to the fixed drop reasons', () => {
    expect(dropReason('PROPERTY_DOESNT_EXIST')).toBe('unknown_property')
    expect(dropReason('INVALID_DATE')).toBe('invalid_date')
    expect(dropReason('VALUE_TOO_LONG')).toBe('too_long')
    for (const code of ['INVALID_OPTION', 'INVALID_INTEGER', 'INVALID_FLOAT', 'INVALID_BOOLEAN']) {
      expect(dropReason(code)).toBe('invalid_value')
    }
  })

  it("names the vendor's code for the log line of an unknown answer", () => {
    expect(vendorErrorCode(FIXTURES['400-invalid-option'])).toBe('INVALID_OPTION')
    expect(vendorErrorCode(FIXTURES['400-event-validation'])).toBe('VALIDATION_ERROR')
    expect(vendorErrorCode('text')).toBeUndefined()
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
