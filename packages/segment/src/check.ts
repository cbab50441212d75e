/**
 * `check()`: the Tracking API has no cheap authenticated read (a write key can only write, and
 * Segment answers 200 to a wrong key too), so check validates what can be validated offline: the
 * write key's shape and the region against the base URL. It never calls Segment.
 * @module
 */
import type { CheckReport } from '@bubblehouse-hooks/core'
import type { SegmentOptions } from './options'
import { REGION_BASE_URLS, regionOfUrl, resolveBaseUrl } from './regions'

// Segment write keys are 32 letters and digits (e.g. the docs' DmBXIN4JnwqBnTqXccTF0wBnLXNQmFtk).
const SEGMENT_WRITE_KEY = /^[A-Za-z0-9]{32}$/

/**
 * Validate the options without a network call.
 * @example
 * checkOptions({ writeKey: 'wk', region: 'eu', baseUrl: 'https://api.segment.io/v1', … }) // { ok: false, code: 'SEGMENT_REGION_MISMATCH', … }
 */
export function checkOptions(
  options: Pick<SegmentOptions, 'writeKey' | 'region' | 'baseUrl'>,
): CheckReport {
  const url = resolveBaseUrl(options)
  const hostRegion = regionOfUrl(url)
  if (options.region !== undefined && hostRegion !== undefined && hostRegion !== options.region) {
    return {
      ok: false,
      code: 'SEGMENT_REGION_MISMATCH',
      message: `region is "${options.region}" but baseUrl is the ${hostRegion.toUpperCase()} host; remove baseUrl or set it to ${REGION_BASE_URLS[options.region]}`,
    }
  }
  if (!SEGMENT_WRITE_KEY.test(options.writeKey)) {
    // Through a proxy the key may legitimately look different; straight to Segment it cannot.
    return hostRegion === undefined
      ? {
          ok: true,
          code: 'SEGMENT_WRITE_KEY_UNUSUAL',
          message: `writeKey is not 32 letters and digits; fine if ${url} is a proxy with its own keys`,
        }
      : {
          ok: false,
          code: 'SEGMENT_WRITE_KEY_FORMAT',
          message:
            'writeKey is not a Segment write key (32 letters and digits); Segment would answer 200 and drop every event',
        }
  }
  if (options.region === undefined && options.baseUrl === undefined) {
    return {
      ok: true,
      code: 'SEGMENT_REGION_DEFAULT',
      message: `region is not set, so events go to the US host ${REGION_BASE_URLS.us}; an EU workspace must set region: eu or its events are lost`,
    }
  }
  return {
    ok: true,
    code: 'OK',
    message: `writeKey looks valid and events go to ${url}; Segment has no read endpoint to verify the key itself`,
  }
}
