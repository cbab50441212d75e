import {
  CANONICAL_EVENT,
  type JsonObject,
  jsonByteLength,
  type SendEvent1,
} from '@bubblehouse-hooks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { messageOf, objectAt, options } from './__fixtures__/helpers'
import { dropOrder, fitMessage, SEGMENT_LIMITS, type SegmentLimits } from './limits'
import { planEvent } from './plan'
import { type MessageDraft, renderMessage } from './translate/message'

// Limits: https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#max-request-size
const LIMIT = SEGMENT_LIMITS.messageBytes

/** JSON bytes one `char` adds inside a JSON string (`é` → 2, `😀` → 4, `\u0001` → 6). */
const jsonCharBytes = (char: string) => Buffer.byteLength(JSON.stringify(char), 'utf8') - 2

/** `bytes` worth of JSON string made of `char`, topped up with ASCII. */
function padOf(bytes: number, char: string): string {
  const each = jsonCharBytes(char)
  const count = Math.floor(bytes / each)
  return char.repeat(count) + 'x'.repeat(bytes - count * each)
}

type Where = 'track' | 'identify'
const propsOf = (where: Where) => (where === 'track' ? 'extra_props' : 'customer_props')

/** The canonical event with a `BH_Pad` prop sized so the `where` message is exactly `target` bytes. */
function eventOfSize(where: Where, target: number, char = 'x'): SendEvent1 {
  const withPad = (pad: string): SendEvent1 => ({
    ...CANONICAL_EVENT,
    [propsOf(where)]: { ...CANONICAL_EVENT[propsOf(where)], BH_Pad: pad },
  })
  const base = jsonByteLength(messageOf(planEvent(withPad(''), options()), where))
  const event = withPad(padOf(target - base, char))
  const sized = planEvent(event, options(), {
    messageBytes: Number.MAX_SAFE_INTEGER,
    batchBytes: Number.MAX_SAFE_INTEGER,
  })
  expect(jsonByteLength(messageOf(sized, where))).toBe(target)
  return event
}

describe('message limit (32 KB = 32 768 bytes of JSON)', () => {
  for (const where of ['track', 'identify'] as const) {
    for (const char of ['x', 'é', '😀', '\u0001']) {
      it(`sends ${where === 'track' ? 'a' : 'an'} ${where} message of exactly 32 768 bytes (padded with ${JSON.stringify(char)})`, () => {
        const plan = planEvent(eventOfSize(where, LIMIT, char), options())
        expect(plan.kind).toBe('send')
        expect(jsonByteLength(messageOf(plan, where))).toBe(LIMIT)
      })

      it(`answers invalid_data with no request for ${where === 'track' ? 'a' : 'an'} ${where} message of 32 769 bytes (padded with ${JSON.stringify(char)})`, () => {
        expect(planEvent(eventOfSize(where, LIMIT + 1, char), options())).toEqual({
          kind: 'decision',
          result: {
            outcome: 'invalid_data',
            code: 'SEGMENT_MESSAGE_TOO_LARGE',
            reason: `the ${where} message is 32769 bytes, over Segment's 32768-byte message limit`,
          },
        })
      })
    }
  }

  it('counts bytes, not characters: 16 400 × "é" is under 32 768 characters but over the limit', () => {
    const event = { ...CANONICAL_EVENT, extra_props: { BH_Note: 'é'.repeat(16_400) } }
    expect(planEvent(event, options())).toMatchObject({
      result: { outcome: 'invalid_data', code: 'SEGMENT_MESSAGE_TOO_LARGE' },
    })
  })

  it('checks the identify of a customer_only event too', () => {
    const event = { ...eventOfSize('identify', LIMIT + 1), customer_only: true }
    expect(planEvent(event, options())).toMatchObject({
      result: { code: 'SEGMENT_MESSAGE_TOO_LARGE', reason: expect.stringContaining('identify') },
    })
  })
})

describe('oversize: drop_props', () => {
  const drop = options({ oversize: 'drop_props' })

  it('drops nothing at exactly the limit', () => {
    const plan = planEvent(eventOfSize('track', LIMIT), drop)
    expect(objectAt(messageOf(plan, 'track'), 'properties')).toHaveProperty('BH_Pad')
    expect(objectAt(messageOf(plan, 'track'), 'context')).not.toHaveProperty('bubblehouse')
  })

  it('drops the largest extra_props key one byte over the limit, keeps the rest, and says so', () => {
    const track = messageOf(planEvent(eventOfSize('track', LIMIT + 1), drop), 'track')
    expect(objectAt(track, 'properties')).toEqual({
      BH_Source: 'order',
      BH_Points: 50,
      order_id: 'ORDER-789',
    })
    expect(objectAt(track, 'context')).toEqual({
      library: { name: '@bubblehouse-hooks/segment' },
      traits: { email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' },
      bubblehouse: { droppedKeys: ['BH_Pad'] },
    })
    expect(jsonByteLength(track)).toBeLessThanOrEqual(LIMIT)
  })

  it('drops extra_props before segment_props, largest first inside each', () => {
    const event = {
      ...CANONICAL_EVENT,
      segment_props: { S_big: 's'.repeat(20_000), S_small: 's' },
      extra_props: { E_small: 'e'.repeat(10), E_mid: 'e'.repeat(8_000), E_big: 'e'.repeat(9_000) },
    }
    // Needs ~4.3 KB: E_big alone frees 9 KB, so only it goes, although S_big is larger.
    const track = messageOf(planEvent(event, drop), 'track')
    expect(objectAt(objectAt(track, 'context'), 'bubblehouse')).toEqual({ droppedKeys: ['E_big'] })
    const heavier = {
      ...event,
      segment_props: { ...event.segment_props, S_big: 's'.repeat(40_000) },
    }
    const stripped = messageOf(planEvent(heavier, drop), 'track')
    expect(objectAt(objectAt(stripped, 'context'), 'bubblehouse')).toEqual({
      droppedKeys: ['E_big', 'E_mid', 'E_small', 'S_big'],
    })
    expect(objectAt(stripped, 'properties')).toEqual({ S_small: 's' })
  })

  it('drops customer_props traits from the identify but never the customer fields', () => {
    const event = {
      ...CANONICAL_EVENT,
      customer_props: { BH_Tier: 'Gold', BH_History: 'h'.repeat(40_000) },
    }
    const identify = messageOf(planEvent(event, drop), 'identify')
    expect(objectAt(identify, 'traits')).toEqual({
      email: 'customer@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      BH_Tier: 'Gold',
    })
    const huge = { ...event, customer: { ...event.customer, full_name: 'n'.repeat(40_000) } }
    expect(planEvent(huge, drop)).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'SEGMENT_MESSAGE_TOO_LARGE',
        reason: expect.stringMatching(
          /^the identify message is \d+ bytes without its optional properties, over Segment's 32768-byte message limit$/,
        ),
      },
    })
  })

  it('answers invalid_data when even a track without properties is too large', () => {
    const event = { ...CANONICAL_EVENT, name: 'n'.repeat(40_000) }
    expect(planEvent(event, drop)).toMatchObject({
      result: { outcome: 'invalid_data', code: 'SEGMENT_MESSAGE_TOO_LARGE' },
    })
  })
})

describe('batch limit (500 KB)', () => {
  // Two messages within 32 KB never reach 500 KB, so the batch limit is exercised with small limits.
  const small: SegmentLimits = { messageBytes: 1_000, batchBytes: 1_500 }
  const event = {
    ...CANONICAL_EVENT,
    customer_props: { BH_Pad: 'i'.repeat(500) },
    extra_props: { E_one: 'e'.repeat(300), E_two: 'e'.repeat(200) },
  }
  const batchBytes = (plan: ReturnType<typeof planEvent>) =>
    plan.kind === 'send' ? jsonByteLength(plan.requests[0]?.body) : Number.NaN

  const full = batchBytes(planEvent(event, options(), { messageBytes: 1_000, batchBytes: 1e9 }))
  const drop = options({ oversize: 'drop_props' })
  const dropped = (message: JsonObject) => objectAt(message, 'context').bubblehouse

  it('sends a batch of exactly the limit and refuses one byte more', () => {
    expect(planEvent(event, options(), { ...small, batchBytes: full }).kind).toBe('send')
    expect(planEvent(event, options(), { ...small, batchBytes: full - 1 })).toEqual({
      kind: 'decision',
      result: {
        outcome: 'invalid_data',
        code: 'SEGMENT_BATCH_TOO_LARGE',
        reason: `the batch is ${full} bytes, over Segment's ${full - 1}-byte batch limit`,
      },
    })
  })

  it('with drop_props, shrinks the track first (as little as needed), then the identify', () => {
    const oneOver = planEvent(event, drop, { ...small, batchBytes: full - 1 })
    expect(dropped(messageOf(oneOver, 'track'))).toEqual({ droppedKeys: ['E_one'] })
    expect(dropped(messageOf(oneOver, 'identify'))).toBeUndefined()

    const more = planEvent(event, drop, { ...small, batchBytes: full - 400 })
    expect(dropped(messageOf(more, 'track'))).toEqual({ droppedKeys: ['E_one', 'E_two'] })
    expect(dropped(messageOf(more, 'identify'))).toBeUndefined()

    // The whole batch has one drop order: the track's optional keys, then the identify's.
    const most = planEvent(event, drop, { ...small, batchBytes: full - 700 })
    expect(dropped(messageOf(most, 'track'))).toEqual({
      droppedKeys: ['E_one', 'E_two', 'BH_Source'],
    })
    expect(dropped(messageOf(most, 'identify'))).toEqual({ droppedKeys: ['BH_Pad'] })

    for (const [plan, limit] of [
      [oneOver, full - 1],
      [more, full - 400],
      [most, full - 700],
    ] as const) {
      expect(batchBytes(plan)).toBeLessThanOrEqual(limit)
    }
  })

  it('with drop_props, still refuses a batch whose required fields are too large', () => {
    expect(planEvent(event, drop, { messageBytes: 1_000, batchBytes: 300 })).toMatchObject({
      result: { code: 'SEGMENT_BATCH_TOO_LARGE' },
    })
  })
})

describe('fitMessage: properties', () => {
  const key = fc.string({ minLength: 1, maxLength: 12, unit: 'binary' })
  const value = fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' })
  const draft = fc
    .record({
      bag: fc.dictionary(key, value, { maxKeys: 12, noNullPrototype: true }),
      head: fc.string({ maxLength: 60, unit: 'binary' }),
      split: fc.nat(),
    })
    .map(({ bag, head, split }): MessageDraft => {
      const keys = Object.keys(bag)
      const optional = keys.slice(Math.min(1, keys.length))
      const cut = optional.length === 0 ? 0 : split % optional.length
      return {
        head: { type: 'track', messageId: 'm', event: head },
        bagName: 'properties',
        bag: bag as JsonObject,
        optional: [optional.slice(0, cut), optional.slice(cut)],
      }
    })

  it('fits within the budget when it says so, by dropping as few keys as the drop order allows', () => {
    fc.assert(
      fc.property(draft, fc.integer({ min: 50, max: 2_000 }), (d, budget) => {
        const fitted = fitMessage(d, budget, true)
        const order = dropOrder(d)
        expect(fitted.bytes).toBe(jsonByteLength(fitted.message))
        expect(fitted.dropped).toEqual(order.slice(0, fitted.dropped.length))
        expect(fitted.message).toEqual(renderMessage(d, fitted.dropped))
        if (fitted.fits) expect(fitted.bytes).toBeLessThanOrEqual(budget)
        else {
          expect(fitted.bytes).toBeGreaterThan(budget)
          expect(fitted.dropped).toHaveLength(order.length)
        }
        if (fitted.dropped.length > 0) {
          // One key fewer would not have fitted: nothing was dropped needlessly.
          const fewer = renderMessage(d, fitted.dropped.slice(0, -1))
          expect(jsonByteLength(fewer)).toBeGreaterThan(budget)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('never drops a key that is not optional, and never drops without drop_props', () => {
    fc.assert(
      fc.property(draft, fc.integer({ min: 1, max: 2_000 }), (d, budget) => {
        const optional = new Set(d.optional.flat())
        for (const k of fitMessage(d, budget, true).dropped) expect(optional.has(k)).toBe(true)
        const strict = fitMessage(d, budget, false)
        expect(strict.dropped).toEqual([])
        expect(strict.fits).toBe(strict.bytes <= budget)
      }),
      { numRuns: 300 },
    )
  })
})
