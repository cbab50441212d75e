/**
 * Segment's Tracking API as the connector sees it (vendors.md §4): `POST /v1/batch` → 200 for
 * every well-formed batch, 429 with Retry-After and X-RateLimit-Reset. Segment deduplicates on
 * `messageId` ("Segment deduplicates events using the messageId field", segment-docs http-api).
 * @module
 */
import { arr, str } from './json'
import type { VendorModel } from './vendor'

const IDENTIFY_SUFFIX = '-identify'

/** The Segment model. */
export const segmentModel: VendorModel = {
  vendor: 'segment',
  basePath: '/v1',
  answer(request) {
    if (request.method !== 'POST' || request.path !== '/v1/batch') {
      return { reply: { status: 404, body: { success: false, message: 'not found' } } }
    }
    if (typeof request.body !== 'object' || request.body === null) {
      return { reply: { status: 400, body: { success: false, message: 'invalid JSON' } } }
    }
    const commits = arr(request.body, 'batch').flatMap((message) => {
      const messageId = str(message, 'messageId')
      if (!messageId) return []
      const bhid = messageId.endsWith(IDENTIFY_SUFFIX)
        ? messageId.slice(0, -IDENTIFY_SUFFIX.length)
        : messageId
      return [{ bhid, op: str(message, 'type') ?? 'message', key: messageId, idempotent: false }]
    })
    return { reply: { status: 200, body: { success: true } }, commits }
  },
  serverError: (status) => ({ status, body: { success: false, message: 'server error' } }),
  rateLimited: () => ({
    status: 429,
    headers: { 'retry-after': '1', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
    body: { success: false, message: 'rate limit exceeded' },
  }),
}
