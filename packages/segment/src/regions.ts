/**
 * Segment's regional Tracking API hosts. An EU workspace must post to the EU host: on the US host
 * Segment answers 200 and the events never appear
 * (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/).
 * @module
 */
import { SEGMENT_API_VERSION } from './version'

/** The regions Segment runs a Tracking API in. */
export const SEGMENT_REGIONS = ['us', 'eu'] as const

/** A Segment region. */
export type SegmentRegion = (typeof SEGMENT_REGIONS)[number]

/** Base URL per region, version included; the connector posts to `{baseUrl}/batch`. */
export const REGION_BASE_URLS: Readonly<Record<SegmentRegion, string>> = {
  us: `https://api.segment.io/${SEGMENT_API_VERSION}`,
  eu: `https://events.eu1.segmentapis.com/${SEGMENT_API_VERSION}`,
}

/** The region a URL points at, when it is one of Segment's own hosts. */
export function regionOfUrl(url: string): SegmentRegion | undefined {
  const host = new URL(url).hostname
  for (const region of SEGMENT_REGIONS) {
    if (new URL(REGION_BASE_URLS[region]).hostname === host) return region
  }
  return undefined
}

/**
 * The base URL to post to: `baseUrl` when given (proxies, tests), else the region's host; no
 * region means `us`.
 */
export function resolveBaseUrl(options: { region?: SegmentRegion; baseUrl?: string }): string {
  return options.baseUrl ?? REGION_BASE_URLS[options.region ?? 'us']
}
