import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  EventFilterSchema,
  EventNameMappingSchema,
  EventPropsSourcesSchema,
  KeyMappingSchema,
  timeoutMsOption,
} from './options'

describe('shared option schemas', () => {
  it('default to forwarding everything', () => {
    expect(EventFilterSchema.parse(undefined)).toEqual({ deny: [] })
    expect(KeyMappingSchema.parse(undefined)).toEqual({})
    expect(EventNameMappingSchema.parse(undefined)).toEqual({})
    expect(EventPropsSourcesSchema.parse(undefined)).toEqual(['segment_props', 'extra_props'])
    expect(timeoutMsOption.parse(undefined)).toBe(10_000)
  })

  it('keep the timeout below the hook deadline', () => {
    expect(timeoutMsOption.safeParse(25_000).success).toBe(true)
    expect(timeoutMsOption.safeParse(25_001).success).toBe(false)
    expect(timeoutMsOption.safeParse(99).success).toBe(false)
    expect(timeoutMsOption.safeParse(1.5e3 + 0.5).success).toBe(false)
  })

  it('validate their shapes', () => {
    expect(KeyMappingSchema.parse({ BH_Tier: 'tier', BH_MagicLink: null })).toEqual({
      BH_Tier: 'tier',
      BH_MagicLink: null,
    })
    expect(KeyMappingSchema.safeParse({ BH_Tier: '' }).success).toBe(false)
    expect(EventNameMappingSchema.safeParse({ 'Points Earned': 7 }).success).toBe(false)
    expect(EventPropsSourcesSchema.safeParse(['customer_props']).success).toBe(false)
    expect(EventFilterSchema.parse({ allow: ['Birthday'] })).toEqual({
      allow: ['Birthday'],
      deny: [],
    })
  })

  it('all carry a description for the docs and the config JSON Schema', () => {
    const schemas = [
      EventFilterSchema,
      KeyMappingSchema,
      EventNameMappingSchema,
      EventPropsSourcesSchema,
      timeoutMsOption,
    ]
    for (const schema of schemas) {
      expect(z.toJSONSchema(schema, { io: 'input' }).description).toEqual(expect.any(String))
    }
  })
})
