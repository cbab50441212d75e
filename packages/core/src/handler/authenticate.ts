/** The token check: the verifier, built once, and one request's bearer token against it. @module */
import { createVerifier, type HookVerifier, type VerifierOptions } from '../auth/verifier'

/** The verifier given, or one built from its options (a {@link ConfigError} at once when they are bad). */
export function toVerifier(auth: VerifierOptions | HookVerifier): HookVerifier {
  return typeof (auth as HookVerifier).verify === 'function'
    ? (auth as HookVerifier)
    : createVerifier(auth as VerifierOptions)
}

/**
 * Check the `Authorization` header. The precise failure reason and the key id go to the access
 * line only; the caller answers a generic 401.
 */
export async function authenticate(
  verifier: HookVerifier,
  authorization: string | null | undefined,
  line: Record<string, unknown>,
): Promise<boolean> {
  const auth = await verifier.verify(authorization)
  if (!auth.ok) {
    line.authFailure = auth.reason
    return false
  }
  if (auth.kid !== undefined) line.kid = auth.kid
  return true
}
