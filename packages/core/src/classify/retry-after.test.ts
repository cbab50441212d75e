import { describe, expect, it } from 'vitest'
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after'

const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['7', 7000],
    [' 120 ', 120_000],
    ['1.5', 1500],
  ])('reads delay-seconds %j', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms)
  })

  it.each([
    ['IMF-fixdate', 'Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['RFC 850', 'Wednesday, 21-Oct-15 07:29:00 GMT', 60_000],
    ['asctime (read as GMT)', 'Wed Oct 21 07:28:05 2015', 5000],
  ])('reads an HTTP date (%s)', (_, value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms)
  })

  it('reads a date in the past as no wait', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', NOW)).toBe(0)
  })

  it('caps long waits', () => {
    expect(parseRetryAfter('999999999', NOW)).toBe(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS)
  })

  it.each([undefined, null, '', '   ', '-5', 'soon', 'soon 5', '5s', '1e3', 'Wed, 99 Foo 2015'])(
    'ignores %j',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined()
    },
  )
})
