/**
 * Console access: HTTP Basic auth (any user name, the configured password, compared in constant
 * time), and for a POST the same-origin check and the CSRF token, so another site cannot make a
 * logged-in browser replay events.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const digest = (value: string) => createHmac('sha256', 'bh-console').update(value).digest()

/** True when the `authorization` header carries Basic credentials with `password`. */
export function basicAuthOk(header: string | null | undefined, password: string): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '')
  if (!match) return false
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return false
  // Digests have one length, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(decoded.slice(colon + 1)), digest(password))
}

/** A token for this process's forms, and its check. */
export function createCsrf(): { token: string; ok(given: string | null | undefined): boolean } {
  const token = randomBytes(24).toString('base64url')
  const expected = digest(token)
  return {
    token,
    ok: (given) => typeof given === 'string' && timingSafeEqual(digest(given), expected),
  }
}

/**
 * A POST from a page of this console: `Origin` names this host (browsers send it on every POST),
 * or, without one, `Sec-Fetch-Site: same-origin`.
 */
export function sameOrigin(header: (name: string) => string | null | undefined): boolean {
  const host = header('host') ?? header(':authority')
  const origin = header('origin')
  if (origin && origin !== 'null') {
    try {
      return host !== undefined && host !== null && new URL(origin).host === host
    } catch {
      return false
    }
  }
  return header('sec-fetch-site') === 'same-origin'
}
