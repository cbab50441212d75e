/** Mailchimp's HTTP Basic auth: any user name, the API key as the password. @module */

/**
 * The Authorization header value for an API key. It goes into the HTTP client's headers only,
 * never into a plan or a log line.
 * https://mailchimp.com/developer/marketing/docs/fundamentals/#authentication
 */
export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`bubblehouse-hooks:${apiKey}`).toString('base64')}`
}
