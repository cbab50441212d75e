/**
 * The `webhook-id` header from the event's bhid. The spec wants the id to stay "the same no matter
 * how many times a webhook that has failed is retried" and never to "include any `.`" (it is the
 * first part of the signed `id.timestamp.body`). A bhid is opaque and may hold up to 256 of any
 * character, so one that is not a plain token is replaced by its SHA-256, which is as stable.
 * @module
 */
import { createHash } from 'node:crypto'

// Letters, digits, `_` and `-`: Bubblehouse's hex bhids and Svix's `msg_…` ids, and safe in a header.
const PLAIN_ID = /^[A-Za-z0-9_-]{1,256}$/

/**
 * The webhook id of an event: its bhid, or `bh-sha256-<hex>` when the bhid is not a plain token.
 * @example
 * webhookId('24a5be6c83010001') // '24a5be6c83010001'
 * webhookId('a.b') // 'bh-sha256-…'
 */
export function webhookId(bhid: string): string {
  return PLAIN_ID.test(bhid)
    ? bhid
    : `bh-sha256-${createHash('sha256').update(bhid, 'utf8').digest('hex')}`
}
