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
const NOT_BASE64 =
  'is not valid base64. Paste the secret exactly as Bubblehouse shows it, or set encoding: utf8 for a plain-text secret.'
const UTF8 = new TextEncoder()

/**
 * base64 or base64url, padding optional, with the Web-standard `atob` (core's root entry stays
 * free of Node's Buffer); `undefined` when it is neither.
 */
function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64.test(text)) return undefined
  const standard = text.replace(/=+$/, '').replaceAll('-', '+').replaceAll('_', '/')
  // A length of 4n+1 leaves a lone 6-bit character: no whole byte, so not base64.
  if (standard.length % 4 === 1) return undefined
  return Uint8Array.from(atob(standard), (char) => char.charCodeAt(0))
}

/**
 * The raw bytes of a {@link HookKey}. Throws a {@link ConfigError} naming `path` when the secret is
 * not valid base64 or decodes to fewer than 32 bytes.
 */
export function decodeSecret(key: HookKey, path: string): Uint8Array<ArrayBuffer> {
  const encoding = key.encoding ?? 'base64'
  const bytes = encoding === 'base64' ? fromBase64(key.secret) : UTF8.encode(key.secret)
  if (bytes === undefined) throw new ConfigError(`${path}.secret`, NOT_BASE64)
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `${path}.secret`,
      `decodes to ${bytes.length} bytes; HS256 needs at least ${MIN_SECRET_BYTES} (RFC 7518 §3.2). Generate one with: openssl rand -base64 32`,
    )
  }
  return bytes
}
