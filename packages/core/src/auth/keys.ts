/** Hook secrets: decoding and the RFC 7518 length rule. @module */
import { ConfigError } from '../errors'

/**
 * One shared secret. Bubblehouse's own plugins treat secrets as base64, so that is the default.
 * @example
 * const key: HookKey = { kid: 'main', secret: process.env.BH_HOOK_SECRET!, encoding: 'base64' }
 */
export interface HookKey {
  /**
   * Key ID: a token whose header has this `kid` is checked with this key only. A key without a
   * `kid` is tried for tokens without one and for tokens whose `kid` no configured key has.
   */
  readonly kid?: string | undefined
  /** The secret, encoded as `encoding` says. */
  readonly secret: string
  /** How `secret` is written; default `base64`. */
  readonly encoding?: 'base64' | 'utf8' | undefined
}

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
export const MIN_SECRET_BYTES = 32

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * The raw bytes of a {@link HookKey}. Throws a {@link ConfigError} naming `path` when the secret is
 * not valid base64 or decodes to fewer than 32 bytes.
 */
export function decodeSecret(key: HookKey, path: string): Uint8Array<ArrayBuffer> {
  const encoding = key.encoding ?? 'base64'
  if (encoding === 'base64' && !BASE64.test(key.secret)) {
    throw new ConfigError(
      `${path}.secret`,
      'is not valid base64. Paste the secret exactly as Bubblehouse shows it, or set encoding: utf8 for a plain-text secret.',
    )
  }
  const bytes = new Uint8Array(Buffer.from(key.secret, encoding === 'base64' ? 'base64' : 'utf8'))
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `${path}.secret`,
      `decodes to ${bytes.length} bytes; HS256 needs at least ${MIN_SECRET_BYTES} (RFC 7518 §3.2). Generate one with: openssl rand -base64 32`,
    )
  }
  return bytes
}
