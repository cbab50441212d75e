/** The pinned Mailchimp API version. No other file spells it. @module */

/**
 * Mailchimp Marketing API version; every path of this connector is relative to `/3.0`.
 * https://mailchimp.com/developer/marketing/docs/fundamentals/
 */
export const MAILCHIMP_API_VERSION = '3.0'
