/**
 * Verify Bubblehouse's `Authorization: Bearer <JWT>` synchronously with node:crypto HMAC: HS256
 * only, keys selected by `kid` or tried in turn (rotation), claims optional. The header, `crit`/`b64`
 * and claim rules are jose 6's `jwtVerify`, re-implemented check for check (and order for order)
 * without WebCrypto's thread-pool round trip. Failures carry a typed reason for the log; the caller
 * answers a generic 401.
 * @module
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto'
import type { JWTPayload } from 'jose'
import { ConfigError } from '../errors'
import { decodeSecret, type HookKey } from './keys'

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
/** Bytes of an HMAC-SHA-256 signature. */
const SIGNATURE_BYTES = 32
/** jose decodes header and claims as strict UTF-8 (a leading BOM is dropped, as TextDecoder does). */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

function nonNegative(value: number | undefined, path: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new ConfigError(path, `must be a number of seconds, 0 or more (got ${String(value)})`)
  }
}

function fail(reason: AuthFailureReason, detail: string): VerifyResult {
  return { ok: false, reason, detail }
}

/**
 * A base64url segment's bytes as jose decodes them (forgiving base64: no padding, unused bits
 * ignored). BEARER already limits the alphabet, so only a length of 4n+1 is invalid.
 */
function decodeSegment(segment: string): Buffer | undefined {
  return segment.length % 4 === 1 ? undefined : Buffer.from(segment, 'base64url')
}

/** A base64url segment holding a top-level JSON object, else `undefined`. */
function parseObject(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeSegment(segment)
  if (bytes === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(UTF8.decode(bytes))
  } catch {
    return undefined
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/**
 * jose's `crit` rule: when present it must be a non-empty array of non-empty strings naming only
 * extensions jose understands, and the one it understands is `b64` (RFC 7797), which must then be
 * a boolean. Returns whether the payload is base64url-encoded, or the failure.
 */
function payloadEncoding(header: Record<string, unknown>): boolean | VerifyResult {
  const { crit, b64 } = header
  if (crit === undefined) return true
  const valid =
    Array.isArray(crit) &&
    crit.length > 0 &&
    crit.every((name) => typeof name === 'string' && name.length > 0)
  if (!valid) return fail('malformed', 'crit must be an array of names')
  if (crit.some((name) => name !== 'b64')) return fail('malformed', 'unsupported crit extension')
  if (b64 === undefined) return fail('malformed', 'crit names b64 but b64 is missing')
  return typeof b64 === 'boolean' ? b64 : fail('malformed', 'b64 must be a boolean')
}

interface ImportedKey {
  readonly kid: string | undefined
  readonly key: KeyObject
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

function signatureMatches(key: KeyObject, signingInput: string, signature: Buffer): boolean {
  return (
    signature.length === SIGNATURE_BYTES &&
    timingSafeEqual(createHmac('sha256', key).update(signingInput, 'latin1').digest(), signature)
  )
}

/** The claim checks, fixed at build time. */
interface ClaimRules {
  readonly toleranceSec: number
  /** Claims that must be present, in the order jose checks them. */
  readonly required: readonly string[]
  readonly issuers: readonly unknown[] | undefined
  readonly subject: string | undefined
  readonly audiences: readonly string[] | undefined
  readonly maxTokenAgeSec: number | undefined
}

function rulesOf(options: VerifierOptions, toleranceSec: number): ClaimRules {
  const { issuer, subject, audience, maxTokenAgeSec } = options
  // jose's presence order: its list [exp?, iat?, aud?, sub?, iss?], reversed.
  const present: ReadonlyArray<readonly [string, boolean]> = [
    ['iss', issuer !== undefined],
    ['sub', subject !== undefined],
    ['aud', audience !== undefined],
    ['iat', maxTokenAgeSec !== undefined],
    ['exp', options.requireExp === true],
  ]
  return {
    toleranceSec,
    required: present.filter(([, on]) => on).map(([claim]) => claim),
    issuers: issuer === undefined ? undefined : typeof issuer === 'string' ? [issuer] : issuer,
    subject,
    audiences:
      audience === undefined ? undefined : typeof audience === 'string' ? [audience] : audience,
    maxTokenAgeSec,
  }
}

function audienceMatches(aud: unknown, audiences: readonly string[]): boolean {
  if (typeof aud === 'string') return audiences.includes(aud)
  return Array.isArray(aud) && audiences.some((a) => aud.includes(a))
}

/** A numeric-date claim that is present but not a number (JSON `null` included). */
const wrongType = (value: unknown) => value !== undefined && typeof value !== 'number'
const wrongTypeFail = (claim: string) => fail('malformed', `claim ${claim} has the wrong type`)

/** jose's validateClaimsSet in its order, plus our future-`iat` rule; `undefined` when all pass. */
function checkClaims(
  claims: JWTPayload,
  rules: ClaimRules,
  nowMs: number,
): VerifyResult | undefined {
  for (const claim of rules.required) {
    if (!Object.hasOwn(claims, claim)) return fail('claim_mismatch', `claim ${claim}`)
  }
  if (rules.issuers && !rules.issuers.includes(claims.iss)) {
    return fail('claim_mismatch', 'claim iss')
  }
  if (rules.subject !== undefined && claims.sub !== rules.subject) {
    return fail('claim_mismatch', 'claim sub')
  }
  if (rules.audiences && !audienceMatches(claims.aud, rules.audiences)) {
    return fail('claim_mismatch', 'claim aud')
  }
  const now = Math.floor(nowMs / 1000)
  if (!Number.isFinite(now)) return fail('malformed', 'the clock gave an invalid date')
  const { iat, nbf, exp } = claims
  const tolerance = rules.toleranceSec
  if (wrongType(iat)) return wrongTypeFail('iat')
  if (wrongType(nbf)) return wrongTypeFail('nbf')
  if (nbf !== undefined && nbf > now + tolerance) return fail('not_yet_valid', 'claim nbf')
  if (wrongType(exp)) return wrongTypeFail('exp')
  if (exp !== undefined && exp <= now - tolerance) return fail('expired', 'claim exp')
  if (rules.maxTokenAgeSec !== undefined && iat !== undefined) {
    const age = now - iat
    if (age - tolerance > rules.maxTokenAgeSec) return fail('expired', 'claim iat too old')
    if (age < -tolerance) return fail('not_yet_valid', 'claim iat')
  }
  // jose checks a future `iat` only with maxTokenAge; a token from the future is refused either
  // way (protocol notes §9), against the unrounded clock.
  if (iat !== undefined && iat > nowMs / 1000 + tolerance) return fail('not_yet_valid', 'claim iat')
  return undefined
}

/**
 * Build a verifier. Throws a {@link ConfigError} at once for no keys, duplicate `kid`s, bad base64,
 * a secret under 32 bytes or a negative tolerance / max age; keys are imported once as node:crypto
 * secret keys and every check after that is synchronous.
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
  const seen = new Set<string>()
  const keys: readonly ImportedKey[] = options.keys.map((key, i) => {
    if (key.kid !== undefined) {
      if (seen.has(key.kid)) {
        throw new ConfigError(`auth.keys[${i}].kid`, `"${key.kid}" is used twice; kids must differ`)
      }
      seen.add(key.kid)
    }
    return { kid: key.kid, key: createSecretKey(decodeSecret(key, `auth.keys[${i}]`)) }
  })
  const candidatesFor = keySelector(keys)
  const rules = rulesOf(options, options.clockToleranceSec ?? 300)
  const clock = options.now

  function check(authorization: string | null | undefined): VerifyResult {
    if (authorization === null || authorization === undefined || authorization === '') {
      return fail('missing', 'no Authorization header')
    }
    if (authorization.length > MAX_HEADER_LENGTH) return fail('malformed', 'header too long')
    const token = BEARER.exec(authorization)?.[1]
    if (!token) return fail('malformed', 'not a Bearer JWT')
    const [headerB64, payloadB64, signatureB64] = token.split('.') as [string, string, string]
    const header = parseObject(headerB64)
    if (header === undefined) return fail('malformed', 'unreadable JWT header')
    if (header.alg !== 'HS256') return fail('wrong_alg', `alg ${String(header.alg).slice(0, 16)}`)
    const candidates = candidatesFor(header.kid)
    if (candidates.length === 0) return fail('unknown_kid', 'no key has this kid')
    // jose checks crit, b64 and the signature's encoding before any key, so they fail as malformed
    // whatever the signature.
    const encoded = payloadEncoding(header)
    if (typeof encoded !== 'boolean') return encoded
    const signature = decodeSegment(signatureB64)
    if (signature === undefined) return fail('malformed', 'unreadable JWT signature')
    const signingInput = token.slice(0, headerB64.length + 1 + payloadB64.length)
    const matched = candidates.find((c) => signatureMatches(c.key, signingInput, signature))
    if (matched === undefined) return fail('bad_signature', 'no key matched')
    if (!encoded) return fail('malformed', 'JWTs must not use an unencoded payload')
    const claims = parseObject(payloadB64)
    if (claims === undefined) return fail('malformed', 'unreadable JWT claims')
    const failure = checkClaims(claims, rules, clock ? clock().getTime() : Date.now())
    return failure ?? { ok: true, kid: matched.kid, claims }
  }

  return {
    // No await inside: the whole check is synchronous; a throwing `now` still rejects.
    async verify(authorization) {
      return check(authorization)
    },
  }
}
