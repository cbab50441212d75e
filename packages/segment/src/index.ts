/**
 * @bubblehouse-hooks/segment: forwards each Bubblehouse SendEvent1 to Segment as an identify and a
 * track in one POST /v1/batch (messageId = bhid), with the region explicit and every check Segment
 * would fail silently made before the call.
 * @module
 */
import { defineConnector } from '@bubblehouse-hooks/core'
import { checkOptions } from './check'
import { createDeliver } from './deliver'
import { SegmentOptionsSchema } from './options'
import { planEvent } from './plan'
import { resolveBaseUrl } from './regions'

/** `Authorization` for the Tracking API: HTTP Basic with the write key as user and no password. */
export function basicAuth(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`, 'utf8').toString('base64')}`
}

export { SEGMENT_LIMITS, type SegmentLimits } from './limits'
export { identifyMessageId, MAX_MESSAGE_ID_BYTES, trackMessageId } from './message-id'
export {
  CustomerTraitsSchema,
  type SegmentOptions,
  type SegmentOptionsInput,
  SegmentOptionsSchema,
} from './options'
export { BATCH_PATH, planEvent } from './plan'
export { REGION_BASE_URLS, SEGMENT_REGIONS, type SegmentRegion } from './regions'
export { SEGMENT_RULES } from './rules'
export { SEGMENT_API_VERSION } from './version'

/** The Segment connector: `connectors.segment` in the host config. */
export default defineConnector({
  id: 'segment',
  description: 'Segment: identify + track in one POST /v1/batch per event, messageId = bhid.',
  options: SegmentOptionsSchema,
  create(options, env) {
    const http = env.createHttpClient({
      baseUrl: resolveBaseUrl(options),
      headers: { authorization: basicAuth(options.writeKey) },
      timeoutMs: options.timeoutMs,
    })
    return {
      plan: (event) => planEvent(event, options),
      deliver: createDeliver(http, env.metrics),
      check: async () => checkOptions(options),
      close: () => http.close(),
    }
  },
})
