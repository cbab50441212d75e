/**
 * Custom behavioural event value limits: 50 characters, 200 for URL and referrer properties
 * (https://developers.hubspot.com/changelog/new-property-limits-for-the-custom-behavioural-events-api).
 */
import { describe, expect, it } from 'vitest'
import { cutToLimits, eventValueLimit, truncateValue } from './event-limits'

describe('event value limits', () => {
  it('allows 200 characters for URL and referrer properties, 50 for the others', () => {
    for (const name of ['hs_url', 'hs_referrer', 'page_url', 'url', 'referrer_page']) {
      expect(eventValueLimit(name)).toBe(200)
    }
    for (const name of ['tier', 'curly', 'urls_seen', 'magic_link', 'hs_page_title']) {
      expect(eventValueLimit(name)).toBe(50)
    }
  })

  it('cuts at the limit and never splits a surrogate pair', () => {
    expect(truncateValue('a'.repeat(60), 50)).toBe('a'.repeat(50))
    expect(truncateValue(`${'a'.repeat(49)}😀`, 50)).toBe('a'.repeat(49))
    expect(truncateValue('short', 50)).toBe('short')
  })

  it('names exactly the properties it cut', () => {
    const cut = cutToLimits({ tier: 'T'.repeat(51), hs_url: 'u'.repeat(200), points: '50' })
    expect(cut).toEqual({
      properties: { tier: 'T'.repeat(50), hs_url: 'u'.repeat(200), points: '50' },
      cut: ['tier'],
    })
  })
})
