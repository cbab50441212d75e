import { describe, expect, it } from 'vitest'
import { customPropertyName, snakeWords } from './names'

describe('contact custom property names (prefixed snake_case)', () => {
  it.each([
    ['BH_Points_Balance', 'bh_points_balance'],
    ['BH_Tier', 'bh_tier'],
    ['BH_Points_NextExpiration_Amount', 'bh_points_next_expiration_amount'],
    ['BH_MagicLink', 'bh_magic_link'],
    ['BH_VIPStatus', 'bh_vip_status'],
    ['BH_Top10Products', 'bh_top10_products'],
    ['favorite color', 'bh_favorite_color'],
    ['Née-Date', 'bh_nee_date'],
  ])('%s → %s', (key, name) => {
    expect(customPropertyName(key, 'bh_')).toBe(name)
  })

  it('uses the configured prefix, also an empty one', () => {
    expect(customPropertyName('BH_Tier', 'loyalty_')).toBe('loyalty_tier')
    expect(customPropertyName('BH_Tier', '')).toBe('tier')
  })

  it('keeps a key with no latin letter or digit as it is, for the fit step to leave out by name', () => {
    expect(snakeWords('BH_日本')).toBe('')
    expect(customPropertyName('BH_日本', 'bh_')).toBe('BH_日本')
  })
})
