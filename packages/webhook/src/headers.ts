/**
 * The `headers` option: extra headers for the receiver (an Authorization it wants, a routing
 * key). They can never replace the signature, the JSON content type or the message framing, and
 * they are never logged.
 * @module
 */
import { z } from 'zod'

/**
 * Header names `headers` may not set, lower case: the three Standard Webhooks headers the
 * connector signs, the content type of the signed body, and what node:http frames the body with.
 */
export const RESERVED_HEADERS: readonly string[] = [
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
]

// RFC 9110 §5.6.2 token; a value is what node:http accepts (no CR, LF or other control bytes), so
// a bad header is a start-up error, not a failure on every event.
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

const reserved = (name: string) => RESERVED_HEADERS.includes(name.toLowerCase())

/** The `headers` option, parsed to lower-case names. */
export const HeadersSchema = z
  .record(
    z.string(),
    z.string().regex(VALUE, 'must be a header value without line breaks or control characters'),
  )
  .refine((headers) => Object.keys(headers).every((name) => NAME.test(name)), {
    message: 'names must be HTTP header names (letters, digits, dashes, no spaces)',
  })
  .refine((headers) => !Object.keys(headers).some(reserved), {
    message: `may not set ${RESERVED_HEADERS.join(', ')}: the connector sets them to sign the body`,
  })
  .refine(
    (headers) => {
      const names = Object.keys(headers).map((name) => name.toLowerCase())
      return new Set(names).size === names.length
    },
    { message: 'names a header twice (header names are case-insensitive)' },
  )
  .transform((headers) =>
    Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
  )
  .default({})
  .describe(
    'Extra headers sent with every request, e.g. authorization for a receiver that also wants a token. They cannot set content-type or the webhook-* signature headers; never logged.',
  )
