/**
 * Mailchimp's size budget for a member event's properties: "a rough limit of 1,000 characters,
 * counting all key/value pairs" (Mailchimp staff, https://github.com/mailchimp/Mailchimp-SDK-iOS/issues/70;
 * the API reference, https://mailchimp.com/developer/marketing/api/list-member-events/add-event/,
 * names no number). The plan keeps to it instead of spending a call on a refusal: it leaves out
 * `extra_props` first (the last ones first), then cuts the longest values, and records what it
 * cut on the request so `deliver` can count and name it.
 * @module
 */
import type { FieldDropReason, PlannedRequest } from '@bubblehouse-hooks/core'

/** Characters (code points) over all keys and values of one event's properties. */
export const EVENT_PROPERTIES_BUDGET = 1000

/** Property names the plan left out or cut, and why. */
export interface FieldsCut {
  readonly reason: FieldDropReason
  readonly names: readonly string[]
}

/** A planned request that may carry what its plan cut (names only, never values). */
export interface RequestWithCuts extends PlannedRequest {
  readonly fieldsCut?: readonly FieldsCut[]
}

const chars = (text: string): number => {
  let n = 0
  for (const _ of text) n++
  return n
}

/** The first `max` code points of `text` (never half a surrogate pair). */
const cut = (text: string, max: number): string => Array.from(text).slice(0, max).join('')

const size = (props: ReadonlyMap<string, string>, cap = Number.POSITIVE_INFINITY): number => {
  let total = 0
  for (const [key, value] of props) total += chars(key) + Math.min(chars(value), cap)
  return total
}

/** The largest value length that fits, or -1 when the keys alone do not. */
function valueCap(props: ReadonlyMap<string, string>, budget: number): number {
  if (size(props, 0) > budget) return -1
  let low = 0
  let high = Math.max(0, ...[...props.values()].map(chars))
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (size(props, mid) <= budget) low = mid
    else high = mid - 1
  }
  return low
}

/** Remove keys from the end of `order` (those `props` has) until `props` fits. */
function dropFromEnd(
  props: Map<string, string>,
  order: readonly string[],
  fits: () => boolean,
): string[] {
  const dropped: string[] = []
  for (const key of [...order].reverse()) {
    if (fits()) break
    if (props.delete(key)) dropped.push(key)
  }
  return dropped
}

/**
 * Keep `properties` within `budget`: leave out `optional` keys (last first), then cut every value
 * longer than the largest length that fits; if the keys alone are over, leave out keys from the end.
 * @example
 * budgetProperties({ BH_Points: '50', note: 'x'.repeat(2000) }, ['note'])
 * // { properties: { BH_Points: '50' }, cuts: [{ reason: 'too_large', names: ['note'] }] }
 */
export function budgetProperties(
  properties: Readonly<Record<string, string>>,
  optional: readonly string[],
  budget = EVENT_PROPERTIES_BUDGET,
): { properties: Record<string, string>; cuts: FieldsCut[] } {
  const props = new Map(Object.entries(properties))
  const fits = () => size(props) <= budget
  const dropped = dropFromEnd(props, optional, fits)
  let cap = valueCap(props, budget)
  if (cap < 0) {
    dropped.push(...dropFromEnd(props, [...props.keys()], () => size(props, 0) <= budget))
    cap = valueCap(props, budget)
  }
  const truncated: string[] = []
  for (const [key, value] of props) {
    if (chars(value) <= cap) continue
    props.set(key, cut(value, cap))
    truncated.push(key)
  }
  const cuts: FieldsCut[] = []
  if (dropped.length > 0) cuts.push({ reason: 'too_large', names: dropped })
  if (truncated.length > 0) cuts.push({ reason: 'too_long', names: truncated })
  return { properties: Object.fromEntries(props), cuts }
}

/** What the plan recorded as cut on `request` (empty when nothing was). */
export function fieldsCutOf(request: PlannedRequest): readonly FieldsCut[] {
  return (request as RequestWithCuts).fieldsCut ?? []
}
