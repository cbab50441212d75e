/** Shared test helpers: parsed options and typed access to a plan's batch. */
import type { JsonObject, JsonValue, Plan, PlannedRequest } from '@bubblehouse-hooks/core'
import { expect } from 'vitest'
import { type SegmentOptions, type SegmentOptionsInput, SegmentOptionsSchema } from '../options'

/** The write key of the observed SDK request in vendors.md §4.1 (`Basic d2tfdGVzdDo=`). */
export const WRITE_KEY = 'wk_test'

/** Options as the host would parse them, with `writeKey` filled in. */
export function options(input: Partial<SegmentOptionsInput> = {}): SegmentOptions {
  return SegmentOptionsSchema.parse({ writeKey: WRITE_KEY, ...input })
}

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The single request of a send plan (fails the test otherwise). */
export function onlyRequest(plan: Plan): PlannedRequest {
  if (plan.kind !== 'send') throw new Error(`expected a send plan, got ${JSON.stringify(plan)}`)
  expect(plan.requests).toHaveLength(1)
  return plan.requests[0]!
}

/** The messages of a send plan's batch. */
export function batchOf(plan: Plan): JsonObject[] {
  const body = onlyRequest(plan).body
  if (!isObject(body) || !Array.isArray(body.batch)) throw new Error('no batch in the body')
  return body.batch.filter(isObject)
}

/** The message of `type` in a send plan's batch. */
export function messageOf(plan: Plan, type: 'identify' | 'track'): JsonObject {
  const message = batchOf(plan).find((m) => m.type === type)
  if (!message) throw new Error(`no ${type} message in the batch`)
  return message
}

/** A JSON object field of a message (`traits`, `properties`, `context`). */
export function objectAt(message: JsonObject, key: string): JsonObject {
  const value = message[key]
  if (!isObject(value)) throw new Error(`${key} is not an object`)
  return value
}
