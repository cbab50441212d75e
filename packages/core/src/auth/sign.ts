/** Sign hook tokens the way Bubblehouse does: for the CLI's `send`, tests and benchmarks. @module */
import { type JWTPayload, SignJWT } from 'jose'
import { decodeSecret, type HookKey } from './keys'

/** Options of {@link createHookToken}. */
export interface HookTokenOptions {
  /** The key to sign with; its `kid` goes into the header. */
  readonly key: HookKey
  /** Extra claims (e.g. `aud`, `sub`). */
  readonly claims?: JWTPayload
  /** Lifetime in seconds; default 300. `null` means no `exp`. */
  readonly expiresInSec?: number | null
  /** Issue time; default now. */
  readonly now?: Date
}

/**
 * An HS256 JWT like Bubblehouse's: header `{alg: HS256, typ: JWT, kid}`, claims `iat`, `exp`.
 * @example
 * const token = await createHookToken({ key: { kid: 'main', secret } })
 * fetch(url, { headers: { authorization: `Bearer ${token}` } })
 */
export async function createHookToken(options: HookTokenOptions): Promise<string> {
  const bytes = decodeSecret(options.key, 'key')
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000)
  const jwt = new SignJWT({ ...options.claims })
    .setProtectedHeader({
      alg: 'HS256',
      typ: 'JWT',
      ...(options.key.kid !== undefined ? { kid: options.key.kid } : {}),
    })
    .setIssuedAt(iat)
  const ttl = options.expiresInSec === undefined ? 300 : options.expiresInSec
  if (ttl !== null) jwt.setExpirationTime(iat + ttl)
  return jwt.sign(bytes)
}
