/**
 * The Segment identity of a customer. Segment drops (with a 200) any message without a userId or
 * anonymousId ("no_user_anon_id"), so an event without one is invalid_data before any call.
 * https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#errors
 * @module
 */
import type { Customer } from '@bubblehouse-hooks/core'
import type { SegmentOptions } from '../options'
import type { SegmentIdentity } from './message'

const present = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== ''

/**
 * `userId` from the configured customer field, else `anonymousId` from the fallback field when one
 * is configured, else `undefined`.
 * @example
 * resolveIdentity({ bhid: '2476' }, { userIdSource: 'bhid' }) // { userId: '2476' }
 */
export function resolveIdentity(
  customer: Customer,
  options: Pick<SegmentOptions, 'userIdSource' | 'anonymousIdSource'>,
): SegmentIdentity | undefined {
  const userId = customer[options.userIdSource]
  if (present(userId)) return { userId }
  if (options.anonymousIdSource === undefined) return undefined
  const anonymousId = customer[options.anonymousIdSource]
  return present(anonymousId) ? { anonymousId } : undefined
}
