/**
 * The signing secret, as the Standard Webhooks spec serialises it: `whsec_` + base64 of 24 to 64
 * random bytes (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md,
 * "Signature scheme"). Checked at start-up, so a secret the receiver's library would decode
 * differently never reaches a send.
 * @module
 */
import { z } from 'zod'

/** The prefix of a symmetric Standard Webhooks secret. */
export const SECRET_PREFIX = 'whsec_'

/** Fewest key bytes the spec allows (192 bits). */
export const MIN_SECRET_BYTES = 24

/** Most key bytes the spec allows (512 bits). */
export const MAX_SECRET_BYTES = 64

// Standard base64 with padding, the alphabet the reference libraries decode (a URL-safe `-` or
// `_` would be dropped by some decoders and kept by others, giving two different keys).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** The key bytes of a well-formed secret, or `undefined`. */
export function secretKeyLength(secret: string): number | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return undefined
  const encoded = secret.slice(SECRET_PREFIX.length)
  if (encoded === '' || !BASE64.test(encoded)) return undefined
  return Buffer.from(encoded, 'base64').length
}

/** The `secret` option. */
export const SecretSchema = z
  .string()
  .startsWith(SECRET_PREFIX, {
    message: `must start with ${SECRET_PREFIX} (a Standard Webhooks secret, e.g. whsec_ followed by \`openssl rand -base64 32\`)`,
    abort: true,
  })
  .refine((secret) => secretKeyLength(secret) !== undefined, {
    message: `must be ${SECRET_PREFIX} followed by standard base64 with its = padding`,
    abort: true,
  })
  .refine(
    (secret) => {
      const bytes = secretKeyLength(secret) ?? 0
      return bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES
    },
    {
      message: `must decode to ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes (the Standard Webhooks range)`,
    },
  )
  // The spec library tests' key: dry-run stands it in for an unset ${WEBHOOK_SECRET}.
  .meta({ examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] })
  .describe(
    'Signing secret shared with the receiver: whsec_ + base64 of 24 to 64 random bytes (Standard Webhooks). Reference an environment variable; never logged.',
  )
