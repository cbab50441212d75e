/** The `url` option and where a request goes. @module */
import { z } from 'zod'

/** The `url` option. */
export const UrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine(
    (url) => {
      if (!URL.canParse(url)) return true // z.url() has said so already
      const parsed = new URL(url)
      return parsed.username === '' && parsed.password === ''
    },
    {
      message:
        'must not hold a user name or password: put credentials in headers (e.g. authorization)',
    },
  )
  .meta({ examples: ['https://hooks.example.com/bubblehouse'] })
  .describe(
    'The receiver: every event is POSTed to this URL, query included. Use https (the body holds the customer email and name). Redirects are not followed.',
  )

/**
 * The origin the HTTP client holds, and the path (with the query) each planned request names:
 * the plan never repeats the host, and core's client joins the two back into `url`.
 * @example
 * splitUrl('https://hooks.example.com/bh/events?src=bh') // { origin: 'https://hooks.example.com', path: '/bh/events?src=bh' }
 */
export function splitUrl(url: string): { readonly origin: string; readonly path: string } {
  const parsed = new URL(url)
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` }
}
