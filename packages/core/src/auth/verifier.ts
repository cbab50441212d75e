/**
 * Verify Bubblehouse's `Authorization: Bearer <JWT>` with jose: HS256 only, keys selected by `kid`
 * or tried in turn (rotation), claims optional. Failures carry a typed reason for the log; the
 * caller answers a generic 401.
 * @module
 */
import { decodeProtectedHeader, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose'
import { ConfigError } from '../errors'
import { decodeSecret, type HookKey, importHmacKey } from './keys'

/** Why a token was refused. Goes to the log, never to the caller. */
export type AuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_alg'
  | 'unknown_kid'
  | 'claim_mismatch'

/** The outcome of {@link HookVerifier.verify}. */
export type VerifyResult =
  | { readonly ok: true; readonly kid: string | undefined; readonly claims: JWTPayload }
  | { readonly ok: false; readonly reason: AuthFailureReason; readonly detail: string }

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
const BEARER = /^Bearer[ \t]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)[ \t]*$/i

/** jose error codes → our reasons (claim failures are refined by the claim name). */
const JOSE_REASONS: Readonly<Record<string, AuthFailureReason>> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad_signature',
  ERR_JWT_EXPIRED: 'expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'wrong_alg',
  ERR_JWS_INVALID: 'malformed',
  ERR_JWT_INVALID: 'malformed',
  ERR_JOSE_NOT_SUPPORTED: 'malformed',
}

/** Claims whose failure means "not valid yet" rather than a mismatch. */
const NOT_YET_CLAIMS: ReadonlySet<string> = new Set(['nbf', 'iat'])

function nonNegative(value: number | undefined, path: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new ConfigError(path, `must be a number of seconds, 0 or more (got ${String(value)})`)
  }
}

function fail(reason: AuthFailureReason, detail: string): VerifyResult {
  return { ok: false, reason, detail }
}

function reasonOf(err: unknown): VerifyResult {
  const e = err as { code?: string; claim?: string; reason?: string; message?: string }
  if (e?.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = e.claim ?? 'unknown'
    // jose's reason `invalid` means a claim of the wrong type (e.g. a string `iat`).
    if (e.reason === 'invalid') return fail('malformed', `claim ${claim} has the wrong type`)
    const notYet = NOT_YET_CLAIMS.has(claim) && e.reason === 'check_failed'
    return fail(notYet ? 'not_yet_valid' : 'claim_mismatch', `claim ${claim}`)
  }
  const reason = (e?.code && JOSE_REASONS[e.code]) || 'malformed'
  return fail(reason, e?.code ?? 'unknown error')
}

interface ImportedKey {
  readonly kid: string | undefined
  readonly key: CryptoKey
}

function candidatesFor(keys: readonly ImportedKey[], kid: unknown): readonly ImportedKey[] {
  if (kid === undefined) return keys
  const byKid = keys.filter((k) => k.kid === kid)
  return byKid.length > 0 ? byKid : keys.filter((k) => k.kid === undefined)
}

/**
 * Build a verifier. Throws a {@link ConfigError} at once for no keys, duplicate `kid`s, bad base64,
 * a secret under 32 bytes or a negative tolerance / max age; keys are imported once as WebCrypto
 * keys.
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
  const toleranceSec = options.clockToleranceSec ?? 300
  const seen = new Set<string>()
  const decoded = options.keys.map((key, i) => {
    if (key.kid !== undefined) {
      if (seen.has(key.kid)) {
        throw new ConfigError(`auth.keys[${i}].kid`, `"${key.kid}" is used twice; kids must differ`)
      }
      seen.add(key.kid)
    }
    return { kid: key.kid, bytes: decodeSecret(key, `auth.keys[${i}]`) }
  })
  const imported = Promise.all(
    decoded.map(async ({ kid, bytes }) => ({ kid, key: await importHmacKey(bytes) })),
  )
  // Avoid an unhandled rejection if import fails before the first request awaits it.
  imported.catch(() => undefined)

  const verifyOptions: JWTVerifyOptions = {
    algorithms: ['HS256'],
    clockTolerance: toleranceSec,
    ...(options.audience !== undefined ? { audience: options.audience as string | string[] } : {}),
    ...(options.issuer !== undefined ? { issuer: options.issuer as string | string[] } : {}),
    ...(options.subject !== undefined ? { subject: options.subject } : {}),
    ...(options.maxTokenAgeSec !== undefined ? { maxTokenAge: options.maxTokenAgeSec } : {}),
    ...(options.requireExp ? { requiredClaims: ['exp'] } : {}),
  }

  return {
    async verify(authorization) {
      if (authorization === null || authorization === undefined || authorization === '') {
        return fail('missing', 'no Authorization header')
      }
      if (authorization.length > MAX_HEADER_LENGTH) return fail('malformed', 'header too long')
      const token = BEARER.exec(authorization)?.[1]
      if (!token) return fail('malformed', 'not a Bearer JWT')
      let header: ReturnType<typeof decodeProtectedHeader>
      try {
        header = decodeProtectedHeader(token)
      } catch {
        return fail('malformed', 'unreadable JWT header')
      }
      if (header.alg !== 'HS256') return fail('wrong_alg', `alg ${String(header.alg).slice(0, 16)}`)
      const keys = await imported
      const candidates = candidatesFor(keys, header.kid)
      if (candidates.length === 0) return fail('unknown_kid', 'no key has this kid')
      const currentDate = options.now?.() ?? new Date()
      const opts = { ...verifyOptions, currentDate }
      let last: VerifyResult = fail('bad_signature', 'no key matched')
      for (const candidate of candidates) {
        try {
          const { payload } = await jwtVerify(token, candidate.key, opts)
          // jose checks a future `iat` only with maxTokenAge; a token from the future is refused
          // either way (protocol notes §9).
          if (
            typeof payload.iat === 'number' &&
            payload.iat > currentDate.getTime() / 1000 + toleranceSec
          ) {
            return fail('not_yet_valid', 'claim iat')
          }
          return { ok: true, kid: candidate.kid, claims: payload }
        } catch (err) {
          last = reasonOf(err)
          // Another key may still match; any other failure means the signature was good.
          if (last.ok === false && last.reason !== 'bad_signature') return last
        }
      }
      return last
    },
  }
}
