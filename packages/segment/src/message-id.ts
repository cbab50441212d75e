/**
 * Segment messageIds from the event's bhid. Segment deduplicates on `messageId` and wants "unique
 * messageId values with fewer than 100 characters"
 * (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#errors), while a
 * bhid may be up to 256 characters: a bhid that does not fit is replaced by its SHA-256, so the id
 * stays stable across Bubblehouse retries.
 * @module
 */
import { createHash } from 'node:crypto'

/** Segment's limit is "fewer than 100 characters"; counted in UTF-8 bytes, the strictest reading. */
export const MAX_MESSAGE_ID_BYTES = 99

const IDENTIFY_SUFFIX = '-identify'

const fits = (id: string) => Buffer.byteLength(id, 'utf8') <= MAX_MESSAGE_ID_BYTES

const hashed = (bhid: string) =>
  `bh-sha256-${createHash('sha256').update(bhid, 'utf8').digest('hex')}`

/**
 * The track message's id: the bhid itself, or `bh-sha256-<hex>` when the bhid is too long.
 * @example
 * trackMessageId('24a5be6c83010001') // '24a5be6c83010001'
 */
export function trackMessageId(bhid: string): string {
  return fits(bhid) ? bhid : hashed(bhid)
}

/**
 * The identify message's id: the track id's base plus `-identify`, so both messages of one event
 * have distinct, stable ids.
 * @example
 * identifyMessageId('24a5be6c83010001') // '24a5be6c83010001-identify'
 */
export function identifyMessageId(bhid: string): string {
  const id = `${bhid}${IDENTIFY_SUFFIX}`
  return fits(id) ? id : `${hashed(bhid)}${IDENTIFY_SUFFIX}`
}
