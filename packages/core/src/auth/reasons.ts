/** jose's verification errors → the failure reasons we log. @module */
import { errors } from 'jose'

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
  /** A multi-tenant host's route names no configured tenant (answered like any bad token). */
  | 'unknown_tenant'

/** A refusal: the reason and a short detail (error code and claim name; never token content). */
export interface AuthFailure {
  readonly reason: AuthFailureReason
  readonly detail: string
}

/** jose error codes → reasons; claim validation failures are looked up in {@link CLAIM_REASONS}. */
const CODE_REASONS: Readonly<Record<string, AuthFailureReason>> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad_signature',
  // `exp` passed, or (with maxTokenAge) `iat` too old.
  ERR_JWT_EXPIRED: 'expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'wrong_alg',
  ERR_JWS_INVALID: 'malformed',
  ERR_JWT_INVALID: 'malformed',
  ERR_JOSE_NOT_SUPPORTED: 'malformed',
}

/**
 * ERR_JWT_CLAIM_VALIDATION_FAILED by jose's `reason`, refined by `reason:claim`: `invalid` is a
 * claim of the wrong type (e.g. a string `iat`), `missing` a required claim that is absent, and a
 * failed `nbf` or `iat` check a token from the future.
 */
const CLAIM_REASONS: Readonly<Record<string, AuthFailureReason>> = {
  invalid: 'malformed',
  missing: 'claim_mismatch',
  check_failed: 'claim_mismatch',
  'check_failed:nbf': 'not_yet_valid',
  'check_failed:iat': 'not_yet_valid',
}

/** The reason for anything `jwtVerify` threw; what jose does not name is `malformed`. */
export function failureOf(err: unknown): AuthFailure {
  if (err instanceof errors.JWTClaimValidationFailed) {
    const reason =
      CLAIM_REASONS[`${err.reason}:${err.claim}`] ?? CLAIM_REASONS[err.reason] ?? 'malformed'
    return { reason, detail: `${err.code} ${err.reason} claim ${err.claim}` }
  }
  if (err instanceof errors.JOSEError) {
    const claim = err instanceof errors.JWTExpired ? ` claim ${err.claim}` : ''
    return { reason: CODE_REASONS[err.code] ?? 'malformed', detail: `${err.code}${claim}` }
  }
  return { reason: 'malformed', detail: err instanceof TypeError ? 'TypeError' : 'unknown error' }
}
