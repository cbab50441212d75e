/**
 * Values in the format of their HubSpot property type: `date` → YYYY-MM-DD (midnight UTC),
 * `datetime` → ISO 8601 UTC (https://developers.hubspot.com/docs/api/faq, "How should I format
 * timestamps for HubSpot's APIs?"), `number` and `bool` checked.
 */
import { describe, expect, it } from 'vitest'
import { normaliseProperties, normaliseValue } from './property-values'

describe('normaliseValue', () => {
  const cases: Array<[string | undefined, string, ReturnType<typeof normaliseValue>]> = [
    ['date', '2025-03-01', { value: '2025-03-01' }],
    ['date', '2025-03-01T12:30:00Z', { value: '2025-03-01' }],
    // The day the sender wrote, not the UTC day of the instant.
    ['date', '2025-03-01T23:30:00-05:00', { value: '2025-03-01' }],
    ['date', '1740830400000', { value: '2025-03-01' }],
    ['date', '2025-02-30', { reason: 'invalid_date' }],
    ['date', 'next week', { reason: 'invalid_date' }],
    ['datetime', '2024-12-26T19:05:42+01:00', { value: '2024-12-26T18:05:42.000Z' }],
    ['datetime', '1990-12-31T23:59:60Z', { value: '1990-12-31T23:59:59.000Z' }],
    ['datetime', '2025-03-01', { value: '2025-03-01T00:00:00.000Z' }],
    ['datetime', '1735689600000', { value: '2025-01-01T00:00:00.000Z' }],
    ['datetime', 'soon', { reason: 'invalid_date' }],
    ['number', ' 500 ', { value: '500' }],
    ['number', '-12.5e3', { value: '-12.5e3' }],
    ['number', 'lots', { reason: 'invalid_value' }],
    ['number', 'Infinity', { reason: 'invalid_value' }],
    ['bool', 'TRUE', { value: 'true' }],
    ['bool', '0', { value: 'false' }],
    ['bool', 'maybe', { reason: 'invalid_value' }],
    ['string', 'anything', { value: 'anything' }],
    ['enumeration', 'Gold', { value: 'Gold' }],
    [undefined, 'as is', { value: 'as is' }],
    // An empty string clears a property of any type.
    ['date', '', { value: '' }],
    ['number', '', { value: '' }],
  ]
  for (const [type, raw, expected] of cases) {
    it(`${type ?? 'unknown type'}: ${JSON.stringify(raw)}`, () => {
      expect(normaliseValue(type, raw)).toEqual(expected)
    })
  }
})

describe('normaliseProperties', () => {
  it('keeps what fits, lists what is left out with its reason, and sends untyped values as they are', () => {
    const types = new Map([
      ['balance', 'number'],
      ['expires', 'date'],
    ])
    expect(
      normaliseProperties({ balance: 'x', expires: '2025-03-01T00:00:00Z', other: 'y' }, types),
    ).toEqual({
      properties: { expires: '2025-03-01', other: 'y' },
      dropped: [['invalid_value', 'balance']],
    })
    expect(normaliseProperties({ balance: 'x' }, undefined)).toEqual({
      properties: { balance: 'x' },
      dropped: [],
    })
  })
})
