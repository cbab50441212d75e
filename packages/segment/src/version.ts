/**
 * The Segment Tracking API version this connector speaks. It lives in the base URL
 * (`https://api.segment.io/v1`), so it is pinned here once and every host below is built from it.
 * @module
 */

/** The Tracking API version: `/v1/batch`. https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#batch */
export const SEGMENT_API_VERSION = 'v1'
