import { describe, expect, it } from 'vitest'
import { CANONICAL_EVENT } from '../samples'
import { MAX_JSON_DEPTH, SendEvent1InputSchema } from './send-event1'

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { v: value }
  return value
}

describe('SendEvent1 property depth', () => {
  it(`accepts properties nested ${MAX_JSON_DEPTH} levels deep`, () => {
    const event = { ...CANONICAL_EVENT, extra_props: { deep: nested(MAX_JSON_DEPTH - 1) } }
    expect(SendEvent1InputSchema.safeParse(event).success).toBe(true)
  })

  it('refuses 20,000-deep nesting (it would overflow recursive connector code) with a path', () => {
    const event = { ...CANONICAL_EVENT, extra_props: { deep: nested(20_000) } }
    const parsed = SendEvent1InputSchema.safeParse(event)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.path).toEqual(['extra_props', 'deep'])
  })
})
