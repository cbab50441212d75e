/**
 * Verify Bubblehouse's `Authorization: Bearer <JWT>` with jose's `jwtVerify`: HS256 only, keys
 * selected by `kid` or tried in turn (rotation), claims optional. Web Crypto only, so it runs
 * wherever core's root entry does. Failures carry a typed reason for the log; the caller answers a
 * generic 401.
 * @module
 */
import { decodeProtectedHeader, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose'
import { ConfigError } from '../errors'
import { decodeSecret, type HookKey } from './keys'
import { type AuthFailure, type AuthFailureReason, failureOf } from './reasons'

export type { AuthFailureReason } from './reasons'

/** The outcome of {@link HookVerifier.verify}. */
export type VerifyResult =
  | { readonly ok: true; readonly kid: string | undefined; readonly claims: JWTPayload }
  | ({ readonly ok: false } & AuthFailure)

/** Options of {@link createVerifier}. */
export interface VerifierOptions {
  /** The shared secrets; at least one. */
  readonly keys: readonly HookKey[]
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds. Default 300. */
  readonly clockToleranceSec?: number | undefined
  /** Require this `aud` (off by default: Bubblehouse does not document hook claims). */
  readonly audience?: string | readonly string[] | undefined
  /** Require this `iss`. */
  readonly issuer?: string | readonly string[] | undefined
  /** Require this `sub`. */
  readonly subject?: string | undefined
  /** Refuse tokens whose `iat` is older than this many seconds (requires `iat`). */
  readonly maxTokenAgeSec?: number | undefined
  /** Require an `exp` claim. Default false. */
  readonly requireExp?: boolean | undefined
  /** For tests: the current time. */
  readonly now?: (() => Date) | undefined
}

/** Checks bearer headers; build it once at start-up with {@link createVerifier}. */
export interface HookVerifier {
  /** Verify an `Authorization` header value (or `null` when absent). Never throws. */
  verify(authorization: string | null | undefined): Promise<VerifyResult>
}

/** Longest Authorization header we look at; longer is `malformed` without parsing. */
const MAX_HEADER_LENGTH = 8192
/** The Bearer scheme around a token in the JWS compact alphabet; jose judges the token itself. */
const BEARER = /^Bearer[ \t]+([A-Za-z0-9_.-]+)[ \t]*$/i

function nonNegative(value: number | undefined, path: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new ConfigError(path, `must be a number of seconds, 0 or more (got ${String(value)})`)
  }
}

function fail(reason: AuthFailureReason, detail: string): VerifyResult {
  return { ok: false, reason, detail }
}

interface ImportedKey {
  readonly kid: string | undefined
  readonly key: CryptoKey
}

/** Raw secret bytes → a Web Crypto HMAC key that can only verify SHA-256 signatures. */
function importHmacKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
}

/**
 * Which keys a token is checked with, by its header's `kid`, decided once at start-up: no `kid` →
 * every key (rotation); a configured `kid` → that key; another `kid` → the keys without one.
 */
function keySelector(keys: readonly ImportedKey[]): (kid: unknown) => readonly ImportedKey[] {
  const byKid = new Map<string, readonly ImportedKey[]>()
  for (const key of keys) if (key.kid !== undefined) byKid.set(key.kid, [key])
  const unkeyed = keys.filter((k) => k.kid === undefined)
  return (kid) =>
    kid === undefined ? keys : ((typeof kid === 'string' ? byKid.get(kid) : undefined) ?? unkeyed)
}

/** jose's options for our claim rules; the clock is added per request. */
function joseOptions(options: VerifierOptions, toleranceSec: number): JWTVerifyOptions {
  const list = (value: string | readonly string[]) =>
    typeof value === 'string' ? value : [...value]
  return {
    algorithms: ['HS256'],
    clockTolerance: toleranceSec,
    ...(options.audience !== undefined ? { audience: list(options.audience) } : {}),
    ...(options.issuer !== undefined ? { issuer: list(options.issuer) } : {}),
    ...(options.subject !== undefined ? { subject: options.subject } : {}),
    ...(options.maxTokenAgeSec !== undefined ? { maxTokenAge: options.maxTokenAgeSec } : {}),
    ...(options.requireExp ? { requiredClaims: ['exp'] } : {}),
  }
}

/** Decode and import every key; throws a {@link ConfigError} for a duplicate `kid` or a bad secret. */
function importKeys(keys: readonly HookKey[]): Promise<readonly ImportedKey[]> {
  const seen = new Set<string>()
  const decoded = keys.map((key, i) => {
    if (key.kid !== undefined) {
      if (seen.has(key.kid)) {
        throw new ConfigError(`auth.keys[${i}].kid`, `"${key.kid}" is used twice; kids must differ`)
      }
      seen.add(key.kid)
    }
    return { kid: key.kid, bytes: decodeSecret(key, `auth.keys[${i}]`) }
  })
  return Promise.all(
    decoded.map(async ({ kid, bytes }) => ({ kid, key: await importHmacKey(bytes) })),
  )
}

/**
 * Build a verifier. Throws a {@link ConfigError} at once for no keys, duplicate `kid`s, bad base64,
 * a secret under 32 bytes or a negative tolerance / max age; keys are imported once, here, as Web
 * Crypto HMAC keys (the first request awaits the import).
 *
 * Key selection: a token whose header has a `kid` is checked with the key of that `kid`; when no
 * key has it, with the keys configured without a `kid` (so a single secret pasted without its
 * key ID still works), else it is refused as `unknown_kid`. A token without `kid` is tried
 * against every key (rotation). Besides jose's checks, an `iat` further in the future than the
 * clock tolerance is refused as `not_yet_valid`.
 * @example
 * const verifier = createVerifier({ keys: [{ kid: 'main', secret: process.env.BH_HOOK_SECRET! }] })
 * const r = await verifier.verify(request.headers.get('authorization'))
 * if (!r.ok) log.warn({ reason: r.reason }, 'unauthorized')
 */
export function createVerifier(options: VerifierOptions): HookVerifier {
  if (options.keys.length === 0) {
    throw new ConfigError(
      'auth.keys',
      'needs at least one key, e.g. keys: [{ kid: main, secret: <base64 secret from Bubblehouse> }]',
    )
  }
  nonNegative(options.clockToleranceSec, 'auth.clockToleranceSec')
  nonNegative(options.maxTokenAgeSec, 'auth.maxTokenAgeSec')
  const selector = importKeys(options.keys).then(keySelector)
  // A failed import rejects every verify; this keeps it from also being an unhandled rejection.
  selector.catch(() => undefined)
  const toleranceSec = options.clockToleranceSec ?? 300
  const verifyOptions = joseOptions(options, toleranceSec)

  /** jwtVerify with each candidate until one signature matches; any other failure is final. */
  async function verifyWith(
    token: string,
    candidates: readonly ImportedKey[],
    currentDate: Date,
  ): Promise<VerifyResult> {
    let last: VerifyResult = fail('bad_signature', 'no key matched')
    for (const candidate of candidates) {
      try {
        const { payload } = await jwtVerify(token, candidate.key, { ...verifyOptions, currentDate })
        return { ok: true, kid: candidate.kid, claims: payload }
      } catch (err) {
        last = { ok: false, ...failureOf(err) }
        if (last.reason !== 'bad_signature') return last
      }
    }
    return last
  }

  return {
    async verify(authorization) {
      if (authorization === null || authorization === undefined || authorization === '') {
        return fail('missing', 'no Authorization header')
      }
      if (authorization.length > MAX_HEADER_LENGTH) return fail('malformed', 'header too long')
      const token = BEARER.exec(authorization)?.[1]
      if (!token) return fail('malformed', 'not a Bearer token')
      let kid: unknown
      try {
        kid = decodeProtectedHeader(token).kid
      } catch {
        return fail('malformed', 'unreadable JWT header')
      }
      const candidates = (await selector)(kid)
      if (candidates.length === 0) return fail('unknown_kid', 'no key has this kid')
      const currentDate = options.now?.() ?? new Date()
      const result = await verifyWith(token, candidates, currentDate)
      // jose checks a future `iat` only with maxTokenAge; a token from the future is refused
      // either way (protocol notes §9).
      const iat = result.ok ? result.claims.iat : undefined
      if (iat !== undefined && iat > currentDate.getTime() / 1000 + toleranceSec) {
        return fail('not_yet_valid', 'claim iat')
      }
      return result
    },
  }
}
