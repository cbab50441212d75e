import {
  type JsonObject,
  jsonByteLength,
  type SendEvent1,
  SendEvent1InputSchema,
  toIsoUtc,
} from '@bubblehouse-hooks/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batchOf, onlyRequest, options } from './__fixtures__/helpers'
import type { SegmentLimits } from './limits'
import type { SegmentOptionsInput } from './options'
import { planEvent } from './plan'

// Segment answers 200 to almost everything and drops bad messages later, so these invariants are
// the only guard: whatever the event, a plan either sends a batch Segment will keep, or decides.
const text = fc.string({ maxLength: 24, unit: 'binary' })
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
const props = maybe(
  fc.dictionary(text, fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }), {
    maxKeys: 8,
    noNullPrototype: true,
  }),
)
const names = ['Points Earned', 'Tier Reached', 'Birthday', '', ' ', 'constructor']

const eventArb: fc.Arbitrary<SendEvent1> = fc
  .record({
    bhid: fc.string({ minLength: 1, maxLength: 256, unit: 'binary' }),
    time: fc
      .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    name: fc.oneof(fc.constantFrom(...names), text),
    customer: fc.record(
      {
        bhid: maybe(fc.oneof(text, fc.constant(''))),
        shopid: maybe(text),
        email: maybe(text),
        first_name: maybe(text),
        last_name: maybe(text),
        full_name: maybe(text),
      },
      { requiredKeys: [] },
    ),
    customer_props: props,
    segment_props: props,
    extra_props: props,
    customer_only: maybe(fc.boolean()),
  })
  .map((raw) => SendEvent1InputSchema.parse(JSON.parse(JSON.stringify(raw))))

const optionsArb: fc.Arbitrary<Partial<SegmentOptionsInput>> = fc.record(
  {
    userIdSource: fc.constantFrom('bhid', 'shopid'),
    anonymousIdSource: fc.constantFrom('bhid', 'shopid'),
    propsSources: fc.subarray(['segment_props', 'extra_props'] as const),
    eventNames: fc.constantFrom<Record<string, string>>(
      {},
      { 'Points Earned': 'Loyalty Points Earned' },
    ),
    events: fc.constantFrom<{ deny: string[] }>({ deny: [] }, { deny: ['Birthday'] }),
  },
  { requiredKeys: [] },
)

const limitsArb: fc.Arbitrary<SegmentLimits> = fc
  .record({
    messageBytes: fc.integer({ min: 200, max: 3_000 }),
    extra: fc.integer({ min: 0, max: 4_000 }),
  })
  .map(({ messageBytes, extra }) => ({ messageBytes, batchBytes: 300 + extra }))

const DECISION_CODES = [
  'EVENT_FILTERED',
  'SEGMENT_NO_USER_ID',
  'SEGMENT_NO_EVENT_NAME',
  'SEGMENT_MESSAGE_TOO_LARGE',
  'SEGMENT_BATCH_TOO_LARGE',
]

const nonBlank = (v: unknown) => typeof v === 'string' && v.trim() !== ''

function expectSegmentAccepts(event: SendEvent1, messages: JsonObject[], limits: SegmentLimits) {
  expect(messages.map((m) => m.type)).toEqual(
    event.customer_only ? ['identify'] : ['identify', 'track'],
  )
  const ids = new Set<unknown>()
  for (const message of messages) {
    expect(nonBlank(message.userId) !== nonBlank(message.anonymousId)).toBe(true)
    expect(Buffer.byteLength(String(message.messageId), 'utf8')).toBeLessThan(100)
    ids.add(message.messageId)
    expect(message.timestamp).toBe(toIsoUtc(event.time))
    expect(jsonByteLength(message)).toBeLessThanOrEqual(limits.messageBytes)
    if (message.type === 'track') expect(nonBlank(message.event)).toBe(true)
  }
  expect(ids.size).toBe(messages.length)
  expect(jsonByteLength({ batch: messages })).toBeLessThanOrEqual(limits.batchBytes)
}

describe('plan: properties over arbitrary events', () => {
  it('sends only batches Segment keeps, or decides with no request', () => {
    fc.assert(
      fc.property(eventArb, optionsArb, limitsArb, fc.boolean(), (event, input, limits, drop) => {
        const opts = options({ ...input, oversize: drop ? 'drop_props' : 'invalid_data' })
        const plan = planEvent(event, opts, limits)
        if (plan.kind === 'decision') {
          expect(['skipped', 'invalid_data']).toContain(plan.result.outcome)
          expect(DECISION_CODES).toContain(plan.result.code)
          return
        }
        const request = onlyRequest(plan)
        expect(request).toMatchObject({ method: 'POST', path: '/batch' })
        expect(JSON.parse(JSON.stringify(request.body))).toEqual(request.body)
        expectSegmentAccepts(event, batchOf(plan), limits)
      }),
      { numRuns: 400 },
    )
  })

  it('drop_props only ever turns an oversize invalid_data into a send, and changes nothing that fits', () => {
    fc.assert(
      fc.property(eventArb, optionsArb, limitsArb, (event, input, limits) => {
        const strict = planEvent(event, options({ ...input, oversize: 'invalid_data' }), limits)
        const lenient = planEvent(event, options({ ...input, oversize: 'drop_props' }), limits)
        if (strict.kind === 'send') expect(lenient).toEqual(strict)
        else if (lenient.kind === 'decision') {
          expect(
            lenient.result.code === strict.result.code || strict.result.code.endsWith('_TOO_LARGE'),
          ).toBe(true)
        } else expect(strict.result.code).toMatch(/_TOO_LARGE$/)
      }),
      { numRuns: 300 },
    )
  })

  it('is deterministic', () => {
    fc.assert(
      fc.property(eventArb, optionsArb, (event, input) => {
        const opts = options(input)
        expect(planEvent(event, opts)).toEqual(planEvent(structuredClone(event), opts))
      }),
      { numRuns: 200 },
    )
  })
})
