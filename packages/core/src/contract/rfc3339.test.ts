import { describe, expect, it } from 'vitest'
import { isRfc3339, toDate, toIsoUtc } from './rfc3339'

describe('isRfc3339', () => {
  it.each([
    '2024-12-26T18:05:42.915Z',
    '2024-12-26T19:05:42+01:00',
    '1990-12-31T23:59:60Z',
    '2024-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '0000-02-29T00:00:00Z',
    '2024-12-26T18:05:42-23:59',
  ])('accepts %s', (value) => {
    expect(isRfc3339(value)).toBe(true)
  })

  it.each([
    '2024-12-26 18:05:42',
    '2024-12-26T18:05Z',
    '2024-12-26T18:05:42+0100',
    '2024-00-10T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-12-00T00:00:00Z',
    '2024-12-26T18:60:00Z',
    '2024-12-26T18:05:42+01:60',
    ' 2024-12-26T18:05:42Z',
  ])('rejects %s', (value) => {
    expect(isRfc3339(value)).toBe(false)
  })
})

describe('toDate / toIsoUtc', () => {
  it('maps a leap second to second 59 of the same minute', () => {
    expect(toDate('1990-12-31T23:59:60Z').toISOString()).toBe('1990-12-31T23:59:59.000Z')
    expect(toIsoUtc('1990-12-31T23:59:60.250Z')).toBe('1990-12-31T23:59:59.250Z')
  })

  it('normalises offsets to UTC with milliseconds', () => {
    expect(toIsoUtc('2024-12-26T19:05:42+01:00')).toBe('2024-12-26T18:05:42.000Z')
    expect(toIsoUtc('2024-12-26T00:59:60+01:00')).toBe('2024-12-25T23:59:59.000Z')
    expect(toIsoUtc('2024-12-26T18:05:42.915Z')).toBe('2024-12-26T18:05:42.915Z')
  })

  it('agrees with isRfc3339 on every accepted form', () => {
    for (const value of ['2024-12-26t18:05:42z', '2024-12-26T18:05:42.123456789Z']) {
      expect(Number.isNaN(toDate(value).getTime())).toBe(false)
    }
  })
})
