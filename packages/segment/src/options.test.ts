import { createConnector } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { WRITE_KEY } from './__fixtures__/helpers'
import segment from './index'
import { SegmentOptionsSchema } from './options'

const parse = (input: object) => SegmentOptionsSchema.safeParse({ writeKey: WRITE_KEY, ...input })

describe('options', () => {
  it('fills in the defaults', () => {
    expect(SegmentOptionsSchema.parse({ writeKey: WRITE_KEY })).toEqual({
      writeKey: WRITE_KEY,
      timeoutMs: 10_000,
      userIdSource: 'bhid',
      customerTraits: {
        email: 'email',
        first_name: 'firstName',
        last_name: 'lastName',
        full_name: 'name',
        shopid: null,
        bhid: null,
      },
      traitMapping: {},
      eventNames: {},
      propsSources: ['segment_props', 'extra_props'],
      propertyMapping: {},
      events: { deny: [] },
      oversize: 'invalid_data',
    })
  })

  it('keeps the trait defaults it was not told to change', () => {
    expect(parse({ customerTraits: { email: null } }).data?.customerTraits).toMatchObject({
      email: null,
      first_name: 'firstName',
    })
  })

  it('requires a write key fit for Basic auth', () => {
    for (const writeKey of [undefined, '', 'with space', 'with:colon', 'tab\tkey', 'ключ']) {
      expect(SegmentOptionsSchema.safeParse({ writeKey }).success).toBe(false)
    }
    expect(parse({ writeKey: 'DmBXIN4JnwqBnTqXccTF0wBnLXNQmFtk' }).success).toBe(true)
  })

  it('accepts only the us and eu regions', () => {
    expect(parse({ region: 'eu' }).success).toBe(true)
    expect(parse({ region: 'EU' }).success).toBe(false)
    expect(parse({ region: 'eu1' }).success).toBe(false)
  })

  it('rejects unknown keys, so a typo like "regoin: eu" cannot silently send EU data to the US', () => {
    const result = parse({ regoin: 'eu' })
    expect(result.success).toBe(false)
    expect(() => createConnector(segment, { writeKey: WRITE_KEY, regoin: 'eu' })).toThrow(
      /connectors\.segment/,
    )
    expect(parse({ customerTraits: { phone: 'phone' } }).success).toBe(false)
  })

  it('accepts http(s) base URLs only', () => {
    expect(parse({ baseUrl: 'https://proxy.example.com/v1' }).success).toBe(true)
    expect(parse({ baseUrl: 'ftp://proxy.example.com/v1' }).success).toBe(false)
    expect(parse({ baseUrl: 'api.segment.io' }).success).toBe(false)
  })

  it('bounds the timeout below the hook deadline', () => {
    expect(parse({ timeoutMs: 25_001 }).success).toBe(false)
    expect(parse({ timeoutMs: 99 }).success).toBe(false)
  })

  it('describes every option (the docs and JSON Schema come from it)', () => {
    const shape: Record<string, z.ZodType> = SegmentOptionsSchema.shape
    for (const [key, schema] of Object.entries(shape)) {
      expect(schema.description, key).toEqual(expect.stringMatching(/\S/))
    }
    const traits: Record<string, z.ZodType> =
      SegmentOptionsSchema.shape.customerTraits.unwrap().shape
    for (const [key, schema] of Object.entries(traits)) {
      expect(schema.description, key).toEqual(expect.stringMatching(/\S/))
    }
  })
})
