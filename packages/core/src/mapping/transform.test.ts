import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../contract/json'
import { CANONICAL_EVENT, sampleEvent } from '../samples'
import {
  eventFlags,
  eventProperties,
  filteredEventPlan,
  isEventAllowed,
  jsonByteLength,
  mapKeys,
  stringifyValues,
  toVendorString,
} from './transform'

/** An object with an own `__proto__` key, as JSON.parse makes it. */
const withProtoKey = (): Record<string, JsonValue> =>
  JSON.parse('{"__proto__":{"polluted":1},"a":1}')

describe('isEventAllowed', () => {
  it.each([
    [{ deny: [] }, 'Points Earned', true],
    [{ allow: ['Tier Reached'], deny: [] }, 'Tier Reached', true],
    [{ allow: ['Tier Reached'], deny: [] }, 'Points Earned', false],
    [{ allow: [], deny: [] }, 'Points Earned', false],
    [{ deny: ['Birthday'] }, 'Birthday', false],
    [{ allow: ['Birthday'], deny: ['Birthday'] }, 'Birthday', false],
    [{ deny: [] }, 'points earned', true],
  ])('%j lets %j through: %s', (filter, name, expected) => {
    expect(isEventAllowed(filter, name)).toBe(expected)
  })
})

describe('filteredEventPlan', () => {
  const denyBirthday = { deny: ['Birthday'] }
  it('skips an activity event the filter rejects', () => {
    expect(filteredEventPlan(denyBirthday, { name: 'Birthday' })).toEqual({
      kind: 'decision',
      result: {
        outcome: 'skipped',
        code: 'EVENT_FILTERED',
        reason: 'the event name is filtered out by the events option',
      },
    })
  })

  it('lets through what the filter allows, and every customer_only event', () => {
    expect(filteredEventPlan(denyBirthday, { name: 'Points Earned' })).toBeUndefined()
    expect(
      filteredEventPlan(
        { allow: [], deny: ['Birthday'] },
        { name: 'Birthday', customer_only: true },
      ),
    ).toBeUndefined()
    expect(
      filteredEventPlan(denyBirthday, { name: 'Birthday', customer_only: false }),
    ).toBeDefined()
  })
})

describe('mapKeys', () => {
  it('renames listed keys, drops null ones and keeps the rest', () => {
    expect(
      mapKeys(
        { BH_Tier: 'Gold', BH_MagicLink: 'https://x', BH_Points_Balance: 5 },
        { BH_Tier: 'loyalty_tier', BH_MagicLink: null },
      ),
    ).toEqual({ loyalty_tier: 'Gold', BH_Points_Balance: 5 })
  })

  it('answers an empty object for absent props', () => {
    expect(mapKeys(undefined, { a: 'b' })).toEqual({})
  })

  it('does not follow inherited mapping keys', () => {
    expect(mapKeys({ toString: 1, constructor: 2 }, {})).toEqual({ toString: 1, constructor: 2 })
  })

  it('keeps a __proto__ key as data, never as a prototype', () => {
    const out = mapKeys(withProtoKey(), {})
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['__proto__', 'a'])
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":1},"a":1}')
    expect((out as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('eventProperties', () => {
  it('merges the chosen maps, later ones winning', () => {
    const event = {
      ...CANONICAL_EVENT,
      segment_props: { BH_Source: 'order', clash: 'segment' },
      extra_props: { BH_Points: 50, clash: 'extra' },
    }
    expect(eventProperties(event, ['segment_props', 'extra_props'])).toEqual({
      BH_Source: 'order',
      BH_Points: 50,
      clash: 'extra',
    })
    expect(eventProperties(event, ['extra_props'])).toEqual({ BH_Points: 50, clash: 'extra' })
    expect(eventProperties({ ...event, extra_props: undefined }, ['extra_props'])).toEqual({})
  })

  it('keeps a __proto__ key as data', () => {
    const out = eventProperties({ ...CANONICAL_EVENT, extra_props: withProtoKey() }, [
      'extra_props',
    ])
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['__proto__', 'a'])
  })
})

describe('toVendorString / stringifyValues', () => {
  it.each([
    ['Gold', 'Gold'],
    [500, '500'],
    [0.5, '0.5'],
    [true, 'true'],
    [null, ''],
    [[1, 'a'], '[1,"a"]'],
    [{ a: { b: 1 } }, '{"a":{"b":1}}'],
  ] as Array<[JsonValue, string]>)('%j → %j', (value, expected) => {
    expect(toVendorString(value)).toBe(expected)
  })

  it('stringifies every value', () => {
    expect(stringifyValues({ a: 1, b: null, c: 'x' })).toEqual({ a: '1', b: '', c: 'x' })
    expect(Object.keys(stringifyValues(withProtoKey()))).toEqual(['__proto__', 'a'])
  })
})

describe('jsonByteLength', () => {
  it('counts UTF-8 bytes of the JSON', () => {
    expect(jsonByteLength({ a: 'é' })).toBe(10)
    expect(jsonByteLength('✓')).toBe(5)
    expect(jsonByteLength(undefined)).toBe(0)
  })
})

describe('eventFlags', () => {
  it('gives new_user and referred_user when the event has them, false included', () => {
    expect(eventFlags(sampleEvent('referral-approved-receiver', { new_user: false }))).toEqual({
      new_user: false,
      referred_user: true,
    })
    expect(eventFlags(sampleEvent('points-earned'))).toEqual({})
  })
})
