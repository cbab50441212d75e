/**
 * SendEvent1, field by field from https://app.bubblehouse.com/apidocs/apis/hooks/SendEvent1.
 * Unknown top-level fields are tolerated so a new Bubblehouse field never turns events into
 * `invalid_data`.
 * @module
 */
import { z } from 'zod'
import { OUTCOMES } from '../outcome'
import type { JsonValue } from './json'
import { isRfc3339 } from './rfc3339'

/** An optional string that also accepts `null` (read as absent). */
const nullAsAbsent = (v: unknown) => (v === null ? undefined : v)

const optionalString = z.preprocess(nullAsAbsent, z.string().optional())

const optionalBoolean = z.preprocess(nullAsAbsent, z.boolean().optional())

/** Deepest nesting accepted inside a property: deeper values would overflow recursive code. */
export const MAX_JSON_DEPTH = 64

/** True when `value` nests objects or arrays deeper than `max` (checked without recursion). */
function tooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (item === null || typeof item !== 'object') continue
    if (depth > max) return true
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return false
}

const jsonValue = z.custom<JsonValue>(
  (v) => v !== undefined && !tooDeep(v, MAX_JSON_DEPTH),
  `must be a JSON value nested at most ${MAX_JSON_DEPTH} levels deep`,
)

/** A map of JSON values; `null` is read as absent. */
const propsMap = z.preprocess(nullAsAbsent, z.record(z.string(), jsonValue).optional())

/** CustomerIdentityWithName1: every field optional, since any one of them may be missing. */
export const CustomerSchema = z.looseObject({
  bhid: optionalString.describe('Bubblehouse customer ID'),
  shopid: optionalString.describe("The ecommerce platform's customer ID"),
  email: optionalString.describe('Customer email address'),
  first_name: optionalString.describe("Customer's first name"),
  last_name: optionalString.describe("Customer's last name"),
  full_name: optionalString.describe("Customer's full name"),
})

/** The SendEvent1 request body. */
export const SendEvent1InputSchema = z.looseObject({
  bhid: z
    .string()
    .min(1, 'must be a non-empty string')
    .max(256, 'must be at most 256 characters')
    .describe('Unique Bubblehouse event identifier, used for deduplication (opaque)'),
  time: z
    .string()
    .refine(isRfc3339, 'must be an RFC 3339 date-time, e.g. 2024-12-26T18:05:42.915Z')
    .describe('When the event occurred (RFC 3339; the original string is kept)'),
  name: z.string().describe('Human-readable event name, e.g. "Points Earned"'),
  customer: CustomerSchema,
  customer_props: propsMap.describe('Customer loyalty properties (BH_ prefixed)'),
  segment_props: propsMap.describe('Event properties meant for indexing and segmentation'),
  extra_props: propsMap.describe('Event properties not meant for indexing'),
  new_user: optionalBoolean.describe('True if this is expected to be a new customer'),
  referred_user: optionalBoolean.describe('True for referral events sent to the referred customer'),
  customer_only: optionalBoolean.describe('True if this only updates customer properties'),
})

/** A validated SendEvent1 event. */
export type SendEvent1 = z.output<typeof SendEvent1InputSchema>

/** The customer of a {@link SendEvent1}. */
export type Customer = SendEvent1['customer']

/** The SendEvent1 answer body. */
export const SendEvent1OutputSchema = z.object({ outcome: z.enum(OUTCOMES) })

/** The SendEvent1 answer body. */
export type SendEvent1Output = z.output<typeof SendEvent1OutputSchema>
