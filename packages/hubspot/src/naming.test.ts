import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPropertyName, PROPERTY_NAME, propertyLabel, snakeCase } from './naming'

describe('naming', () => {
  it.each([
    ['BH_Points_Balance', 'bubblehouse_points_balance'],
    ['BH_Tier', 'bubblehouse_tier'],
    ['BH_Points_NextExpiration_Amount', 'bubblehouse_points_next_expiration_amount'],
    ['BH_MagicLink', 'bubblehouse_magic_link'],
    ['bh_lower', 'bubblehouse_lower'],
    ['Referral Count', 'bubblehouse_referral_count'],
    ['BH_', 'bubblehouse_value'],
    ['Niveau été', 'bubblehouse_niveau_ete'],
  ])('%s → %s', (key, name) => {
    expect(defaultPropertyName(key)).toBe(name)
  })

  it('always yields a valid HubSpot internal name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (key) => {
        expect(defaultPropertyName(key)).toMatch(PROPERTY_NAME)
      }),
    )
  })

  it('snake-cases and labels', () => {
    expect(snakeCase('NextExpiration.Date')).toBe('next_expiration_date')
    expect(propertyLabel('bubblehouse_last_event_at')).toBe('Bubblehouse last event at')
  })
})
