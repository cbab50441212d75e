/**
 * The data centre of a Mailchimp API key and the base URL it selects. A key ends in `-<dc>`
 * (`…-us6`), and the account only answers on `https://<dc>.api.mailchimp.com`; any other host
 * answers 401/403. https://mailchimp.com/developer/marketing/docs/fundamentals/#api-structure
 * @module
 */
import { MAILCHIMP_API_VERSION } from './version'

const KEY_SUFFIX = /-([a-z]{2,}\d+)$/

const MAILCHIMP_HOST = /^([a-z0-9]+)\.api\.mailchimp\.com$/

/**
 * The data centre named by an API key's suffix, or `undefined` when the key has none.
 * @example
 * dataCenterOf('0123abcd-us6') // 'us6'
 */
export function dataCenterOf(apiKey: string): string | undefined {
  return KEY_SUFFIX.exec(apiKey)?.[1]
}

/**
 * The API base URL for a data centre.
 * @example
 * defaultBaseUrl('us6') // 'https://us6.api.mailchimp.com/3.0'
 */
export function defaultBaseUrl(dc: string): string {
  return `https://${dc}.api.mailchimp.com/${MAILCHIMP_API_VERSION}`
}

/**
 * The data centre of a `*.api.mailchimp.com` URL, or `undefined` for any other host (a proxy, a
 * test server), where the key's data centre cannot be checked.
 */
export function dataCenterOfUrl(url: string): string | undefined {
  try {
    return MAILCHIMP_HOST.exec(new URL(url).hostname)?.[1]
  } catch {
    return undefined
  }
}
