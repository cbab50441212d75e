/** The token check: the verifier, built once, and one request's bearer token against it. @module */
import type { JWTPayload } from 'jose'
import { createVerifier, type HookVerifier, type VerifierOptions } from '../auth/verifier'
import { REGISTERED_CLAIMS, type TokenClaimsSeen } from '../logger'

/** The verifier given, or one built from its options (a {@link ConfigError} at once when they are bad). */
export function toVerifier(auth: VerifierOptions | HookVerifier): HookVerifier {
  return typeof (auth as HookVerifier).verify === 'function'
    ? (auth as HookVerifier)
    : createVerifier(auth as VerifierOptions)
}

/** Which registered claims a verified token carried (values are never kept). */
export function claimsSeen(claims: JWTPayload): TokenClaimsSeen {
  const seen = {} as Record<(typeof REGISTERED_CLAIMS)[number], boolean>
  for (const claim of REGISTERED_CLAIMS) seen[claim] = claims[claim] !== undefined
  return seen
}

/**
 * Check the `Authorization` header. The precise failure reason and the key id go to the access
 * line only; the caller answers a generic 401. A verified token's registered claims are reported
 * as present or not (`onClaims`), so an operator sees what Bubblehouse sends and can require more.
 */
export async function authenticate(
  verifier: HookVerifier,
  authorization: string | null | undefined,
  line: Record<string, unknown>,
  onClaims?: (seen: TokenClaimsSeen) => void,
): Promise<boolean> {
  const auth = await verifier.verify(authorization)
  if (!auth.ok) {
    line.authFailure = auth.reason
    return false
  }
  if (auth.kid !== undefined) line.kid = auth.kid
  onClaims?.(claimsSeen(auth.claims))
  return true
}
